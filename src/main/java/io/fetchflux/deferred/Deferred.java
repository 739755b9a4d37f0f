package io.fetchflux.deferred;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A result that a controller returns at once and that a callback completes later: the explicit
 * finish of Tornado's {@code @asynchronous} handlers, and Spring MVC's {@code DeferredResult}
 * for WebFlux. WebFlux accepts it as a controller return type.
 * <p>
 * It completes once: with a result, with an error, on timeout (with the timeout result if one
 * was given, else with a {@link DeferredTimeoutException}), or when the client goes away, in
 * which case the {@link #onCancel(Runnable) cancel hooks} tell the producer to stop its work.
 * Later attempts to set it return {@code false}.
 *
 * @param <T> the type of the result
 */
public final class Deferred<T> {

	private enum Outcome {

		RESULT, ERROR, TIMEOUT, CANCELLED

	}

	private final Sinks.One<T> sink = Sinks.one();

	private final Duration timeout;

	private final Supplier<? extends T> timeoutResult;

	private final List<Runnable> timeoutHooks = new ArrayList<>(1);

	private final List<Consumer<Throwable>> errorHooks = new ArrayList<>(1);

	private final List<Runnable> completionHooks = new ArrayList<>(1);

	private final List<Runnable> cancelHooks = new ArrayList<>(1);

	private Outcome outcome;

	private Throwable error;

	/**
	 * A deferred result without a timeout of its own.
	 */
	public Deferred() {
		this(null, null);
	}

	/**
	 * A deferred result that fails with a {@link DeferredTimeoutException} if not set in time.
	 * @param timeout how long to wait for a result, counted from when the response is subscribed
	 */
	public Deferred(Duration timeout) {
		this(timeout, null);
	}

	/**
	 * A deferred result that completes with {@code timeoutResult} if not set in time.
	 * @param timeout how long to wait for a result, counted from when the response is subscribed
	 * @param timeoutResult supplies the result to use on timeout
	 */
	public Deferred(Duration timeout, Supplier<? extends T> timeoutResult) {
		this.timeout = timeout;
		this.timeoutResult = timeoutResult;
	}

	/**
	 * A deferred result completed by a publisher's first value or error; cancelling the deferred
	 * result cancels the publisher.
	 * @param <T> the type of the result
	 * @param publisher the producer
	 * @return the deferred result
	 */
	public static <T> Deferred<T> from(Publisher<T> publisher) {
		Deferred<T> deferred = new Deferred<>();
		Disposable producer = Mono.from(publisher).subscribe(deferred::setResult, deferred::setErrorResult,
				() -> deferred.setErrorResult(new IllegalStateException("The publisher completed without a value")));
		deferred.onCancel(producer::dispose);
		return deferred;
	}

	/**
	 * Complete with a result.
	 * @param result the result
	 * @return {@code true} if set, {@code false} if already set, expired or cancelled
	 */
	public boolean setResult(T result) {
		if (!complete(Outcome.RESULT, null)) {
			return false;
		}
		this.sink.tryEmitValue(result);
		return true;
	}

	/**
	 * Complete with an error, which the service turns into its error answer.
	 * @param error the error
	 * @return {@code true} if set, {@code false} if already set, expired or cancelled
	 */
	public boolean setErrorResult(Throwable error) {
		if (!complete(Outcome.ERROR, error)) {
			return false;
		}
		this.sink.tryEmitError(error);
		return true;
	}

	/**
	 * Whether a result or error was set, the timeout passed, or the client went away.
	 * @return whether this deferred result can no longer be set
	 */
	public boolean isSetOrExpired() {
		synchronized (this) {
			return this.outcome != null;
		}
	}

	/**
	 * Run a hook when the timeout passes, before the timeout result is applied.
	 * @param hook the hook
	 */
	public void onTimeout(Runnable hook) {
		register(this.timeoutHooks, hook, Outcome.TIMEOUT);
	}

	/**
	 * Run a hook when this deferred result completes with an error, a timeout error included.
	 * @param hook the hook, given the error
	 */
	public void onError(Consumer<Throwable> hook) {
		Throwable completedWith;
		synchronized (this) {
			if (this.outcome == null) {
				this.errorHooks.add(hook);
				return;
			}
			completedWith = this.error;
		}
		if (completedWith != null) {
			hook.accept(completedWith);
		}
	}

	/**
	 * Run a hook when this deferred result completes in any way.
	 * @param hook the hook
	 */
	public void onCompletion(Runnable hook) {
		register(this.completionHooks, hook, null);
	}

	/**
	 * Run a hook when the client goes away before a result was set, so that the producer can
	 * cancel its outbound work.
	 * @param hook the hook
	 */
	public void onCancel(Runnable hook) {
		register(this.cancelHooks, hook, Outcome.CANCELLED);
	}

	/**
	 * The result as a {@link Mono}: what WebFlux subscribes to when a controller returns this.
	 * @return the result
	 */
	public Mono<T> asMono() {
		Mono<T> result = this.sink.asMono();
		if (this.timeout != null) {
			result = result.timeout(this.timeout, Mono.defer(this::expire));
		}
		return result.doOnCancel(() -> complete(Outcome.CANCELLED, null));
	}

	private Mono<T> expire() {
		List<Runnable> hooks;
		synchronized (this) {
			hooks = (this.outcome == null) ? List.copyOf(this.timeoutHooks) : List.of();
		}
		// Like DeferredResult, timeout hooks run first and may still set a result themselves.
		hooks.forEach(Runnable::run);
		Throwable failure = (this.timeoutResult != null) ? null : new DeferredTimeoutException(this.timeout);
		T value = (this.timeoutResult != null && !isSetOrExpired()) ? this.timeoutResult.get() : null;
		if (!complete(Outcome.TIMEOUT, failure)) {
			return this.sink.asMono();
		}
		return (failure != null) ? Mono.error(failure) : Mono.justOrEmpty(value);
	}

	private boolean complete(Outcome outcome, Throwable error) {
		List<Runnable> hooks = new ArrayList<>();
		List<Consumer<Throwable>> onError;
		synchronized (this) {
			if (this.outcome != null) {
				return false;
			}
			this.outcome = outcome;
			this.error = error;
			if (outcome == Outcome.CANCELLED) {
				hooks.addAll(this.cancelHooks);
			}
			hooks.addAll(this.completionHooks);
			onError = (error != null) ? List.copyOf(this.errorHooks) : List.of();
			this.timeoutHooks.clear();
			this.cancelHooks.clear();
			this.completionHooks.clear();
			this.errorHooks.clear();
		}
		onError.forEach((hook) -> hook.accept(error));
		hooks.forEach(Runnable::run);
		return true;
	}

	private void register(List<Runnable> hooks, Runnable hook, Outcome runsOn) {
		Outcome completedWith;
		synchronized (this) {
			if (this.outcome == null) {
				hooks.add(hook);
				return;
			}
			completedWith = this.outcome;
		}
		if (runsOn == null || runsOn == completedWith) {
			hook.run();
		}
	}

}
