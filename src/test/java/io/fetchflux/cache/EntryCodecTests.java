package io.fetchflux.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class EntryCodecTests {

	static final CacheEntry ENTRY = entry(70_000);

	private static final CacheEntry SMALL = entry(100);

	@Test
	void anEntryRoundTripsWithItsHeadersInOrderItsBodyAndItsFreshness() {
		CacheEntry decoded = EntryCodec.decode(EntryCodec.encode(ENTRY)).orElseThrow();
		assertThat(decoded.headers().headerSet()).containsExactlyElementsOf(ENTRY.headers().headerSet());
		assertThat(decoded.headers().get("X-Multi")).containsExactly("one", "two");
		assertThat(decoded.body()).isEqualTo(ENTRY.body());
		assertThat(decoded.freshness()).isEqualTo(ENTRY.freshness());
	}

	@Test
	void anEmptyBodyAndNoHeadersRoundTrip() {
		CacheEntry empty = new CacheEntry(new HttpHeaders(), new byte[0], ENTRY.freshness());
		CacheEntry decoded = EntryCodec.decode(EntryCodec.encode(empty)).orElseThrow();
		assertThat(decoded.headers().isEmpty()).isTrue();
		assertThat(decoded.body()).isEmpty();
	}

	@Test
	void aTruncatedOrExtendedValueIsNoEntry() {
		byte[] value = EntryCodec.encode(SMALL);
		for (int length = 0; length < value.length; length++) {
			assertThat(EntryCodec.decode(Arrays.copyOf(value, length))).as("truncated to %d bytes", length).isEmpty();
		}
		assertThat(EntryCodec.decode(Arrays.copyOf(value, value.length + 1))).isEmpty();
	}

	@Test
	void aCorruptByteAnywhereNeverMakesReadingThrow() {
		byte[] value = EntryCodec.encode(SMALL);
		for (int i = 0; i < value.length; i++) {
			byte[] corrupt = value.clone();
			corrupt[i] = (byte) ~corrupt[i];
			assertThatCode(() -> EntryCodec.decode(corrupt)).as("byte %d flipped", i).doesNotThrowAnyException();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "hello", "{\"json\":true}", "FFC", "\u0000\u0000\u0000\u0000" })
	void aForeignValueIsNoEntry(String foreign) {
		assertThat(EntryCodec.decode(foreign.getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	@Test
	void anotherVersionIsNoEntry() {
		byte[] value = EntryCodec.encode(ENTRY);
		value[3] = 2;
		assertThat(EntryCodec.decode(value)).isEmpty();
	}

	private static CacheEntry entry(int bodyLength) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.CONTENT_TYPE, "image/png");
		headers.add(HttpHeaders.ETAG, "\"v1\"");
		headers.add(HttpHeaders.CACHE_CONTROL, "max-age=60, stale-if-error=300");
		headers.addAll("X-Multi", List.of("one", "two"));
		headers.add("Content-Disposition", "inline; filename=\"bücher.png\"");
		byte[] body = new byte[bodyLength];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) (i * 31);
		}
		return new CacheEntry(headers, body, new Freshness(Instant.parse("2026-03-01T12:00:00.123456789Z"),
				Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(300), true));
	}

}
