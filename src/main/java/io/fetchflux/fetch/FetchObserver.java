package io.fetchflux.fetch;

/**
 * Told what each fetch does, for metrics: called on the thread that sees the event, so
 * implementations must be cheap and thread-safe. Times are in nanoseconds since the fetch
 * started. {@link #NONE} observes nothing, and the engine then skips the work of observing.
 */
public interface FetchObserver {

	/**
	 * Observes nothing.
	 */
	FetchObserver NONE = new FetchObserver() {
	};

	/**
	 * The fetch followed a redirect.
	 */
	default void redirected() {
	}

	/**
	 * The final answer's headers arrived: a success or a 304.
	 * @param nanos time since the fetch started
	 * @param notModified whether the answer is a 304
	 */
	default void headers(long nanos, boolean notModified) {
	}

	/**
	 * The fetch failed before a body was handed on, refusals and upstream errors included.
	 * @param failure the failure
	 * @param nanos time since the fetch started
	 */
	default void failed(FetchException failure, long nanos) {
	}

	/**
	 * The body ended: read to its end, cut by a failure, or given up by its reader.
	 * @param nanos time since the fetch started
	 * @param bytes the bytes of the body read from the upstream
	 * @param failure the failure that cut it, or {@code null}
	 * @param complete whether it was read to its end
	 */
	default void bodyEnded(long nanos, long bytes, FetchException failure, boolean complete) {
	}

}
