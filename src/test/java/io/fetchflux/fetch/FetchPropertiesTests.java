package io.fetchflux.fetch;

import io.fetchflux.FetchfluxApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatException;

class FetchPropertiesTests {

	@Test
	void unsafeValuesStopTheServiceAtStartup() {
		assertThatException().isThrownBy(() -> start("--fetchflux.fetch.max-connections=0"))
			.withStackTraceContaining("maxConnections");
		assertThatException().isThrownBy(() -> start("--fetchflux.fetch.allowed-ports="))
			.withStackTraceContaining("allowedPorts");
		assertThatException().isThrownBy(() -> start("--fetchflux.fetch.allowed-networks=example.com/8"))
			.withStackTraceContaining("Not a numeric IP address");
	}

	private static void start(String... args) {
		new SpringApplicationBuilder(FetchfluxApplication.class).web(WebApplicationType.NONE)
			.run(args)
			.close();
	}

}
