package io.fetchflux.proxy;

import java.util.ArrayList;
import java.util.List;

import io.fetchflux.fetch.FetchRequest;
import io.fetchflux.fetch.Fetcher;
import io.fetchflux.fetch.Upstream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
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
				HttpHeaders.CONTENT_LANGUAGE, HttpHeaders.CONTENT_DISPOSITION));
		RELAYED_HEADERS = List.copyOf(relayed);
	}

	private final Fetcher fetcher;

	FetchController(Fetcher fetcher) {
		this.fetcher = fetcher;
	}

	@GetMapping("/api/fetch")
	Mono<Void> fetch(@RequestParam String url, ServerWebExchange exchange) {
		return this.fetcher.fetch(FetchRequest.conditional(url, MediaType.ALL_VALUE, exchange.getRequest().getHeaders()))
			.flatMap((upstream) -> relay(upstream, exchange.getResponse()));
	}

	private Mono<Void> relay(Upstream upstream, ServerHttpResponse response) {
		response.setStatusCode(upstream.status());
		HttpHeaders headers = response.getHeaders();
		upstream.relayHeaders(RELAYED_HEADERS, headers);
		if (upstream.isNotModified()) {
			upstream.discard();
			return response.setComplete();
		}
		headers.setContentType(contentType(upstream.headers()));
		return response.writeWith(upstream.body());
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
