package io.fetchflux.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One upstream fetch shared by every client that asks for the same target while it runs.
 * <p>
 * A shared body is read from the upstream as fast as it arrives, copied once, and kept until
 * the fetch ends; each client reads it from the start at its own pace, so a slow client never
 * stalls the others, and the copy is what gets stored. Only bodies whose length is known and
 * within the cache's entry limit are shared this way: anything else is streamed to the client
 * that started the fetch, while the clients that joined fetch it for themselves. The fetch is
 * cancelled when the last client has gone.
 */
final class Flight {

	/**
	 * How the fetch turned out once the upstream's headers arrived.
	 */
	sealed interface Outcome {
	}

	/**
	 * The body is shared: every client reads it through {@link #body()}.
	 * @param status the upstream's status
	 * @param headers the relayed headers
	 * @param stored whether the body will be stored once complete
	 */
	record Shared(HttpStatusCode status, HttpHeaders headers, boolean stored) implements Outcome {
	}

	/**
	 * A revalidation came back 304: every client is answered from the refreshed entry.
	 * @param entry the entry, refreshed or, when it may no longer be stored, as it was
	 */
	record Refreshed(CacheEntry entry) implements Outcome {
	}

	/**
	 * Not shared: the answer streams to the client that started the fetch, if it is still
	 * there; the others fetch for themselves.
	 * @param direct the upstream's answer, or {@code null} when its starter had gone
	 */
	record Alone(Answer direct) implements Outcome {
	}

	private final Sinks.One<Outcome> outcome = Sinks.one();

	/**
	 * The fetch and then its body: a composite, not a swap, because the fetch may answer before
	 * its own subscription is recorded, and replacing one with the other would cancel the body.
	 */
	private final Disposable.Composite upstream = Disposables.composite();

	private final List<Reader> readers = new ArrayList<>();

	private final List<byte[]> chunks = new ArrayList<>();

	private final CacheKey key;

	private final Map<CacheKey, Flight> flights;

	private int attached;

	private boolean leaderAttached = true;

	private boolean joinable = true;

	private boolean complete;

	private Throwable error;

	private long size;

	private long length = -1;

	private Function<List<byte[]>, Mono<Void>> completed;

	/**
	 * A flight with its starter attached.
	 * @param key what it fetches
	 * @param flights the flights running, which it leaves once it takes no more joiners
	 */
	Flight(CacheKey key, Map<CacheKey, Flight> flights) {
		this.key = key;
		this.flights = flights;
		this.attached = 1;
	}

	/**
	 * Join the flight, unless it has stopped taking joiners.
	 * @return whether the caller is now attached and must {@link #leave(boolean)} it
	 */
	synchronized boolean join() {
		if (!this.joinable || this.error != null) {
			return false;
		}
		this.attached++;
		return true;
	}

	/**
	 * Leave the flight; the last one to leave before it ends cancels the upstream fetch.
	 * @param leader whether the one leaving started the flight
	 */
	void leave(boolean leader) {
		boolean cancel;
		synchronized (this) {
			this.attached--;
			if (leader) {
				this.leaderAttached = false;
			}
			cancel = this.attached == 0 && !this.complete && this.error == null;
			if (cancel) {
				// Under the same lock as join(): nobody may join a flight that is being cancelled.
				this.error = new IllegalStateException("Every client has gone");
			}
		}
		if (cancel) {
			close();
			this.upstream.dispose();
		}
	}

	/**
	 * The flight's outcome, once the upstream's headers have arrived.
	 * @return the outcome, or the fetch's failure
	 */
	Mono<Outcome> outcome() {
		return this.outcome.asMono();
	}

	/**
	 * Run the upstream fetch.
	 * @param fetch the fetch
	 * @param decide turns the upstream's answer into an outcome: {@link #share}, {@link #refresh} or {@link #alone}
	 */
	void start(Mono<Fetched> fetch, Function<Fetched, Outcome> decide) {
		// Every client waits on the outcome: a fetch that ends without an answer must still end the flight.
		Mono<Fetched> answered = fetch.switchIfEmpty(Mono.error(() -> new IllegalStateException("The fetch gave no answer")));
		this.upstream.add(answered.subscribe((fetched) -> {
			Outcome decided = decide.apply(fetched);
			if (!(decided instanceof Shared)) {
				close();
			}
			this.outcome.tryEmitValue(decided);
		}, this::fail));
	}

	/**
	 * Whether only the starter is attached: then there is nobody to share with.
	 * @return whether the starter is alone
	 */
	synchronized boolean hasJoiners() {
		return this.attached > (this.leaderAttached ? 1 : 0);
	}

	/**
	 * Read the body into the flight, for every client to read. The flight takes joiners until
	 * the body is stored, so that no request falls between the two and fetches it again; and it
	 * is stored as soon as its last byte arrives, before any client has that byte.
	 * @param fetched the upstream's answer
	 * @param length the body's length, announced by the upstream
	 * @param stored whether the body will be stored once complete
	 * @param completed given the whole body once it has arrived; completes once it is stored
	 * @return the outcome to publish
	 */
	Outcome share(Fetched fetched, long length, boolean stored, Function<List<byte[]>, Mono<Void>> completed) {
		synchronized (this) {
			this.length = length;
			this.completed = completed;
		}
		this.upstream.add(fetched.body().subscribe(this::append, this::fail, () -> {
			finish();
			drainAll();
		}));
		return new Shared(fetched.status(), fetched.relayed(), stored);
	}

	/**
	 * Hand the upstream's answer to the client that started the flight, if it is still there.
	 * @param direct the answer
	 * @return the outcome to publish
	 */
	Outcome alone(Answer direct) {
		synchronized (this) {
			if (this.leaderAttached) {
				return new Alone(direct);
			}
		}
		direct.discard();
		return new Alone(null);
	}

	/**
	 * The body of a shared flight, from its first byte, for one client.
	 * @return the body
	 */
	Flux<DataBuffer> body() {
		return Flux.create((sink) -> {
			Reader reader = new Reader(sink);
			synchronized (this) {
				this.readers.add(reader);
			}
			sink.onRequest((n) -> reader.drain());
			sink.onDispose(() -> {
				synchronized (this) {
					this.readers.remove(reader);
				}
			});
			reader.drain();
		});
	}

	private void append(DataBuffer buffer) {
		byte[] chunk = new byte[buffer.readableByteCount()];
		buffer.read(chunk);
		DataBufferUtils.release(buffer);
		boolean whole;
		synchronized (this) {
			this.chunks.add(chunk);
			this.size += chunk.length;
			whole = this.size == this.length;
		}
		if (whole) {
			finish();
		}
		drainAll();
	}

	private void finish() {
		List<byte[]> whole;
		Function<List<byte[]>, Mono<Void>> completed;
		synchronized (this) {
			if (this.complete || this.error != null) {
				return;
			}
			this.complete = true;
			whole = List.copyOf(this.chunks);
			completed = this.completed;
		}
		completed.apply(whole).doFinally((signal) -> close()).subscribe();
	}

	private void fail(Throwable failure) {
		synchronized (this) {
			if (this.complete) {
				// Every announced byte has arrived: what failed after it concerns no client.
				return;
			}
			if (this.error == null) {
				this.error = failure;
			}
		}
		close();
		this.outcome.tryEmitError(failure);
		drainAll();
	}

	private void close() {
		boolean wasJoinable;
		synchronized (this) {
			wasJoinable = this.joinable;
			this.joinable = false;
		}
		if (wasJoinable) {
			this.flights.remove(this.key, this);
		}
	}

	private void drainAll() {
		Reader[] current;
		synchronized (this) {
			current = this.readers.toArray(new Reader[0]);
		}
		for (Reader reader : current) {
			reader.drain();
		}
	}

	synchronized long size() {
		return this.size;
	}

	/**
	 * One client's position in the shared body; drained from whichever thread has news, one at a time.
	 */
	private final class Reader {

		private final FluxSink<DataBuffer> sink;

		private final AtomicInteger wip = new AtomicInteger();

		private int next;

		Reader(FluxSink<DataBuffer> sink) {
			this.sink = sink;
		}

		void drain() {
			if (this.wip.getAndIncrement() != 0) {
				return;
			}
			int missed = 1;
			do {
				while (!this.sink.isCancelled()) {
					byte[] chunk = null;
					boolean done;
					Throwable failure;
					synchronized (Flight.this) {
						if (this.next < Flight.this.chunks.size() && this.sink.requestedFromDownstream() > 0) {
							chunk = Flight.this.chunks.get(this.next++);
						}
						done = Flight.this.complete && this.next == Flight.this.chunks.size();
						failure = Flight.this.error;
					}
					if (chunk != null) {
						this.sink.next(DefaultDataBufferFactory.sharedInstance.wrap(chunk));
						continue;
					}
					if (failure != null) {
						this.sink.error(failure);
					}
					else if (done) {
						this.sink.complete();
					}
					break;
				}
				missed = this.wip.addAndGet(-missed);
			}
			while (missed != 0);
		}

	}

}
