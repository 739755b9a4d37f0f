package io.fetchflux.policy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.fetchflux.fetch.FetchProperties;

/**
 * Decides where the service may connect. A URL is judged on its text first: {@link StrictUrlParser}
 * reads it unambiguously or refuses it, then its host name and port are judged. Every address its
 * host resolves to is judged again when each connection is made, so that a name pointing inside the
 * network is refused however it is spelled.
 * <p>
 * An address is refused when it lies in {@code denied-networks} (always), or else when it is not
 * inside {@code allowed-networks} and lies in one of the {@link SpecialPurposeNetworks} (anything
 * that is not global unicast, including IPv6 addresses that carry such an IPv4 address).
 * {@code allowed-networks} exempts from that built-in table only, never from
 * {@code denied-networks}, from the refused host names nor from {@code allowed-ports}.
 */
public class DestinationPolicy {

	/**
	 * Names that reach the machine itself or a cloud provider's instance metadata service; refused
	 * whatever they resolve to.
	 */
	private static final Set<String> REFUSED_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
			"instance-data", "instance-data.ec2.internal", "metadata.tencentyun.com", "kubernetes",
			"kubernetes.default", "kubernetes.default.svc");

	/**
	 * Special-use domains (RFC 6762, RFC 8375, ICANN's {@code .internal}) that never name a public
	 * host; {@code .localhost} (RFC 6761) has its own rule.
	 */
	private static final List<String> REFUSED_SUFFIXES = List.of("internal", "local", "home.arpa", "localdomain",
			"svc");

	private final List<Cidr> allowedNetworks;

	private final List<Cidr> deniedNetworks;

	private final List<PortRange> allowedPorts;

	/**
	 * A policy as configured.
	 * @param properties the {@code fetchflux.fetch} properties
	 */
	public DestinationPolicy(FetchProperties properties) {
		this(properties.getAllowedNetworks(), properties.getDeniedNetworks(), properties.getAllowedPorts());
	}

	/**
	 * A policy.
	 * @param allowedNetworks networks exempt from the built-in table
	 * @param deniedNetworks networks always refused
	 * @param allowedPorts the only ports that may be connected to
	 */
	public DestinationPolicy(List<Cidr> allowedNetworks, List<Cidr> deniedNetworks, List<PortRange> allowedPorts) {
		this.allowedNetworks = List.copyOf(allowedNetworks);
		this.deniedNetworks = List.copyOf(deniedNetworks);
		this.allowedPorts = List.copyOf(allowedPorts);
	}

	/**
	 * Parse and check a URL given by a client or by a redirect.
	 * @param url the URL text
	 * @return the URL to request, normalised
	 * @throws InvalidUrlException if the URL is malformed or of a refused form
	 * @throws DestinationRefusedException if its host name, IP literal or port is refused
	 */
	public URI parse(String url) {
		StrictUrlParser.FetchUrl parsed = StrictUrlParser.parse(url);
		Optional<Refusal> refusal = (parsed.address() != null) ? judge(parsed.address()) : hostNameRefusal(parsed.host());
		refusal = refusal.or(() -> portRefusal(parsed.effectivePort()));
		if (refusal.isPresent()) {
			throw refusal.get().toException();
		}
		return parsed.toUri();
	}

	/**
	 * Keep the resolved addresses the service may connect to; called on every connection attempt.
	 * @param resolved the addresses DNS answered, or the literal address of the URL
	 * @return the permitted addresses, never empty
	 * @throws DestinationRefusedException if none is permitted
	 */
	public List<SocketAddress> select(List<? extends SocketAddress> resolved) {
		List<SocketAddress> permitted = new ArrayList<>(resolved.size());
		Refusal firstRefusal = null;
		for (SocketAddress candidate : resolved) {
			Optional<Refusal> refusal = (candidate instanceof InetSocketAddress inet && inet.getAddress() != null)
					? judge(inet.getAddress()).or(() -> portRefusal(inet.getPort()))
					: Optional.of(new Refusal("unresolved", "unresolved address"));
			if (refusal.isEmpty()) {
				permitted.add(candidate);
			}
			else if (firstRefusal == null) {
				firstRefusal = refusal.get();
			}
		}
		if (permitted.isEmpty()) {
			throw ((firstRefusal != null) ? firstRefusal : new Refusal("unresolved", "no address")).toException();
		}
		return permitted;
	}

	/**
	 * Judge one address.
	 * @param address the address to connect to
	 * @return the rule that refuses it, in words, or empty if it may be connected to
	 */
	public Optional<String> refusal(InetAddress address) {
		return judge(address).map(Refusal::reason);
	}

	private Optional<Refusal> judge(InetAddress address) {
		Optional<SpecialPurposeNetworks.Embedded> embedded = SpecialPurposeNetworks.embeddedIpv4(address);
		for (Cidr denied : this.deniedNetworks) {
			if (denied.contains(address)) {
				return Optional.of(new Refusal("denied", "denied network " + denied));
			}
			if (embedded.isPresent() && denied.contains(embedded.get().ipv4())) {
				return Optional.of(new Refusal("denied", "denied network " + denied + " inside " + embedded.get().carrier()));
			}
		}
		for (Cidr allowed : this.allowedNetworks) {
			if (allowed.contains(address)) {
				return Optional.empty();
			}
		}
		return SpecialPurposeNetworks.match(address);
	}

	/**
	 * Judge a host name (never an IP literal) before it is resolved.
	 * @param host the host in lower-case ASCII without trailing dot
	 * @return the rule that refuses it, or empty
	 */
	static Optional<Refusal> hostNameRefusal(String host) {
		if (host.equals("localhost") || host.endsWith(".localhost")) {
			return Optional.of(new Refusal("name", "loopback host name"));
		}
		if (REFUSED_NAMES.contains(host)) {
			return Optional.of(new Refusal("name", "cloud metadata or cluster host name"));
		}
		for (String suffix : REFUSED_SUFFIXES) {
			if (host.equals(suffix) || host.endsWith("." + suffix)) {
				return Optional.of(new Refusal("name", "special-use domain ." + suffix));
			}
		}
		if (host.indexOf('.') < 0) {
			return Optional.of(new Refusal("name", "single-label host name"));
		}
		return Optional.empty();
	}

	private Optional<Refusal> portRefusal(int port) {
		for (PortRange range : this.allowedPorts) {
			if (range.contains(port)) {
				return Optional.empty();
			}
		}
		return Optional.of(new Refusal("port", "port " + port + " is not in the allowed ports "
				+ this.allowedPorts.stream().map(PortRange::toString).collect(Collectors.joining(","))));
	}

}
