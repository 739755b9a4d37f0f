package io.fetchflux.policy;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;

/**
 * The destination policy refused to connect; the detail names the rule, never a resolved address.
 */
public class DestinationRefusedException extends FetchException {

	public DestinationRefusedException(String detail) {
		super(HttpStatus.FORBIDDEN, "destination-refused", detail);
	}

}
