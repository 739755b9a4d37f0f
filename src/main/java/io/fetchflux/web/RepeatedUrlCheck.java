package io.fetchflux.web;

import java.util.List;

import io.fetchflux.policy.InvalidUrlException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses a request that names more than one {@code url}: a controller would receive the values
 * joined with commas, a URL that nobody asked for. Like the signature check, it is a handler
 * mapping that never maps, consulted first, so the refusal is a problem document like any other.
 */
@Component
class RepeatedUrlCheck implements HandlerMapping, Ordered {

	@Override
	public Mono<Object> getHandler(ServerWebExchange exchange) {
		List<String> urls = exchange.getRequest().getQueryParams().get("url");
		if (urls == null || urls.size() == 1) {
			return Mono.empty();
		}
		return Mono.error(new InvalidUrlException("The url parameter is given " + urls.size() + " times; give it once"));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
