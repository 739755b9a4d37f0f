package io.fetchflux.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.fetchflux.batch.ResultLine;
import io.fetchflux.fetch.FetchException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Jobs in Redis, where any instance can answer for any job. A job is a hash
 * ({@code fetchflux:job:{id}}), its events a stream ({@code ...:events}) whose entry ids are
 * {@code 0-n}, n being the event's id, so that {@code Last-Event-ID} maps to an XRANGE start on
 * any instance; the instance that runs or queues it holds a lease ({@code ...:lease}, with PX),
 * renewed every third of its duration. Every change is a Lua script, atomic and conditional on
 * the job's state, so that appends, cancellations from another instance and failures for a lost
 * lease never interleave. A reader of a job whose lease ran out fails it; nothing is left running
 * forever. The keys share the job's hash tag, so a script touches one cluster slot.
 * <p>
 * Streams are tailed by polling with XRANGE every {@code poll-interval}, not with a blocking
 * XREAD: a blocking read holds its connection, so each watcher would need a connection of its
 * own, where a poll borrows the shared one for a moment.
 */
final class RedisJobStore implements JobStore {

	private static final RedisScript<Long> CREATE = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'state', 'queued', 'total', ARGV[1], 'done', '0', 'failed', '0',
				'createdAt', ARGV[2], 'owner', ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[5])
			return 1
			""", Long.class);

	private static final RedisScript<Long> START = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'state') ~= 'queued' or redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then
				return 0
			end
			redis.call('HSET', KEYS[1], 'state', 'running')
			return 1
			""", Long.class);

	private static final RedisScript<Long> APPEND = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'state') ~= 'running' then
				return 0
			end
			local id = redis.call('HINCRBY', KEYS[1], 'done', 1)
			if ARGV[2] == '1' then
				redis.call('HINCRBY', KEYS[1], 'failed', 1)
			end
			redis.call('XADD', KEYS[2], '0-' .. id, 'event', 'progress', 'data', ARGV[1])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			return id
			""", Long.class);

	/**
	 * Returns -1 for an unknown job, 0 if it had already ended (or, when only a lost lease may
	 * end it, if the lease is still held), 1 if it ended now.
	 */
	private static final RedisScript<Long> FINISH = RedisScript.of("""
			local state = redis.call('HGET', KEYS[1], 'state')
			if not state then
				return -1
			end
			if state ~= 'queued' and state ~= 'running' then
				return 0
			end
			if ARGV[5] == '1' and redis.call('EXISTS', KEYS[3]) == 1 then
				return 0
			end
			redis.call('HSET', KEYS[1], 'state', ARGV[1], 'finishedAt', ARGV[2])
			if ARGV[3] ~= '' then
				redis.call('HSET', KEYS[1], 'reason', ARGV[3])
			end
			local id = tonumber(redis.call('HGET', KEYS[1], 'done')) + 1
			redis.call('XADD', KEYS[2], '0-' .. id, 'event', 'done')
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			redis.call('PEXPIRE', KEYS[2], ARGV[4])
			redis.call('DEL', KEYS[3])
			return 1
			""", Long.class);

	private static final RedisScript<Long> RENEW = RedisScript.of("""
			local state = redis.call('HGET', KEYS[1], 'state')
			if (state ~= 'queued' and state ~= 'running') or redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then
				return 0
			end
			redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			return 1
			""", Long.class);

	private static final String LEASE_LOST = "The fetchflux instance that accepted the job stopped before the job"
			+ " ended: its lease ran out";

	private static final String EVENT = "event";

	private static final String DATA = "data";

	private static final String DONE = "done";

	/**
	 * Most events read from a stream at once.
	 */
	private static final int PAGE = 256;

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final String instance;

	private final String ttlMillis;

	/**
	 * How long the keys of a job still queued or running live unless its instance renews them:
	 * beyond the lease by a ttl, so that a job whose instance stopped can be read as failed.
	 */
	private final String activeTtlMillis;

	private final Duration leaseDuration;

	private final Duration pollInterval;

	private final Duration timeout;

	private final StoreFailureLog failures = new StoreFailureLog(Duration.ofSeconds(10));

	RedisJobStore(ReactiveStringRedisTemplate redis, JsonMapper jsonMapper, JobsProperties properties, Clock clock,
			String instance) {
		this.redis = redis;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		this.instance = instance;
		this.ttlMillis = String.valueOf(properties.getTtl().toMillis());
		this.leaseDuration = properties.getRedis().getLeaseDuration();
		this.activeTtlMillis = String.valueOf(properties.getTtl().plus(this.leaseDuration).toMillis());
		this.pollInterval = properties.getRedis().getPollInterval();
		this.timeout = properties.getRedis().getTimeout();
	}

	@Override
	public Mono<Void> create(String id, int total, Instant createdAt) {
		return script("create", CREATE, List.of(job(id), lease(id)), String.valueOf(total), createdAt.toString(),
				this.instance, this.activeTtlMillis, String.valueOf(this.leaseDuration.toMillis()))
			.then();
	}

	@Override
	public Mono<Boolean> start(String id) {
		return script("start", START, List.of(job(id)), this.instance).map((started) -> started == 1);
	}

	@Override
	public Mono<Boolean> append(String id, ResultLine line) {
		return Mono.fromCallable(() -> this.jsonMapper.writeValueAsString(line))
			.flatMap((json) -> script("append", APPEND, List.of(job(id), events(id)), json, line.failed() ? "1" : "0",
					this.activeTtlMillis))
			.map((appended) -> appended > 0);
	}

	@Override
	public Mono<Boolean> finish(String id, JobState state, String reason) {
		return finish(id, state, reason, false).map((finished) -> finished == 1);
	}

	private Mono<Long> finish(String id, JobState state, String reason, boolean onlyIfLeaseLost) {
		return script("finish", FINISH, List.of(job(id), events(id), lease(id)), state.value(),
				now().toString(), (reason != null) ? reason : "", this.ttlMillis, onlyIfLeaseLost ? "1" : "0");
	}

	@Override
	public Mono<JobView> find(String id, boolean withResults) {
		Mono<JobView> job = fields(id).flatMap((fields) -> {
			JobView view = view(id, fields);
			if (view.state().isFinal()) {
				return Mono.just(view);
			}
			return failIfLeaseLost(id).flatMap((failed) -> failed ? fields(id).map((now) -> view(id, now))
					: Mono.just(view));
		});
		return withResults ? job.flatMap(this::withResults) : job;
	}

	private Mono<Boolean> failIfLeaseLost(String id) {
		return finish(id, JobState.FAILED, LEASE_LOST, true).map((failed) -> failed == 1);
	}

	/**
	 * The results as they were when the job was read: the stream may already hold later lines.
	 */
	private Mono<JobView> withResults(JobView view) {
		Mono<List<MapRecord<String, String, String>>> read = (view.done() > 0) ? records(view.id(), 0, view.done())
				: Mono.just(List.of());
		return read.map((records) -> {
			List<ResultLine> results = new ArrayList<>(records.size());
			for (MapRecord<String, String, String> record : records) {
				if (!DONE.equals(record.getValue().get(EVENT)) && results.size() < view.done()) {
					results.add(line(record));
				}
			}
			return new JobView(view.id(), view.state(), view.total(), view.done(), view.failed(), view.createdAt(),
					view.finishedAt(), view.reason(), List.copyOf(results));
		});
	}

	@Override
	public Flux<JobEvent> events(String id, long after) {
		return page(id, after)
			.expand((page) -> page.last() ? Mono.empty()
					: page(id, page.after()).delaySubscription(page.events().isEmpty() ? this.pollInterval : Duration.ZERO))
			.concatMapIterable(Page::events);
	}

	/**
	 * The next events after an id. With none yet, the job is checked: one that has disappeared
	 * ends the stream, and one whose lease ran out is failed, so that its done event comes next.
	 */
	private Mono<Page> page(String id, long after) {
		return records(id, after, PAGE).flatMap((records) -> {
			if (records.isEmpty()) {
				return finish(id, JobState.FAILED, LEASE_LOST, true)
					.map((outcome) -> new Page(List.of(), after, outcome < 0));
			}
			List<JobEvent> events = new ArrayList<>(records.size());
			long last = after;
			for (MapRecord<String, String, String> record : records) {
				last = record.getId().getSequence();
				if (DONE.equals(record.getValue().get(EVENT))) {
					long doneId = last;
					return fields(id).map((fields) -> {
						events.add(JobEvent.done(doneId, view(id, fields)));
						return new Page(events, doneId, true);
					}).defaultIfEmpty(new Page(events, doneId, true));
				}
				events.add(JobEvent.progress(last, line(record)));
			}
			return Mono.just(new Page(events, last, false));
		});
	}

	@Override
	public Duration leaseRenewal() {
		return this.leaseDuration.dividedBy(3).plusNanos(1);
	}

	@Override
	public Mono<Boolean> renew(String id) {
		return script("renew", RENEW, List.of(job(id), events(id), lease(id)), this.instance,
				String.valueOf(this.leaseDuration.toMillis()), this.activeTtlMillis)
			.map((renewed) -> renewed == 1);
	}

	@Override
	public Mono<Boolean> isReachable() {
		return this.redis.execute((connection) -> connection.ping())
			.next()
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout)
			.map((pong) -> true)
			.onErrorReturn(false);
	}

	@Override
	public String name() {
		return "redis";
	}

	private Mono<Long> script(String operation, RedisScript<Long> script, List<String> keys, String... args) {
		return bounded(operation, this.redis.execute(script, keys, List.of((Object[]) args)).next());
	}

	private Mono<Map<String, String>> fields(String id) {
		return bounded("read", this.redis.<String, String>opsForHash().entries(job(id))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)).filter((fields) -> !fields.isEmpty());
	}

	private Mono<List<MapRecord<String, String, String>>> records(String id, long after, int count) {
		Range<String> range = Range.of(Range.Bound.inclusive("0-" + (after + 1)), Range.Bound.unbounded());
		return bounded("read", this.redis.<String, String>opsForStream()
			.range(events(id), range, Limit.limit().count(count))
			.collectList());
	}

	/**
	 * Every operation is bounded in time and kept off the event loops: a first connection to a
	 * Redis that is away blocks its caller while it is attempted.
	 */
	private <T> Mono<T> bounded(String operation, Mono<T> command) {
		return command.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout, Mono.error(() -> new TimeoutException("No answer within " + this.timeout.toMillis() + " ms")))
			.onErrorMap((ex) -> !(ex instanceof FetchException), (ex) -> {
				this.failures.record(operation, ex);
				return JobsUnavailableException.storeUnreachable();
			});
	}

	private JobView view(String id, Map<String, String> fields) {
		String finishedAt = fields.get("finishedAt");
		return new JobView(id, JobState.of(fields.get("state")), Integer.parseInt(fields.get("total")),
				Integer.parseInt(fields.get("done")), Integer.parseInt(fields.get("failed")),
				Instant.parse(fields.get("createdAt")), (finishedAt != null) ? Instant.parse(finishedAt) : null,
				fields.get("reason"), null);
	}

	private ResultLine line(MapRecord<String, String, String> record) {
		return this.jsonMapper.readValue(record.getValue().get(DATA), ResultLine.class);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private static String job(String id) {
		return "fetchflux:job:{" + id + "}";
	}

	private static String events(String id) {
		return job(id) + ":events";
	}

	private static String lease(String id) {
		return job(id) + ":lease";
	}

	/**
	 * Events read in one go, the id of the last, and whether the stream has ended.
	 */
	private record Page(List<JobEvent> events, long after, boolean last) {
	}

}
