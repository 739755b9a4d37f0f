package io.fetchflux.metrics;

import java.time.Duration;
import java.time.Instant;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.cache.CacheEntry;
import io.fetchflux.cache.CacheKey;
import io.fetchflux.cache.CacheKind;
import io.fetchflux.cache.CacheStatistics;
import io.fetchflux.cache.Freshness;
import io.fetchflux.cache.ResponseStore;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The response cache's meters as Prometheus scrapes them: counters over the cache's statistics
 * by kind and result, and the memory store's size.
 */
@FetchfluxTest
class CacheMetersTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private CacheStatistics statistics;

	@Autowired
	private ResponseStore store;

	@Test
	void lookupsRevalidationsAndCoalescedJoinersAreCountedByKindAndResult() {
		Scrape before = Scrape.of(this.client);
		this.statistics.hit(CacheKind.IMAGE);
		this.statistics.hit(CacheKind.IMAGE);
		this.statistics.miss(CacheKind.IMAGE);
		this.statistics.stale(CacheKind.FETCH);
		this.statistics.revalidated(CacheKind.FETCH, true);
		this.statistics.revalidated(CacheKind.IMAGE, false);
		this.statistics.coalesced(CacheKind.IMAGE);
		Scrape after = Scrape.of(this.client);
		assertThat(delta(before, after, "fetchflux_cache_lookups_total", "kind=\"image\"", "result=\"hit\"")).isEqualTo(2);
		assertThat(delta(before, after, "fetchflux_cache_lookups_total", "kind=\"image\"", "result=\"miss\"")).isEqualTo(1);
		assertThat(delta(before, after, "fetchflux_cache_lookups_total", "kind=\"fetch\"", "result=\"stale\"")).isEqualTo(1);
		assertThat(delta(before, after, "fetchflux_cache_lookups_total", "kind=\"fetch\"", "result=\"hit\"")).isZero();
		assertThat(delta(before, after, "fetchflux_cache_revalidations_total", "kind=\"fetch\"",
				"outcome=\"not-modified\"")).isEqualTo(1);
		assertThat(delta(before, after, "fetchflux_cache_revalidations_total", "kind=\"image\"", "outcome=\"modified\""))
			.isEqualTo(1);
		assertThat(delta(before, after, "fetchflux_cache_coalesced_total", "kind=\"image\"")).isEqualTo(1);
	}

	@Test
	void storedBytesAndTheMemoryStoreSizeAreExposed() {
		Scrape before = Scrape.of(this.client);
		CacheEntry entry = new CacheEntry(new HttpHeaders(), new byte[5000], new Freshness(Instant.now(), Duration.ZERO,
				Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO, false));
		StepVerifier.create(this.store.put(new CacheKey(CacheKind.FETCH, "http://example.com/metered"), entry))
			.verifyComplete();
		Scrape after = Scrape.of(this.client);
		assertThat(delta(before, after, "fetchflux_cache_stored_bytes_total", "kind=\"fetch\"")).isEqualTo(entry.weight());
		assertThat(delta(before, after, "fetchflux_cache_stores_total", "kind=\"fetch\"")).isEqualTo(1);
		assertThat(after.has("fetchflux_cache_evictions_total")).isTrue();
		assertThat(after.has("fetchflux_cache_failures_total")).isTrue();
		// Caffeine adds the entry's weight to its total in its maintenance, right after the write.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Scrape later = Scrape.of(this.client);
			assertThat(later.value("fetchflux_cache_size_bytes")).isGreaterThanOrEqualTo(entry.weight());
			assertThat(later.value("fetchflux_cache_entries")).isGreaterThanOrEqualTo(1);
		});
	}

	@Test
	void everyCacheSeriesIsTaggedByKindAndFixedValuesOnly() {
		assertThat(Scrape.of(this.client).startingWith("fetchflux_cache_")).hasSizeGreaterThanOrEqualTo(20)
			.allMatch((line) -> line.replaceAll("(kind|result|outcome)=\"[a-z-]+\",?", "")
				.matches("fetchflux_cache_[a-z_]+(\\{\\})? \\S+"));
	}

	private static double delta(Scrape before, Scrape after, String name, String... labels) {
		return after.value(name, labels) - before.value(name, labels);
	}

}
