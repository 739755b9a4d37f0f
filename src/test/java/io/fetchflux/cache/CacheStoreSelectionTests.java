package io.fetchflux.cache;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fetchflux.cache.store} picks the one store; the Redis connection factory is needed
 * only by the Redis store, so a service without Redis configured starts with the others.
 */
class CacheStoreSelectionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(CacheConfiguration.class);

	@Test
	void memoryIsTheDefaultAndNeedsNoRedis() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ResponseStore.class)).isInstanceOf(MemoryResponseStore.class);
			assertThat(context).hasSingleBean(CachePolicy.class).hasSingleBean(CacheStatistics.class);
		});
	}

	@Test
	void noneCachesNothingAndNeedsNoRedis() {
		this.runner.withPropertyValues("fetchflux.cache.store=none").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ResponseStore.class)).isInstanceOf(NoResponseStore.class);
		});
	}

	@Test
	void redisNeedsSpringDataRedis() {
		this.runner.withPropertyValues("fetchflux.cache.store=REDIS")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("ReactiveRedisConnectionFactory"));
	}

	@Test
	void anUnknownStoreStopsTheServiceWithTheProperty() {
		this.runner.withPropertyValues("fetchflux.cache.store=disk")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasRootCauseInstanceOf(IllegalArgumentException.class)
				.hasStackTraceContaining("fetchflux.cache.store"));
	}

	@Test
	void nonsensicalSizesStopTheService() {
		this.runner.withPropertyValues("fetchflux.cache.max-entry-size=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("fetchflux.cache.max-entry-size must be positive"));
		this.runner.withPropertyValues("fetchflux.cache.max-heuristic-freshness=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("fetchflux.cache.max-heuristic-freshness must not be negative"));
	}

}
