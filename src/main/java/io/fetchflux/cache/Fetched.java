package io.fetchflux.cache;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import reactor.core.publisher.Flux;

/**
 * An origin's answer, before the cache has judged it.
 *
 * @param status the upstream's status: a 2xx, or a 304 to a conditional request
 * @param upstreamHeaders all of the upstream's headers, which decide whether it may be stored
 * @param relayed the headers the endpoint relays to its clients, {@code Content-Type} included:
 * only these are stored
 * @param body the body, unread
 */
public record Fetched(HttpStatusCode status, HttpHeaders upstreamHeaders, HttpHeaders relayed, Flux<DataBuffer> body) {

	boolean isNotModified() {
		return this.status.value() == 304;
	}

	Answer answer() {
		return new Answer(this.status, this.relayed, this.body);
	}

}
