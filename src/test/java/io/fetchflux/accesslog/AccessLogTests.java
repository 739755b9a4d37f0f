package io.fetchflux.accesslog;

import java.time.Duration;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@FetchfluxTest(properties = "fetchflux.access-log.enabled=true")
@ExtendWith(OutputCaptureExtension.class)
class AccessLogTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Test
	void eachRequestIsOneLineWithRouteStatusBytesDurationAndUpstreamHostButNoUrl(CapturedOutput output) {
		String secret = "token" + System.nanoTime();
		this.client.get().uri("/api/images?url={url}", "http://stub.test:" + this.stub.port() + "/image.png?" + secret)
			.exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		String line = await().atMost(Duration.ofSeconds(5)).until(() -> accessLine(output, "route=/api/images "),
				(found) -> found != null);
		assertThat(line).contains("method=GET route=/api/images status=200 outcome=ok bytes=" + StubUpstream.PNG.length + " ")
			.containsPattern("duration_ms=\\d+\\.\\d ")
			.endsWith("upstream=stub.test")
			.doesNotContain(secret)
			.doesNotContain("image.png")
			.doesNotContain("http");
	}

	@Test
	void refusedRequestIsLoggedWithItsProblemOutcome(CapturedOutput output) {
		this.client.get().uri("/api/fetch?url={url}", "http://169.254.169.254/latest/meta-data/iam")
			.exchange()
			.expectStatus().isForbidden()
			.expectBody(byte[].class);
		String line = await().atMost(Duration.ofSeconds(5)).until(() -> accessLine(output, "route=/api/fetch "),
				(found) -> found != null);
		assertThat(line).contains("method=GET route=/api/fetch status=403 outcome=destination-refused bytes=")
			.endsWith("upstream=169.254.169.254")
			.doesNotContain("meta-data");
	}

	@Test
	void malformedUrlLogsNoHost() {
		assertThat(AccessLogFilter.upstreamHost("http://exa mple.com/")).isEqualTo("-");
		assertThat(AccessLogFilter.upstreamHost(null)).isEqualTo("-");
		assertThat(AccessLogFilter.upstreamHost("https://user:pw@example.com:8443/a?b=c")).isEqualTo("example.com");
	}

	private static String accessLine(CapturedOutput output, String route) {
		return output.getOut().lines()
			.filter((line) -> line.contains("io.fetchflux.access") && line.contains(route))
			.map((line) -> line.substring(line.indexOf("method=")))
			.reduce((first, second) -> second)
			.orElse(null);
	}

}
