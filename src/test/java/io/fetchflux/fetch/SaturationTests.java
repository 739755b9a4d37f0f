package io.fetchflux.fetch;

import java.time.Duration;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

/**
 * One pooled connection and one waiting slot: the third concurrent fetch is shed with a 503.
 */
@FetchfluxTest(properties = { "fetchflux.fetch.max-connections=1", "fetchflux.fetch.pending-acquire-max=1" })
class SaturationTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@Test
	void fullPendingQueueIs503WithRetryAfter() {
		WebClient webClient = WebClient.create("http://127.0.0.1:" + this.port);
		Disposable holding = webClient.get()
			.uri("/api/fetch?url={url}", this.stub.url("/hang/saturation-1"))
			.retrieve().bodyToMono(String.class).subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.arrived("saturation-1"));
		Disposable waiting = webClient.get()
			.uri("/api/fetch?url={url}", this.stub.url("/hang/saturation-2"))
			.retrieve().bodyToMono(String.class).subscribe();
		try {
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> this.client.get()
				.uri("/api/fetch?url={url}", this.stub.url("/hang/saturation-3"))
				.exchange()
				.expectStatus().isEqualTo(503)
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
				.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:saturated"));
		}
		finally {
			holding.dispose();
			waiting.dispose();
		}
	}

}
