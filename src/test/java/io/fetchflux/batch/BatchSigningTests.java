package io.fetchflux.batch;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import io.fetchflux.signing.UrlSigner;
import io.fetchflux.signing.UrlSigner.Purpose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With signing on, each URL of a batch needs its {@code /api/fetch} signature; a URL without one,
 * or with a wrong one, is a failed line, and the rest of the batch runs; so it is in jobs.
 */
@FetchfluxTest(properties = "fetchflux.signing.keys=batch-secret")
class BatchSigningTests {

	private static final String KEY = "batch-secret";

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private JsonMapper jsonMapper;

	@Test
	void onlyUrlsWithTheirFetchSignatureAreFetched() {
		String signed = this.stub.url("/image.png?signed");
		String unsigned = this.stub.url("/image.png?unsigned");
		String wrong = this.stub.url("/image.png?wrong");
		String imageSigned = this.stub.url("/image.png?image-signature");
		String malformedSignature = this.stub.url("/image.png?malformed-signature");
		Map<String, JsonNode> lines = batch(Map.of("urls", List.of(
				Map.of("url", signed, "sig", UrlSigner.hexDigest(Purpose.FETCH, KEY, signed)),
				unsigned,
				Map.of("url", wrong, "sig", UrlSigner.hexDigest(Purpose.FETCH, KEY, signed)),
				Map.of("url", imageSigned, "sig", UrlSigner.hexDigest(Purpose.IMAGE, KEY, imageSigned)),
				Map.of("url", malformedSignature, "sig", "not hex"))));
		assertThat(lines.get(signed).get("status").intValue()).isEqualTo(200);
		assertThat(lines.get(signed).get("sha256").stringValue()).isEqualTo(BatchEndpointTests.sha256(StubUpstream.PNG));
		for (String refused : List.of(unsigned, wrong, imageSigned, malformedSignature)) {
			assertThat(lines.get(refused).get("status").intValue()).as(refused).isEqualTo(403);
			assertThat(lines.get(refused).get("error").stringValue()).as(refused).isEqualTo("signature-invalid");
		}
		assertThat(this.stub.requestsTo("/image.png?signed")).isEqualTo(1);
		assertThat(this.stub.requestsTo("/image.png?unsigned") + this.stub.requestsTo("/image.png?wrong")
				+ this.stub.requestsTo("/image.png?image-signature")).isZero();
	}

	@Test
	void jobsTakeOnlyUrlsWithTheirFetchSignature() {
		String signed = this.stub.url("/image.png?job-signed");
		String unsigned = this.stub.url("/image.png?job-unsigned");
		String location = this.client.post().uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of(Map.of("url", signed, "sig", UrlSigner.hexDigest(Purpose.FETCH, KEY, signed)),
					unsigned)))
			.exchange()
			.expectStatus().isAccepted()
			.expectBody(String.class).returnResult().getResponseHeaders().getLocation().toString();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> this.client.get().uri(location).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.state").isEqualTo("succeeded")
			.jsonPath("$.results[?(@.url == '" + signed + "')].status").isEqualTo(List.of(200))
			.jsonPath("$.results[?(@.url == '" + unsigned + "')].error").isEqualTo(List.of("signature-invalid")));
		assertThat(this.stub.requestsTo("/image.png?job-unsigned")).isZero();
	}

	private Map<String, JsonNode> batch(Object body) {
		String ndjson = this.client.post().uri("/api/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		return Arrays.stream(ndjson.split("\n"))
			.map(this.jsonMapper::readTree)
			.collect(Collectors.toMap((line) -> line.get("url").stringValue(), (line) -> line));
	}

}
