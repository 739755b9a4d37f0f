package io.fetchflux.styles;

import io.fetchflux.deferred.Deferred;
import io.fetchflux.image.Image;
import io.fetchflux.image.Images;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The seed's {@code fetch_image} written in its three Tornado styles, side by side on the same
 * engine, with the same limits, headers and errors. Each returns the {@link Image}, which is
 * written straight to the response.
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
	Deferred<Image> callback(@RequestParam String url, ServerWebExchange exchange) {
		Deferred<Image> response = new Deferred<>();
		Disposable fetch = this.images.fetch(url, exchange.getRequest().getHeaders()).subscribe((image) -> {
			if (!response.setResult(image)) {
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
	Mono<Image> reactive(@RequestParam String url, ServerWebExchange exchange) {
		return this.images.fetch(url, exchange.getRequest().getHeaders());
	}

	/**
	 * Tornado's {@code async}/{@code await}: straight-line code. It waits on a virtual thread
	 * (JDK 21+) or a bounded worker pool (JDK 17), never on an event loop, where Reactor would
	 * refuse to block; like Tornado's handler, it stops waiting when the client goes away.
	 */
	@GetMapping("/sequential/image")
	Image sequential(@RequestParam String url, ServerWebExchange exchange) {
		return Await.value(this.images.fetch(url, exchange.getRequest().getHeaders()), exchange);
	}

}
