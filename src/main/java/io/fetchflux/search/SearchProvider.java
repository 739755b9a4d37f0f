package io.fetchflux.search;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * A search engine that {@code /api/search} queries.
 */
interface SearchProvider {

	String name();

	Mono<List<SearchResult>> search(String query);

	/**
	 * Why a search failed, in words fit for any client: no address, class name or stack trace.
	 */
	String describe(Throwable failure);

}
