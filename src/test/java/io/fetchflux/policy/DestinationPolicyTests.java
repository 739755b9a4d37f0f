package io.fetchflux.policy;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.fetchflux.fetch.FetchProperties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DestinationPolicyTests {

	private final DestinationPolicy policy = new DestinationPolicy(new FetchProperties());

	@Test
	void normalisesSchemeAndHostCaseAndTheTrailingDot() {
		assertThat(this.policy.parse("HTTPS://Example.COM./a%20b?q=1#fragment"))
			.isEqualTo(URI.create("https://example.com/a%20b?q=1"));
		assertThat(this.policy.parse("http://example.com")).isEqualTo(URI.create("http://example.com/"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "gopher://example.com/", "http://user@example.com/", "http://example.com/a b",
			"http://example.com/\r\nHost: evil", "//example.com/", "http://2130706433/", "http://%6c%6f%63%61%6c%68%6f%73%74/" })
	void refusesUrlsItCannotReadUnambiguously(String url) {
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> this.policy.parse(url));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "http://127.0.0.1/ | loopback network 127.0.0.0/8",
			"http://127。0。0。1/ | loopback network 127.0.0.0/8", "http://[::1]:80/ | loopback address ::1/128",
			"http://[::ffff:169.254.169.254]/ | link-local network 169.254.0.0/16",
			"http://[::127.0.0.1]/ | loopback network 127.0.0.0/8 inside IPv4-compatible network ::/96",
			"http://LOCALHOST./ | loopback host name", "http://foo.localhost/ | loopback host name",
			"http://metadata.google.internal/ | cloud metadata or cluster host name",
			"http://METADATA.GOOGLE.INTERNAL./ | cloud metadata or cluster host name",
			"http://metadata.goog/ | cloud metadata or cluster host name",
			"http://metadata/ | cloud metadata or cluster host name",
			"http://instance-data/ | cloud metadata or cluster host name",
			"http://kubernetes.default.svc/ | cloud metadata or cluster host name",
			"http://anything.internal/ | special-use domain .internal",
			"http://printer.local/ | special-use domain .local",
			"http://router.home.arpa/ | special-use domain .home.arpa",
			"http://intranet/ | single-label host name",
			"http://example.com:8080/ | port 8080 is not in the allowed ports 80,443",
			"http://example.com:22/ | port 22 is not in the allowed ports 80,443",
			"http://metadata.tencentyun.com/ | cloud metadata or cluster host name",
			"https://example.com:8443/ | port 8443 is not in the allowed ports 80,443" })
	void refusesDestinationsByTextNamingTheRule(String url, String rule) {
		assertThatExceptionOfType(DestinationRefusedException.class).isThrownBy(() -> this.policy.parse(url))
			.withMessage("Destination refused: " + rule);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://example.com/", "https://example.com/", "http://example.com:443/",
			"https://example.com:80/", "http://93.184.215.14/", "http://[2606:4700:4700::1111]/", "http://bücher.example/" })
	void acceptsPublicDestinationsOnTheDefaultPorts(String url) {
		assertThat(this.policy.parse(url)).isNotNull();
	}

	@ParameterizedTest
	@CsvSource({ "127.0.0.1, loopback network 127.0.0.0/8", "10.1.2.3, private network 10.0.0.0/8",
			"100.100.100.200, carrier-grade NAT network 100.64.0.0/10",
			"169.254.169.254, link-local network 169.254.0.0/16", "192.0.0.192, IETF protocol assignments network 192.0.0.0/24",
			"0.0.0.0, unspecified network 0.0.0.0/8", "::1, loopback address ::1/128", "::, unspecified address ::/128",
			"fd00:ec2::254, unique-local network fc00::/7", "::ffff:127.0.0.1, loopback network 127.0.0.0/8",
			"::127.0.0.1, loopback network 127.0.0.0/8 inside IPv4-compatible network ::/96",
			"::8.8.8.8, IPv4-compatible network ::/96", "fe80::1, link-local network fe80::/10",
			"64:ff9b::7f00:1, loopback network 127.0.0.0/8 inside NAT64 network 64:ff9b::/96",
			"64:ff9b::a9fe:a9fe, link-local network 169.254.0.0/16 inside NAT64 network 64:ff9b::/96",
			"64:ff9b::808:808, NAT64 network 64:ff9b::/96", "64:ff9b:1::a00:1, local-use NAT64 network 64:ff9b:1::/48",
			"2002:7f00:1::, loopback network 127.0.0.0/8 inside 6to4 network 2002::/16",
			"2002:a9fe:a9fe::1, link-local network 169.254.0.0/16 inside 6to4 network 2002::/16",
			"2002:808:808::1, 6to4 network 2002::/16",
			"2001:0:4136:e378:8000:63bf:80ff:fffe, loopback network 127.0.0.0/8 inside Teredo network 2001::/32",
			"2001:0:4136:e378:8000:63bf:f5ff:fffe, private network 10.0.0.0/8 inside Teredo network 2001::/32",
			"2001:0:4136:e378:8000:63bf:f7f7:f7f7, IETF protocol assignments network 2001::/23",
			"2001:4860:1::5efe:7f00:1, loopback network 127.0.0.0/8 inside ISATAP interface identifier",
			"2001:4860:1::200:5efe:a00:1, private network 10.0.0.0/8 inside ISATAP interface identifier",
			"fe80::5efe:c0a8:101, private network 192.168.0.0/16 inside ISATAP interface identifier",
			"ff02::1, multicast network ff00::/8", "fec0::1, site-local network fec0::/10",
			"100::1, discard-only network 100::/64", "2001:db8::1, documentation network 2001:db8::/32",
			"3fff::1, documentation network 3fff::/20", "5f00::1, segment routing network 5f00::/16",
			"4000::1, IPv6 outside global unicast 2000::/3", "1::1, IPv6 outside global unicast 2000::/3",
			"e000::1, IPv6 outside global unicast 2000::/3" })
	void refusesNonPublicAddressesNamingTheRule(String address, String rule) throws UnknownHostException {
		assertThat(this.policy.refusal(InetAddress.getByName(address))).hasValue(rule);
	}

	@Test
	void ipv4MappedAddressKeptAsIpv6IsJudgedByItsIpv4Address() throws UnknownHostException {
		byte[] bytes = new byte[16];
		bytes[10] = (byte) 0xFF;
		bytes[11] = (byte) 0xFF;
		bytes[12] = 10;
		bytes[15] = 1;
		InetAddress mapped = Inet6Address.getByAddress(null, bytes, -1);
		assertThat(mapped).isInstanceOf(Inet6Address.class);
		assertThat(this.policy.refusal(mapped)).hasValue("private network 10.0.0.0/8 inside IPv4-mapped network ::ffff:0:0/96");
		bytes[12] = 8;
		bytes[13] = 8;
		bytes[14] = 8;
		bytes[15] = 8;
		assertThat(this.policy.refusal(Inet6Address.getByAddress(null, bytes, -1)))
			.hasValue("IPv4-mapped network ::ffff:0:0/96");
	}

	@ParameterizedTest
	@CsvSource({ "::ffff:0:a00:1, 10.0.0.1", "::a00:1, 10.0.0.1", "64:ff9b::c000:221, 192.0.2.33",
			"2002:c000:221::1, 192.0.2.33", "2001:0:4136:e378:8000:63bf:3fff:fdd2, 192.0.2.45",
			"2001:db8::5efe:c000:221, 192.0.2.33", "2001:db8::200:5efe:c000:221, 192.0.2.33" })
	void extractsTheEmbeddedIpv4Address(String ipv6, String ipv4) throws UnknownHostException {
		InetAddress expected = InetAddress.getByName(ipv4);
		assertThat(SpecialPurposeNetworks.embeddedIpv4(InetAddress.getByName(ipv6)))
			.hasValueSatisfying((embedded) -> assertThat(embedded.ipv4()).isEqualTo(expected));
	}

	@ParameterizedTest
	@ValueSource(strings = { "::", "::1", "2001:4860:4860::8888", "fe80::1", "10.0.0.1" })
	void findsNoEmbeddedIpv4WhereThereIsNone(String address) throws UnknownHostException {
		assertThat(SpecialPurposeNetworks.embeddedIpv4(InetAddress.getByName(address))).isEmpty();
	}

	static Stream<Cidr> tableNetworks() {
		return SpecialPurposeNetworks.networks().stream();
	}

	@ParameterizedTest
	@MethodSource("tableNetworks")
	void refusesTheFirstAndLastAddressOfEveryTableEntry(Cidr network) throws UnknownHostException {
		byte[] first = network.network().getAddress();
		int bits = first.length * 8;
		BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - network.prefixLength()).subtract(BigInteger.ONE);
		byte[] last = toBytes(new BigInteger(1, first).or(hostMask), first.length);
		assertThat(this.policy.refusal(address(first))).as("first of %s", network).isPresent();
		assertThat(this.policy.refusal(address(last))).as("last of %s", network).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.0.0.0", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
			"128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "191.255.255.255", "192.0.1.0",
			"192.0.1.255", "192.0.3.0", "192.88.98.255", "192.88.100.0", "192.167.255.255", "192.169.0.0",
			"198.17.255.255", "198.20.0.0", "198.51.99.255", "198.51.101.0", "203.0.112.255", "203.0.114.0",
			"223.255.255.255", "93.184.215.14", "8.8.8.8", "2000::", "2001:200::", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
			"2001:db9::", "2001:4860:4860::8888", "2001:4860::5efe:808:808", "2600::1", "2003::",
			"2606:4700:4700::1111", "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "3fff:1000::" })
	void acceptsGlobalAddresses(String address) throws UnknownHostException {
		assertThat(this.policy.refusal(InetAddress.getByName(address))).isEmpty();
	}

	@Test
	void allowedNetworksAreExempt() throws UnknownHostException {
		DestinationPolicy allowing = new DestinationPolicy(List.of(Cidr.of("10.20.0.0/16")), List.of(), new FetchProperties().getAllowedPorts());
		assertThat(allowing.refusal(InetAddress.getByName("10.20.1.1"))).isEmpty();
		assertThat(allowing.refusal(InetAddress.getByName("10.21.1.1"))).isPresent();
	}

	@Test
	void allowedNetworksDoNotExemptIpv6AddressesCarryingAnAllowedIpv4Address() throws UnknownHostException {
		DestinationPolicy allowing = new DestinationPolicy(List.of(Cidr.of("10.20.0.0/16")), List.of(), new FetchProperties().getAllowedPorts());
		assertThat(allowing.refusal(InetAddress.getByName("64:ff9b::a14:101"))).isPresent();
		assertThat(allowing.refusal(InetAddress.getByName("2002:a14:101::"))).isPresent();
	}

	@Test
	void deniedNetworksAreRefusedEvenWhenAllowed() throws UnknownHostException {
		DestinationPolicy denying = new DestinationPolicy(List.of(Cidr.of("10.0.0.0/8")),
				List.of(Cidr.of("10.9.0.0/16"), Cidr.of("93.184.215.0/24")), List.of(PortRange.of("80")));
		assertThat(denying.refusal(InetAddress.getByName("10.8.0.1"))).isEmpty();
		assertThat(denying.refusal(InetAddress.getByName("10.9.0.1"))).hasValue("denied network 10.9.0.0/16");
		assertThat(denying.refusal(InetAddress.getByName("93.184.215.14"))).hasValue("denied network 93.184.215.0/24");
		assertThat(denying.refusal(InetAddress.getByName("2002:5db8:d70e::")))
			.hasValue("denied network 93.184.215.0/24 inside 6to4 network 2002::/16");
		assertThatExceptionOfType(DestinationRefusedException.class)
			.isThrownBy(() -> denying.parse("http://93.184.215.14/"))
			.withMessage("Destination refused: denied network 93.184.215.0/24");
	}

	@Test
	void allowedPortsAcceptRanges() {
		DestinationPolicy ports = new DestinationPolicy(List.of(), List.of(),
				List.of(PortRange.of("443"), PortRange.of("8000-8999")));
		assertThat(ports.parse("https://example.com/")).isEqualTo(URI.create("https://example.com/"));
		assertThat(ports.parse("http://example.com:8000/")).isEqualTo(URI.create("http://example.com:8000/"));
		assertThat(ports.parse("http://example.com:8999/")).isEqualTo(URI.create("http://example.com:8999/"));
		assertThatExceptionOfType(DestinationRefusedException.class)
			.isThrownBy(() -> ports.parse("http://example.com/"))
			.withMessage("Destination refused: port 80 is not in the allowed ports 443,8000-8999");
		assertThatExceptionOfType(DestinationRefusedException.class)
			.isThrownBy(() -> ports.parse("http://example.com:9000/"));
	}

	@Test
	void selectKeepsOnlyPermittedAddressesAndRefusesWhenNoneIs() throws UnknownHostException {
		InetSocketAddress inside = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 80);
		InetSocketAddress outside = new InetSocketAddress(InetAddress.getByName("93.184.215.14"), 80);
		assertThat(this.policy.select(List.of(inside, outside))).containsExactly(outside);
		assertThatExceptionOfType(DestinationRefusedException.class)
			.isThrownBy(() -> this.policy.select(List.of(inside)))
			.withMessage("Destination refused: private network 10.0.0.0/8");
	}

	@Test
	void selectNamesTheRuleButNeverTheAddressANameResolvedTo() throws UnknownHostException {
		InetAddress rebound = InetAddress.getByAddress("rebind.example.com", new byte[] { 10, 1, 2, 3 });
		InetSocketAddress resolved = new InetSocketAddress(rebound, 443);
		assertThatExceptionOfType(DestinationRefusedException.class)
			.isThrownBy(() -> this.policy.select(List.of(resolved)))
			.withMessage("Destination refused: private network 10.0.0.0/8")
			.withMessageNotContaining("10.1.2.3");
	}

	@Test
	void selectRefusesIpv6AddressesCarryingARefusedIpv4Address() throws UnknownHostException {
		InetSocketAddress nat64 = new InetSocketAddress(InetAddress.getByName("64:ff9b::a9fe:a9fe"), 80);
		assertThatExceptionOfType(DestinationRefusedException.class)
			.isThrownBy(() -> this.policy.select(List.of(nat64)))
			.withMessage("Destination refused: link-local network 169.254.0.0/16 inside NAT64 network 64:ff9b::/96");
	}

	@Test
	void selectRefusesPortsOutsideTheAllowedOnes() throws UnknownHostException {
		InetSocketAddress ssh = new InetSocketAddress(InetAddress.getByName("93.184.215.14"), 22);
		assertThatExceptionOfType(DestinationRefusedException.class)
			.isThrownBy(() -> this.policy.select(List.of(ssh)))
			.withMessage("Destination refused: port 22 is not in the allowed ports 80,443");
		assertThatExceptionOfType(DestinationRefusedException.class)
			.isThrownBy(() -> this.policy.select(List.of()))
			.withMessage("Destination refused: no address");
	}

	@Test
	void defaultsAreSafe() {
		FetchProperties defaults = new FetchProperties();
		assertThat(defaults.getAllowedNetworks()).isEmpty();
		assertThat(defaults.getDeniedNetworks()).isEmpty();
		assertThat(defaults.getAllowedPorts()).containsExactly(PortRange.of("80"), PortRange.of("443"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "65536", "-1", "80-", "-80", "90-80", "x", "", "1-2-3", "+80" })
	void refusesInvalidPortRanges(String text) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> PortRange.of(text));
	}

	private static InetAddress address(byte[] bytes) throws UnknownHostException {
		return (bytes.length == 16) ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
	}

	private static byte[] toBytes(BigInteger value, int length) {
		byte[] raw = value.toByteArray();
		byte[] bytes = new byte[length];
		int copy = Math.min(raw.length, length);
		System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
		return Arrays.copyOf(bytes, length);
	}

}
