package io.fetchflux.tracing;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Tracing is off until {@value #ENDPOINT} names an OTLP/HTTP collector. Until then the server
 * and client HTTP observations are refused, so no request starts a span or a timer. Once it is
 * set, each request is a server span and each fetch a child span, exported by Spring Boot's
 * OpenTelemetry support; the fetch spans are made without propagation, because upstreams are
 * third parties that must not receive the service's trace context. An incoming
 * {@code traceparent} is honoured.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

	static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	private static final String SERVER_REQUESTS = "http.server.requests";

	private static final String CLIENT_REQUESTS = "http.client.requests";

	@Bean
	ObservationPredicate httpObservationsOnlyWhenTracing(Environment environment) {
		boolean tracing = StringUtils.hasText(environment.getProperty(ENDPOINT));
		return (name, context) -> tracing || !(SERVER_REQUESTS.equals(name) || CLIENT_REQUESTS.equals(name));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(ENDPOINT)
	static class Exporting {

		/**
		 * Also what turns the fetch client's observation on (see the fetch package's client configuration).
		 */
		@Bean
		FetchObservationConvention fetchObservationConvention() {
			return new FetchObservationConvention();
		}

		@Bean
		ServerObservationConvention serverObservationConvention() {
			return new ServerObservationConvention();
		}

		/**
		 * Replaces Boot's propagating sender handler: outbound requests still get a client span,
		 * but a propagator that writes no header. The fetch client is the service's only sender.
		 */
		@Bean
		@Order(MicrometerTracingAutoConfiguration.SENDER_TRACING_OBSERVATION_HANDLER_ORDER)
		PropagatingSenderTracingObservationHandler<?> propagatingSenderTracingObservationHandler(Tracer tracer) {
			return new PropagatingSenderTracingObservationHandler<>(tracer, Propagator.NOOP);
		}

	}

}
