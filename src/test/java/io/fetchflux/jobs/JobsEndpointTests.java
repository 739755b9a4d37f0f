package io.fetchflux.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs run in the background, in the in-process store: read, watched live, resumed and cancelled.
 */
@FetchfluxTest
class JobsEndpointTests {

	private final StubUpstream stub = StubUpstream.get();

	private final JobsClient jobs;

	JobsEndpointTests(@Autowired WebTestClient client) {
		this.jobs = new JobsClient(client);
	}

	@Test
	void aSubmittedJobIsAcceptedWithItsLocationAndId() {
		String body = this.jobs.client().post().uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of(this.stub.url("/image.png"))))
			.exchange()
			.expectStatus().isAccepted()
			.expectHeader().valueMatches("Location", "/api/jobs/[A-Za-z0-9_-]{22}")
			.expectBody(String.class).returnResult().getResponseBody();
		JsonNode submitted = this.jobs.json(body);
		assertThat(submitted.propertyNames()).containsExactly("id");
		assertThat(submitted.get("id").stringValue()).matches("[A-Za-z0-9_-]{22}");
	}

	@Test
	void aJobRunsInTheBackgroundAndReportsItsResults() {
		String png = this.stub.url("/image.png");
		String missing = this.stub.url("/status/404");
		String id = this.jobs.submit(List.of(png, missing));
		JsonNode job = this.jobs.awaitState(id, "succeeded");
		assertThat(job.propertyNames()).containsExactly("id", "state", "total", "done", "failed", "createdAt",
				"finishedAt", "results");
		assertThat(job.get("id").stringValue()).isEqualTo(id);
		assertThat(job.get("total").intValue()).isEqualTo(2);
		assertThat(job.get("done").intValue()).isEqualTo(2);
		assertThat(job.get("failed").intValue()).isEqualTo(1);
		Instant createdAt = Instant.parse(job.get("createdAt").stringValue());
		assertThat(Instant.parse(job.get("finishedAt").stringValue())).isAfterOrEqualTo(createdAt);
		assertThat(job.get("createdAt").stringValue()).endsWith("Z");
		Map<String, JsonNode> results = StreamSupport.stream(job.get("results").spliterator(), false)
			.collect(Collectors.toMap((line) -> line.get("url").stringValue(), (line) -> line));
		assertThat(results.get(png).get("status").intValue()).isEqualTo(200);
		assertThat(results.get(png).get("bytes").longValue()).isEqualTo(StubUpstream.PNG.length);
		assertThat(results.get(png).get("error").isNull()).isTrue();
		assertThat(results.get(missing).get("status").intValue()).isEqualTo(404);
		assertThat(results.get(missing).get("error").stringValue()).isEqualTo("upstream-not-found");
	}

	@Test
	void aJobWhoseEveryUrlFailedHasStillSucceeded() {
		String id = this.jobs.submit(List.of(this.stub.url("/status/404"), "not a url"));
		JsonNode job = this.jobs.awaitState(id, "succeeded");
		assertThat(job.get("failed").intValue()).isEqualTo(2);
		assertThat(job.has("reason")).isFalse();
	}

	@Test
	void eventsStreamEachFinishedUrlThenDone() {
		String fast = this.stub.url("/image.png");
		String slow = this.stub.url("/slow/700");
		String id = this.jobs.submit(List.of(slow, fast));
		List<ServerSentEvent<String>> events = withoutComments(this.jobs.events(id, null));
		assertThat(events).extracting(ServerSentEvent::id).containsExactly("1", "2", "3");
		assertThat(events).extracting(ServerSentEvent::event).containsExactly("progress", "progress", "done");
		assertThat(this.jobs.data(events.get(0)).get("url").stringValue()).isEqualTo(fast);
		assertThat(this.jobs.data(events.get(1)).get("url").stringValue()).isEqualTo(slow);
		JsonNode done = this.jobs.data(events.get(2));
		assertThat(done.propertyNames()).containsExactly("id", "state", "total", "done", "failed", "createdAt",
				"finishedAt");
		assertThat(done.get("state").stringValue()).isEqualTo("succeeded");
		assertThat(done.get("done").intValue()).isEqualTo(2);
	}

	@Test
	void lastEventIdResumesAFinishedJobAfterThatEvent() {
		String id = this.jobs.submit(List.of(this.stub.url("/image.png"), this.stub.url("/image.gif")));
		this.jobs.awaitState(id, "succeeded");
		List<ServerSentEvent<String>> all = withoutComments(this.jobs.events(id, null));
		List<ServerSentEvent<String>> resumed = withoutComments(this.jobs.events(id, "1"));
		assertThat(resumed).extracting(ServerSentEvent::id).containsExactly("2", "3");
		assertThat(resumed.get(0).data()).isEqualTo(all.get(1).data());
		this.jobs.client().get().uri("/api/jobs/{id}/events", id)
			.header("Last-Event-ID", "3")
			.exchange()
			.expectStatus().isNoContent()
			.expectBody().isEmpty();
	}

	@Test
	void lastEventIdResumesARunningJobAfterThatEvent() {
		String slow = this.stub.url("/slow/1500");
		String id = this.jobs.submit(List.of(this.stub.url("/image.png"), slow));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.jobs.job(id).get("done").intValue() == 1);
		assertThat(this.jobs.job(id).get("state").stringValue()).isEqualTo("running");
		List<ServerSentEvent<String>> resumed = withoutComments(this.jobs.events(id, "1"));
		assertThat(resumed).extracting(ServerSentEvent::id).containsExactly("2", "3");
		assertThat(this.jobs.data(resumed.get(0)).get("url").stringValue()).isEqualTo(slow);
		assertThat(resumed.get(1).event()).isEqualTo("done");
	}

	@Test
	void deletingARunningJobCancelsItsFetches() {
		String id = this.jobs.submit(List.of(this.stub.url("/hang/job-cancel-1"), this.stub.url("/hang/job-cancel-2")));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.stub.arrived("job-cancel-1") && this.stub.arrived("job-cancel-2"));
		String body = this.jobs.client().delete().uri("/api/jobs/{id}", id)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		JsonNode job = this.jobs.json(body);
		assertThat(job.get("state").stringValue()).isEqualTo("cancelled");
		assertThat(job.get("finishedAt").isString()).isTrue();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.stub.abandoned("job-cancel-1") && this.stub.abandoned("job-cancel-2"));
		List<ServerSentEvent<String>> events = withoutComments(this.jobs.events(id, null));
		assertThat(events).singleElement().satisfies((done) -> {
			assertThat(done.event()).isEqualTo("done");
			assertThat(this.jobs.data(done).get("state").stringValue()).isEqualTo("cancelled");
		});
	}

	@Test
	void deletingAFinishedJobAnswersItsFinalState() {
		String id = this.jobs.submit(List.of(this.stub.url("/image.png")));
		this.jobs.awaitState(id, "succeeded");
		this.jobs.client().delete().uri("/api/jobs/{id}", id)
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("succeeded").jsonPath("$.results.length()").isEqualTo(1);
	}

	@Test
	void unknownJobsAreNotFound() {
		for (String id : List.of("AAAAAAAAAAAAAAAAAAAAAA", "not-an-id")) {
			this.jobs.client().get().uri("/api/jobs/{id}", id).exchange()
				.expectStatus().isNotFound()
				.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:job-not-found");
			this.jobs.client().get().uri("/api/jobs/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM).exchange()
				.expectStatus().isNotFound()
				.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:job-not-found");
			this.jobs.client().delete().uri("/api/jobs/{id}", id).exchange()
				.expectStatus().isNotFound()
				.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:job-not-found");
		}
	}

	@Test
	void badRequestsAreRefusedWithProblems() {
		this.jobs.client().post().uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of()))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:invalid-request");
		String id = this.jobs.submit(List.of(this.stub.url("/image.png")));
		this.jobs.client().get().uri("/api/jobs/{id}/events", id)
			.header("Last-Event-ID", "two")
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:invalid-request");
	}

	private static List<ServerSentEvent<String>> withoutComments(List<ServerSentEvent<String>> events) {
		return events.stream().filter((event) -> event.comment() == null).toList();
	}

}
