package io.fetchflux.jobs;

import io.fetchflux.FetchfluxApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatException;

class JobsPropertiesTests {

	@Test
	void unsafeValuesStopTheServiceAtStartup() {
		assertThatException().isThrownBy(() -> start("--fetchflux.jobs.heartbeat=0s")).withStackTraceContaining("heartbeat");
		assertThatException().isThrownBy(() -> start("--fetchflux.jobs.store=files")).withStackTraceContaining("store");
		assertThatException().isThrownBy(() -> start("--fetchflux.batch.max-in-flight=0"))
			.withStackTraceContaining("maxInFlight");
	}

	private static void start(String arg) {
		new SpringApplicationBuilder(FetchfluxApplication.class, SeparateNettyResources.class).run("--server.port=0", arg)
			.close();
	}

}
