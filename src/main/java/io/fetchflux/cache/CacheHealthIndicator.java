package io.fetchflux.cache;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * The {@code cache} health contributor: always UP, because the service serves uncached when
 * its store fails; the store's condition (reachable or not, last failure) is in the details.
 * It reads what the store already knows and never asks Redis. The liveness and readiness
 * groups leave it out, as they leave out everything but the application's availability state.
 */
final class CacheHealthIndicator implements ReactiveHealthIndicator {

	private final ResponseStore store;

	CacheHealthIndicator(ResponseStore store) {
		this.store = store;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> Health.up().withDetails(this.store.details()).build());
	}

}
