package io.fetchflux.cache;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/fetch} answers byte ranges, as video players need: forwarded to the upstream on
 * a miss, answered from a whole cached body on a hit. The image endpoints answer whole images.
 */
@FetchfluxTest
class RangeTests {

	private static final AtomicInteger ids = new AtomicInteger();

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@Test
	void rangeIsForwardedAndThe206Relayed() {
		String url = this.stub.url("/ranged/" + ids.incrementAndGet());
		this.client.get().uri("/api/fetch?url={url}", url)
			.header(HttpHeaders.RANGE, "bytes=10-19")
			.exchange()
			.expectStatus().isEqualTo(206)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 10-19/100")
			.expectHeader().valueEquals(HttpHeaders.CONTENT_LENGTH, "10")
			.expectBody(String.class).isEqualTo("0123456789");
		assertThat(this.stub.lastRequestToPath(path(url)).get(HttpHeaders.RANGE)).isEqualTo("bytes=10-19");
	}

	@Test
	void ifRangeIsForwardedAndAChangedBodyComesWhole() {
		String url = this.stub.url("/ranged/" + ids.incrementAndGet());
		this.client.get().uri("/api/fetch?url={url}", url)
			.header(HttpHeaders.RANGE, "bytes=10-19")
			.header(HttpHeaders.IF_RANGE, "\"ranged-v0\"")
			.exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.TEXT_BYTES);
		assertThat(this.stub.lastRequestToPath(path(url)).get(HttpHeaders.IF_RANGE)).isEqualTo("\"ranged-v0\"");
	}

	@Test
	void upstreamRangeNotSatisfiableIsA416Problem() {
		this.client.get().uri("/api/fetch?url={url}", this.stub.url("/ranged/" + ids.incrementAndGet()))
			.header(HttpHeaders.RANGE, "bytes=500-")
			.exchange()
			.expectStatus().isEqualTo(416)
			.expectHeader().contentType("application/problem+json")
			.expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */100")
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:range-not-satisfiable");
	}

	@Test
	void aCachedBodyAnswersRangesItself() {
		String url = cacheable();
		byte[] whole = this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).returnResult().getResponseBody();
		byte[] part = this.client.get().uri("/api/fetch?url={url}", url)
			.header(HttpHeaders.RANGE, "bytes=4-11")
			.exchange()
			.expectStatus().isEqualTo(206)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 4-11/" + whole.length)
			.expectHeader().valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
			.expectHeader().value(CacheStatus.HEADER, (status) -> assertThat(status).contains("hit"))
			.expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(part).isEqualTo(Arrays.copyOfRange(whole, 4, 12));
		byte[] suffix = this.client.get().uri("/api/fetch?url={url}", url)
			.header(HttpHeaders.RANGE, "bytes=-5")
			.exchange()
			.expectStatus().isEqualTo(206)
			.expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(suffix).isEqualTo(Arrays.copyOfRange(whole, whole.length - 5, whole.length));
		assertThat(this.stub.requestsToPath(path(url))).isEqualTo(1);
	}

	@Test
	void aRangeOutsideACachedBodyIsA416Problem() {
		String url = cacheable();
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		this.client.get().uri("/api/fetch?url={url}", url)
			.header(HttpHeaders.RANGE, "bytes=100000-")
			.exchange()
			.expectStatus().isEqualTo(416)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */" + StubUpstream.PNG.length)
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:range-not-satisfiable");
	}

	@Test
	void aStaleIfRangeGetsTheWholeCachedBody() {
		String url = cacheable();
		this.client.get().uri("/api/fetch?url={url}", url).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		this.client.get().uri("/api/fetch?url={url}", url)
			.header(HttpHeaders.RANGE, "bytes=0-3")
			.header(HttpHeaders.IF_RANGE, "\"older\"")
			.exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	@Test
	void imageEndpointsAnswerWholeImages() {
		this.client.get().uri("/api/images?url={url}", cacheable())
			.header(HttpHeaders.RANGE, "bytes=0-3")
			.exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	private String cacheable() {
		return this.stub.url("/cacheable/range-" + ids.incrementAndGet() + "?cc=max-age=60&etag=%22r1%22");
	}

	private static String path(String url) {
		String path = url.substring(url.indexOf('/', "http://".length()));
		int query = path.indexOf('?');
		return (query >= 0) ? path.substring(0, query) : path;
	}

}
