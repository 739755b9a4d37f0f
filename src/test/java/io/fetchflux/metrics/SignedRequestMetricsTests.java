package io.fetchflux.metrics;

import java.time.Duration;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signing on and, with the one documented property, percentile histograms for the request timer.
 */
@FetchfluxTest(properties = { "fetchflux.signing.keys=metrics-test-key",
		"management.metrics.distribution.percentiles-histogram.fetchflux.requests=true" })
class SignedRequestMetricsTests {

	@Autowired
	private WebTestClient client;

	@Test
	void signatureRefusalsAreCountedUnderTheirRouteAndRule() {
		Scrape before = Scrape.of(this.client);
		this.client.get().uri("/api/images?url={url}", StubUpstream.get().url("/image.png")).exchange()
			.expectStatus().isForbidden()
			.expectBody(byte[].class);
		this.client.get().uri("/" + "0".repeat(40) + "/" + "00").exchange()
			.expectStatus().isForbidden()
			.expectBody(byte[].class);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Scrape after = Scrape.of(this.client);
			assertThat(after.value("fetchflux_fetch_refusals_total", "rule=\"signature\"")
					- before.value("fetchflux_fetch_refusals_total", "rule=\"signature\"")).isEqualTo(2);
			assertThat(after.value("fetchflux_requests_seconds_count", "route=\"/api/images\"",
					"outcome=\"signature-invalid\"", "status=\"4xx\"")).isEqualTo(1);
			assertThat(after.value("fetchflux_requests_seconds_count", "route=\"camo\"",
					"outcome=\"signature-invalid\"", "status=\"4xx\"")).isEqualTo(1);
		});
	}

	@Test
	void percentileHistogramIsExportedWhenTurnedOn() {
		this.client.get().uri("/api/images?url={url}", StubUpstream.get().url("/image.png")).exchange()
			.expectStatus().isForbidden()
			.expectBody(byte[].class);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Scrape.of(this.client).value("fetchflux_requests_seconds_bucket",
					"route=\"/api/images\"", "le=\"+Inf\"")).isGreaterThanOrEqualTo(1));
	}

}
