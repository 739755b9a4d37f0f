package io.fetchflux.web;

import java.util.List;

import io.fetchflux.FetchfluxTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published OpenAPI description lists every endpoint the service maps, and nothing else.
 */
@FetchfluxTest
class OpenApiDescriptionTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void describesEveryMappedEndpoint() {
		String description = this.client.get().uri("/openapi.yaml").exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		List<String> mapped = this.mappings.getHandlerMethods().keySet().stream()
			.map(RequestMappingInfo::getPatternsCondition)
			.flatMap((patterns) -> patterns.getPatterns().stream())
			.map(Object::toString)
			.map((pattern) -> pattern.replaceAll("\\{(\\w+):[^/]*\\}(?=/|$)", "{$1}"))
			.distinct()
			.toList();
		assertThat(mapped).isNotEmpty();
		for (String path : mapped) {
			assertThat(description).as("OpenAPI path for " + path).contains("\n  " + path + ":\n");
		}
		long described = description.lines().filter((line) -> line.matches("  /api/\\S+:")).count();
		assertThat(described).isEqualTo(mapped.stream().filter((path) -> path.startsWith("/api/")).count());
	}

}
