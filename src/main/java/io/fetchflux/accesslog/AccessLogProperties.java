package io.fetchflux.accesslog;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The access log.
 */
@ConfigurationProperties("fetchflux.access-log")
public class AccessLogProperties {

	/**
	 * Whether each request is logged as one line (logger io.fetchflux.access, INFO): method, route
	 * template, status, outcome, bytes written, duration and the upstream host, never a URL.
	 */
	private boolean enabled;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
