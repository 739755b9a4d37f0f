package io.fetchflux.cache;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the cache did, per kind of endpoint. Always present, so that the actuator
 * endpoint reads it even when fetchflux's meters are off; the meters are function counters
 * over it, read only when scraped.
 * <p>
 * The request flow reports each lookup as exactly one of {@link #hit}, {@link #miss} or
 * {@link #stale}; the stores report what they stored and evicted and their failures.
 */
public class CacheStatistics {

	private final Map<CacheKind, Counts> counts = new EnumMap<>(CacheKind.class);

	private final LongAdder evictions = new LongAdder();

	private final LongAdder failures = new LongAdder();

	public CacheStatistics() {
		for (CacheKind kind : CacheKind.values()) {
			this.counts.put(kind, new Counts());
		}
	}

	/**
	 * A lookup answered by a fresh entry.
	 * @param kind the endpoint's kind
	 */
	public void hit(CacheKind kind) {
		this.counts.get(kind).hits.increment();
	}

	/**
	 * A lookup that found no usable entry, so the upstream was fetched.
	 * @param kind the endpoint's kind
	 */
	public void miss(CacheKind kind) {
		this.counts.get(kind).misses.increment();
	}

	/**
	 * A lookup answered by a stale entry, within {@code stale-while-revalidate} or {@code stale-if-error}.
	 * @param kind the endpoint's kind
	 */
	public void stale(CacheKind kind) {
		this.counts.get(kind).stale.increment();
	}

	/**
	 * A stale entry revalidated with the upstream.
	 * @param kind the endpoint's kind
	 * @param notModified whether the upstream answered 304, refreshing the entry, rather than a new body
	 */
	public void revalidated(CacheKind kind, boolean notModified) {
		Counts counts = this.counts.get(kind);
		(notModified ? counts.notModified : counts.modified).increment();
	}

	/**
	 * A request that joined a fetch of the same URL already in flight instead of starting its own.
	 * @param kind the endpoint's kind
	 */
	public void coalesced(CacheKind kind) {
		this.counts.get(kind).coalesced.increment();
	}

	/**
	 * An entry written to the store; called by the store once it holds the entry.
	 * @param kind the endpoint's kind
	 * @param bytes the entry's {@link CacheEntry#weight() weight}
	 */
	public void stored(CacheKind kind, long bytes) {
		Counts counts = this.counts.get(kind);
		counts.stores.increment();
		counts.storedBytes.add(bytes);
	}

	/**
	 * Entries the store dropped on its own, because it was full or they expired.
	 * @param count how many
	 */
	public void evicted(long count) {
		this.evictions.add(count);
	}

	/**
	 * A store operation that failed or timed out and was answered as a miss.
	 */
	public void failed() {
		this.failures.increment();
	}

	/**
	 * Lookups answered by a fresh entry.
	 * @param kind the endpoint's kind
	 * @return the count since startup
	 */
	public long hits(CacheKind kind) {
		return this.counts.get(kind).hits.sum();
	}

	/**
	 * Lookups that fetched from the upstream.
	 * @param kind the endpoint's kind
	 * @return the count since startup
	 */
	public long misses(CacheKind kind) {
		return this.counts.get(kind).misses.sum();
	}

	/**
	 * Lookups answered by a stale entry.
	 * @param kind the endpoint's kind
	 * @return the count since startup
	 */
	public long staleServed(CacheKind kind) {
		return this.counts.get(kind).stale.sum();
	}

	/**
	 * Revalidations with one outcome.
	 * @param kind the endpoint's kind
	 * @param notModified the 304s, or else the new bodies
	 * @return the count since startup
	 */
	public long revalidations(CacheKind kind, boolean notModified) {
		Counts counts = this.counts.get(kind);
		return (notModified ? counts.notModified : counts.modified).sum();
	}

	/**
	 * Requests that joined a fetch already in flight.
	 * @param kind the endpoint's kind
	 * @return the count since startup
	 */
	public long coalescedJoiners(CacheKind kind) {
		return this.counts.get(kind).coalesced.sum();
	}

	/**
	 * Entries stored.
	 * @param kind the endpoint's kind
	 * @return the count since startup
	 */
	public long stores(CacheKind kind) {
		return this.counts.get(kind).stores.sum();
	}

	/**
	 * The weight of the entries stored.
	 * @param kind the endpoint's kind
	 * @return bytes since startup
	 */
	public long storedBytes(CacheKind kind) {
		return this.counts.get(kind).storedBytes.sum();
	}

	/**
	 * Entries the store dropped because it was full or they expired.
	 * @return the count since startup
	 */
	public long evictions() {
		return this.evictions.sum();
	}

	/**
	 * Store operations that failed or timed out.
	 * @return the count since startup
	 */
	public long failures() {
		return this.failures.sum();
	}

	private static final class Counts {

		private final LongAdder hits = new LongAdder();

		private final LongAdder misses = new LongAdder();

		private final LongAdder stale = new LongAdder();

		private final LongAdder notModified = new LongAdder();

		private final LongAdder modified = new LongAdder();

		private final LongAdder coalesced = new LongAdder();

		private final LongAdder stores = new LongAdder();

		private final LongAdder storedBytes = new LongAdder();

	}

}
