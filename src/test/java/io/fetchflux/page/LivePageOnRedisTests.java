package io.fetchflux.page;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.TestRedis;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live page's tests again, with the jobs in Redis as when fetchflux is scaled out: the events
 * the page follows are then read from a Redis stream rather than from memory.
 */
@FetchfluxTest(properties = { "fetchflux.fetch.response-timeout=20s", "fetchflux.fetch.deadline=30s",
		"fetchflux.jobs.store=redis" })
// Closed after the class: Redis stops then, and a cached context would try to reconnect for the rest of the run.
@DirtiesContext
class LivePageOnRedisTests extends LivePageTests {

	private static final TestRedis redis = TestRedis.start();

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

}
