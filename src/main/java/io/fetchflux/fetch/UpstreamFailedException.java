package io.fetchflux.fetch;

import org.springframework.http.HttpStatus;

/**
 * The upstream could not be reached, broke the connection, answered an error or spoke malformed HTTP.
 */
public class UpstreamFailedException extends FetchException {

	public UpstreamFailedException(String detail) {
		super(HttpStatus.BAD_GATEWAY, "upstream-failed", detail);
	}

	public UpstreamFailedException(String detail, Throwable cause) {
		super(HttpStatus.BAD_GATEWAY, "upstream-failed", detail, cause);
	}

}
