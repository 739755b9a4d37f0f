package io.fetchflux.policy;

import java.io.IOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stub upstream, the one allowed destination (127.0.0.1 on its port), redirects to hostile
 * URLs aimed at a canary on 127.0.0.2: every hop is judged like the first request, so each
 * redirect is refused and the canary never sees a connection.
 */
@FetchfluxTest(properties = "fetchflux.fetch.allowed-networks=127.0.0.1/32")
class HostileRedirectTests {

	private static final StubUpstream stub = StubUpstream.get();

	private static final Canary canary = Canary.mustListenOn("127.0.0.2");

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void onlyTheStubsPort(DynamicPropertyRegistry registry) {
		registry.add("fetchflux.fetch.allowed-ports", () -> "80,443," + stub.port());
	}

	@AfterAll
	static void noConnectionEverArrived() throws IOException {
		try {
			assertThat(canary.accepted()).isZero();
		}
		finally {
			canary.close();
		}
	}

	static Stream<Arguments> hostileLocations() {
		return Stream.of("http://127.0.0.2:{q}/", "http://2130706434:{q}/", "http://0177.0.0.2:{q}/", "http://127.2:{q}/",
				"http://0x7f000002:{q}/", "http://127.0.0.2.:{q}/", "HTTP://127.0.0.2:{q}/",
				"http://[::ffff:127.0.0.2]:{q}/", "http://[::ffff:7f00:2]:{q}/", "http://[::127.0.0.2]:{q}/",
				"http://[64:ff9b::7f00:2]:{q}/", "http://[2002:7f00:2::]:{q}/",
				"http://[2001:0:4136:e378:8000:63bf:80ff:fffd]:{q}/", "http://[fe80::200:5efe:7f00:2]:{q}/",
				"http://[::1]:{q}/", "http://[::]:{q}/", "http://0.0.0.0:{q}/", "http://localhost:{q}/",
				"http://LOCALHOST.:{q}/", "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
				"http://metadata.google.internal/computeMetadata/v1/", "http://100.100.100.200/", "http://192.0.0.192/",
				"http://10.0.0.1/", "http://127.0.0.2:{q}#@example.com/", "http://example.com@127.0.0.2:{q}/",
				"http://%31%32%37.0.0.2:{q}/", "http://127%2e0%2e0%2e2:{q}/", "http://[fe80::1%25lo]:{q}/",
				"file:///etc/passwd", "gopher://127.0.0.2:{q}/_x", "dict://127.0.0.2:{q}/info",
				"jar:http://127.0.0.2:{q}/x.jar!/", "//127.0.0.2:{q}/", "http://example.com:22/",
				"http://example.com:8080/", "http://127.0.0.1:22/")
			.map((location) -> Arguments.of(location.replace("{q}", Integer.toString(canary.port()))));
	}

	@Test
	void theStubIsReachableSoRefusalsAreTheRedirectTargets() {
		this.client.get().uri("/api/fetch?url={url}", stub.url("/redirect-to?location=/image.png")).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	@Test
	void theCanaryCountsConnections() throws IOException {
		try (Canary control = Canary.mustListenOn("127.0.0.2"); Socket socket = new Socket("127.0.0.2", control.port())) {
			await().atMost(Duration.ofSeconds(5)).until(() -> control.accepted() == 1);
		}
	}

	@Test
	void redirectToAnUnreadableUrlIsRefusedWithoutConnecting() {
		String location = "http://127.0.0.2:" + canary.port() + "\\@example.com/";
		String url = stub.url("/redirect-to?location=" + URLEncoder.encode(location, StandardCharsets.UTF_8));
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isEqualTo(403)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused");
		assertThat(canary.accepted()).isZero();
	}

	@ParameterizedTest
	@MethodSource("hostileLocations")
	void redirectIsRefusedWithoutConnecting(String location) {
		String url = stub.url("/redirect-to?location=" + URLEncoder.encode(location, StandardCharsets.UTF_8));
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused");
		assertThat(canary.accepted()).isZero();
	}

}
