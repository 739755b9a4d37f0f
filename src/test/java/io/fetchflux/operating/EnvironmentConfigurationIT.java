package io.fetchflux.operating;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.fetchflux.PackagedJar;
import io.fetchflux.StubUpstream;
import io.fetchflux.signing.UrlSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar takes its settings from environment variables, as a container is configured:
 * the port, and lists written the way Spring Boot's relaxed binding reads them (comma-separated),
 * with the canonical names (dashes removed, {@code FETCHFLUX_FETCH_ALLOWEDNETWORKS}) and the
 * form Boot also accepts (dashes as underscores, {@code FETCHFLUX_FETCH_ALLOWED_PORTS}).
 */
class EnvironmentConfigurationIT {

	private static final StubUpstream stub = StubUpstream.get();

	private static final int port = PackagedJar.freePort();

	private static PackagedJar jar;

	@BeforeAll
	static void start() {
		jar = PackagedJar.start("environment",
				Map.of("SERVER_PORT", String.valueOf(port), "FETCHFLUX_FETCH_ALLOWEDNETWORKS", "127.0.0.0/8,::1/128",
						"FETCHFLUX_FETCH_ALLOWED_PORTS", "80,443," + stub.port(), "FETCHFLUX_SIGNING_KEYS",
						"new-key,old-key"));
	}

	@AfterAll
	static void stop() {
		if (jar != null) {
			jar.close();
		}
	}

	@Test
	void serverPortComesFromTheEnvironment() throws Exception {
		assertThat(jar.port()).isEqualTo(port);
		HttpResponse<String> health = jar.get(jar.uri("/actuator/health"));
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void allowedNetworksAndPortsComeFromTheEnvironment() throws Exception {
		String url = stub.url("/text.txt?environment=allowed");
		HttpResponse<String> fetched = jar.get(jar.uri("/api/fetch?"
				+ UrlSigner.signedQuery(UrlSigner.Purpose.FETCH, "new-key", url)));
		assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
		assertThat(fetched.body()).isEqualTo("hello from upstream");
	}

	@Test
	void aPortMissingFromTheAllowedListIsRefused() throws Exception {
		String url = stub.malformedUrl();
		HttpResponse<String> refused = jar.get(jar.uri("/api/fetch?"
				+ UrlSigner.signedQuery(UrlSigner.Purpose.FETCH, "new-key", url)));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("urn:fetchflux:problem:destination-refused").contains("is not in the allowed ports");
	}

	@Test
	void everyKeyOfACommaSeparatedListVerifies() throws Exception {
		String url = stub.url("/image.png?environment=old-key");
		assertThat(jar.get(jar.uri("/api/images?" + UrlSigner.signedQuery("old-key", url))).statusCode())
			.isEqualTo(200);
		HttpResponse<String> unsigned = jar
			.get(jar.uri("/api/images?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)));
		assertThat(unsigned.statusCode()).isEqualTo(403);
		assertThat(unsigned.body()).contains("urn:fetchflux:problem:signature-invalid");
	}

}
