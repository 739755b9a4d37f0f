package io.fetchflux.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.fetchflux.web.RequestOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Times every request into {@code fetchflux.requests}, tagged by route template, outcome and
 * status class, when its response has been written: one {@code doFinally} per request and a
 * lookup in this filter's own map of timers.
 */
final class RequestMetricsFilter implements WebFilter, Ordered {

	private final MeterRegistry registry;

	private final FetchMeters fetchMeters;

	private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

	RequestMetricsFilter(MeterRegistry registry, FetchMeters fetchMeters) {
		this.registry = registry;
		this.fetchMeters = fetchMeters;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		return chain.filter(exchange).doFinally((signal) -> record(exchange, signal, System.nanoTime() - start));
	}

	private void record(ServerWebExchange exchange, SignalType signal, long nanos) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		String outcome;
		String statusClass = RequestOutcome.statusClass(status);
		if (signal == SignalType.CANCEL) {
			outcome = "cancelled";
		}
		else if (signal == SignalType.ON_ERROR) {
			// Only what escaped every exception handler ends here; the server answers it with a 500.
			outcome = "internal-error";
			statusClass = "5xx";
		}
		else {
			outcome = RequestOutcome.outcome(exchange, status);
		}
		if (outcome.equals("signature-invalid")) {
			this.fetchMeters.refused("signature");
		}
		Key key = new Key(RequestOutcome.route(exchange), outcome, statusClass);
		Timer timer = this.timers.get(key);
		if (timer == null) {
			timer = this.timers.computeIfAbsent(key, this::register);
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer register(Key key) {
		return Timer.builder("fetchflux.requests")
			.description("Requests served, by route template, outcome and status class")
			.tag("route", key.route())
			.tag("outcome", key.outcome())
			.tag("status", key.status())
			.register(this.registry);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	private record Key(String route, String outcome, String status) {
	}

}
