package io.fetchflux.cache;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.fetchflux.fetch.FetchException;
import io.fetchflux.fetch.FetchRequest;
import io.fetchflux.fetch.Upstream;
import io.fetchflux.policy.DestinationPolicy;

import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The request path through the cache: a fresh entry is answered without touching the upstream,
 * a stale one is revalidated with its validators, and concurrent requests for the same target
 * share one upstream fetch ({@link Flight}). Cache failures never fail a request: the store
 * answers a miss.
 * <p>
 * The destination policy runs before any lookup: the key is the URL as the policy's strict
 * parser normalises it, so a URL this instance refuses is refused even when another instance
 * stored it.
 */
@Component
public class ResponseCache {

	private static final List<String> NOT_MODIFIED_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED,
			HttpHeaders.CACHE_CONTROL, HttpHeaders.EXPIRES);

	private final ResponseStore store;

	private final CachePolicy policy;

	private final CacheStatistics statistics;

	private final DestinationPolicy destinations;

	private final boolean enabled;

	private final long maxEntrySize;

	private final long fillBudget;

	/**
	 * Bytes held by fills in progress, shared flights and stored copies being assembled, so that
	 * many large fetches at once cannot hold more than the cache's own size.
	 */
	private final AtomicLong filling = new AtomicLong();

	private final Map<CacheKey, Flight> flights = new ConcurrentHashMap<>();

	private final Clock clock = Clock.systemUTC();

	ResponseCache(ResponseStore store, CachePolicy policy, CacheStatistics statistics, CacheProperties properties,
			DestinationPolicy destinations) {
		this.store = store;
		this.policy = policy;
		this.statistics = statistics;
		this.destinations = destinations;
		this.enabled = properties.getStore() != CacheProperties.Store.NONE;
		this.maxEntrySize = properties.getMaxEntrySize().toBytes();
		this.fillBudget = properties.getMaxSize().toBytes();
	}

	/**
	 * Answer a request for a URL through the cache.
	 * @param kind the kind of endpoint: entries of one kind never answer another
	 * @param url the URL as the client gave it
	 * @param client the client's request headers: its validators are answered from an entry,
	 * and for {@link CacheKind#FETCH} its {@code Range}
	 * @param origin how to fetch on a miss
	 * @return the answer, or an error that is a {@code FetchException}
	 */
	public Mono<Answer> fetch(CacheKind kind, String url, HttpHeaders client, Origin origin) {
		return Mono.defer(() -> {
			FetchRequest.checkLoop(client);
			boolean ranged = kind == CacheKind.FETCH && client.containsHeader(HttpHeaders.RANGE);
			if (!this.enabled) {
				return forwardAlone(origin, forwarded(client, ranged), CacheStatus.BYPASS);
			}
			CacheKey key;
			try {
				key = new CacheKey(kind, this.destinations.parse(url).toString());
			}
			catch (FetchException ex) {
				// The engine refuses it the same way, observed and counted like every refusal.
				return forwardAlone(origin, forwarded(client, false), CacheStatus.BYPASS);
			}
			Instant requestTime = this.clock.instant();
			return this.store.get(key)
				.flatMap((entry) -> found(key, entry, client, origin, requestTime))
				.switchIfEmpty(Mono.defer(() -> missed(key, client, origin, ranged, requestTime)));
		});
	}

	private Mono<Answer> found(CacheKey key, CacheEntry entry, HttpHeaders client, Origin origin, Instant now) {
		Freshness freshness = entry.freshness();
		if (freshness.isFresh(now)) {
			this.statistics.hit(key.kind());
			return fromEntry(key, entry, client, now, CacheStatus.hit(ttl(freshness, now)));
		}
		if (freshness.mayServeWhileRevalidating(now)) {
			this.statistics.stale(key.kind());
			revalidateInBackground(key, entry, origin, now);
			return fromEntry(key, entry, client, now, CacheStatus.staleWhileRevalidate(ttl(freshness, now)));
		}
		return viaFlight(key, entry, client, origin, validatorsOf(entry.headers()), now);
	}

	private Mono<Answer> missed(CacheKey key, HttpHeaders client, Origin origin, boolean ranged, Instant requestTime) {
		this.statistics.miss(key.kind());
		if (ranged) {
			// Part of a body is neither shared nor stored: the whole one is, when asked for whole.
			return forwardAlone(origin, forwarded(client, true), null);
		}
		return viaFlight(key, null, client, origin, forwarded(client, false), requestTime);
	}

	/**
	 * Join the flight running for this key, or start one.
	 * @param stale the entry being revalidated, or {@code null} on a miss
	 * @param forwarded the headers the flight's fetch sends, if this request starts it
	 */
	private Mono<Answer> viaFlight(CacheKey key, CacheEntry stale, HttpHeaders client, Origin origin,
			HttpHeaders forwarded, Instant requestTime) {
		return Mono.deferContextual((context) -> {
			Flight started = new Flight(key, this.flights);
			Flight flight = this.flights.compute(key,
					(k, running) -> (running != null && running.join()) ? running : started);
			boolean leader = flight == started;
			if (leader) {
				flight.start(tracedBy(origin.fetch(forwarded), context),
						(fetched) -> decide(flight, key, stale, fetched, requestTime));
			}
			else {
				this.statistics.coalesced(key.kind());
			}
			AtomicBoolean left = new AtomicBoolean();
			Runnable leave = () -> {
				if (left.compareAndSet(false, true)) {
					flight.leave(leader);
				}
			};
			// The flight's fetch started first and is bounded by the engine's deadline: no joiner
			// waits longer than its own fetch would have taken (thumbor#810).
			return flight.outcome()
				.flatMap((outcome) -> answer(key, stale, client, origin, flight, outcome, leader, leave))
				.onErrorResume((failure) -> {
					leave.run();
					return failed(key, stale, client, failure);
				})
				.doOnCancel(leave);
		});
	}

	/**
	 * The shared fetch runs detached from any one client, but its span is a child of the request
	 * that started it. Only the observation is carried over: the rest of the request's context
	 * belongs to that request, which other clients of the fetch may outlive.
	 */
	private static Mono<Fetched> tracedBy(Mono<Fetched> fetch, ContextView context) {
		Object observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		return (observation != null) ? fetch.contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, observation))
				: fetch;
	}

	private Flight.Outcome decide(Flight flight, CacheKey key, CacheEntry stale, Fetched fetched, Instant requestTime) {
		Instant responseTime = this.clock.instant();
		if (fetched.isNotModified()) {
			if (stale == null) {
				// The client's own validators travelled upstream: the 304 is for it alone.
				return flight.alone(fetched.answer());
			}
			Upstream.discard(fetched.body());
			this.statistics.revalidated(key.kind(), true);
			CacheEntry refreshed = this.policy.refreshed(stale, notModifiedHeaders(fetched), requestTime, responseTime)
				.orElse(null);
			if (refreshed != null) {
				this.store.put(key, refreshed).subscribe();
				return new Flight.Refreshed(refreshed);
			}
			this.store.evict(key).subscribe();
			return new Flight.Refreshed(stale);
		}
		if (stale != null) {
			this.statistics.revalidated(key.kind(), false);
		}
		Freshness freshness = (fetched.status().value() == 200)
				? this.policy.storable(fetched.status(), fetched.upstreamHeaders(), requestTime, responseTime).orElse(null)
				: null;
		if (freshness == null && stale != null) {
			this.store.evict(key).subscribe();
		}
		long length = fetched.relayed().getContentLength();
		boolean fits = fetched.status().value() == 200 && length >= 0 && length <= this.maxEntrySize;
		if (fits && (freshness != null || flight.hasJoiners()) && reserve(length)) {
			Fetched held = new Fetched(fetched.status(), fetched.upstreamHeaders(), fetched.relayed(),
					fetched.body().doFinally((signal) -> this.filling.addAndGet(-length)));
			return flight.share(held, length, freshness != null, (chunks) -> {
				byte[] whole = concat(chunks, length);
				return (freshness != null && whole != null) ? store(key, fetched.relayed(), whole, freshness)
						: Mono.empty();
			});
		}
		if (freshness != null && length < 0) {
			return flight.alone(teed(key, fetched, freshness));
		}
		return flight.alone(fetched.answer());
	}

	private Mono<Answer> answer(CacheKey key, CacheEntry stale, HttpHeaders client, Origin origin, Flight flight,
			Flight.Outcome outcome, boolean leader, Runnable leave) {
		if (outcome instanceof Flight.Shared shared) {
			String status = CacheStatus.forwarded(stale != null, shared.status(), shared.stored(), !leader);
			HttpHeaders headers = new HttpHeaders();
			headers.addAll(shared.headers());
			headers.set(CacheStatus.HEADER, status);
			if (EntryRequest.isNotModified(client, headers)) {
				leave.run();
				return Mono.just(notModified(headers));
			}
			return Mono.just(new Answer(shared.status(), headers, flight.body().doFinally((signal) -> leave.run())));
		}
		leave.run();
		if (outcome instanceof Flight.Refreshed refreshed) {
			Instant now = this.clock.instant();
			return fromEntry(key, refreshed.entry(), client, now,
					CacheStatus.forwarded(true, HttpStatus.NOT_MODIFIED, true, !leader));
		}
		Answer direct = ((Flight.Alone) outcome).direct();
		if (leader && direct != null) {
			return Mono.just(withStatus(direct, CacheStatus.forwarded(stale != null, direct.status(), false, false)));
		}
		return forwardAlone(origin, forwarded(client, false), null);
	}

	/**
	 * A fetch that failed: a stale entry that allows it is served instead (stale-if-error).
	 */
	private Mono<Answer> failed(CacheKey key, CacheEntry stale, HttpHeaders client, Throwable failure) {
		Instant now = this.clock.instant();
		if (stale != null && failure instanceof FetchException && stale.freshness().mayServeOnError(now)) {
			this.statistics.stale(key.kind());
			return fromEntry(key, stale, client, now, CacheStatus.staleIfError(ttl(stale.freshness(), now)));
		}
		return Mono.error(failure);
	}

	private void revalidateInBackground(CacheKey key, CacheEntry stale, Origin origin, Instant requestTime) {
		Flight started = new Flight(key, this.flights);
		if (this.flights.putIfAbsent(key, started) != null) {
			return;
		}
		started.start(origin.fetch(validatorsOf(stale.headers())),
				(fetched) -> decide(started, key, stale, fetched, requestTime));
		// The cache itself reads the flight to its end, so that it is not cancelled for want of readers.
		started.outcome()
			.flatMapMany((outcome) -> (outcome instanceof Flight.Shared) ? started.body() : drop(outcome))
			.doFinally((signal) -> started.leave(true))
			.subscribe(DataBufferUtils::release, (ex) -> {
			});
	}

	private static Flux<DataBuffer> drop(Flight.Outcome outcome) {
		if (outcome instanceof Flight.Alone alone && alone.direct() != null) {
			return alone.direct().body();
		}
		return Flux.empty();
	}

	private Mono<Answer> fromEntry(CacheKey key, CacheEntry entry, HttpHeaders client, Instant now, String status) {
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(entry.headers());
		headers.set(HttpHeaders.AGE, String.valueOf(entry.freshness().age(now).toSeconds()));
		headers.set(CacheStatus.HEADER, status);
		if (EntryRequest.isNotModified(client, entry.headers())) {
			return Mono.just(notModified(headers));
		}
		byte[] body = entry.body();
		long[] range = null;
		if (key.kind() == CacheKind.FETCH) {
			headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
			try {
				range = EntryRequest.range(client, entry.headers(), body.length);
			}
			catch (FetchException ex) {
				return Mono.error(ex);
			}
		}
		if (range == null) {
			headers.setContentLength(body.length);
			return Mono.just(new Answer(HttpStatus.OK, headers, Flux.defer(() -> Flux.just(wrap(body, 0, body.length)))));
		}
		int start = (int) range[0];
		int length = (int) (range[1] - range[0] + 1);
		headers.setContentLength(length);
		headers.set(HttpHeaders.CONTENT_RANGE, "bytes " + range[0] + "-" + range[1] + "/" + body.length);
		return Mono.just(new Answer(HttpStatus.PARTIAL_CONTENT, headers,
				Flux.defer(() -> Flux.just(wrap(body, start, length)))));
	}

	private static DataBuffer wrap(byte[] body, int offset, int length) {
		return DefaultDataBufferFactory.sharedInstance.wrap(ByteBuffer.wrap(body, offset, length).slice());
	}

	private static Answer notModified(HttpHeaders headers) {
		HttpHeaders kept = new HttpHeaders();
		for (String name : NOT_MODIFIED_HEADERS) {
			List<String> values = headers.get(name);
			if (values != null) {
				kept.addAll(name, values);
			}
		}
		for (String name : List.of(HttpHeaders.AGE, CacheStatus.HEADER)) {
			if (headers.containsHeader(name)) {
				kept.set(name, headers.getFirst(name));
			}
		}
		return new Answer(HttpStatus.NOT_MODIFIED, kept, Flux.empty());
	}

	/**
	 * An answer straight from the origin, which built its headers for this answer alone: they
	 * are amended in place rather than copied, on the path every miss takes.
	 */
	private static Answer withStatus(Answer answer, String status) {
		answer.headers().set(CacheStatus.HEADER, status);
		return answer;
	}

	private Mono<Answer> forwardAlone(Origin origin, HttpHeaders forwarded, String status) {
		return origin.fetch(forwarded).map((fetched) -> withStatus(fetched.answer(),
				(status != null) ? status : CacheStatus.forwarded(false, fetched.status(), false, false)));
	}

	/**
	 * A body of unknown length, relayed as it streams and copied on the side; stored when it ends
	 * within the entry limit and the fill budget, abandoned otherwise.
	 */
	private Answer teed(CacheKey key, Fetched fetched, Freshness freshness) {
		Flux<DataBuffer> body = Flux.defer(() -> {
			ByteArrayOutputStream copy = new ByteArrayOutputStream();
			long[] reserved = { 0 };
			boolean[] abandoned = { false };
			return fetched.body().doOnNext((buffer) -> {
				int count = buffer.readableByteCount();
				if (abandoned[0] || reserved[0] + count > this.maxEntrySize || !reserve(count)) {
					abandoned[0] = true;
					return;
				}
				reserved[0] += count;
				byte[] bytes = new byte[count];
				int position = buffer.readPosition();
				buffer.read(bytes);
				buffer.readPosition(position);
				copy.writeBytes(bytes);
			}).doOnComplete(() -> {
				if (!abandoned[0]) {
					store(key, fetched.relayed(), copy.toByteArray(), freshness).subscribe();
				}
			}).doFinally((signal) -> this.filling.addAndGet(-reserved[0]));
		});
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(fetched.relayed());
		return new Answer(fetched.status(), headers, body);
	}

	private Mono<Void> store(CacheKey key, HttpHeaders relayed, byte[] body, Freshness freshness) {
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(relayed);
		headers.remove(HttpHeaders.CONTENT_LENGTH);
		CacheEntry entry = new CacheEntry(HttpHeaders.readOnlyHttpHeaders(headers), body, freshness);
		return this.store.put(key, entry);
	}

	/**
	 * What a 304 may change of an entry: the endpoint's relayed headers, and the {@code Date} and
	 * {@code Age} that date the refreshed entry.
	 */
	private static HttpHeaders notModifiedHeaders(Fetched fetched) {
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(fetched.relayed());
		for (String name : List.of(HttpHeaders.DATE, HttpHeaders.AGE)) {
			List<String> values = fetched.upstreamHeaders().get(name);
			if (values != null) {
				headers.put(name, values);
			}
		}
		return headers;
	}

	private boolean reserve(long bytes) {
		long held = this.filling.addAndGet(bytes);
		if (held > this.fillBudget) {
			this.filling.addAndGet(-bytes);
			return false;
		}
		return true;
	}

	/**
	 * The whole body, or {@code null} when it is not as long as the upstream announced.
	 */
	private static byte[] concat(List<byte[]> chunks, long length) {
		long total = chunks.stream().mapToLong((chunk) -> chunk.length).sum();
		if (total != length) {
			return null;
		}
		if (chunks.size() == 1) {
			return chunks.get(0);
		}
		byte[] whole = new byte[Math.toIntExact(length)];
		int offset = 0;
		for (byte[] chunk : chunks) {
			System.arraycopy(chunk, 0, whole, offset, chunk.length);
			offset += chunk.length;
		}
		return whole;
	}

	private static Duration ttl(Freshness freshness, Instant now) {
		return freshness.lifetime().minus(freshness.age(now));
	}

	private static HttpHeaders validatorsOf(HttpHeaders entry) {
		HttpHeaders validators = new HttpHeaders();
		String etag = entry.getETag();
		if (etag != null) {
			validators.set(HttpHeaders.IF_NONE_MATCH, etag);
		}
		String lastModified = entry.getFirst(HttpHeaders.LAST_MODIFIED);
		if (lastModified != null) {
			validators.set(HttpHeaders.IF_MODIFIED_SINCE, lastModified);
		}
		return HttpHeaders.readOnlyHttpHeaders(validators);
	}

	/**
	 * The client headers that travel upstream when the answer is the client's alone.
	 */
	private static HttpHeaders forwarded(HttpHeaders client, boolean ranged) {
		return FetchRequest.forwarded(client, ranged);
	}

}
