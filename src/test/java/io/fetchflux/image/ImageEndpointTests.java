package io.fetchflux.image;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@FetchfluxTest
class ImageEndpointTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Test
	void relaysPngByteForByteTypedBySniffing() {
		byte[] body = this.client.get()
			.uri("/api/images?url={url}", this.stub.url("/image.png"))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.IMAGE_PNG)
			.expectHeader().valueEquals(HttpHeaders.ETAG, StubUpstream.ETAG)
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "public, max-age=60")
			.expectHeader().valueEquals(HttpHeaders.LAST_MODIFIED, "Tue, 03 Nov 2026 10:00:00 GMT")
			.expectHeader().contentLength(StubUpstream.PNG.length)
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; sandbox")
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(body).isEqualTo(StubUpstream.PNG);
	}

	@Test
	void jpegAndGifAreTypedByTheirBytes() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.jpg")).exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.IMAGE_JPEG)
			.expectBody(byte[].class).isEqualTo(StubUpstream.JPEG);
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.gif")).exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.IMAGE_GIF)
			.expectBody(byte[].class).isEqualTo(StubUpstream.GIF);
	}

	@Test
	void htmlServedAsPngIsRefusedWith415() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/mislabelled.png")).exchange()
			.expectStatus().isEqualTo(415)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:not-an-image")
			.jsonPath("$.status").isEqualTo(415);
	}

	@Test
	void conditionalRequestComesBackAs304() {
		this.client.get()
			.uri("/api/images?url={url}", this.stub.url("/image.png"))
			.header(HttpHeaders.IF_NONE_MATCH, StubUpstream.ETAG)
			.exchange()
			.expectStatus().isNotModified()
			.expectHeader().valueEquals(HttpHeaders.ETAG, StubUpstream.ETAG)
			.expectBody().isEmpty();
		assertThat(this.stub.lastRequestTo("/image.png").get(HttpHeaders.IF_NONE_MATCH)).isEqualTo(StubUpstream.ETAG);
	}

	@Test
	void upstreamIsAskedForIdentityEncodingWithTheConfiguredUserAgent() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.png")).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		io.netty.handler.codec.http.HttpHeaders sent = this.stub.lastRequestTo("/image.png");
		assertThat(sent.get(HttpHeaders.ACCEPT_ENCODING)).isEqualTo("identity");
		assertThat(sent.get(HttpHeaders.USER_AGENT)).startsWith("fetchflux/");
		assertThat(sent.get(HttpHeaders.ACCEPT)).startsWith("image/");
		assertThat(sent.contains(HttpHeaders.COOKIE)).isFalse();
	}

}
