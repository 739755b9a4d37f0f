package io.fetchflux.image;

import java.time.Duration;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

@FetchfluxTest
class ImageCancellationTests {

	private final StubUpstream stub = StubUpstream.get();

	@LocalServerPort
	private int port;

	@Test
	void clientThatDisconnectsCancelsTheUpstreamFetch() {
		Disposable request = WebClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/api/images?url={url}", this.stub.url("/hang/images-cancel"))
			.retrieve()
			.bodyToMono(byte[].class)
			.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.arrived("images-cancel"));
		request.dispose();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.abandoned("images-cancel"));
	}

}
