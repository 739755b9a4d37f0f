package io.fetchflux.tracing;

import io.micrometer.common.KeyValues;

import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;

/**
 * The fetch client's observation without the upstream: clients choose upstream hosts and URLs,
 * so neither becomes a metric tag (the default's {@code client.name}) nor a span attribute (the
 * default's {@code http.url}, which would carry whatever secret a URL holds).
 */
final class FetchObservationConvention extends DefaultClientRequestObservationConvention {

	@Override
	public KeyValues getLowCardinalityKeyValues(ClientRequestObservationContext context) {
		return KeyValues.of(method(context), status(context), outcome(context), exception(context));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ClientRequestObservationContext context) {
		return KeyValues.empty();
	}

}
