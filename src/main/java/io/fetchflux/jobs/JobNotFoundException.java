package io.fetchflux.jobs;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;

/**
 * No job has this id: it never existed, or it finished longer than the ttl ago.
 */
class JobNotFoundException extends FetchException {

	JobNotFoundException() {
		super(HttpStatus.NOT_FOUND, "job-not-found", "No job has this id; finished jobs are kept for a limited time");
	}

}
