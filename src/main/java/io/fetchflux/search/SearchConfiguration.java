package io.fetchflux.search;

import java.util.ArrayList;
import java.util.List;

import io.fetchflux.fetch.Fetcher;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

	@Bean
	SearchProviders searchProviders(SearchProperties properties, Fetcher fetcher, JsonMapper jsonMapper) {
		List<SearchProvider> providers = new ArrayList<>();
		if (properties.getWikipedia().isEnabled()) {
			providers.add(new MediaWikiSearch("wikipedia", properties.getWikipedia().getBaseUrl(), fetcher, jsonMapper,
					properties));
		}
		properties.getMediawikiSites()
			.forEach((name, baseUrl) -> providers.add(new MediaWikiSearch(name, baseUrl, fetcher, jsonMapper, properties)));
		return new SearchProviders(providers);
	}

	/**
	 * The configured providers, in order.
	 */
	record SearchProviders(List<SearchProvider> all) {
	}

}
