package io.fetchflux.search;

/**
 * One hit.
 *
 * @param title the page title
 * @param url the page address
 * @param snippet plain text around the match
 * @param provider the provider that found it
 */
public record SearchResult(String title, String url, String snippet, String provider) {
}
