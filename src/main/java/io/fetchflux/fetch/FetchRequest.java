package io.fetchflux.fetch;

import java.util.List;

import org.springframework.http.HttpHeaders;

/**
 * What to fetch, and the few request headers that may travel upstream with it.
 *
 * @param url the URL as the client gave it; the engine parses and checks it
 * @param accept the {@code Accept} header to send
 * @param validators the client's {@code If-None-Match} and {@code If-Modified-Since}, so that
 * a conditional request can come back as a 304
 */
public record FetchRequest(String url, String accept, HttpHeaders validators) {

	private static final String VIA_PSEUDONYM = "fetchflux";

	/**
	 * The {@code Via} entry each fetch carries upstream.
	 */
	static final String VIA = "1.1 " + VIA_PSEUDONYM;

	private static final List<String> VALIDATOR_HEADERS = List.of(HttpHeaders.IF_NONE_MATCH,
			HttpHeaders.IF_MODIFIED_SINCE);

	/**
	 * A request that carries the client's cache validators and nothing else of its headers.
	 * @param url the URL to fetch
	 * @param accept the {@code Accept} header to send
	 * @param clientHeaders the headers of the client's request
	 * @return the request
	 */
	public static FetchRequest conditional(String url, String accept, HttpHeaders clientHeaders) {
		if (hasPassedThroughFetchflux(clientHeaders)) {
			throw new FetchLoopException();
		}
		HttpHeaders validators = null;
		for (String name : VALIDATOR_HEADERS) {
			List<String> values = clientHeaders.get(name);
			if (values != null) {
				validators = (validators != null) ? validators : new HttpHeaders();
				validators.addAll(name, values);
			}
		}
		return new FetchRequest(url, accept,
				(validators != null) ? HttpHeaders.readOnlyHttpHeaders(validators) : HttpHeaders.EMPTY);
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
