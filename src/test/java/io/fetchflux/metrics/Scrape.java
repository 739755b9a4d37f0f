package io.fetchflux.metrics;

import java.util.Arrays;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One read of {@code /actuator/prometheus}, over HTTP, as Prometheus reads it.
 */
record Scrape(List<String> lines) {

	static Scrape of(WebTestClient client) {
		String body = client.get()
			.uri("/actuator/prometheus")
			.accept(MediaType.TEXT_PLAIN)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return new Scrape(Arrays.stream(body.split("\n")).filter((line) -> !line.startsWith("#")).toList());
	}

	/**
	 * The value of the series with this name whose labels include all of {@code labels}
	 * ({@code key="value"}), or 0 if there is none yet.
	 */
	double value(String name, String... labels) {
		return this.lines.stream()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	boolean has(String name) {
		return this.lines.stream().anyMatch((line) -> line.startsWith(name + "{") || line.startsWith(name + " "));
	}

	List<String> startingWith(String prefix) {
		return this.lines.stream().filter((line) -> line.startsWith(prefix)).toList();
	}

}
