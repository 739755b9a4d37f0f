package io.fetchflux.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * fetchflux's own meters.
 */
@ConfigurationProperties("fetchflux.metrics")
public class FetchfluxMetricsProperties {

	/**
	 * Whether fetchflux records its own meters (fetchflux.requests, fetchflux.fetch.*, pool, search,
	 * deferred, batch and job meters). Off, no per-request metrics work runs at all; the JVM and process meters stay.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
