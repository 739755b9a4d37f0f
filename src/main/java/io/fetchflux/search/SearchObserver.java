package io.fetchflux.search;

/**
 * Told how each provider of each search did, for metrics.
 */
public interface SearchObserver {

	/**
	 * Observes nothing.
	 */
	SearchObserver NONE = (provider, outcome) -> {
	};

	/**
	 * A provider reported, or missed the search's deadline.
	 * @param provider the provider's configured name
	 * @param outcome {@code ok}, {@code error} or {@code timeout}
	 */
	void reported(String provider, String outcome);

}
