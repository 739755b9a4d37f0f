package io.fetchflux.fetch;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the shipped configuration, where no network is allowed, loopback is refused.
 */
@FetchfluxTest(properties = "fetchflux.fetch.allowed-networks=")
class DefaultDestinationPolicyTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private FetchProperties properties;

	@Test
	void allowedNetworksIsEmpty() {
		assertThat(this.properties.getAllowedNetworks()).isEmpty();
		assertThat(new FetchProperties().getAllowedNetworks()).isEmpty();
	}

	@Test
	void loopbackAddressIsRefusedWithoutConnecting() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/hang/default-policy")).exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused")
			.jsonPath("$.detail").isEqualTo("Destination refused: loopback network 127.0.0.0/8");
		assertThat(this.stub.arrived("default-policy")).isFalse();
	}

	@Test
	void plain127001IsRefused() {
		this.client.get().uri("/api/fetch?url={url}", "http://127.0.0.1/").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused");
	}

	@Test
	void localhostByNameIsRefused() {
		this.client.get().uri("/api/fetch?url={url}", "http://localhost:" + this.stub.port() + "/hang/localhost")
			.exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused");
		assertThat(this.stub.arrived("localhost")).isFalse();
	}

}
