package io.fetchflux.signing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fetchflux.signing.UrlSigner.Purpose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link UrlSigner} against digests computed independently of it. The fetchflux vectors were made
 * with OpenSSL 3.0 and coreutils:
 *
 * <pre>
 * printf '%s' "$URL" | openssl dgst -sha1 -hmac "$KEY" -r                                # hex digest
 * printf '%s' "$URL" | openssl dgst -sha1 -hmac "$KEY" -binary | basenc --base64url | tr -d '='
 * printf '%s' "$URL" | xxd -p | tr -d '\n'                                               # hex URL
 * printf '%s' "$URL" | basenc --base64url | tr -d '=\n'                                  # base64url URL
 * # fetch signature: the HMAC keyed with HMAC-SHA1(KEY, "fetchflux:fetch")
 * printf '%s' "$URL" | openssl dgst -sha1 -mac HMAC \
 *   -macopt "hexkey:$(printf 'fetchflux:fetch' | openssl dgst -sha1 -hmac "$KEY" -r | cut -d' ' -f1)" -r
 * </pre>
 */
class SigningVectorsTests {

	/** The key of camo's own test suite. */
	private static final String KEY = "0x24FEEDFACEDEADBEEFCAFE";

	private static final String URL = "http://example.org/image.png";

	/** A space, a non-ASCII character, a query and a fragment: the digest is over the UTF-8 bytes. */
	private static final String AWKWARD_URL = "https://example.org/a b/\u00fc.png?x=1&y=2#frag";

	@Test
	void hexDigestMatchesOpenssl() {
		assertThat(UrlSigner.hexDigest(KEY, URL)).isEqualTo("4ae7f0bc46175af1ac24bc3b6d4defcc2384e85c");
		assertThat(UrlSigner.hexDigest(KEY, AWKWARD_URL)).isEqualTo("11f8423af7b63fb8a1b77fbc3ed4787d5b2a1522");
	}

	@Test
	void fetchDigestIsKeyedWithTheDerivedFetchKey() {
		assertThat(UrlSigner.hexDigest(Purpose.FETCH, KEY, URL)).isEqualTo("761aae126d56e72aff684d2f1105f68561c86eea");
		assertThat(UrlSigner.hexDigest(Purpose.FETCH, KEY, AWKWARD_URL))
			.isEqualTo("5aa5826907e24fec9603c18cc5e4ff1c5ab13b19");
		assertThat(UrlSigner.hexDigest(Purpose.IMAGE, KEY, URL)).isEqualTo(UrlSigner.hexDigest(KEY, URL));
	}

	@Test
	void camoPathIsHexDigestAndHexUrl() {
		assertThat(UrlSigner.camoPath(KEY, URL)).isEqualTo("/4ae7f0bc46175af1ac24bc3b6d4defcc2384e85c/"
				+ "687474703a2f2f6578616d706c652e6f72672f696d6167652e706e67");
		assertThat(UrlSigner.camoPath(KEY, AWKWARD_URL)).isEqualTo("/11f8423af7b63fb8a1b77fbc3ed4787d5b2a1522/"
				+ "68747470733a2f2f6578616d706c652e6f72672f6120622fc3bc2e706e673f783d3126793d322366726167");
	}

	@Test
	void camoQueryPathIsHexDigestAndEscapedUrl() {
		assertThat(UrlSigner.camoQueryPath(KEY, AWKWARD_URL)).isEqualTo("/11f8423af7b63fb8a1b77fbc3ed4787d5b2a1522"
				+ "?url=https%3A%2F%2Fexample.org%2Fa+b%2F%C3%BC.png%3Fx%3D1%26y%3D2%23frag");
	}

	@Test
	void goCamoPathIsUnpaddedBase64UrlDigestAndUrl() {
		assertThat(UrlSigner.goCamoPath(KEY, URL))
			.isEqualTo("/SufwvEYXWvGsJLw7bU3vzCOE6Fw/aHR0cDovL2V4YW1wbGUub3JnL2ltYWdlLnBuZw");
		assertThat(UrlSigner.goCamoPath(KEY, AWKWARD_URL)).isEqualTo("/EfhCOve2P7iht3-8PtR4fVsqFSI/"
				+ "aHR0cHM6Ly9leGFtcGxlLm9yZy9hIGIvw7wucG5nP3g9MSZ5PTIjZnJhZw");
	}

	/** go-camo's own vectors, from pkg/camo/encoding/url_test.go. */
	@Test
	void matchesGoCamoEncodingTestVectors() {
		String url = "http://golang.org/doc/gopher/frontpage.png";
		assertThat(UrlSigner.camoPath("test", url)).isEqualTo("/0f6def1cb147b0e84f39cbddc5ea10c80253a6f3/"
				+ "687474703a2f2f676f6c616e672e6f72672f646f632f676f706865722f66726f6e74706167652e706e67");
		assertThat(UrlSigner.goCamoPath("test", url))
			.isEqualTo("/D23vHLFHsOhPOcvdxeoQyAJTpvM/aHR0cDovL2dvbGFuZy5vcmcvZG9jL2dvcGhlci9mcm9udHBhZ2UucG5n");
	}

	@Test
	void signedQueryCarriesTheEscapedUrlAndItsHexDigest() {
		assertThat(UrlSigner.signedQuery(KEY, URL))
			.isEqualTo("url=http%3A%2F%2Fexample.org%2Fimage.png&sig=4ae7f0bc46175af1ac24bc3b6d4defcc2384e85c");
	}

	/**
	 * The one-liner of the README, for signing image URLs without Java.
	 */
	@Test
	void opensslOneLinerMakesTheSameSignature() throws Exception {
		assertThat(shell("printf '%s' \"$URL\" | openssl dgst -sha1 -hmac \"$KEY\" -r | cut -d' ' -f1"))
			.isEqualTo(UrlSigner.hexDigest(KEY, AWKWARD_URL));
	}

	/**
	 * The README's one-liner for {@code /api/fetch}.
	 */
	@Test
	void opensslOneLinerMakesTheSameFetchSignature() throws Exception {
		assertThat(shell("printf '%s' \"$URL\" | openssl dgst -sha1 -mac HMAC -macopt \"hexkey:$(printf 'fetchflux:fetch'"
				+ " | openssl dgst -sha1 -hmac \"$KEY\" -r | cut -d' ' -f1)\" -r | cut -d' ' -f1"))
			.isEqualTo(UrlSigner.hexDigest(Purpose.FETCH, KEY, AWKWARD_URL));
	}

	@Test
	void commandLinePrintsTheFetchFormForPurposeFetch() {
		assertThat(printed("--purpose", "fetch", KEY, URL)).containsExactly(
				"/api/fetch?url=http%3A%2F%2Fexample.org%2Fimage.png&sig=761aae126d56e72aff684d2f1105f68561c86eea");
		assertThat(printed("--purpose", "image", KEY, URL)).hasSize(4)
			.first()
			.isEqualTo("/api/images?url=http%3A%2F%2Fexample.org%2Fimage.png&sig=4ae7f0bc46175af1ac24bc3b6d4defcc2384e85c");
	}

	@Test
	void commandLinePrintsEverySignedForm() {
		assertThat(printed(KEY, URL)).containsExactly(
				"/api/images?url=http%3A%2F%2Fexample.org%2Fimage.png&sig=4ae7f0bc46175af1ac24bc3b6d4defcc2384e85c",
				"/4ae7f0bc46175af1ac24bc3b6d4defcc2384e85c/687474703a2f2f6578616d706c652e6f72672f696d6167652e706e67",
				"/4ae7f0bc46175af1ac24bc3b6d4defcc2384e85c?url=http%3A%2F%2Fexample.org%2Fimage.png",
				"/SufwvEYXWvGsJLw7bU3vzCOE6Fw/aHR0cDovL2V4YW1wbGUub3JnL2ltYWdlLnBuZw");
	}

	private static List<String> printed(String... args) {
		PrintStream out = System.out;
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
		try {
			UrlSigner.main(args);
		}
		finally {
			System.setOut(out);
		}
		return printed.toString(StandardCharsets.UTF_8).lines().toList();
	}

	private static String shell(String command) throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is installed");
		ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
		builder.environment().put("URL", AWKWARD_URL);
		builder.environment().put("KEY", KEY);
		Process process = builder.redirectErrorStream(true).start();
		String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(process.waitFor()).isZero();
		return printed;
	}

}
