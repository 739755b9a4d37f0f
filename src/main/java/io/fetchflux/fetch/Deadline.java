package io.fetchflux.fetch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The instant by which a whole fetch, redirects and body included, must be over.
 *
 * @param expiresAtNanos the {@link System#nanoTime()} at which the fetch expires
 */
record Deadline(long expiresAtNanos) {

	static Deadline after(Duration duration) {
		return new Deadline(System.nanoTime() + duration.toNanos());
	}

	Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.expiresAtNanos - System.nanoTime()));
	}

	<T> Mono<T> bound(Mono<T> mono) {
		return mono.timeout(remaining(), Mono.error(Deadline::expired));
	}

	/**
	 * Bound a body with one timer for the whole stream, rather than one per buffer.
	 */
	<T> Flux<T> bound(Flux<T> body) {
		return Flux.defer(() -> {
			AtomicBoolean expired = new AtomicBoolean();
			Mono<Long> expiry = Mono.delay(remaining()).doOnNext((tick) -> expired.set(true));
			return body.takeUntilOther(expiry)
				.concatWith(Mono.defer(() -> expired.get() ? Mono.error(expired()) : Mono.empty()));
		});
	}

	private static UpstreamTimeoutException expired() {
		return new UpstreamTimeoutException("The fetch did not complete within its deadline");
	}

}
