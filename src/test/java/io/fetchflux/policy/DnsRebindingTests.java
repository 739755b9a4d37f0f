package io.fetchflux.policy;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names are judged by the addresses they resolve to at each connection, through
 * {@code TestDns}. Only 127.0.0.1 stands for the public internet here; a canary listens on
 * 127.0.0.2, which the policy must never connect to.
 */
@FetchfluxTest(properties = "fetchflux.fetch.allowed-networks=127.0.0.1/32")
class DnsRebindingTests {

	private static final AtomicInteger canaryConnections = new AtomicInteger();

	private static DisposableServer canary;

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@BeforeAll
	static void startCanary() {
		canary = TcpServer.create()
			.bindAddress(() -> new InetSocketAddress("127.0.0.2", 0))
			.doOnConnection((connection) -> canaryConnections.incrementAndGet())
			.handle((in, out) -> Mono.never())
			.bindNow();
	}

	@AfterAll
	static void stopCanary() {
		canary.disposeNow();
	}

	@Test
	void nameThatResolvesInsideIsRefusedNamingTheRuleNotTheAddress() {
		this.client.get().uri("/api/fetch?url={url}", "http://private.test/").exchange()
			.expectStatus().isForbidden()
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused")
			.jsonPath("$.detail").isEqualTo("Destination refused: private network 10.0.0.0/8");
	}

	@Test
	void secondAnswerOfARebindingNameIsJudgedAgainAndRefused() {
		this.client.get().uri("/api/images?url={url}", "http://rebind.test:" + this.stub.port() + "/image.png").exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		this.client.get().uri("/api/fetch?url={url}", "http://rebind.test:" + canary.port() + "/").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.detail").isEqualTo("Destination refused: loopback network 127.0.0.0/8");
		assertThat(canaryConnections).hasValue(0);
	}

	@Test
	void onlyThePermittedAnswerOfAMixedNameIsConnectedTo() {
		this.client.get().uri("/api/images?url={url}", "http://mixed.test:" + this.stub.port() + "/image.png").exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	@Test
	void redirectToANameThatResolvesInsideIsRefused() {
		this.client.get()
			.uri("/api/fetch?url={url}", this.stub.url("/redirect-to?location=http://private.test/latest/meta-data/"))
			.exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:destination-refused");
	}

}
