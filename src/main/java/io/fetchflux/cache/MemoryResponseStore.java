package io.fetchflux.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import reactor.core.publisher.Mono;

/**
 * Entries in this process's heap: a Caffeine cache bounded by the entries' weight in bytes,
 * each entry expiring after its own retention. Caffeine evicts what is least likely to be
 * used again (W-TinyLFU) when the bound is reached.
 */
final class MemoryResponseStore implements ResponseStore {

	private final Cache<CacheKey, CacheEntry> cache;

	private final long maxSize;

	private final long maxEntrySize;

	private final CacheStatistics statistics;

	MemoryResponseStore(CacheProperties properties, CacheStatistics statistics) {
		this.maxSize = properties.getMaxSize().toBytes();
		this.maxEntrySize = properties.getMaxEntrySize().toBytes();
		if (this.maxSize <= 0) {
			throw new IllegalStateException("fetchflux.cache.max-size must be positive");
		}
		if (this.maxEntrySize <= 0 || this.maxEntrySize > Integer.MAX_VALUE) {
			throw new IllegalStateException("fetchflux.cache.max-entry-size must be positive and below 2GB");
		}
		Duration keepStale = keepStale(properties);
		Clock clock = Clock.systemUTC();
		this.statistics = statistics;
		this.cache = Caffeine.newBuilder()
			.maximumWeight(this.maxSize)
			.weigher((CacheKey key, CacheEntry entry) -> weight(key, entry))
			.expireAfter(Expiry.writing((CacheKey key, CacheEntry entry) -> entry.remainingRetention(keepStale,
					clock.instant())))
			.removalListener((CacheKey key, CacheEntry entry, RemovalCause cause) -> {
				if (cause == RemovalCause.SIZE || cause == RemovalCause.EXPIRED) {
					statistics.evicted(1);
				}
			})
			.build();
	}

	static Duration keepStale(CacheProperties properties) {
		if (properties.getKeepStale().isNegative()) {
			throw new IllegalStateException("fetchflux.cache.keep-stale must not be negative");
		}
		return properties.getKeepStale();
	}

	/**
	 * The key's URL counts too: it can be as long as the server's request line allows.
	 */
	private static int weight(CacheKey key, CacheEntry entry) {
		return (int) Math.min(Integer.MAX_VALUE, entry.weight() + key.url().length());
	}

	@Override
	public Mono<CacheEntry> get(CacheKey key) {
		return Mono.fromSupplier(() -> this.cache.getIfPresent(key));
	}

	@Override
	public Mono<Void> put(CacheKey key, CacheEntry entry) {
		return Mono.fromRunnable(() -> {
			long weight = entry.weight();
			if (weight <= this.maxEntrySize) {
				this.cache.put(key, entry);
				this.statistics.stored(key.kind(), weight);
			}
		});
	}

	@Override
	public Mono<Boolean> evict(CacheKey key) {
		return Mono.fromSupplier(() -> this.cache.asMap().remove(key) != null);
	}

	@Override
	public String name() {
		return "memory";
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("store", name());
		details.put("entries", this.cache.estimatedSize());
		details.put("bytes", bytes().orElse(0));
		details.put("maxBytes", this.maxSize);
		details.put("maxEntryBytes", this.maxEntrySize);
		return details;
	}

	@Override
	public OptionalLong entries() {
		return OptionalLong.of(this.cache.estimatedSize());
	}

	@Override
	public OptionalLong bytes() {
		return this.cache.policy().eviction().map((eviction) -> eviction.weightedSize()).orElse(OptionalLong.empty());
	}

}
