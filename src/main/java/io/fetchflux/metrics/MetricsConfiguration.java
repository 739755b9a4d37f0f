package io.fetchflux.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * fetchflux's own meters. Each is registered once, on first use or at startup, and kept: the
 * request path never looks a meter up in the registry, and no tag ever carries a URL, a host
 * name or a client address.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FetchfluxMetricsProperties.class)
@ConditionalOnBooleanProperty(name = "fetchflux.metrics.enabled", matchIfMissing = true)
class MetricsConfiguration {

	@Bean
	FetchMeters fetchMeters(MeterRegistry registry) {
		return new FetchMeters(registry);
	}

	@Bean
	RequestMetricsFilter requestMetricsFilter(MeterRegistry registry, FetchMeters fetchMeters) {
		return new RequestMetricsFilter(registry, fetchMeters);
	}

	@Bean
	PoolMeters poolMeters(MeterRegistry registry) {
		return new PoolMeters(registry);
	}

	@Bean
	SearchMeters searchMeters(MeterRegistry registry) {
		return new SearchMeters(registry);
	}

	@Bean
	DeferredMeters deferredMeters(MeterRegistry registry) {
		return new DeferredMeters(registry);
	}

	@Bean
	BatchMeters batchMeters(MeterRegistry registry) {
		return new BatchMeters(registry);
	}

	@Bean
	JobMeters jobMeters(MeterRegistry registry) {
		return new JobMeters(registry);
	}

}
