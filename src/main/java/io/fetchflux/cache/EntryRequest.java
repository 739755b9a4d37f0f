package io.fetchflux.cache;

import java.util.List;

import io.fetchflux.fetch.RangeNotSatisfiableException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;

/**
 * What a client's conditional and range headers ask of a stored entry (RFC 9110 sections 13 and 14).
 */
final class EntryRequest {

	private EntryRequest() {
	}

	/**
	 * Whether the client's copy is still the entry: {@code If-None-Match} by weak comparison,
	 * else {@code If-Modified-Since} against the entry's {@code Last-Modified}.
	 */
	static boolean isNotModified(HttpHeaders client, HttpHeaders entry) {
		List<String> ifNoneMatch = client.getIfNoneMatch();
		if (!ifNoneMatch.isEmpty()) {
			String etag = entry.getETag();
			return etag != null && ifNoneMatch.stream().anyMatch((tag) -> tag.equals("*") || opaque(tag).equals(opaque(etag)));
		}
		long ifModifiedSince = safeDate(client, HttpHeaders.IF_MODIFIED_SINCE);
		long lastModified = safeDate(entry, HttpHeaders.LAST_MODIFIED);
		return ifModifiedSince >= 0 && lastModified >= 0 && lastModified <= ifModifiedSince;
	}

	/**
	 * The one byte range the client asks for, or {@code null} to answer the whole body: without
	 * {@code Range}, when {@code If-Range} no longer matches, or for several ranges at once, which
	 * a server may answer whole.
	 * @throws RangeNotSatisfiableException if the range lies outside the body
	 */
	static long[] range(HttpHeaders client, HttpHeaders entry, long length) {
		String header = client.getFirst(HttpHeaders.RANGE);
		if (header == null || !ifRangeHolds(client.getFirst(HttpHeaders.IF_RANGE), entry)) {
			return null;
		}
		List<HttpRange> ranges;
		try {
			ranges = HttpRange.parseRanges(header);
		}
		catch (IllegalArgumentException ex) {
			// An unreadable Range is ignored (RFC 9110 14.2).
			return null;
		}
		if (ranges.size() != 1) {
			return null;
		}
		HttpRange range = ranges.get(0);
		long start = range.getRangeStart(length);
		long end = range.getRangeEnd(length);
		if (start < 0 || start >= length || end < start) {
			throw new RangeNotSatisfiableException("bytes */" + length);
		}
		return new long[] { start, end };
	}

	private static boolean ifRangeHolds(String ifRange, HttpHeaders entry) {
		if (ifRange == null) {
			return true;
		}
		if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
			String etag = entry.getETag();
			// If-Range takes a strong comparison: a weak tag never matches.
			return etag != null && !ifRange.startsWith("W/") && !etag.startsWith("W/") && ifRange.equals(etag);
		}
		return ifRange.equals(entry.getFirst(HttpHeaders.LAST_MODIFIED));
	}

	private static String opaque(String etag) {
		return etag.startsWith("W/") ? etag.substring(2) : etag;
	}

	private static long safeDate(HttpHeaders headers, String name) {
		try {
			return headers.getFirstDate(name);
		}
		catch (IllegalArgumentException ex) {
			return -1;
		}
	}

}
