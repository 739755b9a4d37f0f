package io.fetchflux.batch;

import java.util.concurrent.TimeUnit;

import io.fetchflux.fetch.FetchException;
import io.fetchflux.fetch.FetchRequest;
import io.fetchflux.fetch.Fetcher;
import io.fetchflux.fetch.Upstream;
import io.fetchflux.image.Images;
import io.fetchflux.signing.UrlSignatures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
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

	private final Fetcher fetcher;

	private final Images images;

	private final UrlSignatures signatures;

	private final InFlightLimit inFlight;

	private final BatchObserver observer;

	UrlCheck(Fetcher fetcher, Images images, UrlSignatures signatures, BatchProperties properties,
			ObjectProvider<BatchObserver> observer) {
		this.fetcher = fetcher;
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
	 * @param warm whether the answer is to be put into the response cache; until there is one,
	 * the URL is fetched like any other
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
			return this.inFlight.run(() -> fetch(item, mode));
		}).doOnNext((line) -> this.observer.checked(mode, line.failed() ? line.error() : "ok"));
	}

	private Mono<ResultLine> fetch(BatchItem item, Mode mode) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			BodyDigest digest = new BodyDigest();
			return answer(item.url(), mode)
				.flatMap((answer) -> digest.read(answer.body())
					.then(Mono.fromSupplier(() -> new ResultLine(item.url(), answer.status(), answer.contentType(),
							digest.bytes(), digest.hex(), millisSince(start), null))))
				.onErrorResume((ex) -> Mono.just(failed(item, ex, digest.bytes(), start)));
		});
	}

	private Mono<Answer> answer(String url, Mode mode) {
		if (mode == Mode.IMAGE) {
			return this.images.fetch(url, HttpHeaders.EMPTY)
				.map((image) -> new Answer(image.upstream().status().value(), image.type().toString(), image.body()));
		}
		return this.fetcher.fetch(FetchRequest.of(url, MediaType.ALL_VALUE))
			.map((upstream) -> new Answer(upstream.status().value(), contentType(upstream), upstream.body()));
	}

	private static ResultLine failed(BatchItem item, Throwable error, long bytes, long start) {
		if (!(error instanceof FetchException failure)) {
			logger.error("Unexpected failure of a batch check", error);
			return new ResultLine(item.url(), 500, null, bytes, null, millisSince(start), "internal-error");
		}
		return new ResultLine(item.url(), failure.getStatus().value(), null, bytes, null, millisSince(start),
				failure.getType());
	}

	/**
	 * The type {@code /api/fetch} would answer: the upstream's, or a plain byte stream when it has
	 * none or an unreadable one.
	 */
	private static String contentType(Upstream upstream) {
		try {
			MediaType type = upstream.headers().getContentType();
			return ((type != null) ? type : MediaType.APPLICATION_OCTET_STREAM).toString();
		}
		catch (InvalidMediaTypeException ex) {
			return MediaType.APPLICATION_OCTET_STREAM_VALUE;
		}
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	private record Answer(int status, String contentType, Flux<DataBuffer> body) {
	}

}
