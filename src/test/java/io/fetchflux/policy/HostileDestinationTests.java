package io.fetchflux.policy;

import java.io.IOException;
import java.util.stream.Stream;

import io.fetchflux.FetchfluxTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile URLs from public SSRF research (PayloadsAllTheThings, the OWASP SSRF prevention cheat
 * sheet, the deny tables of go-camo, smokescreen and imgproxy), sent by a client to the real
 * endpoint with the shipped network policy (nothing allowed). Each is refused with the expected
 * problem, and a canary listening on the loopback address the URL aims at never sees a connection.
 */
@FetchfluxTest(properties = "fetchflux.fetch.allowed-networks=")
class HostileDestinationTests {

	private static final Canary canary = Canary.mustListenOn("127.0.0.1");

	private static final Canary canary6 = Canary.listenOn("::1");

	static final String INVALID = "invalid-url";

	static final String REFUSED = "destination-refused";

	@Autowired
	private WebTestClient client;

	@AfterAll
	static void noConnectionEverArrived() throws IOException {
		try {
			assertThat(canary.accepted()).isZero();
			if (canary6 != null) {
				assertThat(canary6.accepted()).isZero();
			}
		}
		finally {
			canary.close();
			if (canary6 != null) {
				canary6.close();
			}
		}
	}

	static Stream<Arguments> hostileUrls() {
		return Stream.of(
				// IPv4 spellings of loopback and friends
				c(403, REFUSED, "http://127.0.0.1:{p}/"), c(403, REFUSED, "http://127.0.0.2:{p}/"),
				c(403, REFUSED, "http://127.127.127.127:{p}/"), c(403, REFUSED, "http://0.0.0.0:{p}/"),
				c(403, REFUSED, "HTTP://127.0.0.1:{p}/"), c(403, REFUSED, "http://127.0.0.1.:{p}/"),
				c(400, INVALID, "http://2130706433:{p}/"), c(400, INVALID, "http://017700000001:{p}/"),
				c(400, INVALID, "http://0x7f000001:{p}/"), c(400, INVALID, "http://0x7F000001:{p}/"),
				c(400, INVALID, "http://0177.0.0.1:{p}/"), c(400, INVALID, "http://0177.0000.0000.0001:{p}/"),
				c(400, INVALID, "http://0x7f.0x0.0x0.0x1:{p}/"), c(400, INVALID, "http://0x7f.1:{p}/"),
				c(400, INVALID, "http://127.1:{p}/"), c(400, INVALID, "http://127.0.1:{p}/"),
				c(400, INVALID, "http://0:{p}/"), c(400, INVALID, "http://127.000.000.001:{p}/"),
				c(400, INVALID, "http://127.0.0.0x1:{p}/"), c(400, INVALID, "http://4311744513:{p}/"),
				c(400, INVALID, "http://127.0.0.1..:{p}/"), c(400, INVALID, "http://1.1.1.1&@127.0.0.1:{p}/"),
				// other non-public IPv4 networks
				c(403, REFUSED, "http://10.0.0.1/"), c(403, REFUSED, "http://172.16.0.1/"),
				c(403, REFUSED, "http://172.31.255.255/"), c(403, REFUSED, "http://192.168.0.1/"),
				c(403, REFUSED, "http://100.64.0.1/"), c(403, REFUSED, "http://198.18.0.1/"),
				c(403, REFUSED, "http://224.0.0.1/"), c(403, REFUSED, "http://240.0.0.1/"),
				c(403, REFUSED, "http://255.255.255.255/"), c(403, REFUSED, "http://192.0.2.1/"),
				// IPv6 spellings
				c(403, REFUSED, "http://[::1]:{p6}/"), c(403, REFUSED, "http://[0:0:0:0:0:0:0:1]:{p6}/"),
				c(403, REFUSED, "http://[::1]:80/"), c(403, REFUSED, "http://[::]:{p6}/"),
				c(403, REFUSED, "http://[::ffff:127.0.0.1]:{p}/"), c(403, REFUSED, "http://[::ffff:7f00:1]:{p}/"),
				c(403, REFUSED, "http://[0:0:0:0:0:ffff:7f00:1]:{p}/"), c(403, REFUSED, "http://[::FFFF:7F00:0001]:{p}/"),
				c(403, REFUSED, "http://[::127.0.0.1]:{p}/"), c(403, REFUSED, "http://[::7f00:1]:{p}/"),
				c(403, REFUSED, "http://[64:ff9b::127.0.0.1]:{p}/"), c(403, REFUSED, "http://[64:ff9b::a9fe:a9fe]/"),
				c(403, REFUSED, "http://[2002:7f00:1::]:{p}/"), c(403, REFUSED, "http://[2002:a9fe:a9fe::]/"),
				c(403, REFUSED, "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:{p}/"),
				c(403, REFUSED, "http://[fe80::5efe:7f00:1]:{p}/"), c(403, REFUSED, "http://[fe80::1]/"),
				c(403, REFUSED, "http://[fc00::1]/"), c(403, REFUSED, "http://[ff02::1]/"),
				c(403, REFUSED, "http://[fec0::1]/"), c(403, REFUSED, "http://[2001:db8::1]/"),
				c(400, INVALID, "http://[fe80::1%25lo]:{p6}/"), c(400, INVALID, "http://[::1%25lo]:{p6}/"),
				c(400, INVALID, "http://[::ffff:127.1]:{p}/"), c(400, INVALID, "http://::1:{p6}/"),
				c(400, INVALID, "http://[::1:{p6}/"), c(400, INVALID, "http://[v1.7f00]:{p}/"),
				// cloud metadata
				c(403, REFUSED, "http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
				c(403, REFUSED, "http://169.254.170.2/v2/credentials"),
				c(403, REFUSED, "http://[fd00:ec2::254]/latest/meta-data/"),
				c(403, REFUSED, "http://[::ffff:a9fe:a9fe]/latest/meta-data/"),
				c(403, REFUSED, "http://100.100.100.200/latest/meta-data/"),
				c(403, REFUSED, "http://192.0.0.192/opc/v2/instance/"),
				c(403, REFUSED, "http://metadata.google.internal/computeMetadata/v1/"),
				c(403, REFUSED, "http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/"),
				c(403, REFUSED, "http://metadata/computeMetadata/v1/"), c(403, REFUSED, "http://metadata.goog/"),
				c(403, REFUSED, "http://instance-data/latest/meta-data/"),
				c(403, REFUSED, "http://instance-data.ec2.internal/latest/"),
				c(403, REFUSED, "http://kubernetes.default.svc/"),
				c(400, INVALID, "http://2852039166/latest/meta-data/"), c(400, INVALID, "http://0xa9fea9fe/"),
				c(400, INVALID, "http://0251.0376.0251.0376/"), c(400, INVALID, "http://169.254.43518/"),
				c(400, INVALID, "http://0xA9.0xFE.0xA9.0xFE/"),
				// names
				c(403, REFUSED, "http://localhost:{p}/"), c(403, REFUSED, "http://LOCALHOST.:{p}/"),
				c(403, REFUSED, "http://foo.localhost:{p}/"), c(403, REFUSED, "http://printer.local:{p}/"),
				// parser confusions
				c(403, REFUSED, "http://127.0.0.1:{p}#@example.com/"), c(403, REFUSED, "http://127.0.0.1:{p}?@example.com/"),
				c(400, INVALID, "http://example.com@127.0.0.1:{p}/"), c(400, INVALID, "http://127.0.0.1:{p}\\@example.com/"),
				c(400, INVALID, "http://example.com:80@127.0.0.1:{p}/"), c(400, INVALID, "http://[::1]@127.0.0.1:{p}/"),
				c(400, INVALID, "http://127.0.0.1:{p}:80/"), c(400, INVALID, "http://%31%32%37%2e%30%2e%30%2e%31:{p}/"),
				c(400, INVALID, "http://127%2E0%2E0%2E1:{p}/"), c(400, INVALID, "http://%6c%6f%63%61%6c%68%6f%73%74:{p}/"),
				c(403, REFUSED, "http://127。0。0。1:{p}/"), c(403, REFUSED, "http://127．0．0．1:{p}/"),
				c(403, REFUSED, "http://127｡0｡0｡1:{p}/"), c(403, REFUSED, "http://１２７.０.０.１:{p}/"),
				c(403, REFUSED, "http://①②⑦.⓪.⓪.①:{p}/"), c(403, REFUSED, "http://ｌｏｃａｌｈｏｓｔ:{p}/"),
				c(400, INVALID, "http://127.0.0.1 :{p}/"), c(400, INVALID, "http://127.0.0.1:{p}/\r\nX-Injected: 1"),
				c(400, INVALID, "http://127.0.0.1\t:{p}/"), c(400, INVALID, " http://127.0.0.1:{p}/"),
				c(400, INVALID, "http:/127.0.0.1:{p}/"), c(400, INVALID, "http:127.0.0.1:{p}/"),
				c(400, INVALID, "//127.0.0.1:{p}/"), c(400, INVALID, "http:\\\\127.0.0.1:{p}/"),
				c(400, INVALID, "http://127.0.0.1:+{p}/"), c(400, INVALID, "http://127.0.0.1:0{p}/"),
				c(400, INVALID, "http://127.0.0.1:65536/"), c(400, INVALID, "http://127.0.0.1:0/"),
				// schemes
				c(400, INVALID, "file:///etc/passwd"), c(400, INVALID, "file://127.0.0.1/etc/passwd"),
				c(400, INVALID, "gopher://127.0.0.1:{p}/_SET%20x%201"), c(400, INVALID, "dict://127.0.0.1:{p}/info"),
				c(400, INVALID, "ftp://127.0.0.1:{p}/"), c(400, INVALID, "jar:http://127.0.0.1:{p}/x.jar!/"),
				c(400, INVALID, "netdoc:///etc/passwd"), c(400, INVALID, "data:text/plain,hello"),
				c(400, INVALID, "ldap://127.0.0.1:{p}/"), c(400, INVALID, "ws://127.0.0.1:{p}/"),
				c(400, INVALID, "tftp://127.0.0.1:{p}/x"), c(400, INVALID, "sftp://127.0.0.1:{p}/"));
	}

	private static Arguments c(int status, String type, String url) {
		int port6 = (canary6 != null) ? canary6.port() : canary.port();
		return Arguments.of(url.replace("{p}", Integer.toString(canary.port()))
			.replace("{p6}", Integer.toString(port6)), status, type);
	}

	@Test
	void atLeastSixtyHostileUrls() {
		assertThat(hostileUrls().count()).isGreaterThanOrEqualTo(60);
	}

	@ParameterizedTest
	@MethodSource("hostileUrls")
	void isRefusedWithoutConnecting(String url, int status, String type) {
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isEqualTo(status)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:" + type)
			.jsonPath("$.detail").value((detail) -> assertThat(detail.toString())
				.doesNotContain(Integer.toString(canary.port())));
		assertThat(canary.accepted()).isZero();
		if (canary6 != null) {
			assertThat(canary6.accepted()).isZero();
		}
	}

}
