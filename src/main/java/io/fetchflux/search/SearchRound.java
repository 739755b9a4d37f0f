package io.fetchflux.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fetchflux.search.SearchAnswer.ProviderReport;
import io.fetchflux.search.SearchAnswer.Status;

/**
 * One search in progress: collects the providers' answers as they arrive, from whichever
 * thread delivers them, and can describe the state at any moment, including on timeout.
 */
final class SearchRound {

	private final String query;

	private final List<String> providers;

	private final String timedOut;

	private final long startNanos = System.nanoTime();

	private final Map<String, List<SearchResult>> results = new LinkedHashMap<>();

	private final Map<String, ProviderReport> reports = new LinkedHashMap<>();

	SearchRound(String query, List<String> providers, Duration timeout) {
		this.query = query;
		this.providers = List.copyOf(providers);
		this.timedOut = ProviderFailure.timedOut(timeout);
	}

	/**
	 * Record a provider's hits.
	 * @return whether every provider has now reported
	 */
	synchronized boolean arrived(String provider, List<SearchResult> found) {
		this.results.put(provider, List.copyOf(found));
		return report(provider, Status.OK, null);
	}

	/**
	 * Record that a provider failed, and why.
	 * @return whether every provider has now reported
	 */
	synchronized boolean failed(String provider, String why) {
		return report(provider, Status.ERROR, why);
	}

	/**
	 * The answer so far; providers that have not reported are marked as timed out.
	 */
	synchronized SearchAnswer answer() {
		List<SearchResult> hits = new ArrayList<>();
		Map<String, ProviderReport> outcomes = new LinkedHashMap<>();
		for (String provider : this.providers) {
			hits.addAll(this.results.getOrDefault(provider, List.of()));
			outcomes.put(provider, this.reports.getOrDefault(provider, new ProviderReport(Status.TIMEOUT, elapsedMs(), this.timedOut)));
		}
		return new SearchAnswer(this.query, hits, outcomes);
	}

	/**
	 * The providers that have not reported yet.
	 */
	synchronized List<String> missing() {
		return this.providers.stream().filter((provider) -> !this.reports.containsKey(provider)).toList();
	}

	private boolean report(String provider, Status status, String detail) {
		this.reports.put(provider, new ProviderReport(status, elapsedMs(), detail));
		return this.reports.size() == this.providers.size();
	}

	private long elapsedMs() {
		return (System.nanoTime() - this.startNanos) / 1_000_000;
	}

}
