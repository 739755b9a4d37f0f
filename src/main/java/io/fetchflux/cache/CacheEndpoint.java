package io.fetchflux.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fetchflux.fetch.FetchException;
import io.fetchflux.policy.DestinationPolicy;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code fetchcache} actuator endpoint, for operators: what the cache did per kind and the
 * store's condition, and the eviction of one URL. Not exposed unless
 * {@code management.endpoints.web.exposure.include} names it, since an eviction changes what
 * clients are served.
 */
@Endpoint(id = "fetchcache")
class CacheEndpoint {

	private final ResponseStore store;

	private final CacheStatistics statistics;

	private final DestinationPolicy policy;

	CacheEndpoint(ResponseStore store, CacheStatistics statistics, DestinationPolicy policy) {
		this.store = store;
		this.statistics = statistics;
		this.policy = policy;
	}

	@ReadOperation
	public CacheReport report() {
		Map<String, KindStatistics> kinds = new LinkedHashMap<>();
		for (CacheKind kind : CacheKind.values()) {
			kinds.put(kind.tag(), KindStatistics.of(this.statistics, kind));
		}
		return new CacheReport(this.store.details(), kinds, this.statistics.evictions(), this.statistics.failures());
	}

	/**
	 * Evict one URL, spelled as clients spell it: it is normalised as the request flow
	 * normalises it before it is looked up.
	 * @param url the URL
	 * @param kind {@code image} or {@code fetch}; both when absent
	 * @return the normalised URL and, per kind, whether an entry was removed
	 */
	@DeleteOperation
	public Mono<Eviction> evict(String url, @Nullable CacheKind kind) {
		String normalised = normalise(url);
		List<CacheKind> kinds = (kind != null) ? List.of(kind) : List.of(CacheKind.values());
		return Flux.fromIterable(kinds)
			.concatMap((each) -> this.store.evict(new CacheKey(each, normalised))
				.map((removed) -> Map.entry(each.tag(), removed)))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
			.map((evicted) -> new Eviction(normalised, evicted));
	}

	private String normalise(String url) {
		try {
			return this.policy.parse(url).toString();
		}
		catch (FetchException ex) {
			throw new InvalidEndpointRequestException("Not a URL the service fetches: " + ex.getMessage(),
					ex.getMessage());
		}
	}

	/**
	 * What the cache did and the store's condition.
	 *
	 * @param store the store's details, as in the health details
	 * @param kinds the statistics per kind of endpoint
	 * @param evictions entries the store dropped because it was full or they expired (memory store)
	 * @param failures store operations that failed or timed out and were answered as misses
	 */
	record CacheReport(Map<String, Object> store, Map<String, KindStatistics> kinds, long evictions, long failures) {
	}

	/**
	 * What the cache did for one kind of endpoint.
	 *
	 * @param hits lookups answered by a fresh entry
	 * @param misses lookups that fetched from the upstream
	 * @param stale lookups answered by a stale entry
	 * @param notModified revalidations answered 304
	 * @param modified revalidations answered with a new body
	 * @param coalesced requests that joined a fetch already in flight
	 * @param stored entries stored
	 * @param storedBytes the weight of the entries stored
	 */
	record KindStatistics(long hits, long misses, long stale, long notModified, long modified, long coalesced,
			long stored, long storedBytes) {

		static KindStatistics of(CacheStatistics statistics, CacheKind kind) {
			return new KindStatistics(statistics.hits(kind), statistics.misses(kind), statistics.staleServed(kind),
					statistics.revalidations(kind, true), statistics.revalidations(kind, false),
					statistics.coalescedJoiners(kind), statistics.stores(kind), statistics.storedBytes(kind));
		}

	}

	/**
	 * An eviction's outcome.
	 *
	 * @param url the URL as normalised
	 * @param evicted per kind, whether an entry was removed
	 */
	record Eviction(String url, Map<String, Boolean> evicted) {
	}

}
