package io.fetchflux.jobs;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The {@code jobs} health details: the store, whether it answers, and the jobs this instance
 * queues and runs. Always UP: without a reachable store only new jobs are refused, and the
 * service serves everything else.
 */
final class JobsHealthIndicator implements ReactiveHealthIndicator {

	private final Jobs jobs;

	private final JobStore store;

	JobsHealthIndicator(Jobs jobs, JobStore store) {
		this.jobs = jobs;
		this.store = store;
	}

	@Override
	public Mono<Health> health() {
		return this.store.isReachable()
			.map((reachable) -> Health.up()
				.withDetail("store", this.store.name())
				.withDetail("reachable", reachable)
				.withDetail("queued", this.jobs.queued())
				.withDetail("running", this.jobs.running())
				.build());
	}

}
