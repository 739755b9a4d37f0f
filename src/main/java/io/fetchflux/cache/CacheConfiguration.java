package io.fetchflux.cache;

import io.fetchflux.policy.DestinationPolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * The response cache's storage: the RFC 9111 policy, the statistics, the one store that
 * {@code fetchflux.cache.store} chooses, its health details and the {@code fetchcache}
 * actuator endpoint. The Redis connection factory is only asked for when the store is Redis.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheProperties.class)
class CacheConfiguration {

	@Bean
	CachePolicy cachePolicy(CacheProperties properties) {
		return new CachePolicy(properties);
	}

	@Bean
	CacheStatistics cacheStatistics() {
		return new CacheStatistics();
	}

	@Bean
	ResponseStore responseStore(CacheProperties properties, CacheStatistics statistics,
			ObjectProvider<ReactiveRedisConnectionFactory> redis) {
		return switch (properties.getStore()) {
			case MEMORY -> new MemoryResponseStore(properties, statistics);
			case REDIS -> new RedisResponseStore(properties, redis.getObject(), statistics);
			case NONE -> new NoResponseStore();
		};
	}

	@Bean
	CacheHealthIndicator cacheHealthIndicator(ResponseStore store) {
		return new CacheHealthIndicator(store);
	}

	@Bean
	@ConditionalOnAvailableEndpoint
	CacheEndpoint cacheEndpoint(ResponseStore store, CacheStatistics statistics, DestinationPolicy policy) {
		return new CacheEndpoint(store, statistics, policy);
	}

}
