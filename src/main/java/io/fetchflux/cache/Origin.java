package io.fetchflux.cache;

import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * How an endpoint fetches what the cache does not have: through the engine, and for images
 * through sniffing and the pixel limit, so that only what the endpoint would relay is stored.
 */
@FunctionalInterface
public interface Origin {

	/**
	 * Fetch from the origin.
	 * @param forwarded the request headers to send upstream: validators, and for a ranged request
	 * {@code Range} and {@code If-Range}
	 * @return the origin's answer, or an error that is a {@code FetchException}
	 */
	Mono<Fetched> fetch(HttpHeaders forwarded);

}
