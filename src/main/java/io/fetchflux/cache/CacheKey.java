package io.fetchflux.cache;

import org.springframework.util.Assert;

/**
 * What an entry is stored under.
 *
 * @param kind the kind of endpoint the entry answers
 * @param url the URL after the strict parser's normalisation
 * ({@code DestinationPolicy.parse(url).toString()}), so that equivalent spellings share an entry
 */
public record CacheKey(CacheKind kind, String url) {

	public CacheKey {
		Assert.notNull(kind, "kind must not be null");
		Assert.hasText(url, "url must not be empty");
	}

}
