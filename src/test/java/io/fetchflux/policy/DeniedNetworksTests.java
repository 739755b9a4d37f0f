package io.fetchflux.policy;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code denied-networks} wins over {@code allowed-networks}: 127.0.0.2 is allowed as part of
 * 127.0.0.0/8 but denied on its own, so it is refused, directly or through a redirect from the
 * stub, and a canary listening there never sees a connection.
 */
@FetchfluxTest(properties = { "fetchflux.fetch.allowed-networks=127.0.0.0/8",
		"fetchflux.fetch.denied-networks=127.0.0.2/32" })
class DeniedNetworksTests {

	private static final Canary canary = Canary.mustListenOn("127.0.0.2");

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@AfterAll
	static void noConnectionEverArrived() throws IOException {
		try {
			assertThat(canary.accepted()).isZero();
		}
		finally {
			canary.close();
		}
	}

	@Test
	void deniedNetworkIsRefusedEvenInsideAnAllowedOne() {
		assertRefused("http://127.0.0.2:" + canary.port() + "/");
		assertRefused("http://[::ffff:127.0.0.2]:" + canary.port() + "/");
	}

	@Test
	void redirectIntoADeniedNetworkIsRefused() {
		String location = URLEncoder.encode("http://127.0.0.2:" + canary.port() + "/", StandardCharsets.UTF_8);
		assertRefused(this.stub.url("/redirect-to?location=" + location));
	}

	private void assertRefused(String url) {
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isForbidden()
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused")
			.jsonPath("$.detail").isEqualTo("Destination refused: denied network 127.0.0.2/32");
		assertThat(canary.accepted()).isZero();
	}

}
