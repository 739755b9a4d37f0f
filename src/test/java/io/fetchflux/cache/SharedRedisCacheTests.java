package io.fetchflux.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.fetchflux.FetchfluxInstance;
import io.fetchflux.NettyLeakDetectionExtension;
import io.fetchflux.StubUpstream;
import io.fetchflux.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances share one real Redis: what one fetched, the other serves without an upstream
 * fetch; without Redis both keep answering, uncached, and recover on their own when it returns.
 */
@ExtendWith(NettyLeakDetectionExtension.class)
class SharedRedisCacheTests {

	private static final AtomicInteger ids = new AtomicInteger();

	private static TestRedis redis;

	private static FetchfluxInstance first;

	private static FetchfluxInstance second;

	private final StubUpstream stub = StubUpstream.get();

	@BeforeAll
	static void start() {
		redis = TestRedis.start();
		first = FetchfluxInstance.start(properties());
		second = FetchfluxInstance.start(properties());
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, redis }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private static String[] properties() {
		return new String[] { "fetchflux.cache.store=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.port(), "fetchflux.cache.redis.retry-interval=200ms" };
	}

	@Test
	void whatOneInstanceFetchedTheOtherServesWithoutTheUpstream() {
		String url = cacheable();
		EntityExchangeResult<byte[]> fetched = image(first, url);
		assertThat(cacheStatus(fetched)).contains("stored");
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.command("DBSIZE").matches(":[1-9]\\d*\\r\\n"));
		EntityExchangeResult<byte[]> served = image(second, url);
		assertThat(cacheStatus(served)).contains("hit");
		assertThat(served.getResponseBody()).isEqualTo(fetched.getResponseBody());
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(1);
	}

	@Test
	void aUrlThisInstancesPolicyRefusesIsRefusedEvenWhenAnotherCachedIt() {
		String url = cacheable();
		image(first, url);
		try (FetchfluxInstance strict = FetchfluxInstance.start(concat(properties(),
				"fetchflux.fetch.allowed-ports=443"))) {
			strict.client().get().uri("/api/images?url={url}", url).exchange()
				.expectStatus().isForbidden()
				.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused");
		}
	}

	@Test
	void withoutRedisBothKeepAnsweringAndRecoverWhenItReturns() {
		redis.stop();
		try {
			String url = cacheable();
			for (FetchfluxInstance instance : new FetchfluxInstance[] { first, second, first }) {
				EntityExchangeResult<byte[]> answered = image(instance, url);
				assertThat(answered.getResponseBody()).startsWith(StubUpstream.PNG);
			}
			assertThat(this.stub.requestsToPath(path(url))).isEqualTo(3);
		}
		finally {
			redis.startAgain();
		}
		String url = cacheable();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			image(first, url);
			assertThat(cacheStatus(image(second, url))).contains("hit");
		});
	}

	private EntityExchangeResult<byte[]> image(FetchfluxInstance instance, String url) {
		return instance.client().get().uri("/api/images?url={url}", url).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).returnResult();
	}

	private String cacheable() {
		return this.stub.url("/cacheable/shared-" + ids.incrementAndGet() + "?cc=max-age=60");
	}

	private static String path(String url) {
		String path = url.substring(url.indexOf('/', "http://".length()));
		return path.substring(0, path.indexOf('?'));
	}

	private static String cacheStatus(EntityExchangeResult<?> result) {
		return result.getResponseHeaders().getFirst(CacheStatus.HEADER);
	}

	private static String[] concat(String[] properties, String more) {
		String[] all = java.util.Arrays.copyOf(properties, properties.length + 1);
		all[properties.length] = more;
		return all;
	}

}
