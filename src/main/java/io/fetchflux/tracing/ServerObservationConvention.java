package io.fetchflux.tracing;

import io.micrometer.common.KeyValues;

import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The server span without the request path: the route template ({@code uri}) says which
 * endpoint, while the camo routes' paths are the target URLs themselves.
 */
final class ServerObservationConvention extends DefaultServerRequestObservationConvention {

	@Override
	public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
		return KeyValues.empty();
	}

}
