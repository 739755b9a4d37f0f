package io.fetchflux.signing;

import java.net.URI;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without signing keys, the default, nothing needs a signature and the camo routes do not exist.
 */
@FetchfluxTest
class SigningOffTests {

	private static final String KEY = "some-key";

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@Test
	void unsignedUrlIsServed() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.png")).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	@Test
	void signatureParameterIsIgnored() {
		this.client.get().uri("/api/fetch?url={url}&sig=not-checked", this.stub.url("/image.png")).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	@Test
	void camoRoutesAnswer404WithoutFetching() {
		String path = "/image.png?signing=off";
		String url = this.stub.url(path);
		assertNotFound(UrlSigner.camoPath(KEY, url));
		assertNotFound(UrlSigner.camoQueryPath(KEY, url));
		assertNotFound(UrlSigner.goCamoPath(KEY, url));
		assertNotFound(UrlSigner.camoPath(KEY, url) + "0");
		assertThat(this.stub.requestsTo(path)).isZero();
	}

	private void assertNotFound(String pathAndQuery) {
		this.client.get().uri(URI.create("http://127.0.0.1:" + this.port + pathAndQuery)).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(404);
	}

}
