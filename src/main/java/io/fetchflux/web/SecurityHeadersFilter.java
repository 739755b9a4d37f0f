package io.fetchflux.web;

import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Whatever the service relays is served from its own origin, so nothing it answers may be
 * sniffed into another type by a browser, nor load or run anything. The one exception is the
 * live page: it may run its own script and style files, show thumbnails from {@code /api/images}
 * and call the API, all from this origin only, and nothing else.
 */
@Component
class SecurityHeadersFilter implements WebFilter {

	private static final String LOCKED_DOWN = "default-src 'none'; sandbox";

	private static final String PAGE = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
			+ "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	// The welcome page handler serves static/index.html at "/"; the resource handler at "/index.html".
	private static final Set<String> PAGE_PATHS = Set.of("/", "/index.html");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set("X-Content-Type-Options", "nosniff");
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		headers.set("Content-Security-Policy", PAGE_PATHS.contains(path) ? PAGE : LOCKED_DOWN);
		return chain.filter(exchange);
	}

}
