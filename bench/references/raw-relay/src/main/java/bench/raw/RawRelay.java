package bench.raw;

import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor under fetchflux: Reactor Netty alone relays {@code GET /relay?url=U}: U's status,
 * Content-Type, Content-Length and its body, streamed. No Spring, no checks.
 * usage: java -jar raw-relay.jar PORT
 */
public final class RawRelay {

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		// Sized like fetchflux's shipped defaults (fetchflux.fetch.max-connections, pending-acquire-max).
		ConnectionProvider pool = ConnectionProvider.builder("raw-relay")
			.maxConnections(4096)
			.pendingAcquireMaxCount(16384)
			.build();
		HttpClient client = HttpClient.create(pool).compress(false);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.route(routes -> routes.get("/relay", (request, response) -> relay(client, request, response)))
			.bindNow();
		System.out.println("raw relay listening on " + server.port());
		server.onDispose().block();
	}

	private static Mono<Void> relay(HttpClient client, HttpServerRequest request, HttpServerResponse response) {
		List<String> url = new QueryStringDecoder(request.uri()).parameters().get("url");
		if (url == null || url.isEmpty()) {
			return response.status(HttpResponseStatus.BAD_REQUEST).send();
		}
		return client.get()
			.uri(url.get(0))
			.response((upstream, body) -> {
				response.status(upstream.status());
				copy(upstream.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE), HttpHeaderNames.CONTENT_TYPE, response);
				copy(upstream.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH), HttpHeaderNames.CONTENT_LENGTH, response);
				// retain(): the client releases each buffer after onNext; the server releases it once written.
				return response.send(body.retain());
			})
			.then()
			.onErrorResume(e -> response.hasSentHeaders() ? Mono.error(e)
					: response.status(HttpResponseStatus.BAD_GATEWAY).send());
	}

	private static void copy(String value, CharSequence name, HttpServerResponse response) {
		if (value != null) {
			response.header(name, value);
		}
	}

	private RawRelay() {
	}

}
