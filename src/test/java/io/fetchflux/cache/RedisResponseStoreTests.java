package io.fetchflux.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.fetchflux.cache.MemoryResponseStoreTests.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis store against a real redis-server, wired as the service wires it (Spring Boot's
 * Lettuce client with fetchflux's client options), including Redis going away and coming back.
 */
@FetchfluxTest(properties = { "fetchflux.cache.store=redis", "fetchflux.cache.max-entry-size=64KB",
		"fetchflux.cache.redis.timeout=1s", "fetchflux.cache.redis.retry-interval=500ms",
		"management.endpoint.health.show-details=always",
		// The test classpath has commons-pool2 (through embedded-redis), which would turn on
		// Lettuce pooling; the service's classpath does not.
		"spring.data.redis.lettuce.pool.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
// The client keeps reconnecting to a Redis that is gone: the context ends with this class.
@DirtiesContext
class RedisResponseStoreTests {

	private static final TestRedis redis = TestRedis.start();

	@Autowired
	private ResponseStore store;

	@Autowired
	private CacheStatistics statistics;

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

	@BeforeEach
	void connected() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.details().get("reachable"), Boolean.TRUE::equals);
	}

	@Test
	void anEntryComesBackWithItsHeadersBodyAndFreshnessUnderItsKindAndUrl() {
		CacheKey key = key(CacheKind.IMAGE, "http://example.com/round-trip.png");
		CacheEntry entry = entry(Duration.ofMinutes(5), 20_000, HttpHeaders.ETAG, "\"v1\"", "X-Multi", "one");
		long stores = this.statistics.stores(CacheKind.IMAGE);
		StepVerifier.create(this.store.put(key, entry)).verifyComplete();
		StepVerifier.create(this.store.get(key)).assertNext((found) -> {
			assertThat(found.headers().headerSet()).containsExactlyElementsOf(entry.headers().headerSet());
			assertThat(found.body()).isEqualTo(entry.body());
			assertThat(found.freshness()).isEqualTo(entry.freshness());
		}).verifyComplete();
		assertThat(redis.command("EXISTS", "fetchflux:cache:image:http://example.com/round-trip.png")).isEqualTo(":1\r\n");
		assertThat(this.statistics.stores(CacheKind.IMAGE)).isEqualTo(stores + 1);
		StepVerifier.create(this.store.get(key(CacheKind.FETCH, "http://example.com/round-trip.png"))).verifyComplete();
	}

	@Test
	void redisExpiresAnEntryAfterItsRetention() {
		CacheKey key = key(CacheKind.FETCH, "http://example.com/short");
		StepVerifier.create(this.store.put(key, entry(Duration.ofMillis(1), 10))).verifyComplete();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(redis.command("EXISTS", redisKey(key))).isEqualTo(":0\r\n");
			StepVerifier.create(this.store.get(key)).verifyComplete();
		});
	}

	@Test
	void theExpiryIsTheLifetimeAndStaleWindowsPlusKeepStaleForAnEntryWithAValidator() {
		CacheKey plain = key(CacheKind.FETCH, "http://example.com/plain");
		CacheKey validated = key(CacheKind.FETCH, "http://example.com/validated");
		StepVerifier.create(this.store.put(plain, entry(Duration.ofSeconds(60), 10))).verifyComplete();
		StepVerifier.create(this.store.put(validated, entry(Duration.ofSeconds(60), 10, HttpHeaders.ETAG, "\"v1\"")))
			.verifyComplete();
		assertThat(pttl(plain)).isBetween(50_000L, 60_000L);
		assertThat(pttl(validated)).isBetween(650_000L, 660_000L);
	}

	@Test
	void aVeryLongUrlIsStoredUnderItsSha256() {
		String url = "http://example.com/" + "a".repeat(600);
		CacheKey key = key(CacheKind.FETCH, url);
		StepVerifier.create(this.store.put(key, entry(Duration.ofMinutes(5), 10))).verifyComplete();
		assertThat(redisKey(key)).startsWith("fetchflux:cache:fetch:").hasSize("fetchflux:cache:fetch:".length() + 64);
		assertThat(redis.command("EXISTS", redisKey(key))).isEqualTo(":1\r\n");
		StepVerifier.create(this.store.get(key)).expectNextCount(1).verifyComplete();
	}

	@Test
	void anEntryHeavierThanTheMaxEntrySizeIsNotStored() {
		CacheKey key = key(CacheKind.IMAGE, "http://example.com/heavy.png");
		StepVerifier.create(this.store.put(key, entry(Duration.ofMinutes(5), 64 * 1024))).verifyComplete();
		assertThat(redis.command("EXISTS", redisKey(key))).isEqualTo(":0\r\n");
		StepVerifier.create(this.store.get(key)).verifyComplete();
	}

	@Test
	void aValueThatIsNotAnEntryIsAMissNotAFailure() {
		CacheKey key = key(CacheKind.IMAGE, "http://example.com/corrupt.png");
		long failures = this.statistics.failures();
		assertThat(redis.command("SET", redisKey(key), "not an entry")).isEqualTo("+OK\r\n");
		StepVerifier.create(this.store.get(key)).verifyComplete();
		assertThat(this.statistics.failures()).isEqualTo(failures);
		assertThat(this.store.details()).containsEntry("reachable", true);
	}

	@Test
	void evictionSaysWhetherAnEntryWasRemoved() {
		CacheKey key = key(CacheKind.IMAGE, "http://example.com/evicted.png");
		StepVerifier.create(this.store.put(key, entry(Duration.ofMinutes(5), 10))).verifyComplete();
		StepVerifier.create(this.store.evict(key)).expectNext(true).verifyComplete();
		StepVerifier.create(this.store.evict(key)).expectNext(false).verifyComplete();
		assertThat(redis.command("EXISTS", redisKey(key))).isEqualTo(":0\r\n");
	}

	@Test
	void whileRedisIsAwayTheStoreMissesAndTheServiceStaysUpThenItRecoversOnItsOwn(CapturedOutput output) {
		CacheKey key = key(CacheKind.IMAGE, "http://example.com/outage.png");
		StepVerifier.create(this.store.put(key, entry(Duration.ofMinutes(5), 10))).verifyComplete();
		redis.stop();
		try {
			StepVerifier.create(this.store.get(key)).expectComplete().verify(Duration.ofSeconds(5));
			StepVerifier.create(this.store.put(key, entry(Duration.ofMinutes(5), 10))).expectComplete()
				.verify(Duration.ofSeconds(5));
			StepVerifier.create(this.store.evict(key)).expectNext(false).expectComplete().verify(Duration.ofSeconds(5));
			assertThat(this.store.details()).containsEntry("store", "redis")
				.containsEntry("reachable", false)
				.containsKeys("since", "lastFailure", "lastFailureAt");
			// Once the client knows it is disconnected it rejects commands at once rather than
			// queueing them until the timeout.
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				StepVerifier.create(this.store.get(key)).expectComplete().verify(Duration.ofSeconds(5));
				assertThat(this.store.details().get("lastFailure")).asString().contains("Commands are rejected");
			});
			this.client.get().uri("/actuator/health").exchange()
				.expectStatus().isOk()
				.expectBody()
				.jsonPath("$.status").isEqualTo("UP")
				.jsonPath("$.components.cache.status").isEqualTo("UP")
				.jsonPath("$.components.cache.details.store").isEqualTo("redis")
				.jsonPath("$.components.cache.details.reachable").isEqualTo(false)
				.jsonPath("$.components.cache.details.lastFailure").isNotEmpty();
			this.client.get().uri("/actuator/health/readiness").exchange()
				.expectStatus().isOk()
				.expectBody()
				.jsonPath("$.status").isEqualTo("UP")
				.jsonPath("$.components.cache").doesNotExist();
			this.client.get().uri("/actuator/health/liveness").exchange()
				.expectStatus().isOk()
				.expectBody()
				.jsonPath("$.components.cache").doesNotExist();
		}
		finally {
			redis.startAgain();
		}
		CacheKey after = key(CacheKind.IMAGE, "http://example.com/after-outage.png");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			StepVerifier.create(this.store.put(after, entry(Duration.ofMinutes(5), 10))).verifyComplete();
			StepVerifier.create(this.store.get(after)).expectNextCount(1).verifyComplete();
		});
		assertThat(this.store.details()).containsEntry("reachable", true);
		assertThat(output).contains("Response cache: Redis failed (")
			.contains("Response cache: Redis is reachable again")
			.doesNotContain("\tat io.lettuce")
			.doesNotContain("\tat org.springframework.data.redis");
	}

	private static CacheKey key(CacheKind kind, String url) {
		return new CacheKey(kind, url);
	}

	private String redisKey(CacheKey key) {
		return new String(((RedisResponseStore) this.store).redisKey(key), StandardCharsets.UTF_8);
	}

	private long pttl(CacheKey key) {
		String reply = redis.command("PTTL", redisKey(key));
		return Long.parseLong(reply.substring(1).trim());
	}

}
