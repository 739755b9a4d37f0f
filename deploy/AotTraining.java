import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The AOT cache's training run under real load (JDK 25+, JEPs 483, 514, 515): starts fetchflux
 * through its launcher with {@code FETCHFLUX_AOT=train}, serves it a loopback upstream stub (a
 * real PNG, with and without delay, a 304, a 404, a 500, text, a MediaWiki search answer), sends
 * requests through every endpoint and error path for a while, stops it with SIGTERM so that the
 * JVM writes the cache as it exits, and fails unless the cache exists.
 *
 * <p>
 * A single file without dependencies, for the JDK's source launcher ({@code java
 * AotTraining.java}) or compiled with {@code javac} where only a JRE runs it (the container's
 * final stage). Run by {@code deploy/run-image-steps}, never by hand:
 *
 * <pre>
 * java AotTraining.java LAUNCHER APP_DIR SECONDS LOG_FILE
 * </pre>
 */
public class AotTraining {

	static final int CLIENTS = 16;

	public static void main(String[] args) throws Exception {
		if (args.length != 4) {
			System.err.println("usage: java AotTraining.java LAUNCHER APP_DIR SECONDS LOG_FILE");
			System.exit(2);
		}
		Path launcher = Path.of(args[0]).toAbsolutePath();
		Path app = Path.of(args[1]).toAbsolutePath();
		int seconds = Integer.parseInt(args[2]);
		Path log = Path.of(args[3]).toAbsolutePath();
		Path cache = app.resolve("fetchflux.aot");
		long t0 = System.nanoTime();

		HttpServer stub = stub();
		int stubPort = stub.getAddress().getPort();
		int appPort = freePort();
		ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--server.port=" + appPort,
				"--fetchflux.fetch.allowed-networks=127.0.0.0/8", "--fetchflux.fetch.allowed-ports=80,443," + stubPort,
				"--fetchflux.search.wikipedia.base-url=http://127.0.0.1:" + stubPort)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().put("FETCHFLUX_AOT", "train");
		builder.environment().put("FETCHFLUX_APP", app.toString());
		Process process = builder.start();
		String base = "http://127.0.0.1:" + appPort;
		String upstream = "http://127.0.0.1:" + stubPort;
		try {
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			awaitReady(client, base, process, log);
			say("fetchflux ready after %d ms (training JVM, pid %d); load for %d s", millis(t0), process.pid(), seconds);
			Stats stats = load(client, base, upstream, seconds);
			stats.print();
			stats.check();
		}
		catch (Exception | Error ex) {
			process.destroyForcibly();
			ex.printStackTrace();
			System.exit(1);
		}
		finally {
			stub.stop(0);
		}
		// SIGTERM: graceful shutdown; the JVM then writes the AOT cache (in a child JVM) and exits.
		long stopped = System.nanoTime();
		process.destroy();
		if (!process.waitFor(300, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("the training JVM did not exit within 300 s of SIGTERM; see " + log);
		}
		if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
			fail("no AOT cache was written to " + cache + " (exit status " + process.exitValue() + "); see " + log);
		}
		say("AOT cache %s: %d MiB, written in %d ms after SIGTERM; training took %d ms in all", cache,
				Files.size(cache) >> 20, millis(stopped), millis(t0));
		System.exit(0);
	}

	// --- load -------------------------------------------------------------------------------

	/** One kind of request and the status it must get. */
	record Call(String name, String path, String ifNoneMatch, String method, int expected) {
		Call(String name, String path, int expected) {
			this(name, path, null, "GET", expected);
		}
	}

	/** Replaced by a number of its own in every request, so that no two name the same URL. */
	static final String SEQUENCE = "SEQUENCE";

	static List<Call> calls(String upstream) {
		String png = upstream + "/img.png";
		String slow = upstream + "/img.png?delay=20";
		// The stub's PNG may be cached: one URL a call trains the cache's hits, a new one a call its
		// misses, the path every first view of an image takes.
		String fresh = upstream + "/img.png?n=" + SEQUENCE;
		List<Call> calls = new ArrayList<>();
		calls.add(new Call("images", "/api/images?url=" + enc(png), 200));
		calls.add(new Call("images (cache miss)", "/api/images?url=" + enc(fresh), 200));
		calls.add(new Call("images (cache miss, delayed upstream)", "/api/images?url=" + enc(fresh + "&delay=20"), 200));
		calls.add(new Call("fetch (cache miss)", "/api/fetch?url=" + enc(fresh), 200));
		calls.add(new Call("images (delayed upstream)", "/api/images?url=" + enc(slow), 200));
		calls.add(new Call("images HEAD", "/api/images?url=" + enc(png), null, "HEAD", 200));
		calls.add(new Call("images 304", "/api/images?url=" + enc(png), Stub.ETAG, "GET", 304));
		calls.add(new Call("fetch", "/api/fetch?url=" + enc(png), 200));
		calls.add(new Call("fetch text", "/api/fetch?url=" + enc(upstream + "/text"), 200));
		calls.add(new Call("fetch (delayed upstream)", "/api/fetch?url=" + enc(slow), 200));
		calls.add(new Call("fetch 304", "/api/fetch?url=" + enc(png), Stub.ETAG, "GET", 304));
		for (String style : List.of("callback", "reactive", "sequential")) {
			calls.add(new Call(style, "/api/styles/" + style + "/image?url=" + enc(png), 200));
			calls.add(new Call(style + " (cache miss)", "/api/styles/" + style + "/image?url=" + enc(fresh), 200));
			calls.add(new Call(style + " (delayed upstream)", "/api/styles/" + style + "/image?url=" + enc(slow), 200));
			calls.add(new Call(style + " 304", "/api/styles/" + style + "/image?url=" + enc(png), Stub.ETAG, "GET", 304));
			calls.add(new Call(style + " not an image", "/api/styles/" + style + "/image?url=" + enc(upstream + "/text"), 415));
		}
		calls.add(new Call("search", "/api/search?q=tornado", 200));
		calls.add(new Call("not an image", "/api/images?url=" + enc(upstream + "/text"), 415));
		calls.add(new Call("upstream 404", "/api/images?url=" + enc(upstream + "/missing"), 404));
		calls.add(new Call("upstream 500", "/api/fetch?url=" + enc(upstream + "/error"), 502));
		calls.add(new Call("redirect", "/api/images?url=" + enc(upstream + "/redirect"), 200));
		calls.add(new Call("refused private", "/api/fetch?url=" + enc("http://10.1.2.3/"), 403));
		calls.add(new Call("refused name", "/api/images?url=" + enc("http://localhost/x.png"), 403));
		calls.add(new Call("refused port", "/api/images?url=" + enc("http://127.0.0.1:22/x.png"), 403));
		calls.add(new Call("refused metadata", "/api/fetch?url=" + enc("http://169.254.169.254/latest/meta-data/"), 403));
		calls.add(new Call("invalid scheme", "/api/fetch?url=" + enc("ftp://example.com/"), 400));
		calls.add(new Call("invalid host", "/api/images?url=" + enc("http://0x7f.1/"), 400));
		calls.add(new Call("missing url", "/api/images", 400));
		calls.add(new Call("unknown path", "/nothing-here", 404));
		calls.add(new Call("health", "/actuator/health", 200));
		calls.add(new Call("liveness", "/actuator/health/liveness", 200));
		calls.add(new Call("readiness", "/actuator/health/readiness", 200));
		calls.add(new Call("openapi", "/openapi.yaml", 200));
		return calls;
	}

	static Stats load(HttpClient client, String base, String upstream, int seconds) throws InterruptedException {
		List<Call> calls = calls(upstream);
		Stats stats = new Stats(calls);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		AtomicLong next = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		for (int i = 0; i < CLIENTS; i++) {
			pool.execute(() -> {
				while (System.nanoTime() < end) {
					long sequence = next.getAndIncrement();
					Call call = calls.get((int) (sequence % calls.size()));
					String path = call.path().replace(SEQUENCE, Long.toString(sequence));
					HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
						.timeout(Duration.ofSeconds(5))
						.method(call.method(), HttpRequest.BodyPublishers.noBody());
					if (call.ifNoneMatch() != null) {
						request.header("If-None-Match", call.ifNoneMatch());
					}
					try {
						HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
						stats.record(call, response.statusCode());
					}
					catch (IOException ex) {
						stats.record(call, -1);
						if (stats.failures.incrementAndGet() <= 5) {
							say("'%s' failed: %s", call.name(), ex);
						}
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
		}
		pool.shutdown();
		if (!pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS)) {
			pool.shutdownNow();
		}
		return stats;
	}

	static final class Stats {

		final List<Call> calls;

		final Map<Call, Map<Integer, LongAdder>> statuses = new ConcurrentHashMap<>();

		final long start = System.nanoTime();

		final AtomicLong failures = new AtomicLong();

		Stats(List<Call> calls) {
			this.calls = calls;
			calls.forEach((call) -> this.statuses.put(call, new ConcurrentHashMap<>()));
		}

		void record(Call call, int status) {
			this.statuses.get(call).computeIfAbsent(status, (s) -> new LongAdder()).increment();
		}

		long total() {
			return this.statuses.values().stream().flatMap((m) -> m.values().stream()).mapToLong(LongAdder::sum).sum();
		}

		long unexpected(Call call) {
			return this.statuses.get(call)
				.entrySet()
				.stream()
				.filter((e) -> e.getKey() != call.expected())
				.mapToLong((e) -> e.getValue().sum())
				.sum();
		}

		void print() {
			long total = total();
			say("%d requests in %d ms (%d req/s), %d kinds:", total, millis(this.start),
					total * 1000 / Math.max(1, millis(this.start)), this.calls.size());
			for (Call call : this.calls) {
				Map<Integer, Long> byStatus = new TreeMap<>();
				this.statuses.get(call).forEach((status, n) -> byStatus.put(status, n.sum()));
				say("  %-34s expect %d, got %s", call.name(), call.expected(), byStatus);
			}
		}

		/** Every kind got its expected status, and at most 1% of all answers were something else. */
		void check() {
			long unexpected = 0;
			for (Call call : this.calls) {
				Map<Integer, LongAdder> got = this.statuses.get(call);
				if (!got.containsKey(call.expected())) {
					fail("'" + call.name() + "' never answered " + call.expected() + ": the training did not exercise it");
				}
				unexpected += unexpected(call);
			}
			if (unexpected * 100 > total()) {
				fail(unexpected + " of " + total() + " answers had an unexpected status");
			}
		}

	}

	// --- the upstream stub ----------------------------------------------------------------------

	static final class Stub {

		static final String ETAG = "\"fetchflux-training-1\"";

	}

	static HttpServer stub() throws IOException {
		byte[] png = png(16, 16);
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
		server.setExecutor(Executors.newFixedThreadPool(32, (task) -> {
			Thread thread = new Thread(task, "stub");
			thread.setDaemon(true);
			return thread;
		}));
		server.createContext("/", (exchange) -> {
			try {
				String path = exchange.getRequestURI().getPath();
				String query = exchange.getRequestURI().getRawQuery();
				for (String parameter : (query != null) ? query.split("&") : new String[0]) {
					if (parameter.startsWith("delay=")) {
						sleep(Integer.parseInt(parameter.substring("delay=".length())));
					}
				}
				switch (path) {
					case "/img.png" -> {
						exchange.getResponseHeaders().set("ETag", Stub.ETAG);
						exchange.getResponseHeaders().set("Cache-Control", "public, max-age=60");
						exchange.getResponseHeaders().set("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
						if (Stub.ETAG.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
							exchange.sendResponseHeaders(304, -1);
						}
						else {
							send(exchange, 200, "image/png", png);
						}
					}
					case "/text" -> send(exchange, 200, "text/plain; charset=utf-8",
							"fetchflux AOT training\n".getBytes(StandardCharsets.UTF_8));
					case "/redirect" -> {
						exchange.getResponseHeaders().set("Location", "/img.png");
						exchange.sendResponseHeaders(302, -1);
					}
					case "/error" -> send(exchange, 500, "text/plain", "boom\n".getBytes(StandardCharsets.UTF_8));
					case "/w/api.php" -> send(exchange, 200, "application/json", ("{\"batchcomplete\":true,\"query\":"
							+ "{\"search\":[{\"title\":\"Tornado (web server)\",\"snippet\":\"<span class=\\\"searchmatch\\\">"
							+ "Tornado</span> is a scalable, non-blocking web server &amp; framework\"},"
							+ "{\"title\":\"Reactor\",\"snippet\":\"reactive streams\"}]}}")
						.getBytes(StandardCharsets.UTF_8));
					default -> send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
				}
			}
			finally {
				exchange.close();
			}
		});
		server.start();
		return server;
	}

	static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		boolean head = "HEAD".equals(exchange.getRequestMethod());
		exchange.sendResponseHeaders(status, head ? -1 : body.length);
		if (!head) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	/** A real RGBA PNG: signature, IHDR, one IDAT of deflated scanlines, IEND. */
	static byte[] png(int width, int height) throws IOException {
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		for (int y = 0; y < height; y++) {
			raw.write(0); // filter: none
			for (int x = 0; x < width; x++) {
				raw.write(new byte[] { (byte) (x * 16), (byte) (y * 16), (byte) 0x80, (byte) 0xff });
			}
		}
		Deflater deflater = new Deflater();
		deflater.setInput(raw.toByteArray());
		deflater.finish();
		byte[] buffer = new byte[8192];
		ByteArrayOutputStream idat = new ByteArrayOutputStream();
		while (!deflater.finished()) {
			idat.write(buffer, 0, deflater.deflate(buffer));
		}
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 6);
		chunk(png, "IHDR", ihdr.put((byte) 0).put((byte) 0).put((byte) 0).array());
		chunk(png, "IDAT", idat.toByteArray());
		chunk(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

	static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
		byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data);
		out.write(ByteBuffer.allocate(4).putInt(data.length).array());
		out.write(typeBytes);
		out.write(data);
		out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

	// --- helpers --------------------------------------------------------------------------------

	static void awaitReady(HttpClient client, String base, Process process, Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				fail("fetchflux exited with status " + process.exitValue() + " before it was ready; see " + log);
			}
			try {
				HttpResponse<String> response = client.send(ready, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(100);
		}
		fail("fetchflux was not ready within 120 s; see " + log);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static void sleep(int ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static long millis(long since) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
	}

	static void say(String format, Object... args) {
		System.out.println("[aot-training] " + String.format(format, args));
	}

	static void fail(String message) {
		throw new IllegalStateException("AOT training failed: " + message);
	}

}
