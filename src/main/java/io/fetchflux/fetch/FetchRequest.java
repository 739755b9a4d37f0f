package io.fetchflux.fetch;

import java.util.List;

import org.springframework.http.HttpHeaders;

/**
 * What to fetch, and the few request headers that may travel upstream with it.
 *
 * @param url the URL as the client gave it; the engine parses and checks it
 * @param accept the {@code Accept} header to send
 * @param forwarded the few client headers sent upstream: its {@code If-None-Match} and
 * {@code If-Modified-Since}, so that a conditional request can come back as a 304, and for a
 * ranged request its {@code Range} and {@code If-Range}
 */
public record FetchRequest(String url, String accept, HttpHeaders forwarded) {

	private static final String VIA_PSEUDONYM = "fetchflux";

	/**
	 * The {@code Via} entry each fetch carries upstream.
	 */
	static final String VIA = "1.1 " + VIA_PSEUDONYM;

	private static final List<String> VALIDATOR_HEADERS = List.of(HttpHeaders.IF_NONE_MATCH,
			HttpHeaders.IF_MODIFIED_SINCE);

	private static final List<String> RANGED_HEADERS = List.of(HttpHeaders.IF_NONE_MATCH,
			HttpHeaders.IF_MODIFIED_SINCE, HttpHeaders.RANGE, HttpHeaders.IF_RANGE);

	/**
	 * A request that carries the client's cache validators and nothing else of its headers.
	 * @param url the URL to fetch
	 * @param accept the {@code Accept} header to send
	 * @param clientHeaders the headers of the client's request
	 * @return the request
	 */
	public static FetchRequest conditional(String url, String accept, HttpHeaders clientHeaders) {
		return forwarding(url, accept, clientHeaders, VALIDATOR_HEADERS);
	}

	/**
	 * A request that carries the client's cache validators and its {@code Range} and
	 * {@code If-Range}, so that the upstream can answer part of a body with a 206.
	 * @param url the URL to fetch
	 * @param accept the {@code Accept} header to send
	 * @param clientHeaders the headers of the client's request
	 * @return the request
	 */
	public static FetchRequest ranged(String url, String accept, HttpHeaders clientHeaders) {
		return forwarding(url, accept, clientHeaders, RANGED_HEADERS);
	}

	private static FetchRequest forwarding(String url, String accept, HttpHeaders clientHeaders, List<String> names) {
		checkLoop(clientHeaders);
		return new FetchRequest(url, accept, forwarded(clientHeaders, names));
	}

	/**
	 * The client headers that may travel upstream: its validators, and for a ranged request its
	 * {@code Range} and {@code If-Range}.
	 * @param clientHeaders the headers of the client's request
	 * @param ranged whether the range headers travel too
	 * @return the headers to forward, read-only
	 */
	public static HttpHeaders forwarded(HttpHeaders clientHeaders, boolean ranged) {
		return forwarded(clientHeaders, ranged ? RANGED_HEADERS : VALIDATOR_HEADERS);
	}

	private static HttpHeaders forwarded(HttpHeaders clientHeaders, List<String> names) {
		HttpHeaders forwarded = null;
		for (String name : names) {
			List<String> values = clientHeaders.get(name);
			if (values != null) {
				forwarded = (forwarded != null) ? forwarded : new HttpHeaders();
				forwarded.addAll(name, values);
			}
		}
		return (forwarded != null) ? HttpHeaders.readOnlyHttpHeaders(forwarded) : HttpHeaders.EMPTY;
	}

	/**
	 * Refuse a request that has already passed through fetchflux.
	 * @param clientHeaders the headers of the client's request
	 * @throws FetchLoopException if the request carries fetchflux's {@code Via} entry
	 */
	public static void checkLoop(HttpHeaders clientHeaders) {
		if (hasPassedThroughFetchflux(clientHeaders)) {
			throw new FetchLoopException();
		}
	}

	/**
	 * Every fetch announces itself in a {@code Via} header, so a URL that points back at the
	 * service is refused instead of fetching itself over and over.
	 */
	private static boolean hasPassedThroughFetchflux(HttpHeaders clientHeaders) {
		List<String> via = clientHeaders.get(HttpHeaders.VIA);
		return via != null && via.stream().anyMatch((hop) -> hop.contains(VIA_PSEUDONYM));
	}

	/**
	 * A plain request without validators.
	 * @param url the URL to fetch
	 * @param accept the {@code Accept} header to send
	 * @return the request
	 */
	public static FetchRequest of(String url, String accept) {
		return new FetchRequest(url, accept, HttpHeaders.EMPTY);
	}

}
