package io.fetchflux.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides where the service may connect. A URL is judged on its text first (scheme, userinfo,
 * host, port), then every address its host resolves to is judged when the connection is made,
 * so that a name pointing inside the network is refused however it is spelled.
 */
public class DestinationPolicy {

	private static final int MAX_URL_LENGTH = 8192;

	private final List<Cidr> allowedNetworks;

	public DestinationPolicy(List<Cidr> allowedNetworks) {
		this.allowedNetworks = List.copyOf(allowedNetworks);
	}

	/**
	 * Parse and check a URL given by a client or by a redirect.
	 * @param url the URL text
	 * @return the URL to request, normalised
	 * @throws InvalidUrlException if the URL is malformed or of a refused form
	 */
	public URI parse(String url) {
		if (url == null || url.isBlank()) {
			throw new InvalidUrlException("A URL is required");
		}
		if (url.length() > MAX_URL_LENGTH) {
			throw new InvalidUrlException("The URL is longer than " + MAX_URL_LENGTH + " characters");
		}
		if (url.chars().anyMatch((c) -> c <= 0x20 || c == 0x7F || c == '\\')) {
			throw new InvalidUrlException("The URL contains whitespace, control characters or backslashes");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new InvalidUrlException("The URL is malformed");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw new InvalidUrlException("Only absolute http and https URLs can be fetched");
		}
		if (uri.getRawUserInfo() != null) {
			throw new InvalidUrlException("URLs with user information are refused");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new InvalidUrlException("The URL has no host, or one that cannot be read unambiguously");
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535) {
			throw new InvalidUrlException("The URL's port is out of range");
		}
		host = stripTrailingDot(host.toLowerCase(Locale.ROOT));
		if (host.equals("localhost") || host.endsWith(".localhost")) {
			throw new DestinationRefusedException("Destination refused: loopback host name");
		}
		String port = (uri.getPort() != -1) ? ":" + uri.getPort() : "";
		return URI.create(scheme + "://" + host + port + rawPathAndQuery(uri));
	}

	/**
	 * Keep the resolved addresses the service may connect to; called on every connection attempt.
	 * @param resolved the addresses DNS answered, or the literal address of the URL
	 * @return the permitted addresses, never empty
	 * @throws DestinationRefusedException if none is permitted
	 */
	public List<SocketAddress> select(List<? extends SocketAddress> resolved) {
		List<SocketAddress> permitted = new ArrayList<>(resolved.size());
		String firstRefusal = null;
		for (SocketAddress candidate : resolved) {
			Optional<String> refusal = (candidate instanceof InetSocketAddress inet && inet.getAddress() != null)
					? refusal(inet.getAddress()) : Optional.of("unresolved address");
			if (refusal.isEmpty()) {
				permitted.add(candidate);
			}
			else if (firstRefusal == null) {
				firstRefusal = refusal.get();
			}
		}
		if (permitted.isEmpty()) {
			throw new DestinationRefusedException("Destination refused: " + firstRefusal);
		}
		return permitted;
	}

	/**
	 * Judge one address.
	 * @param address the address to connect to
	 * @return the rule that refuses it, or empty if it may be connected to
	 */
	public Optional<String> refusal(InetAddress address) {
		for (Cidr allowed : this.allowedNetworks) {
			if (allowed.contains(address)) {
				return Optional.empty();
			}
		}
		return SpecialPurposeNetworks.match(address);
	}

	private static String rawPathAndQuery(URI uri) {
		String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
		return (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
	}

	private static String stripTrailingDot(String host) {
		return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
	}

}
