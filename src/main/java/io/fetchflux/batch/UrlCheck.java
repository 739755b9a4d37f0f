package io.fetchflux.batch;

import java.util.concurrent.TimeUnit;

import io.fetchflux.cache.Answer;
import io.fetchflux.cache.Fetched;
import io.fetchflux.fetch.FetchException;
import io.fetchflux.image.Image;
import io.fetchflux.image.Images;
import io.fetchflux.proxy.Relay;
import io.fetchflux.signing.UrlSignatures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks the URLs of batches and jobs: every one goes through here, through the same engine,
 * destination policy, limits and signatures as {@code /api/fetch} (or, in image mode, the image
 * pipeline of {@code /api/images}), under the one cap on batch fetches in flight. A URL that
 * fails yields a failed line; the check itself never fails.
 */
@Component
public class UrlCheck {

	private static final Log logger = LogFactory.getLog(UrlCheck.class);

	private final Relay relay;

	private final Images images;

	private final UrlSignatures signatures;

	private final InFlightLimit inFlight;

	private final BatchObserver observer;

	UrlCheck(Relay relay, Images images, UrlSignatures signatures, BatchProperties properties,
			ObjectProvider<BatchObserver> observer) {
		this.relay = relay;
		this.images = images;
		this.signatures = signatures;
		this.inFlight = new InFlightLimit(properties.getMaxInFlight());
		this.observer = observer.getIfAvailable(() -> BatchObserver.NONE);
		this.observer.limit(this.inFlight::inUse, this.inFlight::waiting);
	}

	/**
	 * Check every URL of a batch, at most its concurrency at once.
	 * @param batch the batch
	 * @return one line per URL, in the order the checks end
	 */
	public Flux<ResultLine> checkAll(BatchRequest batch) {
		return Flux.fromIterable(batch.items())
			.flatMap((item) -> check(item, batch.mode(), batch.warm()), batch.concurrency());
	}

	/**
	 * Check one URL: fetch it and hash its body as it streams.
	 * @param item the URL and its signature
	 * @param mode how to fetch it
	 * @param warm whether the URL goes through the response cache, and so fills it; otherwise
	 * the upstream is asked, whatever the cache holds
	 * @return the line that reports it, never an error
	 */
	public Mono<ResultLine> check(BatchItem item, Mode mode, boolean warm) {
		return Mono.defer(() -> {
			if (this.signatures.isEnabled()) {
				try {
					this.signatures.verifyFetch(item.url(), item.sig());
				}
				catch (FetchException ex) {
					return Mono.just(failed(item, ex, 0, System.nanoTime()));
				}
			}
			return this.inFlight.run(() -> fetch(item, mode, warm));
		}).doOnNext((line) -> this.observer.checked(mode, line.failed() ? line.error() : "ok"));
	}

	private Mono<ResultLine> fetch(BatchItem item, Mode mode, boolean warm) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			BodyDigest digest = new BodyDigest();
			return answer(item.url(), mode, warm)
				.flatMap((answer) -> digest.read(answer.body())
					.then(Mono.fromSupplier(() -> new ResultLine(item.url(), answer.status(), answer.contentType(),
							digest.bytes(), digest.hex(), millisSince(start), null))))
				.onErrorResume((ex) -> Mono.just(failed(item, ex, digest.bytes(), start)));
		});
	}

	/**
	 * A warming check goes through the cache as a client of the endpoint would, and so fills it;
	 * any other check asks the upstream itself, as a link checker must.
	 */
	private Mono<Checked> answer(String url, Mode mode, boolean warm) {
		if (warm) {
			Mono<Answer> cached = (mode == Mode.IMAGE) ? this.images.fetch(url, HttpHeaders.EMPTY).map(Image::answer)
					: this.relay.fetch(url, HttpHeaders.EMPTY);
			return cached.map((answer) -> new Checked(answer.status().value(), type(answer.headers()), answer.body()));
		}
		Mono<Fetched> fetched = (mode == Mode.IMAGE) ? this.images.fetchUncached(url)
				: this.relay.origin(url, HttpHeaders.EMPTY);
		return fetched.map((answer) -> new Checked(answer.status().value(), type(answer.relayed()), answer.body()));
	}

	private static String type(HttpHeaders headers) {
		MediaType type = headers.getContentType();
		return (type != null) ? type.toString() : null;
	}

	private static ResultLine failed(BatchItem item, Throwable error, long bytes, long start) {
		if (!(error instanceof FetchException failure)) {
			logger.error("Unexpected failure of a batch check", error);
			return new ResultLine(item.url(), 500, null, bytes, null, millisSince(start), "internal-error");
		}
		return new ResultLine(item.url(), failure.getStatus().value(), null, bytes, null, millisSince(start),
				failure.getType());
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	private record Checked(int status, String contentType, Flux<DataBuffer> body) {
	}

}
