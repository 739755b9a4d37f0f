package io.fetchflux.search;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * A search engine that {@code /api/search} queries.
 */
interface SearchProvider {

	String name();

	Mono<List<SearchResult>> search(String query);

}
