package io.fetchflux.batch;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/batch} checks many URLs at once through the same engine as {@code /api/fetch}
 * and streams a line for each as it ends.
 */
@FetchfluxTest
class BatchEndpointTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private JsonMapper jsonMapper;

	@LocalServerPort
	private int port;

	@Test
	void linesComeInTheOrderTheFetchesEnd() {
		List<JsonNode> lines = batch(Map.of("urls", List.of(this.stub.url("/slow/1500"), this.stub.url("/image.png")),
				"concurrency", 2));
		assertThat(lines).extracting((line) -> line.get("url").stringValue())
			.containsExactly(this.stub.url("/image.png"), this.stub.url("/slow/1500"));
	}

	@Test
	void aLineIsWrittenTheMomentItsFetchEnds() {
		String fast = this.stub.url("/image.png");
		String first = WebClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/api/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of(this.stub.url("/hang/batch-stream"), fast)))
			.retrieve()
			.bodyToFlux(String.class)
			.next()
			.block(Duration.ofSeconds(10));
		assertThat(this.jsonMapper.readTree(first).get("url").stringValue()).isEqualTo(fast);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.abandoned("batch-stream"));
	}

	@Test
	void aLineReportsStatusTypeSizeAndTheHashOfTheBody() throws Exception {
		String url = this.stub.url("/image.png");
		String body = this.client.post().uri("/api/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of(url)))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_NDJSON)
			.expectBody(String.class).returnResult().getResponseBody();
		JsonNode line = this.jsonMapper.readTree(body);
		assertThat(line.propertyNames()).containsExactly("url", "status", "contentType", "bytes", "sha256", "tookMs",
				"error");
		assertThat(line.get("url").stringValue()).isEqualTo(url);
		assertThat(line.get("status").intValue()).isEqualTo(200);
		assertThat(line.get("contentType").stringValue()).isEqualTo("image/png");
		assertThat(line.get("bytes").longValue()).isEqualTo(StubUpstream.PNG.length);
		assertThat(line.get("sha256").stringValue()).isEqualTo(sha256(StubUpstream.PNG));
		assertThat(line.get("tookMs").isIntegralNumber()).isTrue();
		assertThat(line.get("error").isNull()).isTrue();
	}

	@Test
	void aLongBodyIsHashedWhole() throws Exception {
		List<JsonNode> lines = batch(Map.of("urls", List.of(this.stub.url("/chunked/50000"))));
		byte[] expected = new byte[50000];
		System.arraycopy(StubUpstream.PNG, 0, expected, 0, StubUpstream.PNG.length);
		assertThat(lines).singleElement().satisfies((line) -> {
			assertThat(line.get("bytes").longValue()).isEqualTo(50000);
			assertThat(line.get("sha256").stringValue()).isEqualTo(sha256(expected));
		});
	}

	@Test
	void fetchModeReportsTheUpstreamsType() {
		assertThat(batch(Map.of("urls", List.of(this.stub.url("/text.txt")), "mode", "fetch"))).singleElement()
			.satisfies((line) -> {
				assertThat(line.get("contentType").stringValue()).isEqualTo("text/plain");
				assertThat(line.get("bytes").longValue()).isEqualTo("hello from upstream".length());
			});
	}

	@Test
	void failuresAreLinesWithTheStatusAndProblemTypeOfTheEndpoint() {
		String malformed = "http://exa mple.com/";
		String refused = "http://10.1.2.3/image.png";
		String notFound = this.stub.url("/status/404");
		String broken = this.stub.url("/status/500");
		String closedPort = "http://127.0.0.1:1/";
		Map<String, JsonNode> lines = byUrl(batch(Map.of("urls", List.of(malformed, refused, notFound, broken, closedPort))));
		assertFailed(lines.get(malformed), 400, "invalid-url");
		assertFailed(lines.get(refused), 403, "destination-refused");
		assertFailed(lines.get(notFound), 404, "upstream-not-found");
		assertFailed(lines.get(broken), 502, "upstream-failed");
		assertFailed(lines.get(closedPort), 502, "upstream-failed");
	}

	@Test
	void imageModeSniffsTheTypeAndRefusesWhatIsNotAnImage() {
		String png = this.stub.url("/image.png");
		String mislabelled = this.stub.url("/mislabelled.png");
		String bomb = this.stub.url("/bomb.png");
		Map<String, JsonNode> lines = byUrl(batch(Map.of("urls", List.of(png, mislabelled, bomb), "mode", "image")));
		assertThat(lines.get(png).get("contentType").stringValue()).isEqualTo("image/png");
		assertThat(lines.get(png).get("sha256").stringValue()).isEqualTo(sha256(StubUpstream.PNG));
		assertFailed(lines.get(mislabelled), 415, "not-an-image");
		assertFailed(lines.get(bomb), 422, "image-too-large");
	}

	@Test
	void urlsMayBeObjectsAndWarmIsAccepted() {
		String url = this.stub.url("/image.gif");
		assertThat(batch(Map.of("urls", List.of(Map.of("url", url)), "warm", true))).singleElement()
			.satisfies((line) -> assertThat(line.get("sha256").stringValue()).isEqualTo(sha256(StubUpstream.GIF)));
	}

	@Test
	void bodiesBeyondTheBoundsAreRefusedWithProblems() {
		List<String> tooMany = IntStream.rangeClosed(0, 1000).mapToObj((i) -> this.stub.url("/image.png?" + i)).toList();
		assertInvalid(Map.of("urls", tooMany), "1001 URLs, more than the limit of 1000");
		assertInvalid(Map.of("urls", List.of()), "urls is empty");
		assertInvalid(Map.of("urls", List.of(this.stub.url("/image.png")), "concurrency", 0), "concurrency");
		assertInvalid(Map.of("urls", List.of(this.stub.url("/image.png")), "concurrency", 65), "from 1 to 64");
		assertInvalid(Map.of("urls", List.of(this.stub.url("/image.png")), "mode", "video"), "mode");
		assertInvalid(Map.of("urls", List.of(this.stub.url("/image.png")), "warm", "yes"), "warm");
		assertInvalid(Map.of("urls", List.of(42)), "urls[0]");
		assertInvalid(Map.of("url", this.stub.url("/image.png")), "Unknown property \"url\"");
		assertInvalid("{\"urls\": [", "not valid JSON");
		assertInvalid("", "empty");
	}

	@Test
	void onlyJsonIsTaken() {
		this.client.post().uri("/api/batch")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{\"urls\": [\"" + this.stub.url("/image.png") + "\"]}")
			.exchange()
			.expectStatus().isEqualTo(415)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(415);
	}

	@Test
	void aClientThatGoesAwayCancelsTheFetchesStillRunning() {
		Disposable request = WebClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/api/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of(this.stub.url("/hang/batch-cancel-1"), this.stub.url("/hang/batch-cancel-2"))))
			.retrieve()
			.bodyToFlux(byte[].class)
			.subscribe();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.stub.arrived("batch-cancel-1") && this.stub.arrived("batch-cancel-2"));
		request.dispose();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.stub.abandoned("batch-cancel-1") && this.stub.abandoned("batch-cancel-2"));
	}

	private List<JsonNode> batch(Object body) {
		String ndjson = this.client.post().uri("/api/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		return Arrays.stream(ndjson.split("\n")).filter((line) -> !line.isBlank()).map(this.jsonMapper::readTree).toList();
	}

	private void assertInvalid(Object body, String detail) {
		this.client.post().uri("/api/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:invalid-request")
			.jsonPath("$.detail").value(String.class, (text) -> assertThat(text).contains(detail));
	}

	private static Map<String, JsonNode> byUrl(List<JsonNode> lines) {
		return lines.stream().collect(Collectors.toMap((line) -> line.get("url").stringValue(), (line) -> line));
	}

	private static void assertFailed(JsonNode line, int status, String error) {
		assertThat(line.get("status").intValue()).as(line.toString()).isEqualTo(status);
		assertThat(line.get("error").stringValue()).as(line.toString()).isEqualTo(error);
		assertThat(line.get("contentType").isNull()).isTrue();
		assertThat(line.get("sha256").isNull()).isTrue();
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
