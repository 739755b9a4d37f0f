package io.fetchflux.proxy;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@FetchfluxTest
class FetchEndpointTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Test
	void relaysAnyContentTypeWithoutUpstreamCookies() {
		this.client.get().uri("/api/fetch?url={url}", this.stub.url("/text.txt")).exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.TEXT_PLAIN)
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody(String.class).isEqualTo("hello from upstream");
	}

	@Test
	void streamsAChunkedBodyWithinTheLimitByteForByte() {
		byte[] body = this.client.get().uri("/api/fetch?url={url}", this.stub.url("/chunked/60000")).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(body).hasSize(60000).startsWith(StubUpstream.PNG);
	}

	@Test
	void conditionalRequestComesBackAs304() {
		this.client.get().uri("/api/fetch?url={url}", this.stub.url("/image.png"))
			.header(HttpHeaders.IF_NONE_MATCH, StubUpstream.ETAG)
			.exchange()
			.expectStatus().isNotModified()
			.expectBody().isEmpty();
	}

}
