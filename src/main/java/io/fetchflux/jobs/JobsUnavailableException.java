package io.fetchflux.jobs;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;

/**
 * The service cannot take or answer for jobs now; answered 503 with {@code Retry-After}.
 */
class JobsUnavailableException extends FetchException {

	private JobsUnavailableException(String type, String detail) {
		super(HttpStatus.SERVICE_UNAVAILABLE, type, detail);
	}

	static JobsUnavailableException queueFull(int maxQueued) {
		return new JobsUnavailableException("jobs-queue-full",
				"Too many jobs are waiting to run (" + maxQueued + "); submit this one later");
	}

	static JobsUnavailableException storeUnreachable() {
		return new JobsUnavailableException("jobs-store-unavailable", "The job store cannot be reached");
	}

}
