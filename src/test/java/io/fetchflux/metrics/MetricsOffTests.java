package io.fetchflux.metrics;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import io.fetchflux.fetch.FetchObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fetchflux.metrics.enabled=false}, as the benchmark compares: none of the service's
 * per-request metrics work remains, while the JVM meters are still served.
 */
@FetchfluxTest(properties = "fetchflux.metrics.enabled=false")
class MetricsOffTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ApplicationContext context;

	@Test
	void noMeterOfTheServiceAndNoFilterOrObserverIsLeft() {
		this.client.get().uri("/api/images?url={url}", StubUpstream.get().url("/image.png")).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class);
		Scrape scrape = Scrape.of(this.client);
		assertThat(scrape.startingWith("fetchflux_")).isEmpty();
		assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
		assertThat(scrape.has("netty_allocator_memory_used")).isTrue();
		assertThat(this.context.getBeansOfType(FetchObserver.class)).isEmpty();
		assertThat(this.context.getBeansOfType(WebFilter.class).values()).noneMatch(RequestMetricsFilter.class::isInstance);
	}

}
