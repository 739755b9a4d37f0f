package io.fetchflux.operating;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fetchflux.PackagedJar;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code logging.structured.format.console=ecs}, every line the packaged jar writes to
 * standard output is one Elastic Common Schema JSON event, ready for a log collector.
 */
class StructuredLogsIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final StubUpstream stub = StubUpstream.get();

	@Test
	void everyLineOnStandardOutputIsAnEcsEvent() throws Exception {
		try (PackagedJar jar = PackagedJar.start("structured-logs",
				Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs", "FETCHFLUX_FETCH_ALLOWED_NETWORKS", "127.0.0.0/8",
						"FETCHFLUX_FETCH_ALLOWED_PORTS", String.valueOf(this.stub.port())))) {
			String failing = this.stub.url("/status/503?logs=ecs");
			assertThat(jar.get(jar.uri("/api/fetch?url=" + URLEncoder.encode(failing, StandardCharsets.UTF_8)))
				.statusCode()).isEqualTo(502);
			JsonNode failure = await().atMost(Duration.ofSeconds(10))
				.until(() -> find(jar.stdoutLines(), "Fetch failed"), Optional::isPresent)
				.get();
			assertThat(failure.at("/log/level").asString()).isEqualTo("WARN");
			assertThat(failure.at("/log/logger").asString()).isEqualTo("io.fetchflux.fetch.Fetcher");
			assertThat(failure.at("/message").asString()).contains("answered 503");
			assertThat(failure.has("error")).as("no stack trace").isFalse();

			List<String> lines = jar.stdoutLines();
			assertThat(lines).isNotEmpty().allSatisfy((line) -> assertThat(json.readTree(line).isObject()).isTrue());
			JsonNode started = find(lines, "Started FetchfluxApplication").orElseThrow();
			assertThat(Instant.parse(started.get("@timestamp").asString())).isBefore(Instant.now());
			assertThat(started.at("/log/level").asString()).isEqualTo("INFO");
			assertThat(started.at("/service/name").asString()).isEqualTo("fetchflux");
			assertThat(started.at("/ecs/version").asString()).isNotEmpty();
		}
	}

	private static Optional<JsonNode> find(List<String> lines, String message) {
		return lines.stream()
			.map(json::readTree)
			.filter((event) -> event.path("message").asString("").startsWith(message))
			.findFirst();
	}

}
