package io.fetchflux.batch;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;

/**
 * A request body or header that the batch and job endpoints cannot take: malformed, or beyond a bound.
 */
public class InvalidRequestException extends FetchException {

	public InvalidRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, "invalid-request", detail);
	}

}
