package io.fetchflux.cache;

import java.time.Duration;

import org.springframework.http.HttpStatusCode;

/**
 * The {@code Cache-Status} header (RFC 9211) that says how the cache handled a request.
 */
final class CacheStatus {

	static final String HEADER = "Cache-Status";

	private static final String CACHE = "fetchflux";

	static final String BYPASS = CACHE + "; fwd=bypass";

	private CacheStatus() {
	}

	static String hit(Duration ttl) {
		return CACHE + "; hit; ttl=" + ttl.toSeconds();
	}

	/**
	 * A stale entry served while it is revalidated in the background.
	 */
	static String staleWhileRevalidate(Duration ttl) {
		return hit(ttl) + "; detail=stale-while-revalidate";
	}

	/**
	 * A stale entry served because revalidating it failed.
	 */
	static String staleIfError(Duration ttl) {
		return CACHE + "; fwd=stale; ttl=" + ttl.toSeconds() + "; detail=stale-if-error";
	}

	/**
	 * Forwarded to the upstream: {@code uri-miss} without an entry, {@code stale} to revalidate one.
	 */
	static String forwarded(boolean stale, HttpStatusCode status, boolean stored, boolean collapsed) {
		StringBuilder value = new StringBuilder(64).append(CACHE)
			.append(stale ? "; fwd=stale" : "; fwd=uri-miss")
			.append("; fwd-status=")
			.append(status.value());
		if (stored) {
			value.append("; stored");
		}
		if (collapsed) {
			value.append("; collapsed");
		}
		return value.toString();
	}

}
