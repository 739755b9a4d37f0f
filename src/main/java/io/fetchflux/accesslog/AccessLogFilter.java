package io.fetchflux.accesslog;

import java.net.URI;
import java.util.Locale;

import io.fetchflux.web.RequestOutcome;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Logs one line per request once its response is written: method, route template, status,
 * outcome, body bytes written, duration and the host of the {@code url} parameter. Never the
 * path or the query, which carry the target URL (and, for camo routes, the URL itself).
 */
final class AccessLogFilter implements WebFilter, Ordered {

	private static final Log logger = LogFactory.getLog("io.fetchflux.access");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!logger.isInfoEnabled()) {
			return chain.filter(exchange);
		}
		long start = System.nanoTime();
		CountingResponse response = new CountingResponse(exchange.getResponse());
		ServerWebExchange counted = exchange.mutate().response(response).build();
		return chain.filter(counted).doFinally((signal) -> log(counted, response, signal, System.nanoTime() - start));
	}

	private static void log(ServerWebExchange exchange, CountingResponse response, SignalType signal, long nanos) {
		HttpStatusCode status = response.getStatusCode();
		String outcome = (signal == SignalType.CANCEL) ? "cancelled"
				: (signal == SignalType.ON_ERROR) ? "internal-error" : RequestOutcome.outcome(exchange, status);
		logger.info(String.format(Locale.ROOT, "method=%s route=%s status=%s outcome=%s bytes=%d duration_ms=%.1f upstream=%s",
				exchange.getRequest().getMethod().name(), RequestOutcome.route(exchange),
				(status != null && signal != SignalType.ON_ERROR) ? status.value() : "-", outcome, response.bytes,
				nanos / 1e6, upstreamHost(exchange.getRequest().getQueryParams().getFirst("url"))));
	}

	/**
	 * The host of the URL asked for, as plain ASCII, or {@code -}: never its path, query or user information.
	 */
	static String upstreamHost(String url) {
		if (url == null) {
			return "-";
		}
		try {
			String host = URI.create(url).getHost();
			return (host != null && host.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) ? host : "-";
		}
		catch (IllegalArgumentException ex) {
			return "-";
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static final class CountingResponse extends ServerHttpResponseDecorator {

		// Written by the one thread that writes the response, read once it is complete.
		private volatile long bytes;

		CountingResponse(ServerHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return super.writeWith(Flux.from(body).doOnNext(this::count));
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return super.writeAndFlushWith(Flux.from(body).map((part) -> Flux.from(part).doOnNext(this::count)));
		}

		private void count(DataBuffer buffer) {
			this.bytes += buffer.readableByteCount();
		}

	}

}
