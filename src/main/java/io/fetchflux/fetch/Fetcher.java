package io.fetchflux.fetch;

import io.fetchflux.policy.InvalidUrlException;

import io.fetchflux.policy.DestinationRefusedException;

import io.fetchflux.policy.DestinationPolicy;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fetch engine: performs every outbound request through the one guarded {@link WebClient},
 * follows redirects itself, hop by hop, and bounds each fetch in time and size. Failures come
 * out as {@link FetchException}s.
 */
public class Fetcher {

	private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

	private final WebClient client;

	private final DestinationPolicy policy;

	private final FetchProperties properties;

	private final FailureLog failures = new FailureLog(Duration.ofSeconds(10), 20);

	public Fetcher(WebClient client, DestinationPolicy policy, FetchProperties properties) {
		this.client = client;
		this.policy = policy;
		this.properties = properties;
	}

	/**
	 * Fetch a URL. The returned {@link Upstream} carries the body unread.
	 * @param request what to fetch
	 * @return the upstream's answer, or an error that is a {@link FetchException}
	 */
	public Mono<Upstream> fetch(FetchRequest request) {
		return Mono.defer(() -> {
			URI url = this.policy.parse(request.url());
			Deadline deadline = Deadline.after(this.properties.getDeadline());
			Set<URI> visited = new HashSet<>();
			visited.add(url);
			return follow(request, url, deadline, visited).onErrorMap((ex) -> failed(ex, url));
		}).onErrorMap(InvalidUrlException.class, (ex) -> failed(ex, null));
	}

	private Mono<Upstream> follow(FetchRequest request, URI url, Deadline deadline, Set<URI> visited) {
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
				return follow(request, next, deadline, visited);
			}
			if (response.getStatusCode().is2xxSuccessful() || status == 304) {
				if (headers.getContentLength() > this.properties.getMaxBodySize().toBytes()) {
					Upstream.discard(body);
					return Mono.error(new BodyTooLargeException(this.properties.getMaxBodySize()));
				}
				// Buffers dropped after the limit or the deadline ended the body are released, whoever reads it.
				Flux<DataBuffer> bounded = deadline.bound(limited(body))
					.onErrorMap((ex) -> failed(ex, url))
					.doOnDiscard(DataBuffer.class, DataBufferUtils::release);
				return Mono.just(new Upstream(url, response.getStatusCode(), headers, bounded));
			}
			Upstream.discard(body);
			return Mono.error((status == 404 || status == 410) ? new UpstreamNotFoundException(status)
					: new UpstreamFailedException("The upstream answered " + status));
		});
	}

	private Mono<ResponseEntity<Flux<DataBuffer>>> exchange(FetchRequest request, URI url) {
		return this.client.get()
			.uri(url)
			.headers((headers) -> {
				headers.set(HttpHeaders.ACCEPT, request.accept());
				headers.set(HttpHeaders.ACCEPT_ENCODING, "identity");
				headers.set(HttpHeaders.VIA, FetchRequest.VIA);
				headers.addAll(request.validators());
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
			throw new DestinationRefusedException("The upstream redirected to a URL that cannot be read unambiguously");
		}
		try {
			return this.policy.parse(target.toString());
		}
		catch (InvalidUrlException ex) {
			throw new DestinationRefusedException("The upstream redirected to a refused URL: " + ex.getMessage());
		}
	}

	private Flux<DataBuffer> limited(Flux<DataBuffer> body) {
		long max = this.properties.getMaxBodySize().toBytes();
		return Flux.defer(() -> {
			long[] received = { 0 };
			return body.handle((buffer, sink) -> {
				received[0] += buffer.readableByteCount();
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

}
