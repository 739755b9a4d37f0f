package io.fetchflux.web;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What a client can make the service read before any handler runs is bounded.
 */
@FetchfluxTest
class RequestLimitsTests {

	@Autowired
	private WebTestClient client;

	@Test
	void urlLongerThanTheParserAcceptsIs400() {
		String url = StubUpstream.get().url("/image.png?pad=" + "a".repeat(9000));
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:invalid-url");
	}

	@Test
	void requestLineOverTheLimitIsRefusedBeforeAnyHandler() {
		this.client.get().uri("/api/fetch?url=http://example.com/" + "a".repeat(20_000)).exchange()
			.expectStatus().isEqualTo(414)
			.expectBody(Void.class);
	}

	@Test
	void headersOverTheLimitAreRefusedBeforeAnyHandler() {
		this.client.get().uri("/api/fetch?url=http://example.com/")
			.header("X-Padding", "a".repeat(20_000))
			.exchange()
			.expectStatus().isEqualTo(431)
			.expectBody(Void.class);
	}

}
