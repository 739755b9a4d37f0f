package io.fetchflux.search;

import java.time.Duration;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two providers: {@code wikipedia} answers at once, {@code slowwiki} only long after the 1 s
 * search timeout of the test configuration.
 */
@FetchfluxTest
class SearchEndpointTests {

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Test
	void answersWithWhatArrivedAndMarksTheSlowProviderTimedOut() {
		this.client.get().uri("/api/search?q={q}", "Python").exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.query").isEqualTo("Python")
			.jsonPath("$.results.length()").isEqualTo(2)
			.jsonPath("$.results[0].title").isEqualTo("Python (programming language)")
			.jsonPath("$.results[0].url").isEqualTo(this.stub.url("/wiki/Python_(programming_language)"))
			.jsonPath("$.results[0].snippet").isEqualTo("Python is a language & more")
			.jsonPath("$.results[0].provider").isEqualTo("wikipedia")
			.jsonPath("$.providers.wikipedia.status").isEqualTo("ok")
			.jsonPath("$.providers.slowwiki.status").isEqualTo("timeout")
			.jsonPath("$.providers.slowwiki.tookMs").isNumber();
	}

	@Test
	void timedOutProviderFetchIsCancelled() {
		this.client.get().uri("/api/search?q={q}", "Tornado").exchange().expectStatus().isOk().expectBody(String.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.stub.abandoned("slowwiki"));
	}

	@Test
	void queryIsSentUrlEncodedWithTheUserAgent() {
		this.client.get().uri("/api/search?q={q}", "a&b c").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.query").isEqualTo("a&b c");
		assertThat(this.stub.lastRequestTo("/wiki/w/api.php?action=query&list=search&srsearch=a%26b%20c&srlimit=10"
				+ "&srprop=snippet&format=json&formatversion=2")
			.get("User-Agent")).startsWith("fetchflux/");
	}

	@Test
	void missingQueryIs400() {
		this.client.get().uri("/api/search").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(400);
	}

	@Test
	void blankQueryIs400() {
		this.client.get().uri("/api/search?q={q}", "   ").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(400);
	}

}
