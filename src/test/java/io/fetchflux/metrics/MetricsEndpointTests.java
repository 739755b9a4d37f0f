package io.fetchflux.metrics;

import java.time.Duration;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * fetchflux's meters as Prometheus scrapes them. The context is shared with other tests, so
 * each test compares counts before and after what it does.
 */
@FetchfluxTest
// A fresh context: requests that earlier test classes left in flight must not end inside a delta.
@DirtiesContext(classMode = ClassMode.BEFORE_CLASS)
class MetricsEndpointTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Test
	void relayedImageIsTimedByRouteOutcomeAndStatusClassWithItsFetch() {
		Scrape before = Scrape.of(this.client);
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.png")).exchange()
			.expectStatus().isOk().expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Scrape after = Scrape.of(this.client);
			assertThat(delta(before, after, "fetchflux_requests_seconds_count", "route=\"/api/images\"", "outcome=\"ok\"",
					"status=\"2xx\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_fetch_headers_seconds_count", "outcome=\"ok\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_fetch_body_seconds_count", "outcome=\"complete\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_fetch_relayed_bytes_sum")).isEqualTo(StubUpstream.PNG.length);
		});
	}

	@Test
	void revalidatedImageIsCountedNotModified() {
		Scrape before = Scrape.of(this.client);
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.png"))
			.header(HttpHeaders.IF_NONE_MATCH, StubUpstream.ETAG)
			.exchange()
			.expectStatus().isNotModified().expectBody(byte[].class);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Scrape after = Scrape.of(this.client);
			assertThat(delta(before, after, "fetchflux_requests_seconds_count", "route=\"/api/images\"",
					"outcome=\"not-modified\"", "status=\"3xx\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_fetch_headers_seconds_count", "outcome=\"not-modified\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_fetch_body_seconds_count")).isZero();
		});
	}

	@Test
	void refusalsAreCountedByTheRuleThatRefused() {
		Scrape before = Scrape.of(this.client);
		this.client.get().uri("/api/fetch?url={url}", "http://169.254.169.254/latest/meta-data/").exchange()
			.expectStatus().isForbidden().expectBody(byte[].class);
		this.client.get().uri("/api/fetch?url={url}", "http://private.test:" + this.stub.port() + "/").exchange()
			.expectStatus().isForbidden().expectBody(byte[].class);
		this.client.get().uri("/api/styles/reactive/image?url={url}", "http://metadata.google.internal/").exchange()
			.expectStatus().isForbidden().expectBody(byte[].class);
		this.client.get().uri("/api/fetch?url={url}", "http://0177.0.0.1/").exchange().expectStatus().isBadRequest().expectBody(byte[].class);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Scrape after = Scrape.of(this.client);
			assertThat(delta(before, after, "fetchflux_fetch_refusals_total", "rule=\"link-local\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_fetch_refusals_total", "rule=\"private\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_fetch_refusals_total", "rule=\"name\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_fetch_refusals_total", "rule=\"url\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_requests_seconds_count", "route=\"/api/fetch\"",
					"outcome=\"destination-refused\"", "status=\"4xx\"")).isEqualTo(2);
			assertThat(delta(before, after, "fetchflux_requests_seconds_count", "route=\"/api/styles/{style}/image\"",
					"outcome=\"destination-refused\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_requests_seconds_count", "route=\"/api/fetch\"",
					"outcome=\"invalid-url\"", "status=\"4xx\"")).isEqualTo(1);
		});
	}

	@Test
	void redirectsAndUpstreamFailuresAreCounted() {
		Scrape before = Scrape.of(this.client);
		this.client.get().uri("/api/images?url={url}", this.stub.url("/redirect/1")).exchange().expectStatus().isOk().expectBody(byte[].class);
		this.client.get().uri("/api/fetch?url={url}", this.stub.url("/status/404")).exchange()
			.expectStatus().isNotFound().expectBody(byte[].class);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Scrape after = Scrape.of(this.client);
			assertThat(delta(before, after, "fetchflux_fetch_redirects_total")).isEqualTo(2);
			assertThat(delta(before, after, "fetchflux_fetch_headers_seconds_count", "outcome=\"upstream-not-found\""))
				.isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_requests_seconds_count", "route=\"/api/fetch\"",
					"outcome=\"upstream-not-found\"", "status=\"4xx\"")).isEqualTo(1);
		});
	}

	@Test
	void unmatchedRoutesShareOneFixedRouteValue() {
		Scrape before = Scrape.of(this.client);
		this.client.get().uri("/no/such/path/{random}", System.nanoTime()).exchange().expectStatus().isNotFound().expectBody(byte[].class);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(delta(before, Scrape.of(this.client),
				"fetchflux_requests_seconds_count", "route=\"none\"", "outcome=\"not-found\"", "status=\"4xx\""))
			.isEqualTo(1));
	}

	@Test
	void searchProvidersAreCountedByOutcomeAndTheExpiredDeferredResultToo() {
		Scrape before = Scrape.of(this.client);
		this.client.get().uri("/api/search?q={q}", "Python").exchange().expectStatus().isOk().expectBody(byte[].class);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Scrape after = Scrape.of(this.client);
			assertThat(delta(before, after, "fetchflux_search_providers_total", "provider=\"wikipedia\"",
					"outcome=\"ok\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_search_providers_total", "provider=\"slowwiki\"",
					"outcome=\"timeout\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_deferred_timeouts_total")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_requests_seconds_count", "route=\"/api/search\"",
					"outcome=\"ok\"")).isEqualTo(1);
		});
	}

	@Test
	void poolGaugesAndTheJvmProcessAndNettyMetersAreExposed() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.png")).exchange().expectStatus().isOk().expectBody(byte[].class);
		Scrape scrape = Scrape.of(this.client);
		assertThat(scrape.value("fetchflux_fetch_pool_pools")).isGreaterThanOrEqualTo(1);
		assertThat(scrape.has("fetchflux_fetch_pool_active")).isTrue();
		assertThat(scrape.value("fetchflux_fetch_pool_idle") + scrape.value("fetchflux_fetch_pool_active"))
			.isGreaterThanOrEqualTo(1);
		assertThat(scrape.has("fetchflux_fetch_pool_pending")).isTrue();
		assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
		assertThat(scrape.has("jvm_gc_pause_seconds_count") || scrape.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
		assertThat(scrape.has("process_cpu_usage")).isTrue();
		assertThat(scrape.has("process_uptime_seconds")).isTrue();
		assertThat(scrape.has("netty_allocator_memory_used")).isTrue();
	}

	@Test
	void noMeterOfTheServiceCarriesAUrlOrAHost() {
		this.client.get().uri("/api/images?url={url}", "http://stub.test:" + this.stub.port() + "/image.png").exchange()
			.expectStatus().isOk().expectBody(byte[].class);
		this.client.get().uri("/api/fetch?url={url}", this.stub.url("/status/500?secret=1")).exchange()
			.expectStatus().isEqualTo(502).expectBody(byte[].class);
		assertThat(Scrape.of(this.client).startingWith("fetchflux_")).isNotEmpty()
			.noneMatch((line) -> line.contains("127.0.0.1") || line.contains("stub.test") || line.contains("http")
					|| line.contains("secret") || line.contains(String.valueOf(this.stub.port())));
	}

	@Test
	void percentileHistogramsAreOffByDefault() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.png")).exchange().expectStatus().isOk().expectBody(byte[].class);
		assertThat(Scrape.of(this.client).has("fetchflux_requests_seconds_bucket")).isFalse();
	}

	private static double delta(Scrape before, Scrape after, String name, String... labels) {
		return after.value(name, labels) - before.value(name, labels);
	}

}
