package io.fetchflux.search;

import java.nio.charset.StandardCharsets;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every provider that did not answer says why, in words: a name that does not resolve, a status,
 * an answer that is not JSON or is an API error, a refused destination, the search timeout. None
 * of it carries an address that was resolved, an exception name or a stack trace.
 */
@FetchfluxTest(properties = { "fetchflux.search.mediawiki-sites.unresolvable=http://nowhere.invalid",
		"fetchflux.search.mediawiki-sites.private=http://private.test" })
class FailedProvidersSayWhyTests {

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void failingProviders(DynamicPropertyRegistry registry) {
		StubUpstream stub = StubUpstream.get();
		registry.add("fetchflux.search.mediawiki-sites.unavailable", () -> stub.url("/status/503"));
		registry.add("fetchflux.search.mediawiki-sites.garbled", () -> stub.url("/notjson"));
		registry.add("fetchflux.search.mediawiki-sites.apierror", () -> stub.url("/apierror"));
	}

	@Test
	void eachFailedProviderSaysWhyInWords() {
		byte[] body = this.client.get().uri("/api/search?q={q}", "Python").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.results.length()").isEqualTo(2)
			.jsonPath("$.providers.wikipedia.status").isEqualTo("ok")
			.jsonPath("$.providers.wikipedia.detail").doesNotExist()
			.jsonPath("$.providers.unresolvable.status").isEqualTo("error")
			.jsonPath("$.providers.unresolvable.detail").isEqualTo("the name nowhere.invalid could not be resolved")
			.jsonPath("$.providers.unavailable.status").isEqualTo("error")
			.jsonPath("$.providers.unavailable.detail").isEqualTo("answered 503")
			.jsonPath("$.providers.garbled.status").isEqualTo("error")
			.jsonPath("$.providers.garbled.detail").isEqualTo("the answer was not valid JSON")
			.jsonPath("$.providers.apierror.status").isEqualTo("error")
			.jsonPath("$.providers.apierror.detail").isEqualTo("the answer was a MediaWiki API error")
			.jsonPath("$.providers.private.status").isEqualTo("error")
			.jsonPath("$.providers.private.detail").isEqualTo("destination refused: private network 10.0.0.0/8")
			.jsonPath("$.providers.slowwiki.status").isEqualTo("timeout")
			.jsonPath("$.providers.slowwiki.detail").isEqualTo("timed out after 1 s")
			.returnResult()
			.getResponseBody();
		String answer = new String(body, StandardCharsets.UTF_8);
		// The results carry the stub's own URLs; only the provider reports must hold no address.
		String providers = answer.substring(answer.indexOf("\"providers\":"));
		assertThat(providers).doesNotContain("10.0.0.1", "10.1.2.3", "127.0.0.1", "Exception", "\tat ");
	}

}
