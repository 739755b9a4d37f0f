package io.fetchflux.cache;

import io.fetchflux.fetch.Upstream;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the client is answered: from the cache, from a fetch shared with other clients, or
 * straight from the upstream. Its body must be written or {@link #discard() discarded}.
 *
 * @param status the status to answer with
 * @param headers the response headers, already filtered to what the endpoint relays
 * @param body the body, streamed
 */
public record Answer(HttpStatusCode status, HttpHeaders headers, Flux<DataBuffer> body) {

	/**
	 * Whether this answers a conditional request with a 304.
	 * @return whether this is a 304
	 */
	public boolean isNotModified() {
		return this.status.value() == 304;
	}

	/**
	 * Write the answer as the response, straight to the server's connection.
	 * @param response the response to the client
	 * @return completes when the whole body has been written
	 */
	public Mono<Void> writeTo(ServerHttpResponse response) {
		response.setStatusCode(this.status);
		response.getHeaders().addAll(this.headers);
		if (isNotModified()) {
			discard();
			return response.setComplete();
		}
		return response.writeWith(this.body);
	}

	/**
	 * Give up on the answer: its body is released and, when it streams from an upstream, the
	 * connection is closed rather than drained.
	 */
	public void discard() {
		Upstream.discard(this.body);
	}

}
