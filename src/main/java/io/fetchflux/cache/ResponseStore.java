package io.fetchflux.cache;

import java.util.Map;
import java.util.OptionalLong;

import reactor.core.publisher.Mono;

/**
 * Where entries live. Implementations never signal an error: a failing store answers a miss
 * and stores nothing, and says so through its {@link #details()}, so that a cache failure
 * never fails a request.
 */
public interface ResponseStore {

	/**
	 * The entry stored under a key.
	 * @param key the key
	 * @return the entry, or empty on a miss or when the store failed or was too slow
	 */
	Mono<CacheEntry> get(CacheKey key);

	/**
	 * Store an entry for its {@link CacheEntry#retention(java.time.Duration) retention},
	 * replacing any entry under the same key. An entry heavier than
	 * {@code fetchflux.cache.max-entry-size} is not stored.
	 * @param key the key
	 * @param entry the entry
	 * @return completes once stored, or once the store failed or gave up; never an error
	 */
	Mono<Void> put(CacheKey key, CacheEntry entry);

	/**
	 * Remove the entry stored under a key.
	 * @param key the key
	 * @return whether an entry was removed; false too when the store failed
	 */
	Mono<Boolean> evict(CacheKey key);

	/**
	 * The store's name, as {@code fetchflux.cache.store} names it.
	 * @return {@code memory}, {@code redis} or {@code none}
	 */
	String name();

	/**
	 * The store's condition, for the health details and the actuator endpoint: its name,
	 * entries and bytes where known, whether it is reachable, its last failure.
	 * @return details, without nulls
	 */
	Map<String, Object> details();

	/**
	 * The entries held, for a gauge.
	 * @return the count, or empty when the store cannot tell without asking a server
	 */
	default OptionalLong entries() {
		return OptionalLong.empty();
	}

	/**
	 * The bytes held (entries' {@link CacheEntry#weight() weights}), for a gauge.
	 * @return the bytes, or empty when the store cannot tell without asking a server
	 */
	default OptionalLong bytes() {
		return OptionalLong.empty();
	}

}
