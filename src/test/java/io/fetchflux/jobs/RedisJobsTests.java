package io.fetchflux.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.fetchflux.FetchfluxInstance;
import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import io.fetchflux.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs in Redis, shared by two instances of the service: any instance answers for any job, a job
 * whose instance stops fails once its lease runs out, and without Redis only new jobs are refused.
 */
@FetchfluxTest(properties = { "fetchflux.jobs.store=redis", "fetchflux.jobs.redis.lease-duration=1500ms",
		"fetchflux.jobs.redis.poll-interval=100ms", "fetchflux.jobs.heartbeat=200ms", "management.endpoint.health.show-details=always" })
// Closed after the class: Redis stops then, and a cached context would try to reconnect for the rest of the run.
@DirtiesContext
class RedisJobsTests {

	private static final String[] PROPERTIES = { "fetchflux.jobs.store=redis",
			"fetchflux.jobs.redis.lease-duration=1500ms", "fetchflux.jobs.redis.poll-interval=100ms",
			"fetchflux.jobs.heartbeat=200ms" };

	private static final TestRedis redis = TestRedis.start();

	private static FetchfluxInstance other;

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	private JobsClient one;

	private JobsClient two;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
	}

	@BeforeAll
	static void startTheOtherInstance() {
		other = start();
	}

	@AfterAll
	static void stopTheOtherInstanceAndRedis() {
		other.close();
		redis.stop();
	}

	@BeforeEach
	void clients() {
		this.one = new JobsClient(this.client);
		this.two = new JobsClient(other.client());
	}

	@Test
	void aJobSubmittedToOneInstanceIsWatchedAndReadFromTheOther() {
		String fast = this.stub.url("/image.png?redis-shared");
		String slow = this.stub.url("/slow/700");
		String id = this.one.submit(List.of(slow, fast));
		List<ServerSentEvent<String>> events = withoutComments(this.two.events(id, null));
		assertThat(events).extracting(ServerSentEvent::id).containsExactly("1", "2", "3");
		assertThat(events).extracting(ServerSentEvent::event).containsExactly("progress", "progress", "done");
		assertThat(this.two.data(events.get(0)).get("url").stringValue()).isEqualTo(fast);
		assertThat(this.two.data(events.get(1)).get("url").stringValue()).isEqualTo(slow);
		assertThat(this.two.data(events.get(2)).get("state").stringValue()).isEqualTo("succeeded");
		JsonNode job = this.two.job(id);
		assertThat(job.propertyNames()).containsExactly("id", "state", "total", "done", "failed", "createdAt",
				"finishedAt", "results");
		assertThat(job.get("state").stringValue()).isEqualTo("succeeded");
		assertThat(job.get("total").intValue()).isEqualTo(2);
		assertThat(job.get("done").intValue()).isEqualTo(2);
		assertThat(job.get("failed").intValue()).isZero();
		assertThat(job.get("results")).extracting((line) -> line.get("url").stringValue()).containsExactly(fast, slow);
		assertThat(job.get("results").get(0).get("sha256").stringValue()).hasSize(64);
	}

	@Test
	void lastEventIdResumesOnAnyInstance() {
		String slow = this.stub.url("/slow/1500");
		String id = this.one.submit(List.of(this.stub.url("/image.png?redis-resume"), slow));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.two.job(id).get("done").intValue() == 1);
		assertThat(this.two.job(id).get("state").stringValue()).isEqualTo("running");
		List<ServerSentEvent<String>> resumed = withoutComments(this.two.events(id, "1"));
		assertThat(resumed).extracting(ServerSentEvent::id).containsExactly("2", "3");
		assertThat(this.two.data(resumed.get(0)).get("url").stringValue()).isEqualTo(slow);
		assertThat(withoutComments(this.one.events(id, "2"))).extracting(ServerSentEvent::event).containsExactly("done");
		other.client().get().uri("/api/jobs/{id}/events", id)
			.header("Last-Event-ID", "3")
			.exchange()
			.expectStatus().isNoContent()
			.expectBody().isEmpty();
	}

	@Test
	void aJobCancelledThroughTheOtherInstanceStopsItsFetches() {
		String id = this.one.submit(List.of(this.stub.url("/hang/redis-cancel")));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.arrived("redis-cancel"));
		other.client().delete().uri("/api/jobs/{id}", id)
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("cancelled");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.stub.abandoned("redis-cancel"));
		assertThat(this.one.job(id).get("state").stringValue()).isEqualTo("cancelled");
	}

	@Test
	void theJobsOfAnInstanceThatStopsFailOnceItsLeaseRunsOut() {
		List<String> ids = new ArrayList<>();
		AtomicReference<String> watcher = new AtomicReference<>();
		try (FetchfluxInstance doomed = start("fetchflux.jobs.max-running=1")) {
			JobsClient client = new JobsClient(doomed.client());
			ids.add(client.submit(List.of(this.stub.url("/hang/redis-doomed"))));
			ids.add(client.submit(List.of(this.stub.url("/image.png?redis-doomed-queued"))));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.arrived("redis-doomed"));
			assertThat(this.one.job(ids.get(0)).get("state").stringValue()).isEqualTo("running");
			assertThat(this.one.job(ids.get(1)).get("state").stringValue()).isEqualTo("queued");
			client.stream(ids.get(0), null)
				.subscribe(null, (ex) -> watcher.set("failed: " + ex), () -> watcher.set("ended"));
		}
		// The instance ended its streams as it closed, rather than leave them to be cut by its shutdown.
		await().atMost(Duration.ofSeconds(5)).until(() -> watcher.get() != null);
		assertThat(watcher.get()).isEqualTo("ended");
		for (String id : ids) {
			JsonNode job = this.one.awaitState(id, "failed");
			assertThat(job.get("reason").stringValue()).contains("lease");
			assertThat(job.get("finishedAt").isString()).isTrue();
			List<ServerSentEvent<String>> events = withoutComments(this.two.events(id, null));
			assertThat(events).last().satisfies((done) -> {
				assertThat(done.event()).isEqualTo("done");
				assertThat(this.two.data(done).get("state").stringValue()).isEqualTo("failed");
				assertThat(this.two.data(done).get("reason").stringValue()).contains("lease");
			});
		}
		assertThat(this.stub.requestsTo("/image.png?redis-doomed-queued")).isZero();
	}

	@Test
	void aFinishedJobsKeysExpireWithTheTtl() {
		String id = this.one.submit(List.of(this.stub.url("/image.png?redis-ttl")));
		this.one.awaitState(id, "succeeded");
		for (String key : List.of("fetchflux:job:{" + id + "}", "fetchflux:job:{" + id + "}:events")) {
			long ttl = Long.parseLong(redis.command("PTTL", key).strip().substring(1));
			assertThat(ttl).as(key).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).toMillis());
		}
		assertThat(redis.command("EXISTS", "fetchflux:job:{" + id + "}:lease").strip()).isEqualTo(":0");
	}

	@Test
	void withoutRedisOnlyNewJobsAreRefusedAndOnceItIsBackJobsRunAgain() {
		Map<String, List<String>> body = Map.of("urls", List.of(this.stub.url("/image.png?redis-away")));
		redis.stop();
		try {
			this.client.post().uri("/api/jobs")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus().isEqualTo(503)
				.expectHeader().exists(HttpHeaders.RETRY_AFTER)
				.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:jobs-store-unavailable");
			String lines = this.client.post().uri("/api/batch")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus().isOk()
				.expectBody(String.class).returnResult().getResponseBody();
			assertThat(lines).contains("\"status\":200");
			this.client.get().uri("/api/images?url={url}", this.stub.url("/image.png")).exchange()
				.expectStatus().isOk()
				.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
			this.client.get().uri("/actuator/health/readiness").exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.status").isEqualTo("UP");
			this.client.get().uri("/actuator/health").exchange()
				.expectStatus().isOk()
				.expectBody()
				.jsonPath("$.status").isEqualTo("UP")
				.jsonPath("$.components.jobs.status").isEqualTo("UP")
				.jsonPath("$.components.jobs.details.store").isEqualTo("redis")
				.jsonPath("$.components.jobs.details.reachable").isEqualTo(false);
		}
		finally {
			redis.startAgain();
		}
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
			.until(() -> this.client.post().uri("/api/jobs")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getStatus()
				.value() == 202);
		String id = this.one.submit(body);
		this.two.awaitState(id, "succeeded");
		this.client.get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.components.jobs.details.reachable").isEqualTo(true);
	}

	private static List<ServerSentEvent<String>> withoutComments(List<ServerSentEvent<String>> events) {
		return events.stream().filter((event) -> event.comment() == null).toList();
	}

	private static FetchfluxInstance start(String... properties) {
		List<String> all = new ArrayList<>(List.of(PROPERTIES));
		all.addAll(List.of(redis.properties()));
		all.addAll(List.of(properties));
		return FetchfluxInstance.start(all.toArray(String[]::new));
	}

}
