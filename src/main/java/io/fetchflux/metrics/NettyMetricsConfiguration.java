package io.fetchflux.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The memory of Netty's default allocator, which holds every I/O buffer of the server and the
 * client: the direct memory that {@code jvm.options} caps. Spring Boot binds JVM and process
 * meters, but not this one. Gauges, read only when scraped, so they stay on with
 * {@code fetchflux.metrics.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
class NettyMetricsConfiguration {

	@Bean
	MeterBinder nettyAllocatorMetrics() {
		return (registry) -> {
			if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider allocator) {
				new NettyAllocatorMetrics(allocator).bindTo(registry);
			}
		};
	}

}
