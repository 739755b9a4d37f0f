package io.fetchflux.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import io.fetchflux.policy.DestinationPolicy;
import io.fetchflux.policy.DestinationRefusedException;
import io.fetchflux.policy.InvalidUrlException;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The fetch engine: performs every outbound request through the one guarded {@link WebClient},
 * follows redirects itself, hop by hop, and bounds each fetch in time and size. Failures come
 * out as {@link FetchException}s.
 */
public class Fetcher {

	private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

	/**
	 * The refusal rule of a redirect to a URL that the strict parser refuses.
	 */
	private static final String URL_RULE = "url";

	private final WebClient client;

	private final DestinationPolicy policy;

	private final FetchProperties properties;

	private final FailureLog failures = new FailureLog(Duration.ofSeconds(10), 20);

	private final FetchObserver observer;

	private final boolean observed;

	public Fetcher(WebClient client, DestinationPolicy policy, FetchProperties properties) {
		this(client, policy, properties, FetchObserver.NONE);
	}

	/**
	 * An engine whose fetches are observed.
	 * @param client the one guarded client
	 * @param policy the destination policy
	 * @param properties the limits
	 * @param observer told about every fetch
	 */
	public Fetcher(WebClient client, DestinationPolicy policy, FetchProperties properties, FetchObserver observer) {
		this.client = client;
		this.policy = policy;
		this.properties = properties;
		this.observer = observer;
		this.observed = observer != FetchObserver.NONE;
	}

	/**
	 * Fetch a URL. The returned {@link Upstream} carries the body unread.
	 * @param request what to fetch
	 * @return the upstream's answer, or an error that is a {@link FetchException}
	 */
	public Mono<Upstream> fetch(FetchRequest request) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			URI url;
			try {
				url = this.policy.parse(request.url());
			}
			catch (InvalidUrlException ex) {
				return Mono.error(failed(ex, null, start));
			}
			catch (DestinationRefusedException ex) {
				// The client named a refused destination: nothing failed upstream, so nothing is logged.
				if (this.observed) {
					this.observer.failed(ex, System.nanoTime() - start);
				}
				return Mono.error(ex);
			}
			Deadline deadline = Deadline.after(this.properties.getDeadline());
			Set<URI> visited = new HashSet<>();
			visited.add(url);
			return follow(request, url, deadline, visited, start).onErrorMap((ex) -> failed(ex, url, start));
		});
	}

	private Mono<Upstream> follow(FetchRequest request, URI url, Deadline deadline, Set<URI> visited, long start) {
		return deadline.bound(exchange(request, url)).flatMap((response) -> {
			int status = response.getStatusCode().value();
			HttpHeaders headers = response.getHeaders();
			Flux<DataBuffer> body = response.getBody();
			if (REDIRECT_STATUSES.contains(status) && headers.getFirst(HttpHeaders.LOCATION) != null) {
				Upstream.discard(body);
				URI next = redirectTarget(url, headers.getFirst(HttpHeaders.LOCATION));
				if (!visited.add(next)) {
					return Mono.error(new UpstreamFailedException("The upstream redirects in a loop"));
				}
				if (visited.size() > this.properties.getMaxRedirects() + 1) {
					return Mono.error(new UpstreamFailedException(
							"The upstream redirected more than " + this.properties.getMaxRedirects() + " times"));
				}
				this.observer.redirected();
				return follow(request, next, deadline, visited, start);
			}
			if (response.getStatusCode().is2xxSuccessful() || status == 304) {
				if (headers.getContentLength() > this.properties.getMaxBodySize().toBytes()) {
					Upstream.discard(body);
					return Mono.error(new BodyTooLargeException(this.properties.getMaxBodySize()));
				}
				if (this.observed) {
					this.observer.headers(System.nanoTime() - start, status == 304);
				}
				// Buffers dropped after the limit or the deadline ended the body are released, whoever reads it.
				// A 304 has no body to time; its empty one is only discarded.
				Flux<DataBuffer> bounded = (this.observed && status != 304) ? observedBody(body, deadline, url, start)
						: deadline.bound(limited(body, null)).onErrorMap((ex) -> failed(ex, url));
				return Mono.just(new Upstream(url, response.getStatusCode(), headers,
						bounded.doOnDiscard(DataBuffer.class, DataBufferUtils::release)));
			}
			Upstream.discard(body);
			return Mono.error(unsuccessful(status, headers));
		});
	}

	private static FetchException unsuccessful(int status, HttpHeaders headers) {
		if (status == 404 || status == 410) {
			return new UpstreamNotFoundException(status);
		}
		if (status == 416) {
			return new RangeNotSatisfiableException(headers.getFirst(HttpHeaders.CONTENT_RANGE));
		}
		return new UpstreamFailedException("The upstream answered " + status);
	}

	private Mono<ResponseEntity<Flux<DataBuffer>>> exchange(FetchRequest request, URI url) {
		return this.client.get()
			.uri(url)
			.headers((headers) -> {
				headers.set(HttpHeaders.ACCEPT, request.accept());
				headers.set(HttpHeaders.ACCEPT_ENCODING, "identity");
				headers.set(HttpHeaders.VIA, FetchRequest.VIA);
				headers.addAll(request.forwarded());
			})
			.retrieve()
			// Statuses are judged by follow(), not turned into exceptions; a handler that matches
			// also costs a stack-capturing checkpoint, so it matches only the rarer error statuses.
			.onStatus(HttpStatusCode::isError, (response) -> Mono.empty())
			.toEntityFlux(DataBuffer.class);
	}

	private URI redirectTarget(URI from, String location) {
		URI target;
		try {
			target = from.resolve(location.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new DestinationRefusedException(URL_RULE, "The upstream redirected to a URL that cannot be read unambiguously");
		}
		try {
			return this.policy.parse(target.toString());
		}
		catch (InvalidUrlException ex) {
			throw new DestinationRefusedException(URL_RULE, "The upstream redirected to a refused URL: " + ex.getMessage());
		}
	}

	/**
	 * The body, bounded, with its end reported to the observer: one state object and a
	 * {@code doFinally} per fetch, sharing the byte count that the size limit keeps anyway.
	 */
	private Flux<DataBuffer> observedBody(Flux<DataBuffer> body, Deadline deadline, URI url, long start) {
		return Flux.defer(() -> {
			BodyEnd end = new BodyEnd(start);
			return deadline.bound(limited(body, end)).onErrorMap((ex) -> end.failure = failed(ex, url)).doFinally(end);
		});
	}

	private Flux<DataBuffer> limited(Flux<DataBuffer> body, BodyEnd end) {
		long max = this.properties.getMaxBodySize().toBytes();
		return Flux.defer(() -> {
			long[] received = { 0 };
			return body.handle((buffer, sink) -> {
				received[0] += buffer.readableByteCount();
				if (end != null) {
					end.bytes = received[0];
				}
				if (received[0] > max) {
					DataBufferUtils.release(buffer);
					sink.error(new BodyTooLargeException(this.properties.getMaxBodySize()));
				}
				else {
					sink.next(buffer);
				}
			});
		});
	}

	/**
	 * Every failure leaves the engine as a {@link FetchException}, logged once.
	 */
	private FetchException failed(Throwable error, URI url) {
		FetchException failure = UpstreamErrors.translate(error);
		this.failures.record(failure, url);
		return failure;
	}

	private FetchException failed(Throwable error, URI url, long start) {
		FetchException failure = failed(error, url);
		if (this.observed) {
			this.observer.failed(failure, System.nanoTime() - start);
		}
		return failure;
	}

	/**
	 * How an observed body ended; written by the one thread that reads the body.
	 */
	private final class BodyEnd implements Consumer<SignalType> {

		private final long start;

		long bytes;

		FetchException failure;

		BodyEnd(long start) {
			this.start = start;
		}

		@Override
		public void accept(SignalType signal) {
			Fetcher.this.observer.bodyEnded(System.nanoTime() - this.start, this.bytes, this.failure,
					signal == SignalType.ON_COMPLETE);
		}

	}

}
