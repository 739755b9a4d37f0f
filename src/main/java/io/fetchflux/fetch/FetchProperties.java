package io.fetchflux.fetch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.fetchflux.policy.Cidr;
import io.fetchflux.policy.PortRange;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and identity of the one outbound HTTP client that performs every fetch.
 */
@ConfigurationProperties("fetchflux.fetch")
@Validated
public class FetchProperties {

	/**
	 * Longest wait for a TCP connection to an upstream to be established.
	 */
	@NotNull
	private Duration connectTimeout = Duration.ofSeconds(3);

	/**
	 * Longest wait for the upstream's response headers, and between two reads of its body.
	 */
	@NotNull
	private Duration responseTimeout = Duration.ofSeconds(10);

	/**
	 * Total time a fetch may take, redirects and the whole body included.
	 */
	@NotNull
	private Duration deadline = Duration.ofSeconds(30);

	/**
	 * Largest upstream body that is relayed; a longer one is cut and the fetch fails.
	 */
	@NotNull
	private DataSize maxBodySize = DataSize.ofMegabytes(128);

	/**
	 * Most redirects followed in one fetch, each checked like the first request.
	 */
	@PositiveOrZero
	private int maxRedirects = 5;

	/**
	 * Most pooled connections to one upstream host; requests beyond it wait for a free one.
	 */
	@Positive
	private int maxConnections = 4096;

	/**
	 * Most requests waiting for a pooled connection; beyond it the service answers 503.
	 */
	@Positive
	private int pendingAcquireMax = 16384;

	/**
	 * User-Agent sent upstream; public APIs such as Wikipedia's ask that it identifies the operator.
	 */
	@NotNull
	private String userAgent = "fetchflux/0.1 (non-blocking fetch service; https://github.com/fetchflux/fetchflux)";

	/**
	 * Networks (CIDR) exempt from the refusal of non-public destinations; empty by default.
	 */
	private List<Cidr> allowedNetworks = new ArrayList<>();

	/**
	 * Networks (CIDR) always refused, on top of the built-in non-public ones; wins over allowed-networks.
	 */
	private List<Cidr> deniedNetworks = new ArrayList<>();

	/**
	 * The only ports (or ranges such as 8000-8999) a fetch or redirect may connect to.
	 */
	@NotEmpty
	private List<PortRange> allowedPorts = new ArrayList<>(List.of(new PortRange(80, 80), new PortRange(443, 443)));

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getResponseTimeout() {
		return this.responseTimeout;
	}

	public void setResponseTimeout(Duration responseTimeout) {
		this.responseTimeout = responseTimeout;
	}

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public int getMaxRedirects() {
		return this.maxRedirects;
	}

	public void setMaxRedirects(int maxRedirects) {
		this.maxRedirects = maxRedirects;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getPendingAcquireMax() {
		return this.pendingAcquireMax;
	}

	public void setPendingAcquireMax(int pendingAcquireMax) {
		this.pendingAcquireMax = pendingAcquireMax;
	}

	public String getUserAgent() {
		return this.userAgent;
	}

	public void setUserAgent(String userAgent) {
		this.userAgent = userAgent;
	}

	public List<Cidr> getAllowedNetworks() {
		return this.allowedNetworks;
	}

	public void setAllowedNetworks(List<Cidr> allowedNetworks) {
		this.allowedNetworks = allowedNetworks;
	}

	public List<Cidr> getDeniedNetworks() {
		return this.deniedNetworks;
	}

	public void setDeniedNetworks(List<Cidr> deniedNetworks) {
		this.deniedNetworks = deniedNetworks;
	}

	public List<PortRange> getAllowedPorts() {
		return this.allowedPorts;
	}

	public void setAllowedPorts(List<PortRange> allowedPorts) {
		this.allowedPorts = allowedPorts;
	}

}
