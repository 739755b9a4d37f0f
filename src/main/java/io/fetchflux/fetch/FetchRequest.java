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
		HttpHeaders validators = new HttpHeaders();
		for (String name : VALIDATOR_HEADERS) {
			List<String> values = clientHeaders.get(name);
			if (values != null) {
				validators.addAll(name, values);
			}
		}
		return new FetchRequest(url, accept, HttpHeaders.readOnlyHttpHeaders(validators));
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
