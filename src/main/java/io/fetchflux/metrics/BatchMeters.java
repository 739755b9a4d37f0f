package io.fetchflux.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import io.fetchflux.batch.BatchObserver;
import io.fetchflux.batch.Mode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * URLs checked by batches and jobs, by mode and outcome ({@code ok} or a failure type: a fixed
 * set), and the fetches in flight and waiting under the one cap they share.
 */
final class BatchMeters implements BatchObserver {

	private final MeterRegistry registry;

	private final Map<Mode, Map<String, Counter>> checked = new ConcurrentHashMap<>();

	BatchMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void limit(IntSupplier inFlight, IntSupplier waiting) {
		Gauge.builder("fetchflux.batch.in-flight", inFlight::getAsInt)
			.description("Fetches of batches and jobs in flight, at most fetchflux.batch.max-in-flight")
			.register(this.registry);
		Gauge.builder("fetchflux.batch.waiting", waiting::getAsInt)
			.description("Fetches of batches and jobs waiting for a slot under fetchflux.batch.max-in-flight")
			.register(this.registry);
	}

	@Override
	public void checked(Mode mode, String outcome) {
		this.checked.computeIfAbsent(mode, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome, (name) -> Counter.builder("fetchflux.batch.fetches")
				.description("URLs checked by batches and jobs, by mode and outcome (ok or the failure type)")
				.tag("mode", mode.value())
				.tag("outcome", name)
				.register(this.registry))
			.increment();
	}

}
