package io.fetchflux.fetch;

import org.springframework.http.HttpStatus;

/**
 * The request came through fetchflux already: fetching it again would loop through the service.
 */
public class FetchLoopException extends FetchException {

	public FetchLoopException() {
		super(HttpStatus.LOOP_DETECTED, "loop-detected", "The request has already passed through fetchflux");
	}

}
