package io.fetchflux.batch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cap on batch fetches in flight gives every slot back, however the work holding or awaiting it ends.
 */
class InFlightLimitTests {

	@Test
	void workBeyondTheCapWaitsForASlot() {
		InFlightLimit limit = new InFlightLimit(1);
		Sinks.One<String> first = Sinks.one();
		StepVerifier.create(Flux.merge(limit.run(first::asMono), limit.run(() -> Mono.just("second"))))
			.then(() -> {
				assertThat(limit.inUse()).isOne();
				assertThat(limit.waiting()).isOne();
				first.tryEmitValue("first");
			})
			.expectNext("first", "second")
			.verifyComplete();
		assertThat(limit.inUse()).isZero();
	}

	@Test
	void workCancelledWhileWaitingLeavesTheQueue() {
		InFlightLimit limit = new InFlightLimit(1);
		Sinks.One<String> holder = Sinks.one();
		Disposable holding = limit.run(holder::asMono).subscribe();
		Disposable waiting = limit.run(() -> Mono.just("never")).subscribe();
		assertThat(limit.waiting()).isOne();
		waiting.dispose();
		assertThat(limit.waiting()).isZero();
		holding.dispose();
		assertThat(limit.inUse()).isZero();
	}

	@Test
	void workCancelledWhileRunningGivesItsSlotToTheNext() {
		InFlightLimit limit = new InFlightLimit(1);
		Disposable running = limit.run(Mono::never).subscribe();
		StepVerifier.create(limit.run(() -> Mono.just("next")))
			.then(running::dispose)
			.expectNext("next")
			.verifyComplete();
		assertThat(limit.inUse()).isZero();
	}

	@Test
	void failedWorkGivesItsSlotBack() {
		InFlightLimit limit = new InFlightLimit(1);
		StepVerifier.create(limit.run(() -> Mono.error(new IllegalStateException("failed")))).verifyError();
		assertThat(limit.inUse()).isZero();
	}

	/**
	 * On a thread with the stack of an event loop, where slots are handed on.
	 */
	@Test
	void manyWaitersOfWorkThatEndsAtOnceDoNotGrowTheStack() throws InterruptedException {
		InFlightLimit limit = new InFlightLimit(1);
		Sinks.One<String> holder = Sinks.one();
		Disposable holding = limit.run(holder::asMono).subscribe();
		AtomicLong done = new AtomicLong();
		Flux.range(0, 20_000).flatMap((i) -> limit.run(() -> Mono.just(i)), 20_000).subscribe((i) -> done.incrementAndGet());
		assertThat(limit.waiting()).isEqualTo(20_000);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread release = new Thread(null, holding::dispose, "release", 512 * 1024);
		release.setUncaughtExceptionHandler((thread, ex) -> failure.set(ex));
		release.start();
		release.join();
		assertThat(failure.get()).isNull();
		assertThat(done.get()).isEqualTo(20_000);
		assertThat(limit.inUse()).isZero();
	}

	@Test
	void slotsAreHeldNoLongerThanTheWork() {
		InFlightLimit limit = new InFlightLimit(3);
		StepVerifier.create(Flux.range(0, 50)
			.flatMap((i) -> limit.run(() -> Mono.delay(Duration.ofMillis(1)).map((tick) -> limit.inUse())), 20))
			.thenConsumeWhile((inUse) -> inUse <= 3)
			.verifyComplete();
		assertThat(limit.inUse()).isZero();
	}

}
