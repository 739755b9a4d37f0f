package io.fetchflux.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The rules of a shared cache (RFC 9111) for what fetchflux may store and for how long.
 * <p>
 * Only a 200 is stored, and only when a shared cache may keep it: never with {@code no-store}
 * or {@code private} (in any form), never with {@code Set-Cookie}, never when {@code Vary}
 * names anything other than {@code Accept} or {@code Accept-Encoding}. The lifetime is
 * {@code s-maxage}, else {@code max-age}, else {@code Expires} minus {@code Date}, else a
 * heuristic: 10% of the time between {@code Last-Modified} and {@code Date}, capped by
 * {@code fetchflux.cache.max-heuristic-freshness} (0 turns it off). An answer that could never
 * be served from the cache (no lifetime left, no stale window and no validator to revalidate
 * it with) is not stored.
 */
public class CachePolicy {

	private static final Set<String> STORABLE_VARY = Set.of("accept", "accept-encoding");

	/**
	 * The fields of a 304 that never replace the stored ones: they describe the stored body
	 * (RFC 9111 section 3.2 names Content-Length; an image's type was sniffed from its bytes).
	 */
	private static final List<String> BODY_FIELDS = List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_TYPE,
			HttpHeaders.CONTENT_ENCODING);

	private static final long HEURISTIC_FRACTION = 10;

	private final Duration maxHeuristicFreshness;

	/**
	 * A policy as configured.
	 * @param properties the {@code fetchflux.cache} properties
	 */
	public CachePolicy(CacheProperties properties) {
		this.maxHeuristicFreshness = properties.getMaxHeuristicFreshness();
		if (this.maxHeuristicFreshness.isNegative()) {
			throw new IllegalStateException("fetchflux.cache.max-heuristic-freshness must not be negative");
		}
	}

	/**
	 * The freshness of an upstream answer that a shared cache may store.
	 * @param status the upstream's status
	 * @param upstreamHeaders the upstream's headers, all of them, as received
	 * @param requestTime when the request that caused the answer was sent (RFC 9111 section 4.2.3)
	 * @param responseTime when the answer was received
	 * @return its freshness, or empty when it must not be stored (status other than 200,
	 * {@code no-store}, {@code private}, {@code Set-Cookie}, {@code Vary} beyond {@code Accept}
	 * and {@code Accept-Encoding}, or neither freshness nor a stale window nor a validator)
	 */
	public Optional<Freshness> storable(HttpStatusCode status, HttpHeaders upstreamHeaders, Instant requestTime,
			Instant responseTime) {
		if (status.value() != 200) {
			return Optional.empty();
		}
		return freshness(upstreamHeaders, requestTime, responseTime);
	}

	/**
	 * The entry after a 304 to its revalidation (RFC 9111 section 4.3.4): each field of the 304
	 * replaces the stored field of the same name, except the fields that describe the stored
	 * body ({@code Content-Length}, {@code Content-Type}, {@code Content-Encoding}); {@code Date}
	 * and {@code Age} are taken from the 304 only. The freshness is recomputed from the merged
	 * headers.
	 * @param stale the stored entry that was revalidated
	 * @param notModifiedHeaders the 304's headers, filtered to the endpoint's allowlist as the
	 * stored ones were; a {@code Date} or {@code Age} among them counts in the new age
	 * @param requestTime when the conditional request was sent
	 * @param responseTime when the 304 was received
	 * @return the refreshed entry with the same body, or empty when the merged headers are no
	 * longer storable
	 */
	public Optional<CacheEntry> refreshed(CacheEntry stale, HttpHeaders notModifiedHeaders, Instant requestTime,
			Instant responseTime) {
		HttpHeaders merged = HttpHeaders.copyOf(stale.headers());
		merged.remove(HttpHeaders.DATE);
		merged.remove(HttpHeaders.AGE);
		notModifiedHeaders.forEach((name, values) -> {
			if (BODY_FIELDS.stream().noneMatch(name::equalsIgnoreCase)) {
				merged.put(name, List.copyOf(values));
			}
		});
		return freshness(merged, requestTime, responseTime)
			.map((freshness) -> new CacheEntry(merged, stale.body(), freshness));
	}

	private Optional<Freshness> freshness(HttpHeaders headers, Instant requestTime, Instant responseTime) {
		CacheDirectives directives = CacheDirectives.parse(headers.getOrEmpty(HttpHeaders.CACHE_CONTROL));
		if (directives.has("no-store") || directives.has("private") || headers.containsHeader(HttpHeaders.SET_COOKIE)
				|| headers.containsHeader("Set-Cookie2") || !storableVary(headers)) {
			return Optional.empty();
		}
		Optional<Instant> date = date(headers, HttpHeaders.DATE);
		Duration lifetime = lifetime(headers, directives, date.orElse(responseTime));
		Duration staleWhileRevalidate = directives.seconds("stale-while-revalidate").orElse(Duration.ZERO);
		Duration staleIfError = directives.seconds("stale-if-error").orElse(Duration.ZERO);
		boolean mustRevalidate = directives.has("must-revalidate") || directives.has("proxy-revalidate")
				|| directives.has("no-cache");
		Freshness freshness = new Freshness(responseTime, initialAge(headers, date, requestTime, responseTime), lifetime,
				staleWhileRevalidate, staleIfError, mustRevalidate);
		boolean hasValidators = headers.containsHeader(HttpHeaders.ETAG)
				|| headers.containsHeader(HttpHeaders.LAST_MODIFIED);
		return (hasValidators || everServable(freshness)) ? Optional.of(freshness) : Optional.empty();
	}

	/**
	 * The freshness lifetime for a shared cache (RFC 9111 section 4.2.1). {@code no-cache}
	 * makes it zero: the answer may be stored, but every use must be revalidated.
	 */
	private Duration lifetime(HttpHeaders headers, CacheDirectives directives, Instant date) {
		if (directives.has("no-cache")) {
			return Duration.ZERO;
		}
		Optional<Duration> explicit = directives.seconds("s-maxage").or(() -> directives.seconds("max-age"));
		if (explicit.isPresent()) {
			return explicit.get();
		}
		if (headers.containsHeader(HttpHeaders.EXPIRES)) {
			// An invalid Expires, such as "0", means already expired (RFC 9111 section 5.3).
			return date(headers, HttpHeaders.EXPIRES).map((expires) -> nonNegative(Duration.between(date, expires)))
				.orElse(Duration.ZERO);
		}
		if (this.maxHeuristicFreshness.isZero()) {
			return Duration.ZERO;
		}
		return date(headers, HttpHeaders.LAST_MODIFIED)
			.map((lastModified) -> nonNegative(Duration.between(lastModified, date)).dividedBy(HEURISTIC_FRACTION))
			.map((heuristic) -> (heuristic.compareTo(this.maxHeuristicFreshness) > 0) ? this.maxHeuristicFreshness
					: heuristic)
			.orElse(Duration.ZERO);
	}

	/**
	 * The corrected initial age (RFC 9111 section 4.2.3): the larger of the apparent age (how far
	 * the receipt lies past the {@code Date}) and the {@code Age} the upstream reported plus the
	 * time the response took to arrive.
	 */
	private static Duration initialAge(HttpHeaders headers, Optional<Instant> date, Instant requestTime,
			Instant responseTime) {
		Duration apparentAge = date.map((value) -> nonNegative(Duration.between(value, responseTime)))
			.orElse(Duration.ZERO);
		Duration responseDelay = nonNegative(Duration.between(requestTime, responseTime));
		Duration correctedAgeValue = age(headers).plus(responseDelay);
		return (apparentAge.compareTo(correctedAgeValue) > 0) ? apparentAge : correctedAgeValue;
	}

	/**
	 * The {@code Age} field: its first member, ignored when it is not a non-negative integer
	 * (RFC 9111 section 5.1).
	 */
	private static Duration age(HttpHeaders headers) {
		String age = headers.getFirst(HttpHeaders.AGE);
		if (age == null) {
			return Duration.ZERO;
		}
		int comma = age.indexOf(',');
		return CacheDirectives.deltaSeconds(((comma >= 0) ? age.substring(0, comma) : age).trim())
			.orElse(Duration.ZERO);
	}

	private static boolean everServable(Freshness freshness) {
		Duration staleWindow = freshness.mustRevalidate() ? Duration.ZERO
				: max(freshness.staleWhileRevalidate(), freshness.staleIfError());
		return freshness.lifetime().plus(staleWindow).compareTo(freshness.initialAge()) > 0;
	}

	private static boolean storableVary(HttpHeaders headers) {
		for (String line : headers.getOrEmpty(HttpHeaders.VARY)) {
			for (String name : line.split(",")) {
				String field = name.trim().toLowerCase(Locale.ROOT);
				if (!field.isEmpty() && !STORABLE_VARY.contains(field)) {
					return false;
				}
			}
		}
		return true;
	}

	private static Optional<Instant> date(HttpHeaders headers, String name) {
		try {
			ZonedDateTime value = headers.getFirstZonedDateTime(name);
			return Optional.ofNullable(value).map(ZonedDateTime::toInstant);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
