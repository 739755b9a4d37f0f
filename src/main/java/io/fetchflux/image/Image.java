package io.fetchflux.image;

import io.fetchflux.fetch.Upstream;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Flux;

/**
 * An image ready to be relayed: its status, the headers fetchflux wrote for it, and its body,
 * not yet read past the bytes that identified it.
 *
 * @param status 200, or 304 when the client's copy is still valid
 * @param headers the response headers, {@code Content-Type} among them
 * @param body the image bytes, streamed
 */
public record Image(HttpStatusCode status, HttpHeaders headers, Flux<DataBuffer> body) {

	/**
	 * The image as a WebFlux response.
	 * @return the response entity
	 */
	public ResponseEntity<Flux<DataBuffer>> toResponse() {
		return ResponseEntity.status(this.status).headers(this.headers).body(this.body);
	}

	/**
	 * Give up on the image: its body is released and the upstream connection closed.
	 */
	public void discard() {
		Upstream.discard(this.body);
	}

}
