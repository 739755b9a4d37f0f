package io.fetchflux.tracing;

import java.time.Duration;
import java.util.List;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import io.fetchflux.tracing.OtlpReceiver.Span;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With an OTLP endpoint set, traces reach the collector: a server span per request and a child
 * span per fetch, in the same trace, while the upstream sees no trace context.
 */
@FetchfluxTest(properties = { "management.tracing.sampling.probability=1.0",
		"management.opentelemetry.tracing.export.schedule-delay=100ms" })
class TracingTests {

	private static final OtlpReceiver collector = new OtlpReceiver();

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void collector(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", collector::endpoint);
	}

	@AfterAll
	static void stopCollector() {
		collector.stop();
	}

	@Test
	void requestIsAServerSpanWithItsFetchAsAChildSpanAndNoTraceContextGoesUpstream() {
		String path = "/image.png?traced=" + System.nanoTime();
		this.client.get()
			.uri("/api/images?url={url}", this.stub.url(path))
			.header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			.exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		List<Span> trace = await().atMost(Duration.ofSeconds(10))
			.until(() -> collector.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList(),
					(spans) -> spans.size() >= 2);
		Span server = trace.stream().filter((span) -> span.kind() == 2).findFirst().orElseThrow();
		Span fetch = trace.stream().filter((span) -> span.kind() == 3).findFirst().orElseThrow();
		assertThat(server.parentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(server.name()).contains("/api/images");
		assertThat(fetch.parentSpanId()).isEqualTo(server.spanId());
		HttpHeaders upstream = this.stub.lastRequestTo(path);
		assertThat(upstream.names()).map(String::toLowerCase)
			.doesNotContain("traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "baggage");
		assertThat(collector.raw()).doesNotContain("traced=").doesNotContain("image.png");
	}

	@Test
	void requestWithoutTraceContextStartsATraceOfItsOwn() {
		String path = "/image.png?own=" + System.nanoTime();
		this.client.get().uri("/api/fetch?url={url}", this.stub.url(path)).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(collector.spans())
			.anySatisfy((server) -> {
				assertThat(server.kind()).isEqualTo(2);
				assertThat(server.name()).contains("/api/fetch");
				assertThat(server.parentSpanId()).isEmpty();
				assertThat(collector.spans()).anySatisfy((fetch) -> {
					assertThat(fetch.kind()).isEqualTo(3);
					assertThat(fetch.traceId()).isEqualTo(server.traceId());
					assertThat(fetch.parentSpanId()).isEqualTo(server.spanId());
				});
			}));
		assertThat(this.stub.lastRequestTo(path).contains("traceparent")).isFalse();
	}

}
