package io.fetchflux.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111's rules for a shared cache, case by case, at fixed instants.
 */
class CachePolicyTests {

	private static final Instant REQUEST_TIME = Instant.parse("2026-03-01T12:00:00Z");

	private static final Instant RESPONSE_TIME = REQUEST_TIME;

	private static final String DATE = "Sun, 01 Mar 2026 12:00:00 GMT";

	private final CachePolicy policy = new CachePolicy(new CacheProperties());

	@ParameterizedTest
	@ValueSource(strings = { "no-store", "max-age=60, no-store", "NO-STORE, max-age=60", "private",
			"private, max-age=60", "max-age=60, private=\"Set-Cookie\"", "s-maxage=60, private" })
	void noStoreAndPrivateAreNeverStored(String cacheControl) {
		assertThat(storable(HttpHeaders.CACHE_CONTROL, cacheControl, HttpHeaders.ETAG, "\"v1\"")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { HttpHeaders.SET_COOKIE, "set-cookie", "Set-Cookie2" })
	void anAnswerThatSetsACookieIsNeverStored(String header) {
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "public, max-age=60", header, "session=1")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 201, 203, 204, 206, 301, 304, 404, 410, 500 })
	void onlyA200IsStored(int status) {
		assertThat(this.policy.storable(HttpStatusCode.valueOf(status), headers(HttpHeaders.CACHE_CONTROL, "max-age=60",
				HttpHeaders.ETAG, "\"v1\""), REQUEST_TIME, RESPONSE_TIME)).isEmpty();
	}

	@Test
	void sMaxageBeatsMaxAgeWhichBeatsExpires() {
		String inADay = "Mon, 02 Mar 2026 12:00:00 GMT";
		assertThat(lifetime(HttpHeaders.CACHE_CONTROL, "max-age=60, s-maxage=120", HttpHeaders.EXPIRES, inADay,
				HttpHeaders.DATE, DATE)).isEqualTo(Duration.ofSeconds(120));
		assertThat(lifetime(HttpHeaders.CACHE_CONTROL, "max-age=60", HttpHeaders.EXPIRES, inADay, HttpHeaders.DATE, DATE))
			.isEqualTo(Duration.ofSeconds(60));
		assertThat(lifetime(HttpHeaders.EXPIRES, inADay, HttpHeaders.DATE, DATE)).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void expiresCountsFromTheDateNotFromTheReceipt() {
		// Sent 100 s before it arrived, to expire an hour after it was sent.
		Freshness freshness = storable(HttpHeaders.DATE, "Sun, 01 Mar 2026 11:58:20 GMT", HttpHeaders.EXPIRES,
				"Sun, 01 Mar 2026 12:58:20 GMT").orElseThrow();
		assertThat(freshness.lifetime()).isEqualTo(Duration.ofHours(1));
		assertThat(freshness.initialAge()).isEqualTo(Duration.ofSeconds(100));
		assertThat(freshness.isFresh(RESPONSE_TIME.plusSeconds(3499))).isTrue();
		assertThat(freshness.isFresh(RESPONSE_TIME.plusSeconds(3500))).isFalse();
	}

	@Test
	void anInvalidExpiresMeansAlreadyExpired() {
		assertThat(storable(HttpHeaders.EXPIRES, "0", HttpHeaders.DATE, DATE)).isEmpty();
		assertThat(lifetime(HttpHeaders.EXPIRES, "0", HttpHeaders.DATE, DATE, HttpHeaders.ETAG, "\"v1\""))
			.isEqualTo(Duration.ZERO);
	}

	@Test
	void directivesAreReadCaseInsensitivelyQuotedAndAcrossFieldLines() {
		assertThat(lifetime(HttpHeaders.CACHE_CONTROL, "MAX-AGE=60")).isEqualTo(Duration.ofSeconds(60));
		assertThat(lifetime(HttpHeaders.CACHE_CONTROL, "max-age=\"60\"")).isEqualTo(Duration.ofSeconds(60));
		assertThat(lifetime(HttpHeaders.CACHE_CONTROL, "public", HttpHeaders.CACHE_CONTROL, "max-age=60"))
			.isEqualTo(Duration.ofSeconds(60));
		assertThat(lifetime(HttpHeaders.CACHE_CONTROL, "max-age=60, max-age=3600")).isEqualTo(Duration.ofSeconds(60));
		assertThat(lifetime(HttpHeaders.CACHE_CONTROL, "max-age=99999999999999999999999"))
			.isEqualTo(Duration.ofSeconds(2147483648L));
	}

	@ParameterizedTest
	@ValueSource(strings = { "max-age=abc", "max-age=-5", "max-age", "max-age=", "s-maxage=1.5, max-age=60" })
	void anInvalidLifetimeMakesTheAnswerStaleNotFresh(String cacheControl) {
		assertThat(lifetime(HttpHeaders.CACHE_CONTROL, cacheControl, HttpHeaders.ETAG, "\"v1\"")).isEqualTo(Duration.ZERO);
	}

	@Test
	void initialAgeIsTheLargerOfTheApparentAgeAndTheCorrectedAgeValue() {
		Instant requestTime = RESPONSE_TIME.minusSeconds(2);
		// Date says 30 s old; Age 10 plus the 2 s the answer took says 12: 30 wins.
		assertThat(this.policy.storable(HttpStatus.OK, headers(HttpHeaders.CACHE_CONTROL, "max-age=600", HttpHeaders.DATE,
				"Sun, 01 Mar 2026 11:59:30 GMT", HttpHeaders.AGE, "10"), requestTime, RESPONSE_TIME)
			.orElseThrow()
			.initialAge()).isEqualTo(Duration.ofSeconds(30));
		// A shared cache upstream says 50 s; with the 2 s delay, 52.
		assertThat(this.policy.storable(HttpStatus.OK, headers(HttpHeaders.CACHE_CONTROL, "max-age=600", HttpHeaders.DATE,
				DATE, HttpHeaders.AGE, "50"), requestTime, RESPONSE_TIME).orElseThrow().initialAge())
			.isEqualTo(Duration.ofSeconds(52));
		// A Date in the future (a fast upstream clock) is no negative age.
		assertThat(this.policy.storable(HttpStatus.OK, headers(HttpHeaders.CACHE_CONTROL, "max-age=600", HttpHeaders.DATE,
				"Sun, 01 Mar 2026 12:10:00 GMT"), REQUEST_TIME, RESPONSE_TIME).orElseThrow().initialAge())
			.isEqualTo(Duration.ZERO);
	}

	@Test
	void anInvalidAgeIsIgnoredAndAListOfAgesTakesTheFirst() {
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "max-age=600", HttpHeaders.AGE, "abc").orElseThrow().initialAge())
			.isEqualTo(Duration.ZERO);
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "max-age=600", HttpHeaders.AGE, "20, 30").orElseThrow().initialAge())
			.isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void ageIsInitialAgePlusTimeResident() {
		Freshness freshness = storable(HttpHeaders.CACHE_CONTROL, "max-age=600", HttpHeaders.AGE, "100").orElseThrow();
		assertThat(freshness.age(RESPONSE_TIME.plusSeconds(50))).isEqualTo(Duration.ofSeconds(150));
		assertThat(freshness.age(RESPONSE_TIME.minusSeconds(5))).isEqualTo(Duration.ofSeconds(100));
	}

	@Test
	void anAnswerAlreadyOlderThanItsLifetimeIsStoredOnlyToBeRevalidated() {
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "max-age=60", HttpHeaders.AGE, "60")).isEmpty();
		Freshness freshness = storable(HttpHeaders.CACHE_CONTROL, "max-age=60", HttpHeaders.AGE, "60", HttpHeaders.ETAG,
				"\"v1\"").orElseThrow();
		assertThat(freshness.isFresh(RESPONSE_TIME)).isFalse();
	}

	@Test
	void noCacheIsStoredWithNoLifetimeAndNeverServedStale() {
		Freshness freshness = storable(HttpHeaders.CACHE_CONTROL, "no-cache, max-age=600, stale-if-error=600",
				HttpHeaders.ETAG, "\"v1\"").orElseThrow();
		assertThat(freshness.lifetime()).isZero();
		assertThat(freshness.isFresh(RESPONSE_TIME)).isFalse();
		assertThat(freshness.mustRevalidate()).isTrue();
		assertThat(freshness.mayServeOnError(RESPONSE_TIME.plusSeconds(1))).isFalse();
		// Without a validator it could never be used: not stored.
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "no-cache")).isEmpty();
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "no-cache=\"Set-Cookie\", max-age=60", HttpHeaders.LAST_MODIFIED,
				DATE).orElseThrow().lifetime()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "must-revalidate", "proxy-revalidate", "Must-Revalidate" })
	void mustRevalidateAndProxyRevalidateForbidStaleServing(String directive) {
		Freshness freshness = storable(HttpHeaders.CACHE_CONTROL,
				"max-age=60, " + directive + ", stale-while-revalidate=60, stale-if-error=600", HttpHeaders.ETAG, "\"v1\"")
			.orElseThrow();
		assertThat(freshness.mustRevalidate()).isTrue();
		assertThat(freshness.isFresh(RESPONSE_TIME.plusSeconds(59))).isTrue();
		assertThat(freshness.mayServeWhileRevalidating(RESPONSE_TIME.plusSeconds(70))).isFalse();
		assertThat(freshness.mayServeOnError(RESPONSE_TIME.plusSeconds(70))).isFalse();
	}

	@Test
	void staleWhileRevalidateAndStaleIfErrorOpenWindowsPastTheLifetime() {
		Freshness freshness = storable(HttpHeaders.CACHE_CONTROL,
				"max-age=60, stale-while-revalidate=30, stale-if-error=300").orElseThrow();
		assertThat(freshness.mustRevalidate()).isFalse();
		assertThat(freshness.isFresh(RESPONSE_TIME.plusSeconds(59))).isTrue();
		assertThat(freshness.mayServeWhileRevalidating(RESPONSE_TIME.plusSeconds(59))).isFalse();
		assertThat(freshness.mayServeOnError(RESPONSE_TIME.plusSeconds(59))).isFalse();
		assertThat(freshness.isFresh(RESPONSE_TIME.plusSeconds(60))).isFalse();
		assertThat(freshness.mayServeWhileRevalidating(RESPONSE_TIME.plusSeconds(60))).isTrue();
		assertThat(freshness.mayServeWhileRevalidating(RESPONSE_TIME.plusSeconds(89))).isTrue();
		assertThat(freshness.mayServeWhileRevalidating(RESPONSE_TIME.plusSeconds(90))).isFalse();
		assertThat(freshness.mayServeOnError(RESPONSE_TIME.plusSeconds(90))).isTrue();
		assertThat(freshness.mayServeOnError(RESPONSE_TIME.plusSeconds(359))).isTrue();
		assertThat(freshness.mayServeOnError(RESPONSE_TIME.plusSeconds(360))).isFalse();
	}

	@Test
	void sMaxageDoesNotCancelTheStaleWindowsTheUpstreamSentWithIt() {
		Freshness freshness = storable(HttpHeaders.CACHE_CONTROL, "s-maxage=60, stale-while-revalidate=30").orElseThrow();
		assertThat(freshness.mayServeWhileRevalidating(RESPONSE_TIME.plusSeconds(70))).isTrue();
	}

	@Test
	void aStaleWindowAloneIsWorthStoring() {
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "max-age=0, stale-if-error=300")).isPresent();
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "max-age=0")).isEmpty();
		assertThat(storable()).as("no freshness, no stale window, no validator").isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Accept", "accept-encoding", "Accept, Accept-Encoding", "Accept-Encoding,Accept", "" })
	void varyOnAcceptAndAcceptEncodingIsStored(String vary) {
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "max-age=60", HttpHeaders.VARY, vary)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", "Cookie", "Accept, Cookie", "User-Agent", "Accept-Language", "Origin" })
	void varyOnAnythingElseIsNotStored(String vary) {
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "max-age=60", HttpHeaders.VARY, vary)).isEmpty();
	}

	@Test
	void varyAcrossFieldLinesIsJudgedWhole() {
		assertThat(storable(HttpHeaders.CACHE_CONTROL, "max-age=60", HttpHeaders.VARY, "Accept", HttpHeaders.VARY,
				"Cookie")).isEmpty();
	}

	@Test
	void heuristicFreshnessIsATenthOfTheTimeSinceLastModified() {
		assertThat(lifetime(HttpHeaders.DATE, DATE, HttpHeaders.LAST_MODIFIED, "Sun, 01 Mar 2026 07:00:00 GMT"))
			.isEqualTo(Duration.ofMinutes(30));
		// Without a Date, from when the answer was received.
		assertThat(lifetime(HttpHeaders.LAST_MODIFIED, "Sun, 01 Mar 2026 11:00:00 GMT")).isEqualTo(Duration.ofMinutes(6));
	}

	@Test
	void heuristicFreshnessIsCapped() {
		assertThat(lifetime(HttpHeaders.DATE, DATE, HttpHeaders.LAST_MODIFIED, "Sun, 01 Mar 2020 12:00:00 GMT"))
			.isEqualTo(Duration.ofHours(1));
		CacheProperties properties = new CacheProperties();
		properties.setMaxHeuristicFreshness(Duration.ofMinutes(5));
		assertThat(new CachePolicy(properties).storable(HttpStatus.OK,
				headers(HttpHeaders.DATE, DATE, HttpHeaders.LAST_MODIFIED, "Sun, 01 Mar 2020 12:00:00 GMT"), REQUEST_TIME,
				RESPONSE_TIME)
			.orElseThrow()
			.lifetime()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void heuristicFreshnessIsOffAtZeroButTheAnswerIsKeptForRevalidation() {
		CacheProperties properties = new CacheProperties();
		properties.setMaxHeuristicFreshness(Duration.ZERO);
		Freshness freshness = new CachePolicy(properties).storable(HttpStatus.OK,
				headers(HttpHeaders.DATE, DATE, HttpHeaders.LAST_MODIFIED, "Sun, 01 Mar 2020 12:00:00 GMT"), REQUEST_TIME,
				RESPONSE_TIME)
			.orElseThrow();
		assertThat(freshness.lifetime()).isZero();
	}

	@Test
	void noHeuristicWhenTheLifetimeIsExplicitOrLastModifiedIsLaterThanDate() {
		assertThat(lifetime(HttpHeaders.CACHE_CONTROL, "max-age=5", HttpHeaders.DATE, DATE, HttpHeaders.LAST_MODIFIED,
				"Sun, 01 Mar 2020 12:00:00 GMT")).isEqualTo(Duration.ofSeconds(5));
		assertThat(lifetime(HttpHeaders.DATE, DATE, HttpHeaders.LAST_MODIFIED, "Sun, 01 Mar 2026 13:00:00 GMT")).isZero();
		assertThat(lifetime(HttpHeaders.DATE, DATE, HttpHeaders.LAST_MODIFIED, "yesterday", HttpHeaders.ETAG, "\"v1\""))
			.isZero();
	}

	@Test
	void aNotModifiedRefreshesTheStoredHeadersAndFreshnessButKeepsTheBody() {
		HttpHeaders stored = headers(HttpHeaders.CACHE_CONTROL, "max-age=60", HttpHeaders.ETAG, "\"v1\"",
				HttpHeaders.CONTENT_TYPE, "image/png", HttpHeaders.CONTENT_LENGTH, "5", HttpHeaders.EXPIRES, DATE,
				HttpHeaders.DATE, DATE);
		CacheEntry stale = new CacheEntry(stored, new byte[] { 1, 2, 3, 4, 5 }, storable(stored).orElseThrow());
		Instant later = RESPONSE_TIME.plus(Duration.ofHours(2));
		HttpHeaders notModified = headers(HttpHeaders.CACHE_CONTROL, "max-age=600", HttpHeaders.ETAG, "\"v1\"",
				HttpHeaders.CONTENT_TYPE, "text/html", HttpHeaders.CONTENT_LENGTH, "0");
		CacheEntry refreshed = this.policy.refreshed(stale, notModified, later.minusSeconds(1), later).orElseThrow();
		assertThat(refreshed.body()).isSameAs(stale.body());
		assertThat(refreshed.headers().getCacheControl()).isEqualTo("max-age=600");
		assertThat(refreshed.headers().getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo("image/png");
		assertThat(refreshed.headers().getFirst(HttpHeaders.CONTENT_LENGTH)).isEqualTo("5");
		assertThat(refreshed.headers().getFirst(HttpHeaders.EXPIRES)).isEqualTo(DATE);
		// The old Date is the 200's, not the 304's: it would make the refreshed entry two hours old.
		assertThat(refreshed.headers().containsHeader(HttpHeaders.DATE)).isFalse();
		assertThat(refreshed.freshness().responseTime()).isEqualTo(later);
		assertThat(refreshed.freshness().initialAge()).isEqualTo(Duration.ofSeconds(1));
		assertThat(refreshed.freshness().lifetime()).isEqualTo(Duration.ofSeconds(600));
		assertThat(refreshed.freshness().isFresh(later.plusSeconds(500))).isTrue();
	}

	@Test
	void aNotModifiedThatForbidsStorageEndsTheEntry() {
		HttpHeaders stored = headers(HttpHeaders.CACHE_CONTROL, "max-age=60", HttpHeaders.ETAG, "\"v1\"");
		CacheEntry stale = new CacheEntry(stored, new byte[0], storable(stored).orElseThrow());
		Instant later = RESPONSE_TIME.plusSeconds(120);
		assertThat(this.policy.refreshed(stale, headers(HttpHeaders.CACHE_CONTROL, "no-store"), later, later)).isEmpty();
		assertThat(this.policy.refreshed(stale, headers(HttpHeaders.VARY, "Cookie"), later, later)).isEmpty();
		assertThat(this.policy.refreshed(stale, headers(HttpHeaders.ETAG, "\"v2\""), later, later).orElseThrow()
			.headers()
			.getETag()).isEqualTo("\"v2\"");
	}

	private Duration lifetime(String... nameValuePairs) {
		return storable(nameValuePairs).orElseThrow().lifetime();
	}

	private Optional<Freshness> storable(String... nameValuePairs) {
		return storable(headers(nameValuePairs));
	}

	private Optional<Freshness> storable(HttpHeaders headers) {
		return this.policy.storable(HttpStatus.OK, headers, REQUEST_TIME, RESPONSE_TIME);
	}

	static HttpHeaders headers(String... nameValuePairs) {
		HttpHeaders headers = new HttpHeaders();
		for (int i = 0; i < nameValuePairs.length; i += 2) {
			headers.add(nameValuePairs[i], nameValuePairs[i + 1]);
		}
		return headers;
	}

}
