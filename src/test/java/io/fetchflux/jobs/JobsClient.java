package io.fetchflux.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Submits, reads and watches jobs over HTTP, as a client of one instance does.
 */
record JobsClient(WebTestClient client) {

	static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	String submit(List<?> urls) {
		return submit(Map.of("urls", urls));
	}

	String submit(Map<String, ?> body) {
		String location = this.client.post().uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus().isAccepted()
			.expectBody(String.class)
			.returnResult()
			.getResponseHeaders()
			.getFirst(HttpHeaders.LOCATION);
		assertThat(location).matches("/api/jobs/[A-Za-z0-9_-]{22}");
		return location.substring("/api/jobs/".length());
	}

	JsonNode job(String id) {
		String body = this.client.get().uri("/api/jobs/{id}", id)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return json(body);
	}

	JsonNode awaitState(String id, String state) {
		await().atMost(Duration.ofSeconds(20)).until(() -> job(id).get("state").stringValue().equals(state));
		return job(id);
	}

	/**
	 * Every event and comment of a job's stream, until it ends.
	 */
	List<ServerSentEvent<String>> events(String id, String lastEventId) {
		return stream(id, lastEventId).collectList().block(Duration.ofSeconds(20));
	}

	Flux<ServerSentEvent<String>> stream(String id, String lastEventId) {
		return this.client.get().uri("/api/jobs/{id}/events", id)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(SSE)
			.getResponseBody();
	}

	JsonNode data(ServerSentEvent<String> event) {
		return json(event.data());
	}

	JsonNode json(String body) {
		return JsonMapper.shared().readTree(body);
	}

}
