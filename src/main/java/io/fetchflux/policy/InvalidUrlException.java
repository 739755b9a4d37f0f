package io.fetchflux.policy;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;

/**
 * The URL to fetch is missing, malformed or of a form the service refuses to interpret.
 */
public class InvalidUrlException extends FetchException {

	public InvalidUrlException(String detail) {
		super(HttpStatus.BAD_REQUEST, "invalid-url", detail);
	}

}
