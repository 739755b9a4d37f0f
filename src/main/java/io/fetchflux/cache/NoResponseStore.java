package io.fetchflux.cache;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Caching off ({@code fetchflux.cache.store=none}): every lookup misses and nothing is kept.
 */
final class NoResponseStore implements ResponseStore {

	@Override
	public Mono<CacheEntry> get(CacheKey key) {
		return Mono.empty();
	}

	@Override
	public Mono<Void> put(CacheKey key, CacheEntry entry) {
		return Mono.empty();
	}

	@Override
	public Mono<Boolean> evict(CacheKey key) {
		return Mono.just(false);
	}

	@Override
	public String name() {
		return "none";
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("store", name());
	}

}
