package io.fetchflux;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.tcp.TcpServer;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * An upstream for the tests, on a loopback port: real images, statuses, redirects, slow and
 * hanging answers, delayed answers that count how many wait at once, oversized and broken bodies, and a MediaWiki search API, also failing (with a
 * status, non-JSON or an API error). It records what it
 * was asked and which requests were abandoned by the service.
 */
public final class StubUpstream {

	public static final String ETAG = "\"png-v1\"";

	public static final byte[] PNG = encode("png");

	public static final byte[] JPEG = encode("jpg");

	public static final byte[] GIF = encode("gif");

	public static final byte[] HTML = "<!doctype html><html><body><script>alert(1)</script></body></html>"
		.getBytes(StandardCharsets.UTF_8);

	/**
	 * 16 MiB of zeros, gzipped to a few KiB: the bytes must be relayed as they are, never inflated.
	 */
	/**
	 * The body of the {@code /ranged} route: 100 bytes whose every byte says where it is.
	 */
	public static final byte[] TEXT_BYTES = "0123456789".repeat(10).getBytes(StandardCharsets.US_ASCII);

	public static final byte[] GZIP_BOMB = gzippedZeros(16 * 1024 * 1024);

	private static final StubUpstream instance = new StubUpstream();

	private final DisposableServer server;

	private static final String MALFORMED = "HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\nbody";

	private static final String OVERLONG = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"
			+ "x".repeat(100_000);

	private final DisposableServer raw;

	private final Queue<Recorded> requests = new ConcurrentLinkedQueue<>();

	private final Set<String> arrived = ConcurrentHashMap.newKeySet();

	private final Set<String> abandoned = ConcurrentHashMap.newKeySet();

	private final Map<String, Concurrency> concurrency = new ConcurrentHashMap<>();

	private StubUpstream() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/image.png", this::png)
				.get("/image.jpg", (request, response) -> image(response, "image/jpeg", JPEG))
				.get("/image.gif", (request, response) -> image(response, "image/gif", GIF))
				.get("/bomb.png", (request, response) -> image(response, "image/png", pixelBombPng()))
				.get("/drip", (request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "image/png")
					.header(HttpHeaderNames.CONTENT_LENGTH, "1000")
					.send(Flux.interval(Duration.ofSeconds(1)).take(1000)
						.map((i) -> Unpooled.wrappedBuffer(new byte[] { PNG[(int) (i % PNG.length)] }))))
				.get("/gzip-bomb", (request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
					.header(HttpHeaderNames.CONTENT_ENCODING, "gzip")
					.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(GZIP_BOMB.length))
					.sendByteArray(Mono.just(GZIP_BOMB)))
				.get("/smuggled", (request, response) -> image(response, "image/png, text/html", HTML))
				.get("/mislabelled.png", (request, response) -> image(response, "image/png", HTML))
				.get("/text.txt", (request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
					.header(HttpHeaderNames.SET_COOKIE, "session=secret")
					.sendString(Mono.just("hello from upstream")))
				.get("/status/{code}", (request, response) -> response
					.status(Integer.parseInt(request.param("code")))
					.sendString(Mono.just("status body")))
				.get("/redirect/{hops}", this::redirectChain)
				.get("/loop", (request, response) -> redirect(response, "/loop"))
				.get("/redirect-to", (request, response) -> redirect(response, queryParam(request, "location")))
				.get("/slow/{millis}", (request, response) -> {
					record(request);
					return Mono.delay(millis(request)).thenMany(image(response, "image/png", PNG));
				})
				.get("/hang/{id}", (request, response) -> hang(request.param("id")))
				.get("/cacheable/{id}", this::cacheable)
				.get("/ranged/{id}", this::ranged)
				.get("/counted/{group}/{millis}", this::counted)
				.get("/bytes/{count}", (request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "image/png")
					.header(HttpHeaderNames.CONTENT_LENGTH, request.param("count"))
					.send(pngPrefixed(Integer.parseInt(request.param("count")))))
				.get("/chunked/{count}", (request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "image/png")
					.send(chunks(Integer.parseInt(request.param("count")))))
				.get("/truncated", (request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "image/png")
					.header(HttpHeaderNames.CONTENT_LENGTH, "10000")
					.send(Flux.concat(chunks(4096), Mono.delay(Duration.ofMillis(200))
						.doOnNext((tick) -> response.withConnection(Connection::dispose))
						.then(Mono.empty()))))
				.get("/reset", (request, response) -> response.withConnection(Connection::dispose).then(Mono.never()))
				.get("/wiki/w/api.php", (request, response) -> wiki(request, response, "wiki"))
				.get("/status/{code}/w/api.php", (request, response) -> response
					.status(Integer.parseInt(request.param("code")))
					.sendString(Mono.just("status body")))
				.get("/notjson/w/api.php", (request, response) -> response
					.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.sendString(Mono.just("<html>Service unavailable</html>")))
				.get("/apierror/w/api.php", (request, response) -> response
					.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.sendString(Mono.just("{\"error\":{\"code\":\"badvalue\",\"info\":\"at 10.1.2.3\"}}")))
				.get("/slowwiki/w/api.php", (request, response) -> {
					this.arrived.add("slowwiki");
					return Mono.delay(Duration.ofSeconds(30))
						.thenMany(wiki(request, response, "slowwiki"))
						.doOnCancel(() -> this.abandoned.add("slowwiki"));
				}))
			.bindNow();
		this.raw = TcpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((in, out) -> in.receive().asString().next().flatMap((request) -> out
				.sendString(Mono.just(request.startsWith("GET /overlong ") ? OVERLONG : MALFORMED))
				.then()))
			.bindNow();
	}

	/**
	 * A PNG of a few bytes whose header declares 100 000 x 100 000 pixels.
	 */
	public static byte[] pixelBombPng() {
		byte[] bomb = PNG.clone();
		byte[] side = { 0, 0x01, (byte) 0x86, (byte) 0xA0 };
		System.arraycopy(side, 0, bomb, 16, 4);
		System.arraycopy(side, 0, bomb, 20, 4);
		return bomb;
	}

	public static StubUpstream get() {
		return instance;
	}

	/**
	 * An absolute URL on the stub.
	 */
	public String url(String path) {
		return "http://127.0.0.1:" + this.server.port() + path;
	}

	/**
	 * A URL on a server that answers malformed HTTP.
	 */
	public String malformedUrl() {
		return "http://127.0.0.1:" + this.raw.port() + "/";
	}

	/**
	 * A URL on a server that declares a 100-byte body and sends 100 000 bytes.
	 */
	public String overlongUrl() {
		return "http://127.0.0.1:" + this.raw.port() + "/overlong";
	}

	public int port() {
		return this.server.port();
	}

	/**
	 * The headers of the most recent request to a path and query.
	 */
	public HttpHeaders lastRequestTo(String path) {
		return this.requests.stream()
			.filter((recorded) -> recorded.path().equals(path))
			.reduce((first, second) -> second)
			.map(Recorded::headers)
			.orElseThrow(() -> new AssertionError("No request to " + path));
	}

	public int requestsTo(String path) {
		return (int) this.requests.stream().filter((recorded) -> recorded.path().equals(path)).count();
	}

	/**
	 * Whether the request with this hang or slow id reached the stub.
	 */
	public boolean arrived(String id) {
		return this.arrived.contains(id);
	}

	/**
	 * Whether the service closed the connection of the request with this id before it was answered.
	 */
	public boolean abandoned(String id) {
		return this.abandoned.contains(id);
	}

	/**
	 * The headers of the most recent request to a path, whatever its query.
	 */
	public HttpHeaders lastRequestToPath(String path) {
		return this.requests.stream()
			.filter((recorded) -> recorded.path().equals(path) || recorded.path().startsWith(path + "?"))
			.reduce((first, second) -> second)
			.map(Recorded::headers)
			.orElseThrow(() -> new AssertionError("No request to " + path));
	}

	/**
	 * How many requests reached a path, whatever their query.
	 */
	public int requestsToPath(String path) {
		return (int) this.requests.stream()
			.filter((recorded) -> recorded.path().equals(path) || recorded.path().startsWith(path + "?"))
			.count();
	}

	/**
	 * A PNG answered with the cache headers its query asks for: {@code cc} (Cache-Control),
	 * {@code etag}, {@code lm} (Last-Modified), {@code expires}, {@code vary}, {@code cookie}
	 * (sets one), {@code delay} (milliseconds before the headers), {@code fail} (answer 503 from
	 * this request number on), {@code chunked} (no Content-Length), {@code size} (bytes, the PNG
	 * padded). A matching {@code If-None-Match} gets a 304 with the same cache headers.
	 */
	private Publisher<Void> cacheable(HttpServerRequest request, HttpServerResponse response) {
		record(request);
		int number = requestsToPath(request.fullPath());
		String fail = optionalParam(request, "fail");
		Duration delay = Duration.ofMillis(Long.parseLong(Objects.requireNonNullElse(optionalParam(request, "delay"), "0")));
		if (fail != null && number >= Integer.parseInt(fail)) {
			return Mono.delay(delay).then(response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send());
		}
		BiConsumer<String, String> header = (name, param) -> {
			String value = optionalParam(request, param);
			if (value != null) {
				response.header(name, value);
			}
		};
		header.accept(HttpHeaderNames.CACHE_CONTROL.toString(), "cc");
		header.accept(HttpHeaderNames.ETAG.toString(), "etag");
		header.accept(HttpHeaderNames.LAST_MODIFIED.toString(), "lm");
		header.accept(HttpHeaderNames.EXPIRES.toString(), "expires");
		header.accept(HttpHeaderNames.VARY.toString(), "vary");
		if (optionalParam(request, "cookie") != null) {
			response.header(HttpHeaderNames.SET_COOKIE, "session=secret");
		}
		String etag = optionalParam(request, "etag");
		if (etag != null && etag.equals(request.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH))) {
			return Mono.delay(delay).then(response.status(HttpResponseStatus.NOT_MODIFIED).send());
		}
		int size = Integer.parseInt(Objects.requireNonNullElse(optionalParam(request, "size"), String.valueOf(PNG.length)));
		byte[] body = Arrays.copyOf(PNG, Math.max(size, PNG.length));
		response.header(HttpHeaderNames.CONTENT_TYPE, "image/png");
		if (optionalParam(request, "chunked") == null) {
			response.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
		}
		return Mono.delay(delay).thenMany(response.sendByteArray(Mono.just(body)));
	}

	/**
	 * {@link #TEXT_BYTES} as {@code text/plain}, honouring a single {@code Range} as a server
	 * does: a 206 with {@code Content-Range}, or a 416 when the range is outside the body;
	 * {@code If-Range} against the ETag {@code "ranged-v1"}.
	 */
	private Publisher<Void> ranged(HttpServerRequest request, HttpServerResponse response) {
		record(request);
		response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
			.header(HttpHeaderNames.ETAG, "\"ranged-v1\"")
			.header(HttpHeaderNames.ACCEPT_RANGES, "bytes");
		String range = request.requestHeaders().get(HttpHeaderNames.RANGE);
		String ifRange = request.requestHeaders().get(HttpHeaderNames.IF_RANGE);
		if (range == null || (ifRange != null && !ifRange.equals("\"ranged-v1\""))) {
			return response.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(TEXT_BYTES.length))
				.sendByteArray(Mono.just(TEXT_BYTES));
		}
		String[] bounds = range.substring("bytes=".length()).split("-", -1);
		int start = Integer.parseInt(bounds[0]);
		int end = bounds[1].isEmpty() ? TEXT_BYTES.length - 1 : Math.min(Integer.parseInt(bounds[1]), TEXT_BYTES.length - 1);
		if (start >= TEXT_BYTES.length) {
			return response.status(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
				.header(HttpHeaderNames.CONTENT_RANGE, "bytes */" + TEXT_BYTES.length)
				.send();
		}
		return response.status(HttpResponseStatus.PARTIAL_CONTENT)
			.header(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + TEXT_BYTES.length)
			.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(end - start + 1))
			.sendByteArray(Mono.just(Arrays.copyOfRange(TEXT_BYTES, start, end + 1)));
	}

	/**
	 * The most requests of a {@code /counted/{group}/{millis}} group that the stub held at once, each
	 * from its arrival until its answer starts.
	 */
	public int maxConcurrent(String group) {
		Concurrency counted = this.concurrency.get(group);
		return (counted != null) ? counted.max.get() : 0;
	}

	/**
	 * How many requests of a {@code /counted/{group}/{millis}} group the stub has answered, or
	 * given up on when the service closed the connection.
	 */
	public int ended(String group) {
		Concurrency counted = this.concurrency.get(group);
		return (counted != null) ? counted.ended.get() : 0;
	}

	/**
	 * A PNG after a delay, counting how many requests of its group wait at once.
	 */
	private Publisher<Void> counted(HttpServerRequest request, HttpServerResponse response) {
		Concurrency counted = this.concurrency.computeIfAbsent(request.param("group"), (group) -> new Concurrency());
		counted.max.accumulateAndGet(counted.current.incrementAndGet(), Math::max);
		AtomicBoolean waiting = new AtomicBoolean(true);
		// A request stops counting when its answer starts: the service may have read all of it and
		// started its next fetch before this side's send has completed.
		Runnable answering = () -> {
			if (waiting.compareAndSet(true, false)) {
				counted.current.decrementAndGet();
			}
		};
		return Mono.delay(millis(request))
			.doOnNext((tick) -> answering.run())
			.thenMany(image(response, "image/png", PNG))
			.doFinally((signal) -> {
				answering.run();
				counted.ended.incrementAndGet();
			});
	}

	private Publisher<Void> png(HttpServerRequest request, HttpServerResponse response) {
		record(request);
		if (ETAG.equals(request.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH))) {
			return response.status(HttpResponseStatus.NOT_MODIFIED).header(HttpHeaderNames.ETAG, ETAG).send();
		}
		return response.header(HttpHeaderNames.ETAG, ETAG)
			.header(HttpHeaderNames.LAST_MODIFIED, "Tue, 03 Nov 2026 10:00:00 GMT")
			.header(HttpHeaderNames.CACHE_CONTROL, "public, max-age=60")
			.header(HttpHeaderNames.SET_COOKIE, "session=secret")
			.header(HttpHeaderNames.CONTENT_TYPE, "image/png")
			.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(PNG.length))
			.sendByteArray(Mono.just(PNG));
	}

	private NettyOutbound image(HttpServerResponse response, String contentType, byte[] bytes) {
		return response.header(HttpHeaderNames.CONTENT_TYPE, contentType)
			.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length))
			.sendByteArray(Mono.just(bytes));
	}

	private Publisher<Void> redirectChain(HttpServerRequest request, HttpServerResponse response) {
		record(request);
		int hops = Integer.parseInt(request.param("hops"));
		return redirect(response, (hops == 0) ? "/image.png" : "/redirect/" + (hops - 1));
	}

	private Publisher<Void> redirect(HttpServerResponse response, String location) {
		return response.status(HttpResponseStatus.FOUND).header(HttpHeaderNames.LOCATION, location).send();
	}

	private Mono<Void> hang(String id) {
		this.arrived.add(id);
		return Mono.<Void>never().doOnCancel(() -> this.abandoned.add(id));
	}

	private Publisher<Void> wiki(HttpServerRequest request, HttpServerResponse response, String site) {
		record(request);
		String query = queryParam(request, "srsearch");
		String json = """
				{"batchcomplete":true,"query":{"searchinfo":{"totalhits":2},"search":[
				{"ns":0,"title":"%1$s (programming language)","pageid":1,"snippet":"<span class=\\"searchmatch\\">%1$s</span> is a language &amp; more"},
				{"ns":0,"title":"%1$s on %2$s","pageid":2,"snippet":"About %1$s"}]}}"""
			.formatted(query, site);
		return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendString(Mono.just(json));
	}

	private void record(HttpServerRequest request) {
		this.requests.add(new Recorded(request.uri(), request.requestHeaders().copy()));
	}

	private static String queryParam(HttpServerRequest request, String name) {
		Map<String, java.util.List<String>> params = UriComponentsBuilder.fromUriString(request.uri())
			.build()
			.getQueryParams();
		String value = params.getOrDefault(name, java.util.List.of("")).get(0);
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static String optionalParam(HttpServerRequest request, String name) {
		java.util.List<String> values = UriComponentsBuilder.fromUriString(request.uri()).build().getQueryParams().get(name);
		return (values != null && !values.isEmpty()) ? URLDecoder.decode(Objects.requireNonNullElse(values.get(0), ""), StandardCharsets.UTF_8) : null;
	}

	private static Duration millis(HttpServerRequest request) {
		return Duration.ofMillis(Long.parseLong(request.param("millis")));
	}

	private static Mono<io.netty.buffer.ByteBuf> pngPrefixed(int count) {
		byte[] bytes = new byte[count];
		System.arraycopy(PNG, 0, bytes, 0, Math.min(PNG.length, count));
		return Mono.just(Unpooled.wrappedBuffer(bytes));
	}

	private static Flux<io.netty.buffer.ByteBuf> chunks(int count) {
		byte[] bytes = new byte[count];
		System.arraycopy(PNG, 0, bytes, 0, Math.min(PNG.length, count));
		int chunk = 1024;
		return Flux.range(0, (count + chunk - 1) / chunk)
			.map((i) -> Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, i * chunk, Math.min(count, (i + 1) * chunk))));
	}

	private static byte[] gzippedZeros(int count) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
			gzip.write(new byte[count]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static byte[] encode(String format) {
		BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
		image.setRGB(3, 3, 0xFF8800);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, format, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private record Recorded(String path, HttpHeaders headers) {
	}

	private record Concurrency(AtomicInteger current, AtomicInteger max, AtomicInteger ended) {

		Concurrency() {
			this(new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
		}

	}

}
