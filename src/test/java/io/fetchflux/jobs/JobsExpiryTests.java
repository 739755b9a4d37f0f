package io.fetchflux.jobs;

import java.time.Duration;
import java.util.List;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * A finished job is forgotten once its ttl has passed.
 */
@FetchfluxTest(properties = "fetchflux.jobs.ttl=1s")
class JobsExpiryTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private JsonMapper jsonMapper;

	@Test
	void aFinishedJobExpiresAfterItsTtl() {
		JobsClient jobs = new JobsClient(this.client, this.jsonMapper);
		String id = jobs.submit(List.of(StubUpstream.get().url("/image.png")));
		jobs.awaitState(id, "succeeded");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.client.get().uri("/api/jobs/{id}", id).exchange()
				.expectBody().returnResult().getStatus().value() == 404);
	}

}
