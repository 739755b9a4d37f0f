package io.fetchflux.batch;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the batch checks that {@code /api/batch} and {@code /api/jobs} run.
 */
@ConfigurationProperties("fetchflux.batch")
@Validated
public class BatchProperties {

	/**
	 * Most URLs in one batch or job; a longer list is refused with a 400.
	 */
	@Positive
	private int maxUrls = 1000;

	/**
	 * Most fetches one batch or job may run at once (its concurrency, which defaults to 8).
	 */
	@Positive
	private int maxConcurrency = 64;

	/**
	 * Most fetches of all batches and jobs together in flight on this instance; the others wait for a free slot, so that batches cannot starve the interactive endpoints.
	 */
	@Positive
	private int maxInFlight = 256;

	public int getMaxUrls() {
		return this.maxUrls;
	}

	public void setMaxUrls(int maxUrls) {
		this.maxUrls = maxUrls;
	}

	public int getMaxConcurrency() {
		return this.maxConcurrency;
	}

	public void setMaxConcurrency(int maxConcurrency) {
		this.maxConcurrency = maxConcurrency;
	}

	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(int maxInFlight) {
		this.maxInFlight = maxInFlight;
	}

}
