package io.fetchflux.web;

import io.fetchflux.deferred.DeferredTimeoutException;
import io.fetchflux.fetch.FetchException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers every failure of a controller, the framework's own (missing parameters, unknown
 * routes, methods) included, as an {@code application/problem+json} document.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ProblemDetailsAdvice.class);

	/**
	 * A failure while a relayed body is being written arrives here too. Once the response is
	 * committed it can no longer become a problem document: the connection is aborted instead,
	 * so that a cut body never reaches the client looking complete. The engine has already
	 * logged the failure, once and rate-limited.
	 */
	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> fetchFailed(FetchException failure, ServerWebExchange exchange) {
		exchange.getAttributes().put(RequestOutcome.PROBLEM_ATTRIBUTE, failure.getType());
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			if (ServerHttpResponseDecorator.getNativeResponse(response) instanceof Connection connection) {
				connection.dispose();
			}
			return Mono.empty();
		}
		return Mono.just(problem(Problems.of(failure)));
	}

	/**
	 * A blocking handler gave up waiting because its client went away: nobody is left to answer.
	 */
	@ExceptionHandler
	Mono<Void> clientGone(ClientGoneException gone) {
		return Mono.empty();
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> deferredTimedOut(DeferredTimeoutException timeout, ServerWebExchange exchange) {
		return problem(exchange, HttpStatus.SERVICE_UNAVAILABLE, "timeout", "The request was not completed in time");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> workersSaturated(TaskRejectedException rejected, ServerWebExchange exchange) {
		return problem(exchange, HttpStatus.SERVICE_UNAVAILABLE, "saturated",
				"Too many requests are waiting for a worker thread");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex, ServerWebExchange exchange) {
		logger.error("Unexpected failure", ex);
		return problem(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "The service failed unexpectedly");
	}

	/**
	 * The framework's own problems (missing parameter, unknown route, method) are {@code about:blank}:
	 * their outcome is named after the status.
	 */
	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		String type = (body instanceof ProblemDetail problem && problem.getType() != null)
				? problem.getType().toString() : "";
		exchange.getAttributes().put(RequestOutcome.PROBLEM_ATTRIBUTE, type.startsWith(Problems.TYPE_PREFIX)
				? type.substring(Problems.TYPE_PREFIX.length()) : RequestOutcome.statusName(status));
		return super.createResponseEntity(body, headers, status, exchange);
	}

	private static ResponseEntity<ProblemDetail> problem(ServerWebExchange exchange, HttpStatus status, String type,
			String detail) {
		exchange.getAttributes().put(RequestOutcome.PROBLEM_ATTRIBUTE, type);
		return problem(Problems.of(status, type, detail));
	}

	/**
	 * Always a problem document, even to a client that accepts only what it expected, such as an
	 * {@code EventSource}: another writer would render the problem in its own format.
	 */
	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			response.header(HttpHeaders.RETRY_AFTER, "1");
		}
		return response.body(problem);
	}

}
