package io.fetchflux.search;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

import io.fetchflux.fetch.BodyTooLargeException;
import io.fetchflux.fetch.FetchException;
import io.fetchflux.fetch.UpstreamTimeoutException;

import org.springframework.util.unit.DataSize;

/**
 * Says in words why a provider failed, for the operator reading a search answer. Built only from
 * the provider's configured host, the service's own failure details and its settings, so that it
 * never carries a resolved address, an exception class or a stack trace.
 */
final class ProviderFailure {

	private static final String UPSTREAM = "The upstream ";

	private ProviderFailure() {
	}

	/**
	 * Why a provider's search failed.
	 * @param error what the search failed with
	 * @param baseUrl the provider's configured base URL
	 * @param maxResponseSize the largest answer read
	 * @return a sentence fragment, such as {@code answered 503}
	 */
	static String describe(Throwable error, URI baseUrl, DataSize maxResponseSize) {
		if (causedBy(error, UnknownHostException.class)) {
			return "the name " + baseUrl.getHost() + " could not be resolved";
		}
		if (error instanceof InvalidAnswerException invalid) {
			return invalid.getMessage();
		}
		if (error instanceof BodyTooLargeException) {
			return "the answer was larger than " + maxResponseSize.toBytes() + " bytes";
		}
		if (error instanceof UpstreamTimeoutException timeout) {
			return "timed out: " + fragment(timeout.getMessage());
		}
		if (error instanceof FetchException failure) {
			return fragment(failure.getMessage());
		}
		return "the search failed unexpectedly";
	}

	/**
	 * What a provider that missed the search's deadline is told.
	 * @param timeout the search timeout
	 * @return such as {@code timed out after 3 s}
	 */
	static String timedOut(Duration timeout) {
		long millis = timeout.toMillis();
		return "timed out after " + ((millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms");
	}

	/**
	 * A problem detail, written for a client that called the service, as a fragment about the
	 * provider: "The upstream answered 503" becomes "answered 503".
	 */
	private static String fragment(String detail) {
		if (detail == null || detail.isEmpty()) {
			return "the search failed";
		}
		if (detail.startsWith(UPSTREAM)) {
			return detail.substring(UPSTREAM.length());
		}
		return detail.substring(0, 1).toLowerCase(Locale.ROOT) + detail.substring(1);
	}

	private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
		for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
