package io.fetchflux.cache;

import java.time.Duration;
import java.util.Map;

import io.fetchflux.FetchfluxTest;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.fetchflux.cache.MemoryResponseStoreTests.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code fetchcache} actuator endpoint and the {@code cache} health details, over HTTP,
 * with the endpoint exposed as an operator would expose it.
 */
@FetchfluxTest(properties = { "management.endpoints.web.exposure.include=fetchcache,health",
		"management.endpoint.health.show-details=always" })
class CacheEndpointTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ResponseStore store;

	@Autowired
	private CacheStatistics statistics;

	@Test
	void theEndpointShowsWhatTheCacheDidPerKindAndTheStore() {
		Map<String, Object> before = report();
		this.statistics.hit(CacheKind.IMAGE);
		this.statistics.hit(CacheKind.IMAGE);
		this.statistics.miss(CacheKind.FETCH);
		this.statistics.stale(CacheKind.FETCH);
		this.statistics.revalidated(CacheKind.IMAGE, true);
		this.statistics.revalidated(CacheKind.IMAGE, false);
		this.statistics.coalesced(CacheKind.FETCH);
		CacheEntry entry = entry(Duration.ofMinutes(5), 1000);
		StepVerifier.create(this.store.put(new CacheKey(CacheKind.FETCH, "http://example.com/report"), entry))
			.verifyComplete();
		Map<String, Object> after = report();
		assertThat(delta(before, after, "image", "hits")).isEqualTo(2);
		assertThat(delta(before, after, "image", "notModified")).isEqualTo(1);
		assertThat(delta(before, after, "image", "modified")).isEqualTo(1);
		assertThat(delta(before, after, "fetch", "misses")).isEqualTo(1);
		assertThat(delta(before, after, "fetch", "stale")).isEqualTo(1);
		assertThat(delta(before, after, "fetch", "coalesced")).isEqualTo(1);
		assertThat(delta(before, after, "fetch", "stored")).isEqualTo(1);
		assertThat(delta(before, after, "fetch", "storedBytes")).isEqualTo(entry.weight());
		assertThat(after).containsKeys("evictions", "failures");
		assertThat(after.get("store")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("store", "memory")
			.containsKeys("entries", "bytes", "maxBytes", "maxEntryBytes");
	}

	@Test
	void deletingAUrlEvictsItsEntriesOfBothKindsUnderItsNormalisedForm() {
		String url = "http://example.com/evict-me.png";
		StepVerifier.create(this.store.put(new CacheKey(CacheKind.IMAGE, url), entry(Duration.ofMinutes(5), 10)))
			.verifyComplete();
		StepVerifier.create(this.store.put(new CacheKey(CacheKind.FETCH, url), entry(Duration.ofMinutes(5), 10)))
			.verifyComplete();
		this.client.delete().uri("/actuator/fetchcache?url={url}", "HTTP://Example.COM./evict-me.png#x").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.url").isEqualTo(url)
			.jsonPath("$.evicted.image").isEqualTo(true)
			.jsonPath("$.evicted.fetch").isEqualTo(true);
		StepVerifier.create(this.store.get(new CacheKey(CacheKind.IMAGE, url))).verifyComplete();
		StepVerifier.create(this.store.get(new CacheKey(CacheKind.FETCH, url))).verifyComplete();
		this.client.delete().uri("/actuator/fetchcache?url={url}", url).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.evicted.image").isEqualTo(false)
			.jsonPath("$.evicted.fetch").isEqualTo(false);
	}

	@Test
	void oneKindCanBeEvictedAlone() {
		String url = "http://example.com/one-kind";
		StepVerifier.create(this.store.put(new CacheKey(CacheKind.IMAGE, url), entry(Duration.ofMinutes(5), 10)))
			.verifyComplete();
		StepVerifier.create(this.store.put(new CacheKey(CacheKind.FETCH, url), entry(Duration.ofMinutes(5), 10)))
			.verifyComplete();
		this.client.delete().uri("/actuator/fetchcache?url={url}&kind=fetch", url).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.evicted.fetch").isEqualTo(true)
			.jsonPath("$.evicted.image").doesNotExist();
		StepVerifier.create(this.store.get(new CacheKey(CacheKind.IMAGE, url))).expectNextCount(1).verifyComplete();
	}

	@ParameterizedTest
	@CsvSource(delimiterString = " | ", value = { "not a url | whitespace",
			"ftp://example.com/ | Only absolute http and https URLs can be fetched",
			"http://0177.0.0.1/ | four decimal octets", "http://169.254.169.254/ | Destination refused: link-local" })
	void aUrlTheServiceWouldNotFetchIsABadRequestProblem(String url, String detail) {
		this.client.delete().uri("/actuator/fetchcache?url={url}", url).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(400)
			.jsonPath("$.detail").value((String text) -> assertThat(text).contains(detail));
	}

	@Test
	void aMissingUrlIsABadRequestProblem() {
		this.client.delete().uri("/actuator/fetchcache").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail").isEqualTo("Missing parameters: url");
	}

	@Test
	void healthIsUpWithTheStoreInItsDetailsAndTheProbesLeaveTheCacheOut() {
		this.client.get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.components.cache.status").isEqualTo("UP")
			.jsonPath("$.components.cache.details.store").isEqualTo("memory")
			.jsonPath("$.components.cache.details.entries").isNumber()
			.jsonPath("$.components.cache.details.bytes").isNumber();
		for (String probe : new String[] { "/actuator/health/readiness", "/actuator/health/liveness" }) {
			this.client.get().uri(probe).exchange()
				.expectStatus().isOk()
				.expectBody()
				.jsonPath("$.status").isEqualTo("UP")
				.jsonPath("$.components.cache").doesNotExist();
		}
	}

	private Map<String, Object> report() {
		return this.client.get().uri("/actuator/fetchcache").exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private static long delta(Map<String, Object> before, Map<String, Object> after, String kind, String count) {
		return count(after, kind, count) - count(before, kind, count);
	}

	@SuppressWarnings("unchecked")
	private static long count(Map<String, Object> report, String kind, String count) {
		Map<String, Map<String, Number>> kinds = (Map<String, Map<String, Number>>) report.get("kinds");
		return kinds.get(kind).get(count).longValue();
	}

}
