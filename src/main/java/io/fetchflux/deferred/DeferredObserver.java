package io.fetchflux.deferred;

/**
 * Told when a {@link Deferred} returned by a controller expires, for metrics.
 */
public interface DeferredObserver {

	/**
	 * A deferred result's timeout passed before it was set.
	 */
	void timedOut();

}
