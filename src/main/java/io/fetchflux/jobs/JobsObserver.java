package io.fetchflux.jobs;

import java.util.function.IntSupplier;

/**
 * Told about the jobs of this instance, for metrics. Implementations must be cheap and thread-safe.
 */
public interface JobsObserver {

	/**
	 * Observes nothing.
	 */
	JobsObserver NONE = new JobsObserver() {
	};

	/**
	 * Given once, at startup: how to read the jobs this instance queues and runs.
	 * @param queued the jobs waiting to run
	 * @param running the jobs running
	 */
	default void active(IntSupplier queued, IntSupplier running) {
	}

	/**
	 * A job ended, by this instance's doing: it ran to its end, was cancelled, or was failed.
	 * @param state its final state
	 */
	default void finished(JobState state) {
	}

}
