package io.fetchflux.metrics;

import io.fetchflux.deferred.DeferredObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Deferred results that expired before a callback set them.
 */
final class DeferredMeters implements DeferredObserver {

	private final Counter timeouts;

	DeferredMeters(MeterRegistry registry) {
		this.timeouts = Counter.builder("fetchflux.deferred.timeouts")
			.description("Deferred results whose timeout passed before they were set")
			.register(registry);
	}

	@Override
	public void timedOut() {
		this.timeouts.increment();
	}

}
