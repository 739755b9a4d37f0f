package io.fetchflux.deferred;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class DeferredTests {

	@Test
	void resultSetLaterIsEmitted() {
		Deferred<String> deferred = new Deferred<>();
		StepVerifier.create(deferred.asMono())
			.then(() -> assertThat(deferred.setResult("done")).isTrue())
			.expectNext("done")
			.verifyComplete();
		assertThat(deferred.isSetOrExpired()).isTrue();
	}

	@Test
	void settingTwiceReturnsFalseAndKeepsTheFirstResult() {
		Deferred<String> deferred = new Deferred<>();
		assertThat(deferred.setResult("first")).isTrue();
		assertThat(deferred.setResult("second")).isFalse();
		assertThat(deferred.setErrorResult(new IllegalStateException())).isFalse();
		StepVerifier.create(deferred.asMono()).expectNext("first").verifyComplete();
	}

	@Test
	void errorResultIsEmittedAndReportedToErrorHooks() {
		Deferred<String> deferred = new Deferred<>();
		List<Throwable> errors = new ArrayList<>();
		AtomicBoolean completed = new AtomicBoolean();
		deferred.onError(errors::add);
		deferred.onCompletion(() -> completed.set(true));
		IllegalStateException failure = new IllegalStateException("boom");
		assertThat(deferred.setErrorResult(failure)).isTrue();
		StepVerifier.create(deferred.asMono()).expectErrorMatches((ex) -> ex == failure).verify();
		assertThat(errors).containsExactly(failure);
		assertThat(completed).isTrue();
	}

	@Test
	void timeoutWithoutATimeoutResultFails() {
		StepVerifier.withVirtualTime(() -> new Deferred<String>(Duration.ofSeconds(5)).asMono())
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(5))
			.expectError(DeferredTimeoutException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void timeoutAppliesTheTimeoutResultAfterTheTimeoutHooksAndRefusesLaterResults() {
		List<String> events = new ArrayList<>();
		Deferred<String> deferred = new Deferred<>(Duration.ofSeconds(2), () -> "partial");
		deferred.onTimeout(() -> events.add("timeout"));
		deferred.onCompletion(() -> events.add("completion"));
		StepVerifier.withVirtualTime(deferred::asMono)
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(2))
			.expectNext("partial")
			.verifyComplete();
		assertThat(events).containsExactly("timeout", "completion");
		assertThat(deferred.setResult("late")).isFalse();
	}

	@Test
	void timeoutHookMaySetTheResultItself() {
		Deferred<String> deferred = new Deferred<>(Duration.ofSeconds(1), () -> "fallback");
		deferred.onTimeout(() -> deferred.setResult("from hook"));
		StepVerifier.withVirtualTime(deferred::asMono)
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(1))
			.expectNext("from hook")
			.verifyComplete();
	}

	@Test
	void cancellationByTheClientRunsCancelHooksAndRefusesLaterResults() {
		Deferred<String> deferred = new Deferred<>();
		AtomicBoolean producerCancelled = new AtomicBoolean();
		deferred.onCancel(() -> producerCancelled.set(true));
		StepVerifier.create(deferred.asMono()).thenCancel().verify();
		assertThat(producerCancelled).isTrue();
		assertThat(deferred.setResult("too late")).isFalse();
	}

	@Test
	void hookRegisteredAfterCompletionRunsAtOnce() {
		Deferred<String> deferred = new Deferred<>();
		deferred.setResult("done");
		AtomicBoolean completed = new AtomicBoolean();
		AtomicBoolean cancelled = new AtomicBoolean();
		deferred.onCompletion(() -> completed.set(true));
		deferred.onCancel(() -> cancelled.set(true));
		assertThat(completed).isTrue();
		assertThat(cancelled).isFalse();
	}

	@Test
	void fromPublisherCancelsThePublisherWhenTheClientGoesAway() {
		AtomicBoolean upstreamCancelled = new AtomicBoolean();
		Sinks.One<String> producer = Sinks.one();
		Deferred<String> deferred = Deferred.from(producer.asMono().doOnCancel(() -> upstreamCancelled.set(true)));
		StepVerifier.create(deferred.asMono()).thenCancel().verify();
		assertThat(upstreamCancelled).isTrue();
	}

	@Test
	void registeredAsASingleValueReactiveType() {
		ReactiveAdapterRegistry registry = new ReactiveAdapterRegistry();
		DeferredConfiguration.register(registry);
		ReactiveAdapter adapter = registry.getAdapter(Deferred.class);
		assertThat(adapter).isNotNull();
		assertThat(adapter.getDescriptor().isMultiValue()).isFalse();
		Deferred<String> deferred = new Deferred<>();
		deferred.setResult("adapted");
		StepVerifier.create(Mono.from(adapter.toPublisher(deferred))).expectNext("adapted").verifyComplete();
		Object fromPublisher = adapter.fromPublisher(Mono.just("back"));
		assertThat(fromPublisher).isInstanceOf(Deferred.class);
		StepVerifier.create(((Deferred<?>) fromPublisher).asMono().cast(Object.class)).expectNext("back").verifyComplete();
	}

}
