package io.fetchflux.image;

import io.fetchflux.cache.Answer;

import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * An image ready to be relayed, typed by its bytes: from the cache, or streaming from the
 * upstream past the bytes that identified it; or, when the client's copy is still valid, a 304.
 *
 * @param answer the status, the relayed headers with the sniffed {@code Content-Type}, and the body
 */
public record Image(Answer answer) {

	/**
	 * Whether this is a 304 to the client's conditional request.
	 * @return whether this is a 304
	 */
	public boolean isNotModified() {
		return this.answer.isNotModified();
	}

	/**
	 * Write the image as the response, straight to the server's connection.
	 * @param response the response to the client
	 * @return completes when the whole image has been written
	 */
	public Mono<Void> writeTo(ServerHttpResponse response) {
		return this.answer.writeTo(response);
	}

	/**
	 * Give up on the image: its body is released and the upstream connection closed.
	 */
	public void discard() {
		this.answer.discard();
	}

}
