package io.fetchflux.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fetchflux.batch.ResultLine;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Jobs in this instance's memory, bounded: the active ones (at most the queued and running ones
 * the instance admits) and at most {@code max-finished} finished ones, each forgotten after the
 * ttl, the oldest first when there are more. Expired jobs are dropped whenever the store is used,
 * so no timer runs.
 */
final class MemoryJobStore implements JobStore {

	private final Map<String, MemoryJob> jobs = new HashMap<>();

	/**
	 * Finished jobs in the order they finished, which with one ttl for all is the order they expire.
	 */
	private final ArrayDeque<MemoryJob> finished = new ArrayDeque<>();

	private final Duration ttl;

	private final int maxFinished;

	private final Clock clock;

	MemoryJobStore(JobsProperties properties, Clock clock) {
		this.ttl = properties.getTtl();
		this.maxFinished = properties.getMemory().getMaxFinished();
		this.clock = clock;
	}

	@Override
	public Mono<Void> create(String id, int total, Instant createdAt) {
		return Mono.fromRunnable(() -> {
			synchronized (this) {
				expire();
				this.jobs.put(id, new MemoryJob(id, total, createdAt));
			}
		});
	}

	@Override
	public Mono<Boolean> start(String id) {
		return Mono.fromSupplier(() -> {
			MemoryJob job = job(id);
			return job != null && job.start();
		});
	}

	@Override
	public Mono<Boolean> append(String id, ResultLine line) {
		return Mono.fromSupplier(() -> {
			MemoryJob job = job(id);
			return job != null && job.append(line);
		});
	}

	@Override
	public Mono<Boolean> finish(String id, JobState state, String reason) {
		return Mono.fromSupplier(() -> {
			MemoryJob job = job(id);
			if (job == null || !job.finish(state, reason, this.clock.instant())) {
				return false;
			}
			synchronized (this) {
				this.finished.add(job);
				expire();
			}
			return true;
		});
	}

	@Override
	public Mono<JobView> find(String id, boolean withResults) {
		return Mono.fromSupplier(() -> {
			MemoryJob job = job(id);
			return (job != null) ? job.view(withResults) : null;
		});
	}

	@Override
	public Flux<JobEvent> events(String id, long after) {
		return Flux.defer(() -> {
			MemoryJob job = job(id);
			return (job != null) ? job.events.asFlux().filter((event) -> event.id() > after) : Flux.empty();
		});
	}

	@Override
	public Duration leaseRenewal() {
		return null;
	}

	@Override
	public Mono<Boolean> renew(String id) {
		return Mono.just(true);
	}

	@Override
	public Mono<Boolean> isReachable() {
		return Mono.just(true);
	}

	@Override
	public String name() {
		return "memory";
	}

	private synchronized MemoryJob job(String id) {
		expire();
		return this.jobs.get(id);
	}

	/**
	 * Guarded by this store's lock.
	 */
	private void expire() {
		Instant now = this.clock.instant();
		MemoryJob oldest;
		while ((oldest = this.finished.peek()) != null
				&& (this.finished.size() > this.maxFinished || !oldest.finishedAt().plus(this.ttl).isAfter(now))) {
			this.finished.poll();
			this.jobs.remove(oldest.id);
		}
	}

	/**
	 * One job, its lines and its events, changed under its own lock so that the event ids follow
	 * the order of the lines.
	 */
	private static final class MemoryJob {

		private final String id;

		private final int total;

		private final Instant createdAt;

		private final List<ResultLine> results = new ArrayList<>();

		/**
		 * Every event, replayed to each reader before the live ones: at most max-urls lines and done.
		 */
		private final Sinks.Many<JobEvent> events = Sinks.many().replay().all();

		private JobState state = JobState.QUEUED;

		private int failed;

		private Instant finishedAt;

		private String reason;

		MemoryJob(String id, int total, Instant createdAt) {
			this.id = id;
			this.total = total;
			this.createdAt = createdAt;
		}

		synchronized boolean start() {
			if (this.state != JobState.QUEUED) {
				return false;
			}
			this.state = JobState.RUNNING;
			return true;
		}

		synchronized boolean append(ResultLine line) {
			if (this.state != JobState.RUNNING) {
				return false;
			}
			this.results.add(line);
			if (line.failed()) {
				this.failed++;
			}
			this.events.tryEmitNext(JobEvent.progress(this.results.size(), line)).orThrow();
			return true;
		}

		synchronized boolean finish(JobState state, String reason, Instant now) {
			if (this.state.isFinal()) {
				return false;
			}
			this.state = state;
			this.reason = reason;
			this.finishedAt = now.truncatedTo(ChronoUnit.MILLIS);
			JobView view = view(false);
			this.events.tryEmitNext(JobEvent.done(view.doneEventId(), view)).orThrow();
			this.events.tryEmitComplete().orThrow();
			return true;
		}

		synchronized Instant finishedAt() {
			return this.finishedAt;
		}

		synchronized JobView view(boolean withResults) {
			return new JobView(this.id, this.state, this.total, this.results.size(), this.failed, this.createdAt,
					this.finishedAt, this.reason, withResults ? List.copyOf(this.results) : null);
		}

	}

}
