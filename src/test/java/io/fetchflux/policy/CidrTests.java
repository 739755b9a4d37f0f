package io.fetchflux.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CidrTests {

	@Test
	void containsAddressesInsideThePrefix() throws UnknownHostException {
		Cidr cidr = Cidr.of("100.64.0.0/10");
		assertThat(cidr.contains(InetAddress.getByName("100.64.0.1"))).isTrue();
		assertThat(cidr.contains(InetAddress.getByName("100.127.255.255"))).isTrue();
		assertThat(cidr.contains(InetAddress.getByName("100.128.0.0"))).isFalse();
		assertThat(cidr.contains(InetAddress.getByName("::1"))).isFalse();
	}

	@Test
	void ipv6PrefixesWork() throws UnknownHostException {
		Cidr cidr = Cidr.of("fc00::/7");
		assertThat(cidr.contains(InetAddress.getByName("fd00:ec2::254"))).isTrue();
		assertThat(cidr.contains(InetAddress.getByName("fe80::1"))).isFalse();
	}

	@Test
	void bareAddressIsABlockOfOne() throws UnknownHostException {
		Cidr cidr = Cidr.of("10.1.2.3");
		assertThat(cidr.prefixLength()).isEqualTo(32);
		assertThat(cidr.contains(InetAddress.getByName("10.1.2.3"))).isTrue();
		assertThat(cidr.contains(InetAddress.getByName("10.1.2.4"))).isFalse();
		assertThat(cidr).hasToString("10.1.2.3/32");
	}

	@Test
	void rejectsNamesAndBadPrefixesWithoutTouchingDns() {
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.of("example.com/8"));
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.of("10.0.0.0/33"));
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.of("10.0.0.0/x"));
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.of("256.0.0.0/8"));
	}

}
