package io.fetchflux.jobs;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a failed job store operation as one line without a stack trace, at most once a period:
 * while Redis is away every request that needs it fails, and the log must not say so each time.
 */
final class StoreFailureLog {

	private static final Log logger = LogFactory.getLog(JobStore.class);

	private final long periodNanos;

	private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());

	private final AtomicLong suppressed = new AtomicLong();

	StoreFailureLog(Duration period) {
		this.periodNanos = period.toNanos();
	}

	void record(String operation, Throwable failure) {
		long now = System.nanoTime();
		long next = this.nextNanos.get();
		if (now - next < 0 || !this.nextNanos.compareAndSet(next, now + this.periodNanos)) {
			this.suppressed.incrementAndGet();
			return;
		}
		long before = this.suppressed.getAndSet(0);
		logger.warn("Job store " + operation + " failed: " + failure.getClass().getSimpleName() + ": "
				+ failure.getMessage() + ((before > 0) ? " [" + before + " similar failures not logged]" : ""));
	}

}
