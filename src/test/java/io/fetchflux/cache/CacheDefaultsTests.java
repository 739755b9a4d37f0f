package io.fetchflux.cache;

import io.fetchflux.FetchfluxTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache as shipped: in memory, 64 MB, its actuator endpoint not exposed.
 */
@FetchfluxTest
class CacheDefaultsTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ResponseStore store;

	@Test
	void theStoreIsInMemoryAndSizedForTheShippedHeap() {
		assertThat(this.store.name()).isEqualTo("memory");
		assertThat(this.store.details()).containsEntry("maxBytes", 64L * 1024 * 1024)
			.containsEntry("maxEntryBytes", 8L * 1024 * 1024);
	}

	@Test
	void theCacheEndpointIsNotExposed() {
		this.client.get().uri("/actuator/fetchcache").exchange().expectStatus().isNotFound().expectBody(byte[].class);
		this.client.delete().uri("/actuator/fetchcache?url={url}", "http://example.com/").exchange()
			.expectStatus().isNotFound()
			.expectBody(byte[].class);
	}

	@Test
	void healthShowsNoCacheDetails() {
		this.client.get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components").doesNotExist();
	}

}
