package io.fetchflux.page;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page is served at {@code /} from the jar, with its script and style as files of
 * their own, typed, revalidated on every load, and under a policy that lets it load only them.
 */
@FetchfluxTest
class PageResourcesTests {

	private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private static final Pattern LINKED = Pattern.compile("\\s(?:src|href)=\"([^\"]*)\"");

	@Autowired
	private WebTestClient client;

	@Test
	void rootServesThePageAsHtmlUnderThePagePolicy() {
		String html = page("/");
		assertThat(html).startsWith("<!doctype html>")
			.contains("<script src=\"/page.js\" defer></script>")
			.contains("<link rel=\"stylesheet\" href=\"/page.css\">");
		assertThat(page("/index.html")).isEqualTo(html);
	}

	@Test
	void everyFileThePageLinksIsServedWithItsType() {
		List<String> linked = linked(page("/"));
		assertThat(linked).contains("/page.js", "/page.css", "/openapi.yaml");
		for (String path : linked.stream().filter((path) -> path.startsWith("/")).toList()) {
			this.client.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult();
		}
		this.client.get().uri("/page.js").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith("text/javascript")
			.expectBody(String.class).value((script) -> assertThat(script).contains("new EventSource("));
		this.client.get().uri("/page.css").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith("text/css")
			.expectBody(String.class).value((style) -> assertThat(style).contains("@media"));
	}

	@Test
	void scriptAndStyleAreRevalidatedOnEveryLoad() {
		for (String path : List.of("/page.js", "/page.css")) {
			EntityExchangeResult<byte[]> first = this.client.get().uri(path).exchange()
				.expectStatus().isOk()
				.expectHeader().cacheControl(CacheControl.noCache())
				.expectBody().returnResult();
			String lastModified = first.getResponseHeaders().getFirst(HttpHeaders.LAST_MODIFIED);
			assertThat(lastModified).as("Last-Modified of " + path).isNotBlank();
			this.client.get().uri(path).header(HttpHeaders.IF_MODIFIED_SINCE, lastModified).exchange()
				.expectStatus().isNotModified()
				.expectBody().isEmpty();
		}
	}

	@Test
	void pageLoadsNothingInlineAndNothingFromElsewhere() {
		String html = page("/");
		assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)")
			.doesNotContain("<style")
			.doesNotContainPattern("\\sstyle=")
			.doesNotContainPattern("\\son[a-z]+=");
		assertThat(linked(html)).allMatch((link) -> link.startsWith("/") && !link.startsWith("//"), "same origin");
		String style = text("/page.css");
		assertThat(style).doesNotContain("url(").doesNotContain("@import");
		String script = text("/page.js");
		assertThat(script).doesNotContain("http:").doesNotContain("https:").doesNotContain("eval(")
			.doesNotContain("innerHTML");
	}

	@Test
	void whatTheServiceRelaysStaysLockedDown() {
		for (String path : List.of("/page.js", "/page.css", "/openapi.yaml")) {
			this.client.get().uri(path).exchange()
				.expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; sandbox")
				.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
				.expectBody().returnResult();
		}
		this.client.get().uri("/api/fetch?url={url}", StubUpstream.get().url("/text.txt")).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; sandbox")
			.expectBody().returnResult();
	}

	private String page(String path) {
		return new String(this.client.get().uri(path).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader().valueEquals("Content-Security-Policy", PAGE_POLICY)
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
	}

	private String text(String path) {
		return this.client.get().uri(path).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private static List<String> linked(String html) {
		Matcher matcher = LINKED.matcher(html);
		return matcher.results().map((result) -> result.group(1)).toList();
	}

}
