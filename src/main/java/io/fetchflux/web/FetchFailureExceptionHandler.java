package io.fetchflux.web;

import java.util.List;

import io.fetchflux.fetch.FetchException;
import reactor.netty.Connection;

import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Handles fetch failures that surface while a relayed body is being written, after the
 * controller has returned. Before the response is committed they get their problem document;
 * after it, the connection is aborted, so that a cut body never reaches the client looking
 * complete. The engine has already logged them, once and rate-limited.
 */
@Component
@Order(-2)
class FetchFailureExceptionHandler implements WebExceptionHandler {

	private final ServerResponse.Context context;

	FetchFailureExceptionHandler(ServerCodecConfigurer codecs) {
		this.context = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return codecs.getWriters();
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return List.of();
			}

		};
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (!(ex instanceof FetchException failure)) {
			return Mono.error(ex);
		}
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			if (ServerHttpResponseDecorator.getNativeResponse(response) instanceof Connection connection) {
				connection.dispose();
			}
			return Mono.empty();
		}
		response.getHeaders().clearContentHeaders();
		return ServerResponse.status(failure.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(Problems.of(failure))
			.flatMap((problem) -> problem.writeTo(exchange, this.context));
	}

}
