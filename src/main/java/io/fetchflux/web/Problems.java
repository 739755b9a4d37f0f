package io.fetchflux.web;

import java.net.URI;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problem for each kind of failure: a stable {@code type} per cause, a title, and
 * a detail that describes the failure without revealing internals.
 */
final class Problems {

	static final String TYPE_PREFIX = "urn:fetchflux:problem:";

	private Problems() {
	}

	static ProblemDetail of(FetchException failure) {
		return of(failure.getStatus(), failure.getType(), failure.getMessage());
	}

	static ProblemDetail of(HttpStatus status, String type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + type));
		return problem;
	}

}
