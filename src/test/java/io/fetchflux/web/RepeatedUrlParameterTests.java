package io.fetchflux.web;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A url parameter given twice would reach a controller as both values joined with a comma.
 */
@FetchfluxTest
class RepeatedUrlParameterTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@ParameterizedTest
	@ValueSource(strings = { "/api/images", "/api/fetch", "/api/styles/callback/image",
			"/api/styles/reactive/image", "/api/styles/sequential/image" })
	void repeatedUrlIs400BeforeAnythingIsFetched(String endpoint) {
		String path = "/image.png?repeated=" + endpoint.replace('/', '-');
		this.client.get()
			.uri(endpoint + "?url={first}&url={second}", this.stub.url(path), this.stub.url(path))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:invalid-url")
			.jsonPath("$.detail").isEqualTo("The url parameter is given 2 times; give it once");
		assertThat(this.stub.requestsTo(path)).isZero();
	}

}
