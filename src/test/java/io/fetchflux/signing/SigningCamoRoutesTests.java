package io.fetchflux.signing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * URLs made for camo and go-camo are served unchanged, through the image pipeline.
 */
@FetchfluxTest(properties = "fetchflux.signing.keys=" + SigningCamoRoutesTests.KEY + "," + SigningCamoRoutesTests.OLD_KEY)
class SigningCamoRoutesTests {

	static final String KEY = "0x24FEEDFACEDEADBEEFCAFE";

	static final String OLD_KEY = "retired-camo-key";

	private final StubUpstream stub = StubUpstream.get();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@Test
	void camoHexPathIsServedByteForByte() {
		assertServed(UrlSigner.camoPath(KEY, this.stub.url("/image.png?camo=hex")), "/image.png?camo=hex");
	}

	@Test
	void camoHexPathInUpperCaseIsServed() {
		assertServed(UrlSigner.camoPath(KEY, this.stub.url("/image.png?camo=upper")).toUpperCase(),
				"/image.png?camo=upper");
	}

	@Test
	void camoQueryFormIsServedByteForByte() {
		assertServed(UrlSigner.camoQueryPath(KEY, this.stub.url("/image.png?camo=query")), "/image.png?camo=query");
	}

	@Test
	void goCamoBase64PathIsServedByteForByte() {
		assertServed(UrlSigner.goCamoPath(KEY, this.stub.url("/image.png?camo=base64")), "/image.png?camo=base64");
	}

	@Test
	void goCamoBase64PathWithPaddingIsServed() {
		String url = this.stub.url("/image.png?camo=padded");
		String padded = "/" + Base64.getUrlEncoder().encodeToString(UrlSigner.digest(utf8(KEY), utf8(url))) + "/"
				+ Base64.getUrlEncoder().encodeToString(utf8(url));
		assertThat(padded).contains("=");
		assertServed(padded, "/image.png?camo=padded");
	}

	@Test
	void signatureMadeWithAnOlderKeyOfTheListIsServed() {
		assertServed(UrlSigner.goCamoPath(OLD_KEY, this.stub.url("/image.png?camo=old-key")), "/image.png?camo=old-key");
	}

	@Test
	void imagePipelineAppliesToCamoUrls() {
		this.client.get().uri(uri(UrlSigner.camoPath(KEY, this.stub.url("/mislabelled.png")))).exchange()
			.expectStatus().isEqualTo(415)
			.expectBody().jsonPath("$.type").isEqualTo("urn:fetchflux:problem:not-an-image");
		this.client.get().uri(uri(UrlSigner.camoPath(KEY, this.stub.url("/image.png?camo=conditional"))))
			.header(HttpHeaders.IF_NONE_MATCH, StubUpstream.ETAG)
			.exchange()
			.expectStatus().isNotModified();
	}

	@Test
	void signatureWithAnotherKeyIsRefused() {
		assertRefused(UrlSigner.camoPath("not-a-configured-key", this.stub.url("/image.png?refused=hex-key")),
				"/image.png?refused=hex-key");
		assertRefused(UrlSigner.camoQueryPath("not-a-configured-key", this.stub.url("/image.png?refused=query-key")),
				"/image.png?refused=query-key");
		assertRefused(UrlSigner.goCamoPath("not-a-configured-key", this.stub.url("/image.png?refused=base64-key")),
				"/image.png?refused=base64-key");
	}

	@Test
	void tamperedHexUrlIsRefused() {
		String signed = UrlSigner.camoPath(KEY, this.stub.url("/image.png?refused=tampered-hex"));
		String tampered = signed.substring(0, signed.length() - 1) + (signed.endsWith("0") ? "1" : "0");
		assertRefused(tampered, "/image.png?refused=tampered-hex");
	}

	@Test
	void tamperedBase64UrlIsRefused() {
		String path = "/image.png?refused=tampered-base64";
		String digest = UrlSigner.goCamoPath(KEY, this.stub.url(path)).split("/")[1];
		String otherUrl = Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(this.stub.url(path + "x")));
		assertRefused("/" + digest + "/" + otherUrl, path + "x");
	}

	@Test
	void camoQueryFormWithAnotherUrlIsRefused() {
		String digest = UrlSigner.hexDigest(KEY, this.stub.url("/image.png"));
		assertRefused("/" + digest + "?url=" + this.stub.url("/image.png?refused=query-url"),
				"/image.png?refused=query-url");
	}

	@Test
	void camoQueryFormWithoutUrlIsRefused() {
		assertRefused("/" + UrlSigner.hexDigest(KEY, ""), null);
	}

	@Test
	void malformedEncodedUrlIsRefused() {
		String path = "/image.png?refused=malformed";
		String hex = UrlSigner.camoPath(KEY, this.stub.url(path));
		assertRefused(hex.substring(0, hex.length() - 1), path);
		assertRefused(hex.substring(0, hex.length() - 2) + "zz", path);
		String base64 = UrlSigner.goCamoPath(KEY, this.stub.url(path));
		assertRefused(base64 + "~", path);
		assertRefused(base64.substring(0, base64.lastIndexOf('/') + 2), path);
	}

	@Test
	void mixedEncodingsAreRefusedLikeGoCamo() {
		String url = this.stub.url("/image.png?refused=mixed");
		String hexDigest = UrlSigner.hexDigest(KEY, url);
		String base64Url = Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(url));
		assertRefused("/" + hexDigest + "/" + base64Url, "/image.png?refused=mixed");
		String base64Digest = UrlSigner.goCamoPath(KEY, url).split("/")[1];
		assertRefused("/" + base64Digest + "/" + HexFormat.of().formatHex(utf8(url)), "/image.png?refused=mixed");
	}

	@Test
	void apiAndActuatorAreNotShadowed() {
		this.client.get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
		this.client.get().uri("/api/nothing-here").exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.status").isEqualTo(404);
	}

	private void assertServed(String pathAndQuery, String upstreamPath) {
		this.client.get().uri(uri(pathAndQuery)).exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.IMAGE_PNG)
			.expectHeader().valueEquals(HttpHeaders.ETAG, StubUpstream.ETAG)
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
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
		if (upstreamPath != null) {
			assertThat(this.stub.requestsTo(upstreamPath)).isZero();
		}
	}

	/**
	 * The URI exactly as written: the client encodes nothing more.
	 */
	private URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
