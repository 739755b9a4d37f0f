package io.fetchflux.image;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.reactive.HandlerResultHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Lets controllers return an {@link Image}, plain or inside any single-value reactive type
 * ({@code Mono<Image>}, {@code Deferred<Image>}), and writes it straight to the response. The
 * entity path would copy the headers into a {@code ResponseEntity} and hand the body to a
 * message writer chosen per request; an image needs neither.
 */
@Component
class ImageResultHandler implements HandlerResultHandler, Ordered {

	private final ReactiveAdapterRegistry adapters;

	private final Map<MethodParameter, Boolean> supported = new ConcurrentHashMap<>();

	ImageResultHandler(ReactiveAdapterRegistry webFluxAdapterRegistry) {
		this.adapters = webFluxAdapterRegistry;
	}

	@Override
	public boolean supports(HandlerResult result) {
		return this.supported.computeIfAbsent(result.getReturnTypeSource(), (method) -> isImage(result.getReturnType()));
	}

	private boolean isImage(ResolvableType type) {
		Class<?> returned = type.toClass();
		if (returned == Image.class) {
			return true;
		}
		ReactiveAdapter adapter = this.adapters.getAdapter(returned);
		return adapter != null && !adapter.isMultiValue() && type.getGeneric().toClass() == Image.class;
	}

	@Override
	public Mono<Void> handleResult(ServerWebExchange exchange, HandlerResult result) {
		Object value = result.getReturnValue();
		if (value instanceof Image image) {
			return image.writeTo(exchange.getResponse());
		}
		ReactiveAdapter adapter = this.adapters.getAdapter(value.getClass());
		return Mono.from(adapter.<Image>toPublisher(value)).flatMap((image) -> image.writeTo(exchange.getResponse()));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
