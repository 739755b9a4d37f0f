package io.fetchflux.proxy;

import java.util.ArrayList;
import java.util.List;

import io.fetchflux.cache.Answer;
import io.fetchflux.cache.CacheKind;
import io.fetchflux.cache.Fetched;
import io.fetchflux.cache.ResponseCache;
import io.fetchflux.fetch.FetchRequest;
import io.fetchflux.fetch.Fetcher;
import io.fetchflux.fetch.Upstream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What {@code /api/fetch} relays of any URL: the upstream's answer with an allowlist of its
 * headers and a type the service re-writes, through the cache or straight from the upstream.
 */
@Component
public class Relay {

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

	Relay(Fetcher fetcher, ResponseCache cache) {
		this.fetcher = fetcher;
		this.cache = cache;
	}

	/**
	 * Answer a URL through the cache.
	 * @param url the URL as the client gave it
	 * @param clientHeaders the client's request headers: its validators, {@code Range} and {@code If-Range}
	 * @return the answer, or an error that is a {@code FetchException}
	 */
	public Mono<Answer> fetch(String url, HttpHeaders clientHeaders) {
		return this.cache.fetch(CacheKind.FETCH, url, clientHeaders, (forwarded) -> origin(url, forwarded));
	}

	/**
	 * Fetch a URL from its upstream, past the cache.
	 * @param url the URL as the client gave it
	 * @param forwarded the request headers sent upstream
	 * @return the upstream's answer, or an error that is a {@code FetchException}
	 */
	public Mono<Fetched> origin(String url, HttpHeaders forwarded) {
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
