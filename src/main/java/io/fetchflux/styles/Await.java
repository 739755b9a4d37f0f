package io.fetchflux.styles;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.fetchflux.web.ClientGoneException;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Waits for a value on the calling thread, as {@code await} does, and gives up, cancelling the
 * work, when the client's request ends first. WebFlux runs a blocking controller method on a
 * worker and cannot interrupt it when the client goes away; the server connection can tell.
 */
final class Await {

	private Await() {
	}

	/**
	 * The value, or the work's own failure.
	 * @throws ClientGoneException when the client went away first
	 */
	static <T> T value(Mono<T> work, ServerWebExchange exchange) {
		CompletableFuture<T> result = work.toFuture();
		if (ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse()) instanceof Connection request) {
			request.onTerminate().subscribe(null, null, () -> result.cancel(false));
		}
		try {
			return result.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		catch (CancellationException ex) {
			throw new ClientGoneException();
		}
	}

}
