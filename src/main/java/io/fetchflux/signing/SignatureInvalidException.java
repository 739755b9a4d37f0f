package io.fetchflux.signing;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;

/**
 * Signing is on and the request does not carry a valid signature of its URL. The detail never
 * includes a digest: echoing the expected one would sign any URL for whoever asks.
 */
class SignatureInvalidException extends FetchException {

	SignatureInvalidException(String detail) {
		super(HttpStatus.FORBIDDEN, "signature-invalid", detail);
	}

}
