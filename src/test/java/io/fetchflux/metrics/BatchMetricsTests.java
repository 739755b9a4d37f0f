package io.fetchflux.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters of batches and jobs: URLs checked by mode and outcome, the fetches in flight under
 * the shared cap, and jobs by state. The context is shared, so counts are compared before and after.
 */
@FetchfluxTest
class BatchMetricsTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Test
	void checkedUrlsAreCountedByModeAndOutcome() {
		Scrape before = Scrape.of(this.client);
		this.client.post().uri("/api/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of(this.stub.url("/image.png"), this.stub.url("/mislabelled.png")), "mode",
					"image"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Scrape after = Scrape.of(this.client);
			assertThat(delta(before, after, "fetchflux_batch_fetches_total", "mode=\"image\"", "outcome=\"ok\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_batch_fetches_total", "mode=\"image\"",
					"outcome=\"not-an-image\"")).isEqualTo(1);
		});
	}

	@Test
	void jobsAreCountedByState() {
		Scrape before = Scrape.of(this.client);
		this.client.post().uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of(this.stub.url("/image.png"))))
			.exchange()
			.expectStatus().isAccepted()
			.expectBody(String.class);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Scrape after = Scrape.of(this.client);
			assertThat(delta(before, after, "fetchflux_jobs_finished_total", "state=\"succeeded\"")).isEqualTo(1);
			assertThat(delta(before, after, "fetchflux_batch_fetches_total", "mode=\"fetch\"", "outcome=\"ok\"")).isEqualTo(1);
		});
		Scrape scrape = Scrape.of(this.client);
		assertThat(scrape.has("fetchflux_jobs")).isTrue();
		assertThat(scrape.startingWith("fetchflux_jobs{")).hasSize(2);
		assertThat(scrape.has("fetchflux_batch_in_flight")).isTrue();
		assertThat(scrape.has("fetchflux_batch_waiting")).isTrue();
	}

	private static double delta(Scrape before, Scrape after, String name, String... labels) {
		return after.value(name, labels) - before.value(name, labels);
	}

}
