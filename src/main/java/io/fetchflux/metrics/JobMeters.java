package io.fetchflux.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import io.fetchflux.jobs.JobState;
import io.fetchflux.jobs.JobsObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The jobs this instance queues and runs, and those it ended, by final state.
 */
final class JobMeters implements JobsObserver {

	private final MeterRegistry registry;

	private final Map<JobState, Counter> finished = new ConcurrentHashMap<>();

	JobMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void active(IntSupplier queued, IntSupplier running) {
		gauge(JobState.QUEUED, queued);
		gauge(JobState.RUNNING, running);
	}

	@Override
	public void finished(JobState state) {
		this.finished.computeIfAbsent(state, (key) -> Counter.builder("fetchflux.jobs.finished")
			.description("Jobs this instance ended, by final state (succeeded, cancelled, failed)")
			.tag("state", key.value())
			.register(this.registry)).increment();
	}

	private void gauge(JobState state, IntSupplier count) {
		Gauge.builder("fetchflux.jobs", count::getAsInt)
			.description("Jobs this instance queues or runs, by state")
			.tag("state", state.value())
			.register(this.registry);
	}

}
