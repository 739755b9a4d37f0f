package io.fetchflux.batch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * All batches and jobs together have no more fetches in flight than {@code fetchflux.batch.max-in-flight}.
 */
@FetchfluxTest(properties = "fetchflux.batch.max-in-flight=3")
class BatchInFlightCapTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Test
	void batchesAndJobsShareOneCapOnFetchesInFlight() {
		String group = "in-flight-cap";
		List<String> urls = IntStream.range(0, 6).mapToObj((i) -> this.stub.url("/counted/" + group + "/300?" + i)).toList();
		Map<String, Object> body = Map.of("urls", urls, "concurrency", 8);
		this.client.post().uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus().isAccepted()
			.expectBody().jsonPath("$.id").exists();
		List<String> lines = Flux.range(0, 2)
			.flatMap((batch) -> this.client.post().uri("/api/batch")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.returnResult(String.class)
				.getResponseBody())
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(lines).hasSize(12).allSatisfy((line) -> assertThat(line).contains("\"status\":200"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.stub.ended(group) == 18);
		assertThat(this.stub.maxConcurrent(group)).isEqualTo(3);
	}

}
