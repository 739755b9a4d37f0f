package io.fetchflux.batch;

import java.util.List;

/**
 * A checked batch: the body of {@code POST /api/batch} and {@code POST /api/jobs}.
 *
 * @param items the URLs, at least one and at most {@code fetchflux.batch.max-urls}
 * @param concurrency most of its fetches at once
 * @param mode how each URL is fetched
 * @param warm whether the answers are to be put into the response cache
 */
public record BatchRequest(List<BatchItem> items, int concurrency, Mode mode, boolean warm) {

}
