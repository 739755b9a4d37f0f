package io.fetchflux.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fetchflux.search.SearchObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Search providers by outcome. Provider names come from the configuration, so the tag is bounded.
 */
final class SearchMeters implements SearchObserver {

	private final MeterRegistry registry;

	private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

	SearchMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void reported(String provider, String outcome) {
		this.counters.computeIfAbsent(provider, (name) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome, (name) -> Counter.builder("fetchflux.search.providers")
				.description("Search provider answers, by provider and outcome (ok, error, timeout)")
				.tag("provider", provider)
				.tag("outcome", outcome)
				.register(this.registry))
			.increment();
	}

}
