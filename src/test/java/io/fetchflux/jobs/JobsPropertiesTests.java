package io.fetchflux.jobs;

import io.fetchflux.FetchfluxInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatException;

class JobsPropertiesTests {

	@Test
	void unsafeValuesStopTheServiceAtStartup() {
		assertThatException().isThrownBy(() -> start("fetchflux.jobs.heartbeat=0s")).withStackTraceContaining("heartbeat");
		assertThatException().isThrownBy(() -> start("fetchflux.jobs.store=files")).withStackTraceContaining("store");
		assertThatException().isThrownBy(() -> start("fetchflux.batch.max-in-flight=0"))
			.withStackTraceContaining("maxInFlight");
	}

	private static void start(String property) {
		FetchfluxInstance.start(property).close();
	}

}
