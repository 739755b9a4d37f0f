package io.fetchflux.signing;

import java.util.List;
import java.util.Map;

import io.fetchflux.signing.UrlSigner.Purpose;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Refuses unsigned requests to the fetching endpoints when signing is on. It is a handler mapping
 * that never maps: consulted before the others, it fails the request instead, and the dispatcher
 * hands that failure to the same exception handlers as a controller's, so the refusal is a
 * problem document like every other. Its patterns are parsed and matched as the controllers'
 * mappings parse and match theirs, so that no spelling of a path reaches a controller unchecked.
 * Each path takes the signatures of its own purpose only: an image signature does not open
 * {@code /api/fetch}, which relays any content type.
 */
@Component
class SignatureCheckHandlerMapping implements HandlerMapping, Ordered {

	private static final List<SignedPath> SIGNED_PATHS = Map
		.of("/api/images", Purpose.IMAGE, "/api/styles/{style}/image", Purpose.IMAGE, "/api/fetch", Purpose.FETCH)
		.entrySet()
		.stream()
		.map((entry) -> new SignedPath(PathPatternParser.defaultInstance.parse(entry.getKey()), entry.getValue()))
		.toList();

	private final UrlSignatures signatures;

	SignatureCheckHandlerMapping(UrlSignatures signatures) {
		this.signatures = signatures;
	}

	@Override
	public Mono<Object> getHandler(ServerWebExchange exchange) {
		if (!this.signatures.isEnabled()) {
			return Mono.empty();
		}
		SignedPath signed = signedPath(exchange.getRequest().getPath().pathWithinApplication());
		if (signed == null) {
			return Mono.empty();
		}
		return Mono.fromRunnable(() -> {
			// A refused request is still counted and logged under the route it asked for.
			exchange.getAttributes().put(BEST_MATCHING_PATTERN_ATTRIBUTE, signed.pattern());
			check(signed.purpose(), exchange.getRequest().getQueryParams());
			exchange.getAttributes().remove(BEST_MATCHING_PATTERN_ATTRIBUTE);
		});
	}

	private void check(Purpose purpose, MultiValueMap<String, String> query) {
		List<String> urls = query.getOrDefault("url", List.of());
		List<String> signatures = query.getOrDefault("sig", List.of());
		if (signatures.isEmpty()) {
			throw new SignatureInvalidException("The request is not signed: add the sig parameter");
		}
		// A repeated url parameter would reach the controller joined with commas: a URL nobody signed.
		if (urls.size() != 1 || signatures.size() != 1) {
			throw new SignatureInvalidException("A signed request has exactly one url and one sig parameter");
		}
		this.signatures.verifyHex(purpose, urls.get(0), signatures.get(0));
	}

	private static SignedPath signedPath(PathContainer path) {
		return SIGNED_PATHS.stream().filter((signed) -> signed.pattern().matches(path)).findFirst().orElse(null);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	private record SignedPath(PathPattern pattern, Purpose purpose) {
	}

}
