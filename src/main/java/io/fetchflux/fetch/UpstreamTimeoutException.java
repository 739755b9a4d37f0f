package io.fetchflux.fetch;

import org.springframework.http.HttpStatus;

/**
 * The upstream did not connect, answer or finish its body in time.
 */
public class UpstreamTimeoutException extends FetchException {

	public UpstreamTimeoutException(String detail) {
		super(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout", detail);
	}

}
