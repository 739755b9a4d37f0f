package io.fetchflux.search;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The search providers that {@code /api/search} queries, and how long it waits for them.
 */
@ConfigurationProperties("fetchflux.search")
public class SearchProperties {

	/**
	 * How long a search waits for its providers; one that has not answered by then is reported as timed out.
	 */
	private Duration timeout = Duration.ofSeconds(3);

	/**
	 * Most results taken from each provider.
	 */
	private int maxResults = 10;

	/**
	 * Largest provider answer read into memory.
	 */
	private DataSize maxResponseSize = DataSize.ofMegabytes(1);

	/**
	 * Wikipedia, the default provider.
	 */
	private final Wikipedia wikipedia = new Wikipedia();

	/**
	 * Further MediaWiki sites to search, by provider name, such as {@code wiktionary: https://en.wiktionary.org}.
	 */
	private Map<String, URI> mediawikiSites = new LinkedHashMap<>();

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxResults() {
		return this.maxResults;
	}

	public void setMaxResults(int maxResults) {
		this.maxResults = maxResults;
	}

	public DataSize getMaxResponseSize() {
		return this.maxResponseSize;
	}

	public void setMaxResponseSize(DataSize maxResponseSize) {
		this.maxResponseSize = maxResponseSize;
	}

	public Wikipedia getWikipedia() {
		return this.wikipedia;
	}

	public Map<String, URI> getMediawikiSites() {
		return this.mediawikiSites;
	}

	public void setMediawikiSites(Map<String, URI> mediawikiSites) {
		this.mediawikiSites = mediawikiSites;
	}

	/**
	 * Wikipedia's public, keyless search API.
	 */
	public static class Wikipedia {

		/**
		 * Whether Wikipedia is searched.
		 */
		private boolean enabled = true;

		/**
		 * Base URL of the Wikipedia to search; its API lives under {@code /w/api.php}.
		 */
		private URI baseUrl = URI.create("https://en.wikipedia.org");

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public URI getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(URI baseUrl) {
			this.baseUrl = baseUrl;
		}

	}

}
