package io.fetchflux.fetch;

import org.springframework.http.HttpStatus;

/**
 * The upstream answered that the resource does not exist.
 */
public class UpstreamNotFoundException extends FetchException {

	public UpstreamNotFoundException(int upstreamStatus) {
		super(HttpStatus.NOT_FOUND, "upstream-not-found", "The upstream answered " + upstreamStatus);
	}

}
