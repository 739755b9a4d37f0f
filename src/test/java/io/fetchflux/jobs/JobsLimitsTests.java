package io.fetchflux.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs beyond {@code max-running} wait, queued; beyond {@code max-queued} none is accepted; the
 * in-process store keeps at most {@code memory.max-finished} finished jobs; and batches and jobs
 * together have no more fetches in flight than {@code fetchflux.batch.max-in-flight}.
 */
@FetchfluxTest(properties = { "fetchflux.jobs.max-running=1", "fetchflux.jobs.max-queued=1",
		"fetchflux.jobs.memory.max-finished=1", "fetchflux.batch.max-in-flight=3" })
class JobsLimitsTests {

	private final StubUpstream stub = StubUpstream.get();

	private final JobsClient jobs;

	JobsLimitsTests(@Autowired WebTestClient client) {
		this.jobs = new JobsClient(client);
	}

	@Test
	void jobsBeyondTheRunningOnesWaitAndBeyondTheQueueAreRefused() {
		String running = this.jobs.submit(List.of(this.stub.url("/hang/limits-running")));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.arrived("limits-running"));
		String queued = this.jobs.submit(List.of(this.stub.url("/image.png?limits-queued")));
		assertThat(this.jobs.job(running).get("state").stringValue()).isEqualTo("running");
		assertThat(this.jobs.job(queued).get("state").stringValue()).isEqualTo("queued");
		assertThat(this.jobs.job(queued).get("done").intValue()).isZero();
		this.jobs.client().post().uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of(this.stub.url("/image.png?limits-refused"))))
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().exists(HttpHeaders.RETRY_AFTER)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:jobs-queue-full");
		this.jobs.client().delete().uri("/api/jobs/{id}", running).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("cancelled");
		this.jobs.awaitState(queued, "succeeded");
		assertThat(this.stub.requestsTo("/image.png?limits-refused")).isZero();
	}

	@Test
	void aQueuedJobThatIsCancelledNeverRuns() {
		String running = this.jobs.submit(List.of(this.stub.url("/hang/limits-holder")));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.arrived("limits-holder"));
		String queued = this.jobs.submit(List.of(this.stub.url("/image.png?limits-cancelled")));
		this.jobs.client().delete().uri("/api/jobs/{id}", queued).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("cancelled").jsonPath("$.done").isEqualTo(0);
		this.jobs.client().delete().uri("/api/jobs/{id}", running).exchange().expectStatus().isOk().expectBody();
		String next = this.jobs.submit(List.of(this.stub.url("/image.png?limits-next")));
		this.jobs.awaitState(next, "succeeded");
		assertThat(this.stub.requestsTo("/image.png?limits-cancelled")).isZero();
	}

	@Test
	void theOldestFinishedJobIsForgottenBeyondTheBound() {
		String first = this.jobs.submit(List.of(this.stub.url("/image.png?limits-first")));
		this.jobs.awaitState(first, "succeeded");
		String second = this.jobs.submit(List.of(this.stub.url("/image.png?limits-second")));
		this.jobs.awaitState(second, "succeeded");
		this.jobs.client().get().uri("/api/jobs/{id}", first).exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:job-not-found");
	}

	@Test
	void batchesAndJobsShareOneCapOnFetchesInFlight() {
		String group = "in-flight-cap";
		List<String> urls = IntStream.range(0, 6).mapToObj((i) -> this.stub.url("/counted/" + group + "/300?" + i)).toList();
		Map<String, Object> body = Map.of("urls", urls, "concurrency", 8);
		this.jobs.client().post().uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus().isAccepted()
			.expectBody().jsonPath("$.id").exists();
		List<String> lines = Flux.range(0, 2)
			.flatMap((batch) -> this.jobs.client().post().uri("/api/batch")
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
