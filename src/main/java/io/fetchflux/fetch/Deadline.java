package io.fetchflux.fetch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The instant by which a whole fetch, redirects and body included, must be over.
 * <p>
 * Its timers run on the event loop that starts the fetch, which is also the one that serves the
 * client's connection and, thanks to the pool's affinity, the upstream's: arming and cancelling
 * them never crosses threads. Off an event loop (the sequential style's worker threads) they
 * fall back to Reactor's parallel scheduler.
 *
 * @param expiresAtNanos the {@link System#nanoTime()} at which the fetch expires
 * @param timers where the timers run
 */
record Deadline(long expiresAtNanos, Scheduler timers) {

	private static final Map<EventExecutor, Scheduler> EVENT_LOOP_TIMERS = new ConcurrentHashMap<>();

	static Deadline after(Duration duration) {
		return new Deadline(System.nanoTime() + duration.toNanos(), currentTimers());
	}

	Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.expiresAtNanos - System.nanoTime()));
	}

	<T> Mono<T> bound(Mono<T> mono) {
		return mono.timeout(remaining(), Mono.error(Deadline::expired), this.timers);
	}

	/**
	 * Bound a body with one timer for the whole stream, rather than one per buffer.
	 */
	<T> Flux<T> bound(Flux<T> body) {
		return Flux.defer(() -> {
			AtomicBoolean expired = new AtomicBoolean();
			Mono<Long> expiry = Mono.delay(remaining(), this.timers).doOnNext((tick) -> expired.set(true));
			return body.takeUntilOther(expiry)
				.concatWith(Mono.defer(() -> expired.get() ? Mono.error(expired()) : Mono.empty()));
		});
	}

	private static UpstreamTimeoutException expired() {
		return new UpstreamTimeoutException("The fetch did not complete within its deadline");
	}

	private static Scheduler currentTimers() {
		// Netty records which event loop a thread runs; that is the only public way to ask.
		EventExecutor eventLoop = ThreadExecutorMap.currentExecutor();
		if (eventLoop == null) {
			return Schedulers.parallel();
		}
		return EVENT_LOOP_TIMERS.computeIfAbsent(eventLoop, Deadline::timersOn);
	}

	private static Scheduler timersOn(EventExecutor eventLoop) {
		// Never disposed: the scheduler would shut the event loop down with it.
		return Schedulers.fromExecutorService(eventLoop, "fetchflux-deadline");
	}

}
