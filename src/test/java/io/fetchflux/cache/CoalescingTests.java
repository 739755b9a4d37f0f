package io.fetchflux.cache;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent requests for one target share one upstream fetch, each client reading it at its
 * own pace, and the fetch lives as long as somebody reads it.
 */
@FetchfluxTest
class CoalescingTests {

	private static final AtomicInteger ids = new AtomicInteger();

	private final StubUpstream stub = StubUpstream.get();

	private final ConnectionProvider connections = ConnectionProvider.builder("herd")
		.maxConnections(1000)
		.pendingAcquireMaxCount(-1)
		.build();

	@LocalServerPort
	private int port;

	@AfterEach
	void closeConnections() {
		this.connections.dispose();
	}

	@Test
	void aThousandConcurrentRequestsForOneSlowUrlCauseOneUpstreamFetch() {
		String url = this.stub.url("/cacheable/herd-" + ids.incrementAndGet() + "?cc=max-age=60&delay=1000&size=20000");
		List<Answered> answers = Flux.range(0, 1000)
			.flatMap((i) -> get(url), 1000)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(answers).hasSize(1000).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		Set<String> bodies = answers.stream().map(Answered::body).collect(Collectors.toSet());
		assertThat(bodies).hasSize(1);
		assertThat(bodies.iterator().next()).hasSize(20000);
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(1);
		assertThat(answers.stream().filter((answer) -> answer.cacheStatus().contains("collapsed"))).isNotEmpty();
	}

	@Test
	void answersThatMayNotBeStoredAreStillSharedWhileInFlight() {
		String url = this.stub.url("/cacheable/herd-" + ids.incrementAndGet() + "?cc=no-store&delay=500");
		List<Answered> answers = Flux.range(0, 50).flatMap((i) -> get(url), 50).collectList().block(Duration.ofSeconds(30));
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(1);
		assertThat(get(url).block(Duration.ofSeconds(10)).cacheStatus()).contains("fwd=uri-miss").doesNotContain("stored");
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(2);
	}

	@Test
	void aFailedSharedFetchIsTheSameProblemForEveryJoiner() {
		String url = this.stub.url("/cacheable/herd-" + ids.incrementAndGet() + "?fail=1&delay=500");
		List<Answered> answers = Flux.range(0, 20).flatMap((i) -> get(url), 20).collectList().block(Duration.ofSeconds(30));
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(502);
			assertThat(answer.body()).contains("upstream");
		});
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(1);
	}

	@Test
	void aClientThatGoesAwayDoesNotCancelTheFetchOthersStillRead() {
		String url = this.stub.url("/cacheable/herd-" + ids.incrementAndGet() + "?cc=max-age=60&delay=1000");
		Disposable leaver = get(url).subscribe();
		Mono<Answered> stayer = get(url).cache();
		stayer.subscribe();
		await().until(() -> this.stub.requestsToPath(path(url)) == 1);
		leaver.dispose();
		Answered answered = stayer.block(Duration.ofSeconds(10));
		assertThat(answered.status()).isEqualTo(200);
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(1);
	}

	@Test
	void theFetchIsCancelledWhenTheLastClientHasGone() {
		String id = "coalesced-" + ids.incrementAndGet();
		String url = this.stub.url("/hang/" + id);
		Disposable first = get(url).subscribe();
		Disposable second = get(url).subscribe();
		await().until(() -> this.stub.arrived(id));
		first.dispose();
		assertThat(this.stub.abandoned(id)).isFalse();
		second.dispose();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.stub.abandoned(id));
	}

	private Mono<Answered> get(String url) {
		String uri = UriComponentsBuilder.fromUriString("http://127.0.0.1:" + this.port + "/api/images")
			.queryParam("url", "{url}")
			.encode()
			.buildAndExpand(url)
			.toUriString();
		return HttpClient.create(this.connections)
			.responseTimeout(Duration.ofSeconds(30))
			.get()
			.uri(uri)
			.responseSingle((response, body) -> body.asString(java.nio.charset.StandardCharsets.ISO_8859_1)
				.defaultIfEmpty("")
				.map((text) -> new Answered(response.status().code(),
						String.valueOf(response.responseHeaders().get(CacheStatus.HEADER)), text)));
	}

	private static String path(String url) {
		String path = url.substring(url.indexOf('/', "http://".length()));
		return path.substring(0, path.indexOf('?'));
	}

	private record Answered(int status, String cacheStatus, String body) {
	}

}
