package io.fetchflux.styles;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The three styles of the seed's {@code fetch_image} behave identically.
 */
@FetchfluxTest
class ImageStylesTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "callback", "reactive", "sequential" })
	void everyStyleRelaysTheImageByteForByte(String style) {
		this.client.get().uri("/api/styles/{style}/image?url={url}", style, this.stub.url("/image.png")).exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.IMAGE_PNG)
			.expectHeader().valueEquals(HttpHeaders.ETAG, StubUpstream.ETAG)
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	@ParameterizedTest
	@ValueSource(strings = { "callback", "reactive", "sequential" })
	void everyStyleRefusesNonImagesWith415(String style) {
		this.client.get().uri("/api/styles/{style}/image?url={url}", style, this.stub.url("/mislabelled.png")).exchange()
			.expectStatus().isEqualTo(415)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:not-an-image");
	}

	@ParameterizedTest
	@ValueSource(strings = { "callback", "reactive", "sequential" })
	void everyStyleAnswersUpstream404With404(String style) {
		this.client.get().uri("/api/styles/{style}/image?url={url}", style, this.stub.url("/status/404")).exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:upstream-not-found");
	}

	@ParameterizedTest
	@ValueSource(strings = { "callback", "reactive", "sequential" })
	void everyStyleAnswers304ToAValidConditionalRequest(String style) {
		this.client.get().uri("/api/styles/{style}/image?url={url}", style, this.stub.url("/image.png"))
			.header(HttpHeaders.IF_NONE_MATCH, StubUpstream.ETAG)
			.exchange()
			.expectStatus().isNotModified()
			.expectBody().isEmpty();
	}

	/**
	 * The sequential style blocks until the image has arrived. Reactor refuses to block on a
	 * Netty event-loop thread, so a 200 here proves the method ran on a worker or virtual thread.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/slow/200" })
	void sequentialStyleWaitsOffTheEventLoop(String path) {
		this.client.get().uri("/api/styles/sequential/image?url={url}", this.stub.url(path)).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	/**
	 * The control for the test above: on a Reactor Netty event loop, blocking fails.
	 */
	@Test
	void blockingOnAReactorNettyEventLoopFails() throws Exception {
		LoopResources loops = LoopResources.create("blocking-check", 1, true);
		try {
			Future<?> attempt = loops.onClient(true).next().submit(() -> Mono.delay(Duration.ofMillis(10)).block());
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> attempt.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(IllegalStateException.class);
		}
		finally {
			loops.disposeLater().block(Duration.ofSeconds(5));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "callback", "reactive", "sequential" })
	void clientThatGoesAwayCancelsTheUpstreamFetch(String style) {
		String id = "styles-" + style;
		Disposable request = WebClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/api/styles/{style}/image?url={url}", style, this.stub.url("/hang/" + id))
			.retrieve()
			.bodyToMono(byte[].class)
			.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.arrived(id));
		request.dispose();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.abandoned(id));
	}

}
