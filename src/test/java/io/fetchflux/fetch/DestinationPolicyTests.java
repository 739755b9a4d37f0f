package io.fetchflux.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DestinationPolicyTests {

	private final DestinationPolicy policy = new DestinationPolicy(List.of());

	@Test
	void normalisesSchemeAndHostCaseAndTheTrailingDot() {
		assertThat(this.policy.parse("HTTPS://Example.COM./a%20b?q=1#fragment"))
			.isEqualTo(URI.create("https://example.com/a%20b?q=1"));
		assertThat(this.policy.parse("http://example.com")).isEqualTo(URI.create("http://example.com/"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "gopher://example.com/", "http://user@example.com/", "http://example.com/a b",
			"http://example.com/\r\nHost: evil", "//example.com/" })
	void refusesUrlsItCannotReadUnambiguously(String url) {
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> this.policy.parse(url));
	}

	@ParameterizedTest
	@CsvSource({ "127.0.0.1, loopback network 127.0.0.0/8", "10.1.2.3, private network 10.0.0.0/8",
			"100.100.100.200, carrier-grade NAT network 100.64.0.0/10",
			"169.254.169.254, link-local network 169.254.0.0/16", "192.0.0.192, IETF protocol assignments network 192.0.0.0/24",
			"0.0.0.0, unspecified network 0.0.0.0/8", "::1, loopback address ::1/128",
			"fd00:ec2::254, unique-local network fc00::/7", "::ffff:127.0.0.1, loopback network 127.0.0.0/8",
			"::127.0.0.1, IPv4-compatible network ::/96", "fe80::1, link-local network fe80::/10" })
	void refusesNonPublicAddressesNamingTheRule(String address, String rule) throws UnknownHostException {
		assertThat(this.policy.refusal(InetAddress.getByName(address))).hasValue(rule);
	}

	@ParameterizedTest
	@ValueSource(strings = { "93.184.215.14", "8.8.8.8", "2606:4700:4700::1111" })
	void acceptsGlobalAddresses(String address) throws UnknownHostException {
		assertThat(this.policy.refusal(InetAddress.getByName(address))).isEmpty();
	}

	@Test
	void allowedNetworksAreExempt() throws UnknownHostException {
		DestinationPolicy allowing = new DestinationPolicy(List.of(Cidr.of("10.20.0.0/16")));
		assertThat(allowing.refusal(InetAddress.getByName("10.20.1.1"))).isEmpty();
		assertThat(allowing.refusal(InetAddress.getByName("10.21.1.1"))).isPresent();
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

}
