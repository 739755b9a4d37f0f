package io.fetchflux.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.fetchflux.fetch.FetchException;
import io.fetchflux.fetch.FetchObserver;
import io.fetchflux.policy.DestinationRefusedException;
import io.fetchflux.policy.InvalidUrlException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The engine's meters: time to the final answer's headers and to the body's end, bytes read
 * from upstream bodies, redirects followed and refusals by the rule that refused. Outcomes are
 * {@code ok}, {@code not-modified}, {@code complete}, {@code cancelled} or a failure type, and
 * rules come from the destination policy's fixed set: every tag is bounded.
 */
final class FetchMeters implements FetchObserver {

	private final MeterRegistry registry;

	private final Map<String, Timer> headers = new ConcurrentHashMap<>();

	private final Map<String, Timer> bodies = new ConcurrentHashMap<>();

	private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

	private final Timer headersOk;

	private final Timer headersNotModified;

	private final Timer bodyComplete;

	private final DistributionSummary relayed;

	private final Counter redirects;

	FetchMeters(MeterRegistry registry) {
		this.registry = registry;
		this.headersOk = this.headers.computeIfAbsent("ok", this::headersTimer);
		this.headersNotModified = this.headers.computeIfAbsent("not-modified", this::headersTimer);
		this.bodyComplete = this.bodies.computeIfAbsent("complete", this::bodyTimer);
		this.relayed = DistributionSummary.builder("fetchflux.fetch.relayed")
			.description("Bytes read from upstream bodies and handed on, per fetch")
			.baseUnit("bytes")
			.register(registry);
		this.redirects = Counter.builder("fetchflux.fetch.redirects")
			.description("Redirects followed, each judged like the first request")
			.register(registry);
	}

	@Override
	public void redirected() {
		this.redirects.increment();
	}

	@Override
	public void headers(long nanos, boolean notModified) {
		(notModified ? this.headersNotModified : this.headersOk).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void failed(FetchException failure, long nanos) {
		if (failure instanceof DestinationRefusedException refusal) {
			refused(refusal.getRule());
		}
		else if (failure instanceof InvalidUrlException) {
			refused("url");
		}
		this.headers.computeIfAbsent(failure.getType(), this::headersTimer).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void bodyEnded(long nanos, long bytes, FetchException failure, boolean complete) {
		Timer timer = complete ? this.bodyComplete
				: this.bodies.computeIfAbsent((failure != null) ? failure.getType() : "cancelled", this::bodyTimer);
		timer.record(nanos, TimeUnit.NANOSECONDS);
		this.relayed.record(bytes);
	}

	void refused(String rule) {
		this.refusals.computeIfAbsent(rule, (name) -> Counter.builder("fetchflux.fetch.refusals")
			.description("Fetches refused, by the rule that refused them")
			.tag("rule", name)
			.register(this.registry)).increment();
	}

	private Timer headersTimer(String outcome) {
		return Timer.builder("fetchflux.fetch.headers")
			.description("Time from the start of a fetch to the final answer's headers, redirects included, or to its failure")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private Timer bodyTimer(String outcome) {
		return Timer.builder("fetchflux.fetch.body")
			.description("Time from the start of a fetch to the end of its body")
			.tag("outcome", outcome)
			.register(this.registry);
	}

}
