package io.fetchflux.batch;

import java.util.function.IntSupplier;

/**
 * Told how each URL of a batch or job fared, for metrics: called on the thread that checked it,
 * so implementations must be cheap and thread-safe.
 */
public interface BatchObserver {

	/**
	 * Observes nothing.
	 */
	BatchObserver NONE = new BatchObserver() {
	};

	/**
	 * Given once, at startup: how to read the fetches of batches and jobs in flight, and those
	 * waiting for a slot under {@code fetchflux.batch.max-in-flight}.
	 * @param inFlight the fetches in flight
	 * @param waiting the fetches waiting for a slot
	 */
	default void limit(IntSupplier inFlight, IntSupplier waiting) {
	}

	/**
	 * A URL was checked.
	 * @param mode how it was fetched
	 * @param outcome {@code ok}, or the failure's problem type short name
	 */
	default void checked(Mode mode, String outcome) {
	}

}
