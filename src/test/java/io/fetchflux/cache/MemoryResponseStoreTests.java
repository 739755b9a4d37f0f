package io.fetchflux.cache;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;

import static io.fetchflux.cache.CachePolicyTests.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MemoryResponseStoreTests {

	private static final CacheKey KEY = new CacheKey(CacheKind.IMAGE, "http://example.com/a.png");

	private final CacheStatistics statistics = new CacheStatistics();

	private final MemoryResponseStore store = new MemoryResponseStore(new CacheProperties(), this.statistics);

	@Test
	void anEntryComesBackWithItsHeadersBodyAndFreshness() {
		CacheEntry entry = entry(Duration.ofMinutes(5), 1000, HttpHeaders.ETAG, "\"v1\"");
		StepVerifier.create(this.store.put(KEY, entry)).verifyComplete();
		StepVerifier.create(this.store.get(KEY)).assertNext((found) -> {
			assertThat(found.headers().getContentType()).hasToString("image/png");
			assertThat(found.headers().getETag()).isEqualTo("\"v1\"");
			assertThat(found.body()).isEqualTo(entry.body());
			assertThat(found.freshness()).isEqualTo(entry.freshness());
		}).verifyComplete();
		assertThat(this.statistics.stores(CacheKind.IMAGE)).isOne();
		assertThat(this.statistics.storedBytes(CacheKind.IMAGE)).isEqualTo(entry.weight());
		assertThat(this.store.details()).containsEntry("store", "memory").containsEntry("entries", 1L);
		// Caffeine adds the entry's weight to its total in its maintenance, right after the write.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat((long) this.store.details().get("bytes")).isGreaterThanOrEqualTo(entry.weight()));
	}

	@Test
	void anImageEntryNeverAnswersAFetchLookupOfTheSameUrl() {
		StepVerifier.create(this.store.put(KEY, entry(Duration.ofMinutes(5), 10))).verifyComplete();
		StepVerifier.create(this.store.get(new CacheKey(CacheKind.FETCH, KEY.url()))).verifyComplete();
	}

	@Test
	void anEntryExpiresAfterItsRetention() {
		StepVerifier.create(this.store.put(KEY, entry(Duration.ofMillis(1), 10))).verifyComplete();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> StepVerifier.create(this.store.get(KEY)).verifyComplete());
	}

	@Test
	void anEntryWithAValidatorOutlivesItsLifetimeToBeRevalidated() {
		Freshness staleSinceASecond = new Freshness(Instant.now().minusSeconds(1), Duration.ZERO, Duration.ofMillis(1),
				Duration.ZERO, Duration.ZERO, false);
		CacheEntry entry = new CacheEntry(headers(HttpHeaders.ETAG, "\"v1\""), new byte[10], staleSinceASecond);
		StepVerifier.create(this.store.put(KEY, entry)).verifyComplete();
		StepVerifier.create(this.store.get(KEY))
			.assertNext((found) -> assertThat(found.freshness().isFresh(Instant.now())).isFalse())
			.verifyComplete();
	}

	@Test
	void theTotalWeightIsBoundedByEvictingEntries() {
		CacheProperties properties = new CacheProperties();
		properties.setMaxSize(DataSize.ofKilobytes(100));
		MemoryResponseStore small = new MemoryResponseStore(properties, this.statistics);
		for (int i = 0; i < 30; i++) {
			StepVerifier.create(small.put(new CacheKey(CacheKind.FETCH, "http://example.com/" + i),
					entry(Duration.ofMinutes(5), 10_000))).verifyComplete();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(small.bytes().getAsLong()).isLessThanOrEqualTo(100 * 1024);
			assertThat(small.entries().getAsLong()).isLessThan(30);
			assertThat(this.statistics.evictions()).isGreaterThanOrEqualTo(30 - small.entries().getAsLong());
		});
		assertThat(this.statistics.stores(CacheKind.FETCH)).isEqualTo(30);
	}

	@Test
	void anEntryHeavierThanTheMaxEntrySizeIsNotStored() {
		CacheProperties properties = new CacheProperties();
		properties.setMaxEntrySize(DataSize.ofKilobytes(4));
		MemoryResponseStore store = new MemoryResponseStore(properties, this.statistics);
		StepVerifier.create(store.put(KEY, entry(Duration.ofMinutes(5), 4096))).verifyComplete();
		StepVerifier.create(store.get(KEY)).verifyComplete();
		StepVerifier.create(store.put(KEY, entry(Duration.ofMinutes(5), 1024))).verifyComplete();
		StepVerifier.create(store.get(KEY)).expectNextCount(1).verifyComplete();
		assertThat(this.statistics.stores(CacheKind.IMAGE)).isOne();
	}

	@Test
	void evictionSaysWhetherAnEntryWasRemoved() {
		StepVerifier.create(this.store.put(KEY, entry(Duration.ofMinutes(5), 10))).verifyComplete();
		StepVerifier.create(this.store.evict(KEY)).expectNext(true).verifyComplete();
		StepVerifier.create(this.store.evict(KEY)).expectNext(false).verifyComplete();
		StepVerifier.create(this.store.get(KEY)).verifyComplete();
	}

	@Test
	void aNewerEntryReplacesTheOldOne() {
		StepVerifier.create(this.store.put(KEY, entry(Duration.ofMinutes(5), 10, HttpHeaders.ETAG, "\"v1\"")))
			.verifyComplete();
		StepVerifier.create(this.store.put(KEY, entry(Duration.ofMinutes(5), 10, HttpHeaders.ETAG, "\"v2\"")))
			.verifyComplete();
		StepVerifier.create(this.store.get(KEY))
			.assertNext((found) -> assertThat(found.headers().getETag()).isEqualTo("\"v2\""))
			.verifyComplete();
	}

	static CacheEntry entry(Duration lifetime, int bodyLength, String... headers) {
		HttpHeaders entryHeaders = headers(headers);
		entryHeaders.add(HttpHeaders.CONTENT_TYPE, "image/png");
		byte[] body = new byte[bodyLength];
		for (int i = 0; i < bodyLength; i++) {
			body[i] = (byte) i;
		}
		return new CacheEntry(entryHeaders, body,
				new Freshness(Instant.now(), Duration.ZERO, lifetime, Duration.ZERO, Duration.ZERO, false));
	}

}
