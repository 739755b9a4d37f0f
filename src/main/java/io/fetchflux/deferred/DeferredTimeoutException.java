package io.fetchflux.deferred;

import java.time.Duration;

/**
 * A {@link Deferred} was not set within its timeout and had no timeout result.
 */
public class DeferredTimeoutException extends RuntimeException {

	public DeferredTimeoutException(Duration timeout) {
		super("No result within " + timeout.toMillis() + " ms", null, false, false);
	}

}
