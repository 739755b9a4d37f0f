package io.fetchflux.jobs;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.fetchflux.batch.BatchRequest;
import io.fetchflux.batch.UrlCheck;
import io.fetchflux.fetch.FetchException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Runs batch checks in the background, whether or not anyone watches: at most
 * {@code max-running} at once on this instance, the next {@code max-queued} waiting in the order
 * they came, and beyond that none accepted. A job is recorded in the store before its id is
 * given out; each finished URL is appended to it as it ends. With a store that has leases, the
 * instance renews those of every job it runs or queues, and drops any job the store says is no
 * longer its to run, such as one cancelled through another instance.
 */
final class Jobs implements DisposableBean, ApplicationListener<ContextClosedEvent> {

	private static final Log logger = LogFactory.getLog(Jobs.class);

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

	private static final SecureRandom random = new SecureRandom();

	private static final String STORE_LOST = "The job store could not be reached while the job ran";

	private final JobStore store;

	private final UrlCheck check;

	private final JobsObserver observer;

	private final Clock clock;

	private final int maxRunning;

	private final int maxQueued;

	/**
	 * The jobs waiting to run, oldest first. Guarded by this object's lock, like the fields below.
	 */
	private final ArrayDeque<LocalJob> queue = new ArrayDeque<>();

	private final Map<String, LocalJob> running = new LinkedHashMap<>();

	/**
	 * Places taken by jobs being recorded in the store, not yet queued or running.
	 */
	private int reserved;

	private boolean closed;

	private final Sinks.Empty<Void> closing = Sinks.empty();

	private final Disposable leases;

	Jobs(JobStore store, UrlCheck check, JobsProperties properties, JobsObserver observer, Clock clock) {
		this.store = store;
		this.check = check;
		this.observer = observer;
		this.clock = clock;
		this.maxRunning = properties.getMaxRunning();
		this.maxQueued = properties.getMaxQueued();
		observer.active(this::queued, this::running);
		// Connects to the store now rather than on the first job, which would wait for it.
		store.isReachable().subscribe();
		Duration renewal = store.leaseRenewal();
		this.leases = (renewal != null) ? Flux.interval(renewal, renewal)
			.onBackpressureDrop()
			.concatMap((tick) -> renewLeases(), 1)
			.subscribe() : Disposables.disposed();
	}

	/**
	 * Accept a job.
	 * @param request its URLs and how to check them
	 * @return its id, once it is recorded; a 503 failure when too many jobs wait or the store
	 * cannot be reached
	 */
	Mono<String> submit(BatchRequest request) {
		return Mono.defer(() -> {
			if (!reserve()) {
				return Mono.error(JobsUnavailableException.queueFull(this.maxQueued));
			}
			LocalJob job = new LocalJob(randomId(), request);
			// Once recorded, the job is admitted even if its client goes away meanwhile.
			CompletableFuture<String> admitted = this.store.create(job.id(), request.items().size(), now())
				.doOnError((ex) -> unreserve())
				.then(Mono.fromCallable(() -> {
					admit(job);
					return job.id();
				}))
				.toFuture();
			return Mono.fromFuture(admitted, true);
		});
	}

	/**
	 * Read a job.
	 * @param id its id
	 * @param withResults whether to read its results too
	 * @return the job, or a 404 failure
	 */
	Mono<JobView> find(String id, boolean withResults) {
		if (!ID.matcher(id).matches()) {
			return Mono.error(new JobNotFoundException());
		}
		return this.store.find(id, withResults).switchIfEmpty(Mono.error(JobNotFoundException::new));
	}

	/**
	 * A job's events after an id, live; they end when the job does, or when this instance stops,
	 * so that a watcher does not hold up a graceful shutdown and resumes elsewhere.
	 * @param id its id, of a job known to exist
	 * @param after the last event id the watcher has
	 * @return the events
	 */
	Flux<JobEvent> events(String id, long after) {
		return this.store.events(id, after).takeUntilOther(this.closing.asMono());
	}

	/**
	 * Cancel a job: it ends {@code cancelled} unless it had already ended, and the fetches it has
	 * in flight on this instance are cancelled. A job run by another instance is dropped there
	 * when that instance next renews its lease or appends a line.
	 * @param id its id
	 * @return the job as it is now, or a 404 failure
	 */
	Mono<JobView> cancel(String id) {
		if (!ID.matcher(id).matches()) {
			return Mono.error(new JobNotFoundException());
		}
		return finish(id, JobState.CANCELLED, null).then(Mono.fromRunnable(() -> drop(id))).then(find(id, true));
	}

	synchronized int queued() {
		return this.queue.size();
	}

	synchronized int running() {
		return this.running.size();
	}

	private synchronized boolean reserve() {
		if (this.closed || this.running.size() + this.queue.size() + this.reserved >= this.maxRunning + this.maxQueued) {
			return false;
		}
		this.reserved++;
		return true;
	}

	private synchronized void unreserve() {
		this.reserved--;
	}

	private void admit(LocalJob job) {
		synchronized (this) {
			this.reserved--;
			if (this.closed) {
				return;
			}
			if (this.running.size() >= this.maxRunning) {
				this.queue.add(job);
				return;
			}
			this.running.put(job.id(), job);
		}
		start(job);
	}

	/**
	 * Runs off the caller's thread, so that a job that ends at once does not start the next one
	 * on a growing stack.
	 */
	private void start(LocalJob job) {
		Mono<Void> run = this.store.start(job.id())
			.flatMap((started) -> started ? execute(job) : Mono.<Void>empty())
			.onErrorResume((ex) -> failed(job, ex))
			.doFinally((signal) -> ended(job))
			.subscribeOn(Schedulers.parallel());
		job.run().update(run.subscribe());
	}

	/**
	 * Each line is appended before the next, so that event ids follow the order the URLs finished;
	 * a line the store refuses means the job was ended elsewhere, and its fetches are cancelled.
	 */
	private Mono<Void> execute(LocalJob job) {
		return this.check.checkAll(job.request())
			.concatMap((line) -> this.store.append(job.id(), line))
			.takeUntil((appended) -> !appended)
			.last(true)
			.flatMap((completed) -> completed ? finish(job.id(), JobState.SUCCEEDED, null) : Mono.empty());
	}

	private Mono<Void> failed(LocalJob job, Throwable failure) {
		if (!(failure instanceof FetchException)) {
			logger.error("Job failed unexpectedly", failure);
		}
		return finish(job.id(), JobState.FAILED, STORE_LOST).onErrorResume((ex) -> Mono.empty());
	}

	private Mono<Void> finish(String id, JobState state, String reason) {
		return this.store.finish(id, state, reason).doOnNext((ended) -> {
			if (ended) {
				this.observer.finished(state);
			}
		}).then();
	}

	private void ended(LocalJob job) {
		LocalJob next;
		synchronized (this) {
			if (this.running.remove(job.id()) == null) {
				return;
			}
			next = this.closed ? null : this.queue.poll();
			if (next != null) {
				this.running.put(next.id(), next);
			}
		}
		if (next != null) {
			start(next);
		}
	}

	/**
	 * Stop running or queuing a job, without recording anything: whoever ended it did.
	 */
	private void drop(String id) {
		LocalJob job;
		synchronized (this) {
			if (this.queue.removeIf((queued) -> queued.id().equals(id))) {
				return;
			}
			job = this.running.get(id);
		}
		if (job != null) {
			job.run().dispose();
		}
	}

	private Mono<Void> renewLeases() {
		List<String> ids = new ArrayList<>();
		synchronized (this) {
			ids.addAll(this.running.keySet());
			this.queue.forEach((job) -> ids.add(job.id()));
		}
		return Flux.fromIterable(ids)
			.flatMap((id) -> this.store.renew(id).filter((renewed) -> !renewed).doOnNext((lost) -> drop(id))
				.onErrorResume((ex) -> Mono.empty()), 16)
			.then();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.closing.tryEmitEmpty();
	}

	/**
	 * Jobs still running or queued are dropped without a word to the store: with leases, they
	 * fail once theirs run out, as if this instance had crashed.
	 */
	@Override
	public void destroy() {
		List<LocalJob> stopped;
		synchronized (this) {
			this.closed = true;
			this.queue.clear();
			stopped = new ArrayList<>(this.running.values());
		}
		this.leases.dispose();
		stopped.forEach((job) -> job.run().dispose());
	}

	/**
	 * 128 random bits, URL-safe base64 without padding: 22 characters.
	 */
	static String randomId() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * A job this instance runs or queues; its run is set once it starts, and can be disposed before.
	 */
	private record LocalJob(String id, BatchRequest request, Disposable.Swap run) {

		LocalJob(String id, BatchRequest request) {
			this(id, request, Disposables.swap());
		}

	}

}
