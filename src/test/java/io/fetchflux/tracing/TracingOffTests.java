package io.fetchflux.tracing;

import io.fetchflux.FetchfluxTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.function.client.ClientRequestObservationConvention;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an OTLP endpoint nothing per request is observed: the HTTP server and client
 * observations are no-ops, so no span and no timer is started.
 */
@FetchfluxTest
class TracingOffTests {

	@Autowired
	private ObservationRegistry observations;

	@Autowired
	private ApplicationContext context;

	@Test
	void httpObservationsAreNoOpsAndTheFetchClientIsNotObserved() {
		assertThat(Observation.createNotStarted("http.server.requests", this.observations).isNoop()).isTrue();
		assertThat(Observation.createNotStarted("http.client.requests", this.observations).isNoop()).isTrue();
		assertThat(this.context.getBeansOfType(ClientRequestObservationConvention.class)).isEmpty();
	}

}
