package io.fetchflux.fetch;

import java.net.URI;
import java.util.Collection;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An upstream's answer once its headers have arrived: a success or a 304, after redirects.
 * The body has not been read yet; whoever receives it must either relay it or {@link #discard()} it.
 *
 * @param url the URL that answered, after redirects
 * @param status the upstream status, 2xx or 304
 * @param headers the upstream response headers
 * @param body the body, bounded by the size limit and the fetch's deadline
 */
public record Upstream(URI url, HttpStatusCode status, HttpHeaders headers, Flux<DataBuffer> body) {

	/**
	 * The headers a cache needs, relayed by every endpoint.
	 */
	public static final List<String> CACHE_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED,
			HttpHeaders.CACHE_CONTROL, HttpHeaders.EXPIRES);

	/**
	 * Copy the named headers, and only those, into the headers of the answer to the client.
	 * @param names the header names to relay
	 * @param target the client response's headers
	 */
	public void relayHeaders(Collection<String> names, HttpHeaders target) {
		for (String name : names) {
			List<String> values = this.headers.get(name);
			if (values != null) {
				target.addAll(name, values);
			}
		}
	}

	/**
	 * Whether the upstream answered 304 to a conditional request.
	 * @return whether this is a 304
	 */
	public boolean isNotModified() {
		return this.status.value() == 304;
	}

	/**
	 * Read the whole body into memory, for small documents such as API answers.
	 * @param limit the most bytes to accept
	 * @return the body's bytes
	 */
	public Mono<byte[]> readBytes(DataSize limit) {
		return DataBufferUtils.join(this.body, Math.toIntExact(limit.toBytes()))
			.map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, (ex) -> new BodyTooLargeException(limit));
	}

	/**
	 * Give up on the body: the connection is closed rather than drained.
	 */
	public void discard() {
		discard(this.body);
	}

	/**
	 * Give up on a body read from an upstream, or on what is left of it: the buffers that
	 * arrive are released and the connection is closed rather than drained.
	 * @param body the body
	 */
	public static void discard(Flux<DataBuffer> body) {
		body.subscribe(DataBufferUtils::release, (ex) -> {
		}).dispose();
	}

}
