package io.fetchflux.fetch;

import org.springframework.http.HttpStatus;

/**
 * Too many fetches are already waiting for a connection; the caller should retry later.
 */
public class FetchSaturatedException extends FetchException {

	public FetchSaturatedException(String detail) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "saturated", detail);
	}

}
