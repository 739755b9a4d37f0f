package io.fetchflux.accesslog;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@FetchfluxTest
@ExtendWith(OutputCaptureExtension.class)
class AccessLogOffTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ApplicationContext context;

	@Test
	void offByDefaultWithoutEvenItsFilter(CapturedOutput output) {
		this.client.get().uri("/api/images?url={url}", StubUpstream.get().url("/image.png")).exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class);
		assertThat(this.context.getBeansOfType(AccessLogFilter.class)).isEmpty();
		assertThat(output.getOut()).doesNotContain("io.fetchflux.access");
	}

}
