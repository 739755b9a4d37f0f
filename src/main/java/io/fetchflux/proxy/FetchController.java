package io.fetchflux.proxy;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Relays any content type through the same engine and limits as the image endpoints, streamed.
 */
@RestController
class FetchController {

	private final Relay relay;

	FetchController(Relay relay) {
		this.relay = relay;
	}

	/**
	 * Answered through the cache, with ranges: a cached body answers them itself, a miss
	 * forwards {@code Range} and {@code If-Range} and relays the upstream's 206.
	 */
	@GetMapping("/api/fetch")
	Mono<Void> fetch(@RequestParam String url, ServerWebExchange exchange) {
		return this.relay.fetch(url, exchange.getRequest().getHeaders())
			.flatMap((answer) -> answer.writeTo(exchange.getResponse()));
	}

}
