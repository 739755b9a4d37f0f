package io.fetchflux.jobs;

import java.time.Duration;
import java.util.List;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An idle event stream carries heartbeat comments every {@code heartbeat}, and a finished job is
 * forgotten once its {@code ttl} has passed.
 */
@FetchfluxTest(properties = { "fetchflux.jobs.heartbeat=200ms", "fetchflux.jobs.ttl=1s" })
class JobsHeartbeatAndTtlTests {

	private final StubUpstream stub = StubUpstream.get();

	private final JobsClient jobs;

	JobsHeartbeatAndTtlTests(@Autowired WebTestClient client) {
		this.jobs = new JobsClient(client);
	}

	@Test
	void anIdleStreamCarriesHeartbeats() {
		String id = this.jobs.submit(List.of(this.stub.url("/slow/1500")));
		List<ServerSentEvent<String>> events = this.jobs.events(id, null);
		assertThat(events.get(0).comment()).isEqualTo("heartbeat");
		assertThat(events.stream().filter((event) -> event.comment() == null)).extracting(ServerSentEvent::event)
			.containsExactly("progress", "done");
	}

	@Test
	void theHeartbeatIsACommentLine() {
		String id = this.jobs.submit(List.of(this.stub.url("/slow/1000")));
		String raw = this.jobs.client().get().uri("/api/jobs/{id}/events", id)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(raw).startsWith(": heartbeat\n\n").contains("id:1\nevent:progress\ndata:{");
	}

	@Test
	void aFinishedJobExpiresAfterItsTtl() {
		String id = this.jobs.submit(List.of(this.stub.url("/image.png")));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.jobs.client().get().uri("/api/jobs/{id}", id).exchange()
			.expectBody().returnResult().getStatus().value() == 404);
		assertThat(this.stub.requestsTo("/image.png")).isPositive();
	}

}
