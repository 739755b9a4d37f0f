package io.fetchflux.jobs;

import io.fetchflux.batch.ResultLine;

/**
 * An event of a job: a {@code progress} event per finished URL, with ids 1, 2, 3... in the order
 * they finished, then one {@code done} event.
 *
 * @param id the event's sequence number, from 1
 * @param line the finished URL's line, for a {@code progress} event
 * @param job the job without its results, for the {@code done} event
 */
record JobEvent(long id, ResultLine line, JobView job) {

	static JobEvent progress(long id, ResultLine line) {
		return new JobEvent(id, line, null);
	}

	static JobEvent done(long id, JobView job) {
		return new JobEvent(id, null, job.withoutResults());
	}

	boolean isDone() {
		return this.job != null;
	}

}
