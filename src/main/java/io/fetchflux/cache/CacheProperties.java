package io.fetchflux.cache;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The shared response cache: where entries live, how much of the heap they may take, and
 * the freshness rules where the upstream leaves a choice.
 */
@ConfigurationProperties("fetchflux.cache")
@Validated
public class CacheProperties {

	/**
	 * Where cached answers live: memory (in this process), redis (shared by every instance, through spring.data.redis.*) or none (caching off).
	 */
	@NotNull
	private Store store = Store.MEMORY;

	/**
	 * Most bytes the memory store holds, bodies and an estimate of their headers; beyond it the entries least likely to be used again are evicted. The default fits the old generation of the shipped 640 MiB heap.
	 */
	@NotNull
	private DataSize maxSize = DataSize.ofMegabytes(64);

	/**
	 * Largest entry stored, body and headers; a heavier answer is relayed but not cached.
	 */
	@NotNull
	private DataSize maxEntrySize = DataSize.ofMegabytes(8);

	/**
	 * Cap on the heuristic freshness of an answer with Last-Modified and no explicit lifetime (10% of its age when received); 0 turns heuristics off.
	 */
	@NotNull
	private Duration maxHeuristicFreshness = Duration.ofHours(1);

	/**
	 * How long past its stale windows an entry with an ETag or Last-Modified is kept, so that a 304 refreshes it instead of a new fetch; on purpose, this extends the Redis expiry beyond lifetime plus stale windows.
	 */
	@NotNull
	private Duration keepStale = Duration.ofMinutes(10);

	/**
	 * The Redis store, used when store is redis.
	 */
	@Valid
	private final Redis redis = new Redis();

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public DataSize getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(DataSize maxSize) {
		this.maxSize = maxSize;
	}

	public DataSize getMaxEntrySize() {
		return this.maxEntrySize;
	}

	public void setMaxEntrySize(DataSize maxEntrySize) {
		this.maxEntrySize = maxEntrySize;
	}

	public Duration getMaxHeuristicFreshness() {
		return this.maxHeuristicFreshness;
	}

	public void setMaxHeuristicFreshness(Duration maxHeuristicFreshness) {
		this.maxHeuristicFreshness = maxHeuristicFreshness;
	}

	public Duration getKeepStale() {
		return this.keepStale;
	}

	public void setKeepStale(Duration keepStale) {
		this.keepStale = keepStale;
	}

	public Redis getRedis() {
		return this.redis;
	}

	/**
	 * Where cached answers live.
	 */
	public enum Store {

		/**
		 * A Caffeine cache in this process, weighed by bytes.
		 */
		MEMORY,

		/**
		 * Redis, shared by every instance, through Spring Data Redis (Lettuce).
		 */
		REDIS,

		/**
		 * Nothing is cached.
		 */
		NONE

	}

	/**
	 * The Redis store.
	 */
	public static class Redis {

		/**
		 * Prefix of every key the cache writes, followed by the kind (image or fetch), a colon and the URL (its SHA-256 when longer than 512 characters).
		 */
		@NotEmpty
		private String keyPrefix = "fetchflux:cache:";

		/**
		 * Longest wait for one Redis operation; a slower one counts as a failure and the request is served uncached.
		 */
		@NotNull
		private Duration timeout = Duration.ofMillis(250);

		/**
		 * How long Redis is left alone after a failure before it is tried again, so that a dead Redis costs requests no latency; the failure is logged once per interval.
		 */
		@NotNull
		private Duration retryInterval = Duration.ofSeconds(5);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

	}

}
