package io.fetchflux.signing;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import io.fetchflux.signing.UrlSigner.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With signing keys configured, the fetching endpoints serve only URLs signed for them: the image
 * endpoints take image signatures, {@code /api/fetch} takes fetch signatures.
 */
@FetchfluxTest(properties = "fetchflux.signing.keys=" + SigningEndpointTests.KEY + "," + SigningEndpointTests.OLD_KEY)
class SigningEndpointTests {

	static final String KEY = "current-signing-key";

	static final String OLD_KEY = "previous-signing-key";

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "/api/images", "/api/styles/callback/image", "/api/styles/reactive/image",
			"/api/styles/sequential/image" })
	void imageSignatureOpensTheImageEndpoints(String endpoint) {
		String path = "/image.png?signed=" + endpoint.replace('/', '-');
		assertRelayed(endpoint + "?" + UrlSigner.signedQuery(KEY, this.stub.url(path)), path);
	}

	@Test
	void fetchSignatureOpensTheFetchEndpoint() {
		String path = "/image.png?signed=fetch";
		assertRelayed("/api/fetch?" + UrlSigner.signedQuery(Purpose.FETCH, KEY, this.stub.url(path)), path);
	}

	@Test
	void fetchSignatureMadeWithAnOlderKeyOfTheListIsAccepted() {
		String path = "/image.png?signed=fetch-old-key";
		assertRelayed("/api/fetch?" + UrlSigner.signedQuery(Purpose.FETCH, OLD_KEY, this.stub.url(path)), path);
	}

	@Test
	void imageSignatureDoesNotOpenTheFetchEndpoint() {
		String path = "/text.txt?refused=image-signature-on-fetch";
		assertRefused("/api/fetch?" + UrlSigner.signedQuery(KEY, this.stub.url(path)), path);
	}

	/**
	 * A camo signer signs whatever image URL it is given; one of {@code "fetch:" + url} must not open
	 * {@code /api/fetch} for that URL, as it would if the fetch signature were a prefixed message.
	 */
	@Test
	void imageSignatureOfAPrefixedUrlDoesNotOpenTheFetchEndpoint() {
		String path = "/text.txt?refused=prefixed-image-signature";
		String url = this.stub.url(path);
		assertRefused("/api/fetch?url=" + encode(url) + "&sig=" + UrlSigner.hexDigest(KEY, "fetch:" + url), path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/images", "/api/styles/callback/image", "/api/styles/reactive/image",
			"/api/styles/sequential/image" })
	void fetchSignatureDoesNotOpenTheImageEndpoints(String endpoint) {
		String path = "/image.png?refused=fetch-signature" + endpoint.replace('/', '-');
		assertRefused(endpoint + "?" + UrlSigner.signedQuery(Purpose.FETCH, KEY, this.stub.url(path)), path);
	}

	@Test
	void fetchSignatureDoesNotOpenTheCamoRoutes() {
		String path = "/image.png?refused=fetch-signature-camo";
		String url = this.stub.url(path);
		String digest = UrlSigner.hexDigest(Purpose.FETCH, KEY, url);
		assertRefused("/" + digest + "/" + HexFormat.of().formatHex(url.getBytes(StandardCharsets.UTF_8)),
				path);
		assertRefused("/" + digest + "?url=" + encode(url), path);
	}

	@Test
	void upperCaseHexSignatureIsAccepted() {
		String url = this.stub.url("/image.png?signed=upper");
		String query = "url=" + encode(url) + "&sig=" + UrlSigner.hexDigest(KEY, url).toUpperCase();
		this.client.get().uri(uri("/api/images?" + query)).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	@Test
	void signatureMadeWithAnOlderKeyOfTheListIsAccepted() {
		String url = this.stub.url("/image.png?signed=old-key");
		this.client.get().uri(uri("/api/images?" + UrlSigner.signedQuery(OLD_KEY, url))).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/images", "/api/fetch", "/api/styles/callback/image", "/api/styles/reactive/image",
			"/api/styles/sequential/image" })
	void unsignedUrlIsRefused(String endpoint) {
		String path = "/image.png?unsigned=" + endpoint.replace('/', '-');
		assertRefused(endpoint + "?url=" + encode(this.stub.url(path)), path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/images/", "/api//images", "/api/%69mages", "/api/images;x=1", "/API/images",
			"/api/styles/reactive/image/" })
	void otherSpellingsOfASignedPathFetchNothingUnsigned(String endpoint) {
		String path = "/image.png?unsigned=spelling" + Math.abs(endpoint.hashCode());
		this.client.get().uri(uri(endpoint + "?url=" + encode(this.stub.url(path)))).exchange()
			.expectStatus().value((status) -> assertThat(status).isIn(403, 404))
			.expectBody().jsonPath("$.status").exists();
		assertThat(this.stub.requestsTo(path)).isZero();
	}

	@Test
	void signatureWithAnotherKeyIsRefused() {
		String path = "/image.png?refused=other-key";
		assertRefused("/api/images?" + UrlSigner.signedQuery("not-a-configured-key", this.stub.url(path)), path);
	}

	@Test
	void signatureOfAnotherUrlIsRefused() {
		String path = "/image.png?refused=other-url";
		String signature = UrlSigner.hexDigest(Purpose.FETCH, KEY, this.stub.url("/image.png"));
		assertRefused("/api/fetch?url=" + encode(this.stub.url(path)) + "&sig=" + signature, path);
	}

	@Test
	void malformedSignatureIsRefused() {
		String path = "/image.png?refused=malformed";
		String url = this.stub.url(path);
		assertRefused("/api/images?url=" + encode(url) + "&sig=" + UrlSigner.hexDigest(KEY, url).substring(1), path);
		assertRefused("/api/images?url=" + encode(url) + "&sig=not-hex", path);
		assertRefused("/api/images?url=" + encode(url) + "&sig=", path);
	}

	@Test
	void truncatedSignatureIsRefused() {
		String path = "/image.png?refused=truncated";
		String url = this.stub.url(path);
		assertRefused("/api/images?url=" + encode(url) + "&sig=" + UrlSigner.hexDigest(KEY, url).substring(0, 38), path);
	}

	@Test
	void repeatedUrlParameterIsRefusedEvenWhenOneIsSigned() {
		String path = "/image.png?refused=repeated";
		String url = this.stub.url(path);
		this.client.get()
			.uri(uri("/api/fetch?" + UrlSigner.signedQuery(Purpose.FETCH, KEY, url) + "&url=" + encode(url)))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:invalid-url");
		assertThat(this.stub.requestsTo(path)).isZero();
	}

	@Test
	void actuatorNeedsNoSignature() {
		this.client.get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	private void assertRelayed(String pathAndQuery, String upstreamPath) {
		this.client.get().uri(uri(pathAndQuery)).exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.IMAGE_PNG)
			.expectBody(byte[].class).isEqualTo(StubUpstream.PNG);
		assertThat(this.stub.requestsTo(upstreamPath)).isOne();
	}

	private void assertRefused(String pathAndQuery, String upstreamPath) {
		this.client.get().uri(uri(pathAndQuery)).exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("urn:fetchflux:problem:signature-invalid")
			.jsonPath("$.status").isEqualTo(403);
		assertThat(this.stub.requestsTo(upstreamPath)).isZero();
	}

	/**
	 * The URI exactly as written: the client encodes nothing more.
	 */
	private URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
