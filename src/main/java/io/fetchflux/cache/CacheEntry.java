package io.fetchflux.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * A stored 200: the relayed headers, the whole body and its freshness. The headers are copied
 * into a read-only instance, so an entry shared by many requests cannot be changed by one.
 *
 * @param headers the relayed headers, already filtered to the endpoint's allowlist, including {@code Content-Type}
 * @param body the whole body; never modified once stored
 * @param freshness its freshness, computed when it was received
 */
public record CacheEntry(HttpHeaders headers, byte[] body, Freshness freshness) {

	/**
	 * What an entry costs beyond its body and header text: the entry, its freshness and its
	 * instants, the header map, the key and the cache's node.
	 */
	private static final int ENTRY_OVERHEAD = 512;

	/**
	 * What each header name and each value cost beyond their characters: the string, its array
	 * and the map or list slot that holds it.
	 */
	private static final int FIELD_OVERHEAD = 64;

	private static final Duration MINIMUM_RETENTION = Duration.ofMillis(1);

	public CacheEntry {
		Assert.notNull(headers, "headers must not be null");
		Assert.notNull(body, "body must not be null");
		Assert.notNull(freshness, "freshness must not be null");
		headers = HttpHeaders.readOnlyHttpHeaders(HttpHeaders.copyOf(headers));
	}

	/**
	 * Whether the entry can be revalidated with a conditional request.
	 * @return whether it has an {@code ETag} or a {@code Last-Modified}
	 */
	public boolean hasValidators() {
		return this.headers.containsHeader(HttpHeaders.ETAG) || this.headers.containsHeader(HttpHeaders.LAST_MODIFIED);
	}

	/**
	 * The heap the entry takes, which the memory store is bounded by: the body's length plus an
	 * estimate of the headers and the objects around them.
	 * @return the weight in bytes
	 */
	public long weight() {
		long weight = (long) this.body.length + ENTRY_OVERHEAD;
		for (Map.Entry<String, List<String>> header : this.headers.headerSet()) {
			weight += FIELD_OVERHEAD + header.getKey().length();
			for (String value : header.getValue()) {
				weight += FIELD_OVERHEAD + value.length();
			}
		}
		return weight;
	}

	/**
	 * How long a store keeps the entry, from when it was received: its remaining lifetime, the
	 * longer of its stale windows and, when it can be revalidated, {@code keepStale} more so
	 * that a 304 can refresh it instead of a whole new fetch.
	 * @param keepStale how long an entry with validators is kept past its stale windows
	 * @return lifetime + max(stale windows) + (hasValidators ? keepStale : 0) - initialAge, at least 1 ms
	 */
	public Duration retention(Duration keepStale) {
		Freshness freshness = this.freshness;
		Duration staleWindow = max(freshness.staleWhileRevalidate(), freshness.staleIfError());
		Duration retention = freshness.lifetime().plus(staleWindow).minus(freshness.initialAge());
		if (hasValidators()) {
			retention = retention.plus(keepStale);
		}
		return max(retention, MINIMUM_RETENTION);
	}

	/**
	 * How much longer a store keeps the entry from now: {@link #retention(Duration)} less the
	 * time since it was received, at least 1 ms.
	 */
	Duration remainingRetention(Duration keepStale, Instant now) {
		Duration elapsed = Duration.between(this.freshness.responseTime(), now);
		Duration remaining = retention(keepStale).minus(elapsed.isNegative() ? Duration.ZERO : elapsed);
		return max(remaining, MINIMUM_RETENTION);
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	@Override
	public String toString() {
		return "CacheEntry[" + this.body.length + " bytes, " + this.freshness + "]";
	}

}
