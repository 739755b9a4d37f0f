package io.fetchflux.image;

import java.util.List;

import io.fetchflux.fetch.Upstream;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An image ready to be relayed, typed by its bytes, its body not yet read past the bytes that
 * identified it; or, when the client's copy is still valid, the upstream's 304.
 *
 * @param upstream the upstream's answer, whose status and cache headers are relayed
 * @param type the sniffed type, or {@code null} for a 304
 * @param body the image bytes, streamed
 */
public record Image(Upstream upstream, MediaType type, Flux<DataBuffer> body) {

	private static final List<String> RELAYED_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED,
			HttpHeaders.CACHE_CONTROL, HttpHeaders.EXPIRES, HttpHeaders.CONTENT_LENGTH);

	static Image notModified(Upstream upstream) {
		upstream.discard();
		return new Image(upstream, null, Flux.empty());
	}

	/**
	 * Whether this is the upstream's 304 to the client's conditional request.
	 * @return whether this is a 304
	 */
	public boolean isNotModified() {
		return this.type == null;
	}

	/**
	 * Write the image as the response, straight to the server's connection: the response
	 * headers are written once, from the upstream's, with no intermediate copy.
	 * @param response the response to the client
	 * @return completes when the whole image has been written
	 */
	public Mono<Void> writeTo(ServerHttpResponse response) {
		response.setStatusCode(this.upstream.status());
		HttpHeaders headers = response.getHeaders();
		if (isNotModified()) {
			this.upstream.relayHeaders(Upstream.CACHE_HEADERS, headers);
			return response.setComplete();
		}
		this.upstream.relayHeaders(RELAYED_HEADERS, headers);
		headers.setContentType(this.type);
		return response.writeWith(this.body);
	}

	/**
	 * Give up on the image: its body is released and the upstream connection closed.
	 */
	public void discard() {
		Upstream.discard(this.body);
	}

}
