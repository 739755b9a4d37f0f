package io.fetchflux.jobs;

import java.time.Duration;
import java.time.Instant;

import io.fetchflux.batch.ResultLine;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where jobs, their results and events are kept. Every change of a job is conditional on its
 * state, so that a job that was cancelled or failed meanwhile, possibly by another instance,
 * takes no further results.
 */
interface JobStore {

	/**
	 * Record a new job, queued, that this instance runs.
	 * @param id the job's id
	 * @param total how many URLs it has
	 * @param createdAt when it was accepted
	 * @return completes once it is recorded
	 */
	Mono<Void> create(String id, int total, Instant createdAt);

	/**
	 * Mark a queued job running.
	 * @param id the job's id
	 * @return whether it was still queued, and now runs
	 */
	Mono<Boolean> start(String id);

	/**
	 * Add a finished URL's line to a running job, as its next {@code progress} event.
	 * @param id the job's id
	 * @param line the line
	 * @return whether the job took it; {@code false} once it no longer runs
	 */
	Mono<Boolean> append(String id, ResultLine line);

	/**
	 * End a queued or running job, with its {@code done} event; its keeping time starts.
	 * @param id the job's id
	 * @param state the final state
	 * @param reason why it failed, or {@code null}
	 * @return whether it ended now; {@code false} if it had already ended or is unknown
	 */
	Mono<Boolean> finish(String id, JobState state, String reason);

	/**
	 * Read a job. A job whose instance stopped renewing its lease is failed first.
	 * @param id the job's id
	 * @param withResults whether to read its results too
	 * @return the job, or empty if it is unknown or has expired
	 */
	Mono<JobView> find(String id, boolean withResults);

	/**
	 * A job's events after an id, those that exist and then the next ones as they come, up to
	 * and including {@code done}; the stream ends without it if the job disappears.
	 * @param id the job's id
	 * @param after the id of the last event the reader has, 0 for all
	 * @return the events
	 */
	Flux<JobEvent> events(String id, long after);

	/**
	 * How often this instance must {@link #renew} the leases of the jobs it runs or queues, or
	 * {@code null} for a store without leases.
	 * @return the interval, or {@code null}
	 */
	Duration leaseRenewal();

	/**
	 * Renew this instance's lease on a job it runs or queues.
	 * @param id the job's id
	 * @return whether the job is still this instance's to run; {@code false} once it was
	 * cancelled or failed, possibly by another instance
	 */
	Mono<Boolean> renew(String id);

	/**
	 * Whether the store answers, for the health details.
	 * @return whether it answered in time
	 */
	Mono<Boolean> isReachable();

	/**
	 * The store's name, as {@code fetchflux.jobs.store} spells it.
	 * @return {@code memory} or {@code redis}
	 */
	String name();

}
