package io.fetchflux.fetch;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Every IPv4 and IPv6 block that is not global unicast, from the IANA special-purpose address
 * registries. Explicit tables, because {@link InetAddress#isSiteLocalAddress()} and its friends
 * miss unique-local IPv6, carrier-grade NAT and most of the rest. IPv4-mapped IPv6 addresses
 * need no rule of their own: Java hands them over as the IPv4 address they carry.
 */
final class SpecialPurposeNetworks {

	private record Rule(Cidr network, String name) {
	}

	private static final List<Rule> RULES = List.of(
			rule("0.0.0.0/8", "unspecified network"),
			rule("10.0.0.0/8", "private network"),
			rule("100.64.0.0/10", "carrier-grade NAT network"),
			rule("127.0.0.0/8", "loopback network"),
			rule("169.254.0.0/16", "link-local network"),
			rule("172.16.0.0/12", "private network"),
			rule("192.0.0.0/24", "IETF protocol assignments network"),
			rule("192.0.2.0/24", "documentation network"),
			rule("192.88.99.0/24", "6to4 relay anycast network"),
			rule("192.168.0.0/16", "private network"),
			rule("198.18.0.0/15", "benchmarking network"),
			rule("198.51.100.0/24", "documentation network"),
			rule("203.0.113.0/24", "documentation network"),
			rule("224.0.0.0/4", "multicast network"),
			rule("240.0.0.0/4", "reserved network"),
			rule("255.255.255.255/32", "broadcast address"),
			rule("::/128", "unspecified address"),
			rule("::1/128", "loopback address"),
			rule("::/96", "IPv4-compatible network"),
			rule("64:ff9b::/96", "NAT64 network"),
			rule("64:ff9b:1::/48", "local-use NAT64 network"),
			rule("100::/64", "discard-only network"),
			rule("2001::/23", "IETF protocol assignments network"),
			rule("2001:db8::/32", "documentation network"),
			rule("2002::/16", "6to4 network"),
			rule("fc00::/7", "unique-local network"),
			rule("fe80::/10", "link-local network"),
			rule("fec0::/10", "site-local network"),
			rule("ff00::/8", "multicast network"));

	private SpecialPurposeNetworks() {
	}

	/**
	 * Find the special-purpose block an address belongs to.
	 * @param address the address to judge
	 * @return the rule, such as {@code private network 10.0.0.0/8}, or empty for a global address
	 */
	static Optional<String> match(InetAddress address) {
		for (Rule rule : RULES) {
			if (rule.network().contains(address)) {
				return Optional.of(rule.name() + " " + rule.network());
			}
		}
		return Optional.empty();
	}

	private static Rule rule(String cidr, String name) {
		return new Rule(Cidr.of(cidr), name);
	}

}
