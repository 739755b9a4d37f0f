package io.fetchflux.image;

import java.util.List;

import io.fetchflux.cache.CacheKind;
import io.fetchflux.cache.Fetched;
import io.fetchflux.cache.ResponseCache;
import io.fetchflux.fetch.FetchRequest;
import io.fetchflux.fetch.Fetcher;
import io.fetchflux.fetch.Upstream;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The seed's {@code fetch_image}: fetches a URL through the engine and answers only if the bytes
 * really are an image, typed by what they are.
 */
@Service
public class Images {

	private static final String ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8";

	/**
	 * Enough for every binary signature, and for the dimensions of all but very unusual files.
	 */
	private static final int MIN_SNIFF_BYTES = 32;

	private static final int SVG_SNIFF_BYTES = 4096;

	/**
	 * A JPEG's size comes after its metadata segments; beyond this, the image is refused.
	 */
	private static final int MAX_HEADER_BYTES = 128 * 1024;

	/**
	 * What an image answer relays of the upstream's headers, besides its sniffed type.
	 */
	private static final List<String> RELAYED_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED,
			HttpHeaders.CACHE_CONTROL, HttpHeaders.EXPIRES, HttpHeaders.CONTENT_LENGTH);

	private final Fetcher fetcher;

	private final ResponseCache cache;

	private final ImageProperties properties;

	Images(Fetcher fetcher, ResponseCache cache, ImageProperties properties) {
		this.fetcher = fetcher;
		this.cache = cache;
		this.properties = properties;
	}

	/**
	 * Fetch an image.
	 * @param url the image URL
	 * @param clientHeaders the client's request headers, whose validators are answered from the
	 * cache or forwarded
	 * @return the image, or an error that is a {@code FetchException}
	 */
	public Mono<Image> fetch(String url, HttpHeaders clientHeaders) {
		return this.cache.fetch(CacheKind.IMAGE, url, clientHeaders, (forwarded) -> origin(url, forwarded))
			.map(Image::new);
	}

	/**
	 * Fetch an image from its upstream, past the cache, with sniffing and the pixel limit.
	 * @param url the image URL
	 * @return the image, or an error that is a {@code FetchException}
	 */
	public Mono<Fetched> fetchUncached(String url) {
		return origin(url, HttpHeaders.EMPTY);
	}

	/**
	 * What the cache stores and shares is the image after sniffing and the pixel limit.
	 */
	private Mono<Fetched> origin(String url, HttpHeaders forwarded) {
		return this.fetcher.fetch(new FetchRequest(url, ACCEPT, forwarded))
			.flatMap((upstream) -> upstream.isNotModified() ? Mono.just(notModified(upstream)) : sniffed(upstream));
	}

	private static Fetched notModified(Upstream upstream) {
		upstream.discard();
		HttpHeaders relayed = new HttpHeaders();
		upstream.relayHeaders(Upstream.CACHE_HEADERS, relayed);
		return new Fetched(upstream.status(), upstream.headers(), relayed, Flux.empty());
	}

	private Mono<Fetched> sniffed(Upstream upstream) {
		return BodyHead.read(upstream.body(), MAX_HEADER_BYTES, this::isDecidable).flatMap((head) -> {
			ImageType type = ImageType.sniff(head.header(), this.properties.isSvgEnabled()).orElse(null);
			ImageDimensions dimensions = (type != null) ? ImageDimensions.read(type, head.header()).orElse(null) : null;
			if (type == null || dimensions == null) {
				head.discard();
				return Mono.error(new NotAnImageException());
			}
			if (dimensions.pixels() > this.properties.getMaxPixels()) {
				head.discard();
				return Mono.error(new ImageTooLargeException(dimensions, this.properties.getMaxPixels()));
			}
			HttpHeaders relayed = new HttpHeaders();
			upstream.relayHeaders(RELAYED_HEADERS, relayed);
			relayed.setContentType(type.mediaType());
			return Mono.just(new Fetched(upstream.status(), upstream.headers(), relayed, head.body()));
		});
	}

	/**
	 * Whether enough of the body has arrived to know its type and, for an image, its size.
	 */
	private boolean isDecidable(HeaderBytes head) {
		if (head.length() < MIN_SNIFF_BYTES) {
			return false;
		}
		return ImageType.sniff(head, this.properties.isSvgEnabled())
			.map((type) -> ImageDimensions.read(type, head).isPresent())
			.orElse(!this.properties.isSvgEnabled() || head.length() >= SVG_SNIFF_BYTES);
	}

}
