package io.fetchflux.proxy;

import java.util.ArrayList;
import java.util.List;

import io.fetchflux.cache.CacheKind;
import io.fetchflux.cache.Fetched;
import io.fetchflux.cache.ResponseCache;
import io.fetchflux.fetch.FetchRequest;
import io.fetchflux.fetch.Fetcher;
import io.fetchflux.fetch.Upstream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Relays any content type through the same engine and limits as the image endpoints, streamed.
 */
@RestController
class FetchController {

	private static final List<String> RELAYED_HEADERS;

	static {
		List<String> relayed = new ArrayList<>(Upstream.CACHE_HEADERS);
		relayed.addAll(List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_ENCODING,
				HttpHeaders.CONTENT_LANGUAGE, HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.CONTENT_RANGE,
				HttpHeaders.ACCEPT_RANGES));
		RELAYED_HEADERS = List.copyOf(relayed);
	}

	private final Fetcher fetcher;

	private final ResponseCache cache;

	FetchController(Fetcher fetcher, ResponseCache cache) {
		this.fetcher = fetcher;
		this.cache = cache;
	}

	/**
	 * Answered through the cache, with ranges: a cached body answers them itself, a miss
	 * forwards {@code Range} and {@code If-Range} and relays the upstream's 206.
	 */
	@GetMapping("/api/fetch")
	Mono<Void> fetch(@RequestParam String url, ServerWebExchange exchange) {
		return this.cache.fetch(CacheKind.FETCH, url, exchange.getRequest().getHeaders(), (forwarded) -> origin(url, forwarded))
			.flatMap((answer) -> answer.writeTo(exchange.getResponse()));
	}

	private Mono<Fetched> origin(String url, HttpHeaders forwarded) {
		return this.fetcher.fetch(new FetchRequest(url, MediaType.ALL_VALUE, forwarded)).map((upstream) -> {
			HttpHeaders relayed = new HttpHeaders();
			if (upstream.isNotModified()) {
				upstream.discard();
				upstream.relayHeaders(Upstream.CACHE_HEADERS, relayed);
				return new Fetched(upstream.status(), upstream.headers(), relayed, Flux.empty());
			}
			upstream.relayHeaders(RELAYED_HEADERS, relayed);
			relayed.setContentType(contentType(upstream.headers()));
			return new Fetched(upstream.status(), upstream.headers(), relayed, upstream.body());
		});
	}

	/**
	 * The upstream's type, re-written by the service: an unreadable one becomes a plain byte stream.
	 */
	private static MediaType contentType(HttpHeaders upstream) {
		try {
			MediaType type = upstream.getContentType();
			return (type != null) ? type : MediaType.APPLICATION_OCTET_STREAM;
		}
		catch (InvalidMediaTypeException ex) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

}
