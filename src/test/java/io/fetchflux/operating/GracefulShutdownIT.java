package io.fetchflux.operating;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.fetchflux.ApplicationYaml;
import io.fetchflux.PackagedJar;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM on the packaged jar, as Kubernetes sends it, with 100 requests in flight: every one is
 * answered in full, the listening socket is closed at once so that new connections are refused,
 * readiness says {@code OUT_OF_SERVICE} on the management port (which Spring Boot stops only after
 * the main server has drained), and the process exits within the shutdown phase's timeout.
 */
class GracefulShutdownIT {

	private static final int IN_FLIGHT = 100;

	/**
	 * Longer than the 3 s that Reactor Netty waits for open connections even on an immediate
	 * stop: with 3 s this test passes with {@code server.shutdown: immediate} too.
	 */
	private static final int UPSTREAM_DELAY_MS = 5000;

	private final StubUpstream stub = StubUpstream.get();

	@Test
	void inFlightRequestsCompleteWhileNewConnectionsAreRefused() throws Exception {
		Duration shutdownTimeout = ApplicationYaml.root().duration("spring.lifecycle.timeout-per-shutdown-phase");
		try (PackagedJar jar = PackagedJar.start("graceful-shutdown",
				Map.of("FETCHFLUX_FETCH_ALLOWED_NETWORKS", "127.0.0.0/8", "FETCHFLUX_FETCH_ALLOWED_PORTS",
						String.valueOf(this.stub.port())),
				true)) {
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			assertThat(jar.get(jar.uri(images("/image.png?shutdown=warm-up"))).statusCode()).isEqualTo(200);

			List<CompletableFuture<HttpResponse<byte[]>>> responses = IntStream.range(0, IN_FLIGHT)
				.mapToObj((i) -> client.sendAsync(
						HttpRequest.newBuilder(jar.uri(images(slowPath(i)))).timeout(Duration.ofSeconds(30)).build(),
						HttpResponse.BodyHandlers.ofByteArray()))
				.toList();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> IntStream.range(0, IN_FLIGHT).allMatch((i) -> this.stub.requestsTo(slowPath(i)) == 1));
			assertThat(responses).noneMatch(CompletableFuture::isDone);

			long terminatedAt = System.nanoTime();
			jar.process().destroy();

			await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
				HttpResponse<String> readiness = jar.get(jar.managementUri("/actuator/health/readiness"));
				assertThat(readiness.statusCode()).isEqualTo(503);
				assertThat(readiness.body()).contains("\"status\":\"OUT_OF_SERVICE\"");
			});
			await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
				.untilAsserted(() -> assertThatExceptionOfType(ConnectException.class)
					.isThrownBy(() -> connect(jar.port())));
			long completedWhileDraining = responses.stream().filter(CompletableFuture::isDone).count();
			assertThat(completedWhileDraining).as("requests answered before draining was observed")
				.isLessThan(IN_FLIGHT);

			for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
				HttpResponse<byte[]> answered = response.get(30, TimeUnit.SECONDS);
				assertThat(answered.statusCode()).isEqualTo(200);
				assertThat(answered.headers().firstValue("Content-Type")).hasValue("image/png");
				assertThat(answered.body()).isEqualTo(StubUpstream.PNG);
			}
			assertThat(jar.process().waitFor(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS))
				.as("exited within spring.lifecycle.timeout-per-shutdown-phase").isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - terminatedAt)).isLessThan(shutdownTimeout);
			// 128 + SIGTERM: the JVM ran its shutdown hooks and exited, it was not killed.
			assertThat(jar.process().exitValue()).isEqualTo(143);
			assertThat(jar.output()).doesNotContain("Exception");
		}
	}

	private String slowPath(int i) {
		return "/slow/" + UPSTREAM_DELAY_MS + "?shutdown=" + i;
	}

	private String images(String path) {
		return "/api/images?url=" + URLEncoder.encode(this.stub.url(path), StandardCharsets.UTF_8);
	}

	private static void connect(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
		}
	}

}
