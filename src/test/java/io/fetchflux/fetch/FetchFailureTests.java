package io.fetchflux.fetch;

import java.io.IOException;
import java.net.ServerSocket;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every row of the error table, through the generic endpoint, as RFC 9457 problems.
 */
@FetchfluxTest
@ExtendWith(OutputCaptureExtension.class)
class FetchFailureTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Test
	void missingUrlIs400() {
		this.client.get().uri("/api/fetch").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a url", "ftp://example.com/file", "file:///etc/passwd", "http://user:pass@example.com/",
			"/relative/path", "http://exa\\mple.com/", "http:///no-host", "http://example.com:99999/" })
	void malformedOrUnsupportedUrlIs400(String url) {
		assertProblem(url, 400, "invalid-url");
	}

	@Test
	void nonPublicDestinationOutsideAllowedNetworksIs403() {
		this.client.get().uri("/api/fetch?url={url}", "http://169.254.169.254/latest/meta-data/").exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused")
			.jsonPath("$.detail").isEqualTo("Destination refused: link-local network 169.254.0.0/16");
	}

	@Test
	void redirectToARefusedDestinationIs403() {
		assertProblem(this.stub.url("/redirect-to?location=http://10.0.0.1/"), 403, "destination-refused");
		assertProblem(this.stub.url("/redirect-to?location=gopher://127.0.0.1:70/"), 403, "destination-refused");
	}

	@Test
	void upstream404Is404() {
		assertProblem(this.stub.url("/status/404"), 404, "upstream-not-found");
	}

	@Test
	void declaredBodyOverTheLimitIs422BeforeAByteIsRelayed() {
		assertProblem(this.stub.url("/bytes/100000"), 422, "body-too-large");
	}

	@Test
	void streamedBodyOverTheLimitAbortsTheResponseInsteadOfEndingIt() {
		assertThatException().isThrownBy(() -> this.client.get()
			.uri("/api/fetch?url={url}", this.stub.url("/chunked/100000"))
			.exchange()
			.expectBody(byte[].class)
			.returnResult());
	}

	@Test
	void bodyCutShortByTheUpstreamAbortsTheResponse() {
		assertThatException().isThrownBy(() -> this.client.get()
			.uri("/api/fetch?url={url}", this.stub.url("/truncated"))
			.exchange()
			.expectBody(byte[].class)
			.returnResult());
	}

	@Test
	void upstream5xxIs502() {
		assertProblem(this.stub.url("/status/503"), 502, "upstream-failed");
	}

	@Test
	void upstreamOtherClientErrorIs502() {
		assertProblem(this.stub.url("/status/403"), 502, "upstream-failed");
	}

	@Test
	void connectionResetIs502() {
		assertProblem(this.stub.url("/reset"), 502, "upstream-failed");
	}

	@Test
	void malformedHttpIs502() {
		assertProblem(this.stub.malformedUrl(), 502, "upstream-failed");
	}

	@Test
	void connectionRefusedIs502() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		assertProblem("http://127.0.0.1:" + closedPort + "/", 502, "upstream-failed");
	}

	@Test
	void upstreamThatNeverAnswersIs504() {
		assertProblem(this.stub.url("/hang/timeout"), 504, "upstream-timeout");
	}

	@Test
	void redirectsAreFollowedHopByHop() {
		int before = this.stub.requestsTo("/redirect/0");
		this.client.get().uri("/api/fetch?url={url}", this.stub.url("/redirect/2")).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		assertThat(this.stub.requestsTo("/redirect/0")).isEqualTo(before + 1);
	}

	@Test
	void redirectsBeyondTheLimitAre502() {
		assertProblem(this.stub.url("/redirect/4"), 502, "upstream-failed");
	}

	@Test
	void redirectLoopIs502() {
		assertProblem(this.stub.url("/loop"), 502, "upstream-failed");
	}

	@Test
	void floodOfFailuresIsLoggedAsFewLinesWithoutStackTraces(CapturedOutput output) {
		for (int i = 0; i < 30; i++) {
			assertProblem(this.stub.url("/status/500"), 502, "upstream-failed");
			assertProblem(this.stub.malformedUrl(), 502, "upstream-failed");
		}
		long lines = output.getOut().lines().filter((line) -> line.contains("Fetch failed [upstream-failed]")).count();
		// 60 failures, at most 20 lines a window; the context is shared with earlier test classes, so a
		// window may have opened before this test and another open during it: two bursts at most.
		assertThat(lines).isBetween(1L, 40L);
		assertThat(output.getAll()).doesNotContain("\tat ");
	}

	private void assertProblem(String url, int status, String type) {
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isEqualTo(status)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:" + type)
			.jsonPath("$.status").isEqualTo(status)
			.jsonPath("$.title").exists();
	}

}
