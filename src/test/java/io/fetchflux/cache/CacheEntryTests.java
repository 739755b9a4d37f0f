package io.fetchflux.cache;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static io.fetchflux.cache.CachePolicyTests.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CacheEntryTests {

	private static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:00Z");

	private static final Duration KEEP_STALE = Duration.ofMinutes(10);

	@Test
	void retentionIsTheLifetimeLeftPlusTheLongerStaleWindowPlusKeepStaleWhenRevalidatable() {
		Freshness freshness = new Freshness(RECEIVED, Duration.ofSeconds(10), Duration.ofSeconds(60),
				Duration.ofSeconds(30), Duration.ofSeconds(300), false);
		assertThat(entry(freshness, HttpHeaders.ETAG, "\"v1\"").retention(KEEP_STALE)).isEqualTo(Duration.ofSeconds(950));
		assertThat(entry(freshness, HttpHeaders.LAST_MODIFIED, "Sun, 01 Mar 2026 11:00:00 GMT").retention(KEEP_STALE))
			.isEqualTo(Duration.ofSeconds(950));
		assertThat(entry(freshness, HttpHeaders.CONTENT_TYPE, "image/png").retention(KEEP_STALE))
			.isEqualTo(Duration.ofSeconds(350));
	}

	@Test
	void retentionIsNeverBelowOneMillisecond() {
		Freshness dead = new Freshness(RECEIVED, Duration.ofSeconds(120), Duration.ofSeconds(60), Duration.ZERO,
				Duration.ZERO, false);
		assertThat(entry(dead, HttpHeaders.CONTENT_TYPE, "image/png").retention(KEEP_STALE)).isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void remainingRetentionCountsFromWhenTheAnswerWasReceived() {
		Freshness freshness = new Freshness(RECEIVED, Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO,
				false);
		CacheEntry entry = entry(freshness, HttpHeaders.CONTENT_TYPE, "image/png");
		assertThat(entry.remainingRetention(KEEP_STALE, RECEIVED.plusSeconds(20))).isEqualTo(Duration.ofSeconds(40));
		assertThat(entry.remainingRetention(KEEP_STALE, RECEIVED.plusSeconds(90))).isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void weightIsTheBodyPlusAnEstimateOfTheHeaders() {
		Freshness freshness = new Freshness(RECEIVED, Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO,
				false);
		CacheEntry bare = new CacheEntry(new HttpHeaders(), new byte[1000], freshness);
		CacheEntry withHeaders = new CacheEntry(headers(HttpHeaders.CONTENT_TYPE, "image/png", HttpHeaders.ETAG,
				"\"" + "x".repeat(500) + "\""), new byte[1000], freshness);
		assertThat(bare.weight()).isGreaterThan(1000);
		assertThat(withHeaders.weight()).isGreaterThan(bare.weight() + 500 + "image/png".length());
	}

	@Test
	void theStoredHeadersAreACopyNobodyCanChange() {
		HttpHeaders headers = headers(HttpHeaders.ETAG, "\"v1\"");
		CacheEntry entry = new CacheEntry(headers, new byte[0], new Freshness(RECEIVED, Duration.ZERO,
				Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO, false));
		headers.set(HttpHeaders.ETAG, "\"changed\"");
		assertThat(entry.headers().getETag()).isEqualTo("\"v1\"");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> entry.headers().set(HttpHeaders.ETAG, "\"v2\""));
	}

	private static CacheEntry entry(Freshness freshness, String... nameValuePairs) {
		return new CacheEntry(headers(nameValuePairs), new byte[] { 1 }, freshness);
	}

}
