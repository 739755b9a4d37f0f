package io.fetchflux.fetch;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.core.io.buffer.DataBufferLimitException;

/**
 * Turns what Netty, Reactor and the HTTP client throw into the service's own failures.
 */
final class UpstreamErrors {

	private UpstreamErrors() {
	}

	static FetchException translate(Throwable error) {
		Throwable root = error;
		for (Throwable cause = error; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			FetchException translated = translateOne(cause);
			if (translated != null) {
				return translated;
			}
			root = cause;
		}
		return new UpstreamFailedException("The upstream exchange failed", root);
	}

	private static FetchException translateOne(Throwable cause) {
		String type = cause.getClass().getSimpleName();
		if (cause instanceof FetchException fetchException) {
			return fetchException;
		}
		if (type.equals("PoolAcquirePendingLimitException") || type.equals("PoolAcquireTimeoutException")) {
			return new FetchSaturatedException("Too many fetches are waiting for a connection to this upstream");
		}
		if (cause instanceof ConnectTimeoutException) {
			return new UpstreamTimeoutException("The upstream did not accept a connection in time");
		}
		if (cause instanceof ReadTimeoutException || cause instanceof TimeoutException) {
			return new UpstreamTimeoutException("The upstream stopped responding");
		}
		if (cause instanceof UnknownHostException) {
			return new UpstreamFailedException("The upstream host name could not be resolved", cause);
		}
		if (cause instanceof ConnectException) {
			return new UpstreamFailedException("The upstream refused the connection", cause);
		}
		if (cause instanceof PrematureCloseException || cause instanceof ClosedChannelException) {
			return new UpstreamFailedException("The upstream closed the connection prematurely", cause);
		}
		if (cause instanceof SSLException) {
			return new UpstreamFailedException("The TLS handshake with the upstream failed", cause);
		}
		if (cause instanceof DecoderException) {
			return new UpstreamFailedException("The upstream sent a malformed response", cause);
		}
		if (cause instanceof DataBufferLimitException) {
			return new UpstreamFailedException("The upstream response exceeded a decoding limit", cause);
		}
		return null;
	}

}
