package io.fetchflux.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.NestedExceptionUtils;

/**
 * Whether Redis may be asked: after a failure it is left alone for the retry interval, then
 * one operation is let through to try it again, so that a dead Redis costs requests no
 * latency and a recovered one is used again without anyone stepping in. The condition is
 * logged as one line per interval, without a stack trace, with the count of failures not
 * logged.
 */
final class RedisAvailability {

	private static final Log logger = LogFactory.getLog(RedisResponseStore.class);

	private static final int MAX_FAILURE_LENGTH = 300;

	private final Duration retryInterval;

	private final long retryNanos;

	private final Duration timeout;

	private final Clock clock;

	private final AtomicReference<State> state;

	private final AtomicLong lastLogged;

	private final AtomicLong notLogged = new AtomicLong();

	RedisAvailability(Duration retryInterval, Duration timeout, Clock clock) {
		this.retryInterval = retryInterval;
		this.retryNanos = retryInterval.toNanos();
		this.timeout = timeout;
		this.clock = clock;
		// Not known to be reachable until it answered: the first operation allowed connects.
		this.state = new AtomicReference<>(new State(false, System.nanoTime(), clock.instant(), null, null));
		this.lastLogged = new AtomicLong(System.nanoTime() - this.retryNanos);
	}

	/**
	 * Whether an operation may go to Redis now: always while it is reachable; once the retry
	 * interval has passed, for exactly one operation, which tries it again.
	 */
	boolean allow() {
		State current = this.state.get();
		if (current.reachable()) {
			return true;
		}
		long now = System.nanoTime();
		return now - current.retryAt() >= 0 && this.state.compareAndSet(current, current.withRetryAt(now + this.retryNanos));
	}

	void succeeded() {
		State current = this.state.get();
		if (current.reachable()) {
			return;
		}
		Instant now = this.clock.instant();
		if (this.state.compareAndSet(current, new State(true, 0, now, current.lastFailure(), current.lastFailureAt()))) {
			this.lastLogged.set(System.nanoTime() - this.retryNanos);
			if (current.lastFailure() != null) {
				logger.info("Response cache: Redis is reachable again after "
						+ Duration.between(current.since(), now).truncatedTo(ChronoUnit.MILLIS)
						+ "; cached answers are served again");
			}
		}
	}

	void failed(Throwable failure) {
		String description = describe(failure);
		Instant now = this.clock.instant();
		long nanos = System.nanoTime();
		this.state.updateAndGet((current) -> new State(false, nanos + this.retryNanos,
				current.reachable() ? now : current.since(), description, now));
		log(description, nanos);
	}

	private void log(String description, long now) {
		long last = this.lastLogged.get();
		if (now - last < this.retryNanos || !this.lastLogged.compareAndSet(last, now)) {
			this.notLogged.incrementAndGet();
			return;
		}
		long skipped = this.notLogged.getAndSet(0);
		logger.warn("Response cache: Redis failed (" + description + "); requests are served uncached and Redis is tried again in "
				+ this.retryInterval + ((skipped > 0) ? " [" + skipped + " similar failures not logged]" : ""));
	}

	private String describe(Throwable failure) {
		if (failure instanceof TimeoutException) {
			return "no answer within " + this.timeout;
		}
		StringBuilder description = new StringBuilder(failure.getClass().getSimpleName());
		if (failure.getMessage() != null) {
			description.append(": ").append(failure.getMessage());
		}
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		if (cause != failure) {
			description.append(" (").append(cause.getClass().getSimpleName());
			if (cause.getMessage() != null) {
				description.append(": ").append(cause.getMessage());
			}
			description.append(')');
		}
		String line = description.toString().replaceAll("\\s+", " ");
		return (line.length() > MAX_FAILURE_LENGTH) ? line.substring(0, MAX_FAILURE_LENGTH) + "..." : line;
	}

	Map<String, Object> details() {
		State current = this.state.get();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("reachable", current.reachable());
		details.put("since", current.since().toString());
		if (current.lastFailure() != null) {
			details.put("lastFailure", current.lastFailure());
			details.put("lastFailureAt", current.lastFailureAt().toString());
		}
		return details;
	}

	/**
	 * @param reachable whether Redis answered the last operation
	 * @param retryAt when ({@link System#nanoTime()}) an unreachable Redis may be tried again
	 * @param since when Redis became reachable or unreachable
	 * @param lastFailure the last failure in words, or {@code null}
	 * @param lastFailureAt when it happened, or {@code null}
	 */
	private record State(boolean reachable, long retryAt, Instant since, String lastFailure, Instant lastFailureAt) {

		State withRetryAt(long nanos) {
			return new State(this.reachable, nanos, this.since, this.lastFailure, this.lastFailureAt);
		}

	}

}
