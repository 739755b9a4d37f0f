package io.fetchflux.cache;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared cache seen by a client: which upstream answers are stored (RFC 9111), how entries
 * are served, revalidated and served stale, and what {@code Cache-Status} and {@code Age} say.
 */
@FetchfluxTest
class CachingTests {

	private static final AtomicInteger ids = new AtomicInteger();

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@ParameterizedTest(name = "{0}: stored={1}")
	@CsvSource(delimiter = '|', textBlock = """
			cc=max-age=60                            | true
			cc=public,max-age=60                     | true
			cc=s-maxage=60,max-age=0                 | true
			cc=s-maxage=0,max-age=60                 | false
			cc=max-age=60&expires=EXPIRED            | true
			cc=max-age=0&expires=FUTURE              | false
			expires=FUTURE                           | true
			expires=EXPIRED                          | false
			cc=no-store,max-age=60                   | false
			cc=private,max-age=60                    | false
			cc=max-age=60&cookie=1                   | false
			cc=max-age=60&vary=Accept                | true
			cc=max-age=60&vary=Accept-Encoding       | true
			cc=max-age=60&vary=Cookie                | false
			cc=max-age=60&vary=*                     | false
			""")
	void storesOnlyWhatASharedCacheMayStore(String query, boolean stored) {
		String url = cacheable(query.replace("FUTURE", encode(httpDate(Duration.ofHours(1))))
			.replace("EXPIRED", encode(httpDate(Duration.ofHours(-1)))));
		String path = path(url);
		image(url);
		EntityExchangeResult<byte[]> second = image(url);
		assertThat(second.getResponseBody()).startsWith(StubUpstream.PNG);
		assertThat(this.stub.requestsToPath(path)).isEqualTo(stored ? 1 : 2);
		// A request that arrives while the first answer is being stored joins it (collapsed).
		assertThat(cacheStatus(second)).matches(stored ? ".*(; hit;|; collapsed).*" : ".*fwd=uri-miss(?!.*collapsed).*");
	}

	@Test
	void missIsStoredAndThenHitWithAge() {
		String url = cacheable("cc=max-age=60");
		EntityExchangeResult<byte[]> miss = image(url);
		EntityExchangeResult<byte[]> hit = image(url);
		assertThat(cacheStatus(miss)).isEqualTo("fetchflux; fwd=uri-miss; fwd-status=200; stored");
		assertThat(cacheStatus(hit)).startsWith("fetchflux; hit; ttl=");
		assertThat(hit.getResponseHeaders().getFirst(HttpHeaders.AGE)).isNotNull();
		assertThat(hit.getResponseHeaders().getContentType()).hasToString("image/png");
		assertThat(hit.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE)).isNull();
		assertThat(hit.getResponseBody()).isEqualTo(miss.getResponseBody());
	}

	@Test
	void staleEntryIsRevalidatedWithItsETagAndA304RefreshesIt() {
		String url = cacheable("cc=no-cache&etag=%22v1%22");
		image(url);
		EntityExchangeResult<byte[]> revalidated = image(url);
		assertThat(cacheStatus(revalidated)).isEqualTo("fetchflux; fwd=stale; fwd-status=304; stored");
		assertThat(revalidated.getResponseBody()).startsWith(StubUpstream.PNG);
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(2);
		assertThat(this.stub.lastRequestToPath(path(url)).get(HttpHeaders.IF_NONE_MATCH)).isEqualTo("\"v1\"");
	}

	@Test
	void staleEntryIsRevalidatedWithItsLastModified() {
		String lastModified = httpDate(Duration.ofDays(-3));
		String url = cacheable("cc=max-age=0,must-revalidate&lm=" + encode(lastModified));
		image(url);
		image(url);
		assertThat(this.stub.lastRequestToPath(path(url)).get(HttpHeaders.IF_MODIFIED_SINCE)).isEqualTo(lastModified);
	}

	@Test
	void staleIfErrorServesTheEntryWhenTheUpstreamFails() {
		String url = cacheable("cc=max-age=0,stale-if-error=60&etag=%22v1%22&fail=2");
		image(url);
		EntityExchangeResult<byte[]> stale = image(url);
		assertThat(cacheStatus(stale)).contains("fwd=stale").contains("detail=stale-if-error");
		assertThat(stale.getResponseBody()).startsWith(StubUpstream.PNG);
	}

	@Test
	void withoutStaleIfErrorAFailedRevalidationIsAProblem() {
		String url = cacheable("cc=max-age=0&etag=%22v1%22&fail=2");
		image(url);
		this.client.get().uri("/api/images?url={url}", url).exchange()
			.expectStatus().isEqualTo(502)
			.expectHeader().contentType("application/problem+json")
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:upstream-failed");
	}

	@Test
	void staleWhileRevalidateAnswersAtOnceAndRevalidatesInTheBackground() {
		String url = cacheable("cc=max-age=0,stale-while-revalidate=60&etag=%22v1%22");
		image(url);
		EntityExchangeResult<byte[]> stale = image(url);
		assertThat(cacheStatus(stale)).contains("hit").contains("detail=stale-while-revalidate");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.stub.requestsToPath(path(url)) == 2);
		assertThat(this.stub.lastRequestToPath(path(url)).get(HttpHeaders.IF_NONE_MATCH)).isEqualTo("\"v1\"");
	}

	@Test
	void clientsOwnConditionalIsAnsweredFromTheEntry() {
		String url = cacheable("cc=max-age=60&etag=%22v2%22");
		image(url);
		this.client.get().uri("/api/images?url={url}", url)
			.header(HttpHeaders.IF_NONE_MATCH, "\"v2\"")
			.exchange()
			.expectStatus().isNotModified()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"v2\"")
			.expectHeader().value(CacheStatus.HEADER, (status) -> assertThat(status).contains("hit"))
			.expectBody().isEmpty();
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(1);
	}

	@Test
	void imageAndFetchEntriesNeverAnswerEachOther() {
		String url = cacheable("cc=max-age=60");
		image(url);
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isOk()
			.expectHeader().value(CacheStatus.HEADER, (status) -> assertThat(status).contains("fwd=uri-miss"))
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectHeader().value(CacheStatus.HEADER, (status) -> assertThat(status).contains("hit"))
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(2);
	}

	@Test
	void urlsThatNormaliseAlikeShareAnEntry() {
		String url = cacheable("cc=max-age=60");
		image(url);
		String spelledOtherwise = url.replace("http://127.0.0.1", "HTTP://127.0.0.1");
		assertThat(cacheStatus(image(spelledOtherwise))).contains("hit");
	}

	private EntityExchangeResult<byte[]> image(String url) {
		return this.client.get().uri("/api/images?url={url}", url).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).returnResult();
	}

	private String cacheable(String query) {
		return this.stub.url("/cacheable/caching-" + ids.incrementAndGet() + "?" + query);
	}

	private String path(String url) {
		String path = url.substring(url.indexOf('/', "http://".length()));
		return path.substring(0, path.indexOf('?'));
	}

	private static String cacheStatus(EntityExchangeResult<?> result) {
		return result.getResponseHeaders().getFirst(CacheStatus.HEADER);
	}

	private static String httpDate(Duration fromNow) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC).plus(fromNow));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
