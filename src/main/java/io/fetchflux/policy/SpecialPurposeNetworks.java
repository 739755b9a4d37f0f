package io.fetchflux.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Every IPv4 and IPv6 block that is not global unicast, from the IANA special-purpose address
 * registries. Explicit tables, because {@link InetAddress#isSiteLocalAddress()} and its friends
 * miss unique-local IPv6, carrier-grade NAT and most of the rest. An IPv6 address that carries an
 * IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo, ISATAP) is also judged by the
 * IPv4 address it carries, so that the refusal names the IPv4 rule; the carrying ranges are refused
 * outright as well. Any IPv6 address outside global unicast {@code 2000::/3} is refused.
 */
final class SpecialPurposeNetworks {

	private record Rule(Cidr network, String name, String key) {
	}

	private static final List<Rule> RULES = List.of(
			rule("0.0.0.0/8", "unspecified network", "unspecified"),
			rule("10.0.0.0/8", "private network", "private"),
			rule("100.64.0.0/10", "carrier-grade NAT network", "carrier-grade-nat"),
			rule("127.0.0.0/8", "loopback network", "loopback"),
			rule("169.254.0.0/16", "link-local network", "link-local"),
			rule("172.16.0.0/12", "private network", "private"),
			rule("192.0.0.0/24", "IETF protocol assignments network", "ietf"),
			rule("192.0.2.0/24", "documentation network", "documentation"),
			rule("192.88.99.0/24", "6to4 relay anycast network", "6to4"),
			rule("192.168.0.0/16", "private network", "private"),
			rule("198.18.0.0/15", "benchmarking network", "benchmarking"),
			rule("198.51.100.0/24", "documentation network", "documentation"),
			rule("203.0.113.0/24", "documentation network", "documentation"),
			rule("224.0.0.0/4", "multicast network", "multicast"),
			rule("240.0.0.0/4", "reserved network", "reserved"),
			rule("255.255.255.255/32", "broadcast address", "broadcast"),
			rule("::/128", "unspecified address", "unspecified"),
			rule("::1/128", "loopback address", "loopback"),
			rule("::ffff:0:0/96", "IPv4-mapped network", "ipv4-mapped"),
			rule("::ffff:0:0:0/96", "IPv4-translated network", "ipv4-translated"),
			rule("::/96", "IPv4-compatible network", "ipv4-compatible"),
			rule("64:ff9b::/96", "NAT64 network", "nat64"),
			rule("64:ff9b:1::/48", "local-use NAT64 network", "nat64"),
			rule("100::/64", "discard-only network", "discard-only"),
			rule("2001::/23", "IETF protocol assignments network", "ietf"),
			rule("2001:db8::/32", "documentation network", "documentation"),
			rule("2002::/16", "6to4 network", "6to4"),
			rule("3fff::/20", "documentation network", "documentation"),
			rule("5f00::/16", "segment routing network", "segment-routing"),
			rule("fc00::/7", "unique-local network", "unique-local"),
			rule("fe80::/10", "link-local network", "link-local"),
			rule("fec0::/10", "site-local network", "site-local"),
			rule("ff00::/8", "multicast network", "multicast"));

	private static final Cidr GLOBAL_UNICAST = Cidr.of("2000::/3");

	private static final Cidr IPV4_MAPPED = Cidr.of("::ffff:0:0/96");

	private static final Cidr IPV4_TRANSLATED = Cidr.of("::ffff:0:0:0/96");

	private static final Cidr IPV4_COMPATIBLE = Cidr.of("::/96");

	private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");

	private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");

	private static final Cidr TEREDO = Cidr.of("2001::/32");

	/**
	 * An IPv4 address found inside an IPv6 address.
	 *
	 * @param ipv4 the IPv4 address carried
	 * @param carrier how it is carried, such as {@code 6to4 network 2002::/16}
	 */
	record Embedded(Inet4Address ipv4, String carrier) {
	}

	private SpecialPurposeNetworks() {
	}

	/**
	 * Find the special-purpose block an address belongs to.
	 * @param address the address to judge
	 * @return the refusal, such as {@code private network 10.0.0.0/8}, or empty for a global address
	 */
	static Optional<Refusal> match(InetAddress address) {
		Optional<Embedded> embedded = embeddedIpv4(address);
		if (embedded.isPresent()) {
			Optional<Refusal> inner = tableMatch(embedded.get().ipv4());
			if (inner.isPresent()) {
				return Optional.of(new Refusal(inner.get().rule(),
						inner.get().reason() + " inside " + embedded.get().carrier()));
			}
		}
		Optional<Refusal> outer = tableMatch(address);
		if (outer.isEmpty() && address instanceof Inet6Address && !GLOBAL_UNICAST.contains(address)) {
			return Optional.of(new Refusal("non-global", "IPv6 outside global unicast " + GLOBAL_UNICAST));
		}
		return outer;
	}

	/**
	 * Find the IPv4 address an IPv6 address carries, if it is of a form that carries one:
	 * IPv4-mapped, IPv4-translated, IPv4-compatible (except {@code ::} and {@code ::1}), NAT64
	 * well-known prefix, 6to4, Teredo (the client address, inverted) or an ISATAP interface identifier.
	 * @param address the address to look into
	 * @return the carried IPv4 address and how it is carried
	 */
	static Optional<Embedded> embeddedIpv4(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return Optional.empty();
		}
		byte[] bytes = address.getAddress();
		if (IPV4_MAPPED.contains(address)) {
			return embedded(bytes, 12, false, IPV4_MAPPED, "IPv4-mapped network");
		}
		if (IPV4_TRANSLATED.contains(address)) {
			return embedded(bytes, 12, false, IPV4_TRANSLATED, "IPv4-translated network");
		}
		if (IPV4_COMPATIBLE.contains(address)) {
			boolean unspecifiedOrLoopback = (bytes[12] | bytes[13] | bytes[14]) == 0 && (bytes[15] == 0 || bytes[15] == 1);
			return unspecifiedOrLoopback ? Optional.empty()
					: embedded(bytes, 12, false, IPV4_COMPATIBLE, "IPv4-compatible network");
		}
		if (NAT64.contains(address)) {
			return embedded(bytes, 12, false, NAT64, "NAT64 network");
		}
		if (SIX_TO_FOUR.contains(address)) {
			return embedded(bytes, 2, false, SIX_TO_FOUR, "6to4 network");
		}
		if (TEREDO.contains(address)) {
			return embedded(bytes, 12, true, TEREDO, "Teredo network");
		}
		if ((bytes[8] == 0 || bytes[8] == 2) && bytes[9] == 0 && bytes[10] == 0x5E && bytes[11] == (byte) 0xFE) {
			return embedded(bytes, 12, false, null, "ISATAP interface identifier");
		}
		return Optional.empty();
	}

	private static Optional<Embedded> embedded(byte[] bytes, int offset, boolean inverted, Cidr carrier,
			String name) {
		byte[] ipv4 = new byte[4];
		for (int i = 0; i < 4; i++) {
			ipv4[i] = (byte) (inverted ? ~bytes[offset + i] : bytes[offset + i]);
		}
		try {
			Inet4Address carried = (Inet4Address) InetAddress.getByAddress(ipv4);
			return Optional.of(new Embedded(carried, (carrier != null) ? name + " " + carrier : name));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Every network of the table, in order; for tests.
	 */
	static List<Cidr> networks() {
		return RULES.stream().map(Rule::network).toList();
	}

	private static Optional<Refusal> tableMatch(InetAddress address) {
		for (Rule rule : RULES) {
			if (rule.network().contains(address)) {
				return Optional.of(new Refusal(rule.key(), rule.name() + " " + rule.network()));
			}
		}
		return Optional.empty();
	}

	private static Rule rule(String cidr, String name, String key) {
		return new Rule(Cidr.of(cidr), name, key);
	}

}
