package io.fetchflux.search;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fetchflux.fetch.FetchRequest;
import io.fetchflux.fetch.Fetcher;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Searches a MediaWiki site, Wikipedia by default, through its public {@code action=query} API.
 */
class MediaWikiSearch implements SearchProvider {

	private static final Pattern MARKUP = Pattern.compile("<[^>]*>");

	private final String name;

	private final URI baseUrl;

	private final Fetcher fetcher;

	private final JsonMapper jsonMapper;

	private final SearchProperties properties;

	MediaWikiSearch(String name, URI baseUrl, Fetcher fetcher, JsonMapper jsonMapper, SearchProperties properties) {
		this.name = name;
		this.baseUrl = baseUrl;
		this.fetcher = fetcher;
		this.jsonMapper = jsonMapper;
		this.properties = properties;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String describe(Throwable failure) {
		return ProviderFailure.describe(failure, this.baseUrl, this.properties.getMaxResponseSize());
	}

	@Override
	public Mono<List<SearchResult>> search(String query) {
		String url = UriComponentsBuilder.fromUri(this.baseUrl)
			.path("/w/api.php")
			.queryParam("action", "query")
			.queryParam("list", "search")
			.queryParam("srsearch", query)
			.queryParam("srlimit", this.properties.getMaxResults())
			.queryParam("srprop", "snippet")
			.queryParam("format", "json")
			.queryParam("formatversion", 2)
			.encode(StandardCharsets.UTF_8)
			.build()
			.toUriString();
		return this.fetcher.fetch(FetchRequest.of(url, MediaType.APPLICATION_JSON_VALUE))
			.flatMap((upstream) -> upstream.readBytes(this.properties.getMaxResponseSize()))
			.map(this::results);
	}

	private List<SearchResult> results(byte[] json) {
		ApiResponse response;
		try {
			response = this.jsonMapper.readValue(json, ApiResponse.class);
		}
		catch (JacksonException ex) {
			throw new InvalidAnswerException("the answer was not valid JSON");
		}
		if (response.error() != null) {
			throw new InvalidAnswerException("the answer was a MediaWiki API error");
		}
		if (response.query() == null || response.query().search() == null) {
			throw new InvalidAnswerException("the answer held no search results");
		}
		return response.query().search().stream().map(this::result).toList();
	}

	private SearchResult result(Hit hit) {
		String path = "/wiki/" + UriUtils.encodePathSegment(hit.title().replace(' ', '_'), StandardCharsets.UTF_8);
		String url = UriComponentsBuilder.fromUri(this.baseUrl).replacePath(path).build(true).toUriString();
		String snippet = (hit.snippet() != null) ? HtmlUtils.htmlUnescape(MARKUP.matcher(hit.snippet()).replaceAll(""))
				: "";
		return new SearchResult(hit.title(), url, snippet, this.name);
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ApiResponse(Query query, Object error) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Query(List<Hit> search) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Hit(String title, String snippet) {
	}

}
