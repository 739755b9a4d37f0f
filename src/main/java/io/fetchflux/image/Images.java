package io.fetchflux.image;

import io.fetchflux.fetch.FetchRequest;
import io.fetchflux.fetch.Fetcher;
import io.fetchflux.fetch.Upstream;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
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

	private final Fetcher fetcher;

	private final ImageProperties properties;

	Images(Fetcher fetcher, ImageProperties properties) {
		this.fetcher = fetcher;
		this.properties = properties;
	}

	/**
	 * Fetch an image.
	 * @param url the image URL
	 * @param clientHeaders the client's request headers, whose cache validators are forwarded
	 * @return the image, or an error that is a {@code FetchException}
	 */
	public Mono<Image> fetch(String url, HttpHeaders clientHeaders) {
		return this.fetcher.fetch(FetchRequest.conditional(url, ACCEPT, clientHeaders))
			.flatMap((upstream) -> upstream.isNotModified() ? Mono.just(Image.notModified(upstream)) : sniffed(upstream));
	}

	private Mono<Image> sniffed(Upstream upstream) {
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
			return Mono.just(new Image(upstream, type.mediaType(), head.body()));
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
