package io.fetchflux.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs each failed fetch as one line, without a stack trace, and at most a burst of lines per
 * failure type and period: a hostile or broken upstream under load must not flood the log. The
 * suppressed count is reported with the next line of the same type.
 */
final class FailureLog {

	private static final Log logger = LogFactory.getLog(Fetcher.class);

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	private final long periodNanos;

	private final int burst;

	FailureLog(Duration period, int burst) {
		this.periodNanos = period.toNanos();
		this.burst = burst;
	}

	void record(FetchException failure, URI url) {
		boolean serverSide = failure.getStatus().is5xxServerError();
		if (!(serverSide ? logger.isWarnEnabled() : logger.isInfoEnabled())) {
			return;
		}
		long now = System.nanoTime();
		long suppressed = this.windows.computeIfAbsent(failure.getType(), (type) -> new Window(now))
			.admit(now, this.periodNanos, this.burst);
		if (suppressed < 0) {
			return;
		}
		String line = describe(failure, url, suppressed);
		if (serverSide) {
			logger.warn(line);
		}
		else {
			logger.info(line);
		}
	}

	private static String describe(FetchException failure, URI url, long suppressed) {
		StringBuilder line = new StringBuilder("Fetch failed [").append(failure.getType()).append("] host=")
			.append((url != null) ? url.getHost() : "-").append(": ").append(failure.getMessage());
		if (failure.getCause() != null) {
			line.append(" (").append(failure.getCause().getClass().getSimpleName()).append(')');
		}
		if (suppressed > 0) {
			line.append(" [").append(suppressed).append(" similar failures not logged]");
		}
		return line.toString();
	}

	private static final class Window {

		private long startNanos;

		private int logged;

		private long suppressed;

		Window(long startNanos) {
			this.startNanos = startNanos;
		}

		/**
		 * Returns how many lines were suppressed before this one, or -1 if this one is suppressed too.
		 */
		synchronized long admit(long now, long periodNanos, int burst) {
			if (now - this.startNanos >= periodNanos) {
				this.startNanos = now;
				this.logged = 0;
			}
			if (this.logged >= burst) {
				this.suppressed++;
				return -1;
			}
			this.logged++;
			long before = this.suppressed;
			this.suppressed = 0;
			return before;
		}

	}

}
