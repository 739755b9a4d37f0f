package io.fetchflux.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What {@code /api/search} answers: the hits that arrived, and how each provider fared.
 *
 * @param query the query as given
 * @param results the hits, grouped by provider in configured order
 * @param providers each provider's outcome, by name
 */
public record SearchAnswer(String query, List<SearchResult> results, Map<String, ProviderReport> providers) {

	/**
	 * How one provider fared.
	 *
	 * @param status whether it answered in time
	 * @param tookMs how long it took, or how long it was waited for
	 * @param detail why it did not answer, in words; absent when it did
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ProviderReport(Status status, long tookMs, String detail) {
	}

	/**
	 * A provider's outcome.
	 */
	public enum Status {

		OK, TIMEOUT, ERROR;

		@JsonValue
		public String json() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
