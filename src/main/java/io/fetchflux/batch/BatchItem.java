package io.fetchflux.batch;

/**
 * One URL of a batch.
 *
 * @param url the URL as the client gave it; the engine parses and checks it
 * @param sig its {@code /api/fetch} signature, or {@code null} if it came without one
 */
public record BatchItem(String url, String sig) {

}
