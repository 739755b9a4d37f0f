package io.fetchflux.policy;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import io.fetchflux.fetch.FetchProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the shipped configuration, where no network is allowed and only ports 80 and 443 are,
 * loopback and other ports are refused.
 */
@FetchfluxTest(properties = { "fetchflux.fetch.allowed-networks=", "fetchflux.fetch.allowed-ports=80,443" })
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
	void shippedConfigurationAllowsNoNetworkDeniesNoExtraNetworkAndOnlyPorts80And443() throws IOException {
		List<PropertySource<?>> shipped = new YamlPropertySourceLoader().load("application.yml",
				new FileSystemResource("application.yml"));
		FetchProperties bound = new Binder(ConfigurationPropertySources.from(shipped))
			.bindOrCreate("fetchflux.fetch", FetchProperties.class);
		assertThat(bound.getAllowedNetworks()).isEmpty();
		assertThat(bound.getDeniedNetworks()).isEmpty();
		assertThat(bound.getAllowedPorts()).containsExactly(PortRange.of("80"), PortRange.of("443"));
		assertThat(this.properties.getAllowedPorts()).containsExactly(PortRange.of("80"), PortRange.of("443"));
	}

	@Test
	void portRangesBindFromACommaSeparatedList() {
		FetchProperties bound = new Binder(new MapConfigurationPropertySource(
				Map.of("fetchflux.fetch.allowed-ports", "80, 443,8000-8999", "fetchflux.fetch.denied-networks",
						"203.0.113.0/24,2001:db8::/32")))
			.bindOrCreate("fetchflux.fetch", FetchProperties.class);
		assertThat(bound.getAllowedPorts()).containsExactly(PortRange.of("80"), PortRange.of("443"),
				PortRange.of("8000-8999"));
		assertThat(bound.getDeniedNetworks()).containsExactly(Cidr.of("203.0.113.0/24"), Cidr.of("2001:db8::/32"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://example.com:8080/", "http://example.com:22/", "https://example.com:8443/",
			"http://93.184.215.14:25/", "http://example.com:6379/", "http://example.com:11211/" })
	void portsOtherThan80And443AreRefused(String url) {
		String port = url.substring(url.lastIndexOf(':') + 1, url.length() - 1);
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused")
			.jsonPath("$.detail")
			.isEqualTo("Destination refused: port " + port + " is not in the allowed ports 80,443");
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
