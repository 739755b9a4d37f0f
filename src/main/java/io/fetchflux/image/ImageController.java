package io.fetchflux.image;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
class ImageController {

	private final Images images;

	ImageController(Images images) {
		this.images = images;
	}

	/**
	 * The image is written straight to the response: the client's headers are read in place and
	 * the upstream's relayed without building a response entity in between.
	 */
	@GetMapping("/api/images")
	Mono<Void> image(@RequestParam String url, ServerWebExchange exchange) {
		return this.images.fetch(url, exchange.getRequest().getHeaders())
			.flatMap((image) -> image.writeTo(exchange.getResponse()));
	}

}
