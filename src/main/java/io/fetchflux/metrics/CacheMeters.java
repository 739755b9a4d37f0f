package io.fetchflux.metrics;

import java.util.function.ToLongFunction;

import io.fetchflux.cache.CacheKind;
import io.fetchflux.cache.CacheStatistics;
import io.fetchflux.cache.ResponseStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The response cache's meters: function counters over {@link CacheStatistics} and gauges of
 * the memory store's size, all read only when scraped, so the request path does no metrics
 * work of its own. Tags are the kind ({@code image}, {@code fetch}) and fixed results.
 */
final class CacheMeters {

	CacheMeters(MeterRegistry registry, CacheStatistics statistics, ResponseStore store) {
		for (CacheKind kind : CacheKind.values()) {
			lookups(registry, statistics, kind, "hit", (s) -> s.hits(kind));
			lookups(registry, statistics, kind, "miss", (s) -> s.misses(kind));
			lookups(registry, statistics, kind, "stale", (s) -> s.staleServed(kind));
			revalidations(registry, statistics, kind, "not-modified", true);
			revalidations(registry, statistics, kind, "modified", false);
			FunctionCounter.builder("fetchflux.cache.coalesced", statistics, (s) -> s.coalescedJoiners(kind))
				.description("Requests that joined a fetch of the same URL already in flight")
				.tag("kind", kind.tag())
				.register(registry);
			FunctionCounter.builder("fetchflux.cache.stores", statistics, (s) -> s.stores(kind))
				.description("Answers stored in the response cache")
				.tag("kind", kind.tag())
				.register(registry);
			FunctionCounter.builder("fetchflux.cache.stored", statistics, (s) -> s.storedBytes(kind))
				.description("Bytes of the answers stored in the response cache, bodies and headers")
				.baseUnit("bytes")
				.tag("kind", kind.tag())
				.register(registry);
		}
		FunctionCounter.builder("fetchflux.cache.evictions", statistics, CacheStatistics::evictions)
			.description("Entries the memory store dropped because it was full or they expired")
			.register(registry);
		FunctionCounter.builder("fetchflux.cache.failures", statistics, CacheStatistics::failures)
			.description("Store operations that failed or timed out and were answered as misses")
			.register(registry);
		if (store.entries().isPresent()) {
			Gauge.builder("fetchflux.cache.entries", store, (s) -> s.entries().orElse(0))
				.description("Entries held by the memory store")
				.register(registry);
		}
		if (store.bytes().isPresent()) {
			Gauge.builder("fetchflux.cache.size", store, (s) -> s.bytes().orElse(0))
				.description("Bytes held by the memory store, bodies and an estimate of their headers")
				.baseUnit("bytes")
				.register(registry);
		}
	}

	private static void lookups(MeterRegistry registry, CacheStatistics statistics, CacheKind kind, String result,
			ToLongFunction<CacheStatistics> count) {
		FunctionCounter.builder("fetchflux.cache.lookups", statistics, (s) -> count.applyAsLong(s))
			.description("Cache lookups, by kind and result: a fresh hit, a miss fetched upstream, or a stale entry served")
			.tag("kind", kind.tag())
			.tag("result", result)
			.register(registry);
	}

	private static void revalidations(MeterRegistry registry, CacheStatistics statistics, CacheKind kind,
			String outcome, boolean notModified) {
		FunctionCounter.builder("fetchflux.cache.revalidations", statistics, (s) -> s.revalidations(kind, notModified))
			.description("Stale entries revalidated upstream, by outcome: a 304 refreshed the entry, or a new body replaced it")
			.tag("kind", kind.tag())
			.tag("outcome", outcome)
			.register(registry);
	}

}
