package io.fetchflux.fetch;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstreams that try to hurt the service or its clients. After each case the service must still
 * serve normally; Netty's leak detector checks that nothing was left unreleased.
 */
@FetchfluxTest
class HostileUpstreamTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@AfterEach
	void serviceKeepsServing() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.png")).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/images", "/api/styles/reactive/image", "/api/styles/sequential/image",
			"/api/styles/callback/image" })
	void pixelBombIsRefusedWith422BeforeItIsRelayed(String endpoint) {
		this.client.get().uri(endpoint + "?url={url}", this.stub.url("/bomb.png")).exchange()
			.expectStatus().isEqualTo(422)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:image-too-large")
			.jsonPath("$.detail").isEqualTo("The image declares 100000x100000 pixels, more than the limit of 50000000");
	}

	@Test
	void slowDripIsCutAtTheDeadlineWith504() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/drip")).exchange()
			.expectStatus().isEqualTo(504)
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:upstream-timeout");
	}

	@Test
	void gzipBombIsNotAnImage() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/gzip-bomb")).exchange()
			.expectStatus().isEqualTo(415)
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:not-an-image");
	}

	@Test
	void gzipBombIsRelayedEncodedAndNeverInflated() {
		WebClient rawClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create().compress(false)))
			.baseUrl("http://127.0.0.1:" + this.port)
			.build();
		ResponseEntity<byte[]> response = rawClient.get()
			.uri("/api/fetch?url={url}", this.stub.url("/gzip-bomb"))
			.retrieve()
			.toEntity(byte[].class)
			.block();
		assertThat(response.getHeaders().getFirst("Content-Encoding")).isEqualTo("gzip");
		assertThat(response.getBody()).isEqualTo(StubUpstream.GZIP_BOMB);
	}

	@Test
	void bodyLongerThanItsDeclaredLengthIsCutAtTheDeclaredLength() {
		this.client.get().uri("/api/fetch?url={url}", this.stub.overlongUrl()).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).isEqualTo("x".repeat(100));
	}

	@Test
	void smuggledContentTypeDecidesNothing() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/smuggled")).exchange()
			.expectStatus().isEqualTo(415)
			.expectBody(Void.class);
		this.client.get().uri("/api/fetch?url={url}", this.stub.url("/smuggled")).exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_OCTET_STREAM)
			.expectBody(byte[].class).isEqualTo(StubUpstream.HTML);
	}

	@ParameterizedTest
	@ValueSource(ints = { 300, 301, 302, 303, 307, 308 })
	void redirectWithoutLocationIsNeverHandedToTheClient(int status) {
		this.client.get().uri("/api/fetch?url={url}", this.stub.url("/status/" + status)).exchange()
			.expectStatus().isEqualTo(502)
			.expectHeader().doesNotExist("Location")
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:upstream-failed");
	}

	@Test
	void clientCredentialsAndCookiesAreNeverForwarded() {
		this.client.get().uri("/api/images?url={url}", this.stub.url("/image.png"))
			.header("Authorization", "Bearer secret")
			.header("Cookie", "session=secret")
			.header("X-Forwarded-For", "10.0.0.1")
			.exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		HttpHeaders sent = this.stub.lastRequestTo("/image.png");
		assertThat(sent.names()).map(String::toLowerCase)
			.doesNotContain("authorization", "cookie", "x-forwarded-for")
			.contains("via", "user-agent", "accept", "accept-encoding");
		assertThat(sent.get("Via")).isEqualTo("1.1 fetchflux");
	}

	@Test
	void requestThatAlreadyPassedThroughFetchfluxIsRefusedAsALoop() {
		this.client.get().uri("/api/fetch?url={url}", this.stub.url("/text.txt"))
			.header("Via", "1.1 fetchflux")
			.exchange()
			.expectStatus().isEqualTo(508)
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:loop-detected");
	}

	@Test
	void headIsAnsweredWithTheHeadersOnly() {
		this.client.head().uri("/api/images?url={url}", this.stub.url("/image.png")).exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.IMAGE_PNG)
			.expectBody().isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "DELETE", "PATCH" })
	void onlyGetAndHeadAreAccepted(String method) {
		this.client.method(HttpMethod.valueOf(method)).uri("/api/fetch?url={url}", this.stub.url("/text.txt")).exchange()
			.expectStatus().isEqualTo(405)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(405);
	}

}
