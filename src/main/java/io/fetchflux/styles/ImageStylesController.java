package io.fetchflux.styles;

import io.fetchflux.deferred.Deferred;
import io.fetchflux.image.Image;
import io.fetchflux.image.Images;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The seed's {@code fetch_image} written in its three Tornado styles, side by side on the same
 * engine, with the same limits, headers and errors.
 */
@RestController
@RequestMapping("/api/styles")
class ImageStylesController {

	private final Images images;

	ImageStylesController(Images images) {
		this.images = images;
	}

	/**
	 * Tornado's {@code @asynchronous} handler: start the fetch with a callback, return at once,
	 * and let the callback finish the response explicitly, like {@code self.finish()}.
	 */
	@GetMapping("/callback/image")
	Deferred<ResponseEntity<Flux<DataBuffer>>> callback(@RequestParam String url, @RequestHeader HttpHeaders headers) {
		Deferred<ResponseEntity<Flux<DataBuffer>>> response = new Deferred<>();
		Disposable fetch = this.images.fetch(url, headers).subscribe((image) -> {
			if (!response.setResult(image.toResponse())) {
				image.discard();
			}
		}, response::setErrorResult);
		response.onCancel(fetch::dispose);
		return response;
	}

	/**
	 * Tornado's {@code @gen.coroutine} with {@code yield}: a chain of steps that resume when the
	 * previous one has its value.
	 */
	@GetMapping("/reactive/image")
	Mono<ResponseEntity<Flux<DataBuffer>>> reactive(@RequestParam String url, @RequestHeader HttpHeaders headers) {
		return this.images.fetch(url, headers).map(Image::toResponse);
	}

	/**
	 * Tornado's {@code async}/{@code await}: straight-line code. It waits on a virtual thread
	 * (JDK 21+) or a bounded worker pool (JDK 17), never on an event loop, where Reactor would
	 * refuse to block.
	 */
	@GetMapping("/sequential/image")
	ResponseEntity<Flux<DataBuffer>> sequential(@RequestParam String url, @RequestHeader HttpHeaders headers) {
		Image image = this.images.fetch(url, headers).block();
		return image.toResponse();
	}

}
