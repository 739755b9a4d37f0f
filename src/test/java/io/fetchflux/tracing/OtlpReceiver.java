package io.fetchflux.tracing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP collector on a loopback port: accepts {@code POST /v1/traces} in protobuf and
 * keeps the spans, read with just enough of the protobuf wire format to get at them.
 */
final class OtlpReceiver {

	private final HttpServer server;

	private final Queue<Span> spans = new ConcurrentLinkedQueue<>();

	private final Queue<byte[]> bodies = new ConcurrentLinkedQueue<>();

	OtlpReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/v1/traces", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				byte[] body = in.readAllBytes();
				this.bodies.add(body);
				// ExportTraceServiceRequest: 1 resource_spans; ResourceSpans: 2 scope_spans; ScopeSpans: 2 spans
				for (byte[] resourceSpans : fields(body, 1)) {
					for (byte[] scopeSpans : fields(resourceSpans, 2)) {
						for (byte[] span : fields(scopeSpans, 2)) {
							this.spans.add(Span.parse(span));
						}
					}
				}
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	List<Span> spans() {
		return List.copyOf(this.spans);
	}

	/**
	 * Everything received, as text, to look for what must never be exported.
	 */
	String raw() {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		this.bodies.forEach(all::writeBytes);
		return all.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
	}

	/**
	 * A span: ids in hex, kind as in OTLP (2 server, 3 client).
	 */
	record Span(String traceId, String spanId, String parentSpanId, String name, long kind) {

		static Span parse(byte[] span) {
			return new Span(hex(first(span, 1)), hex(first(span, 2)), hex(first(span, 4)),
					new String(first(span, 5), java.nio.charset.StandardCharsets.UTF_8), varint(span, 6));
		}

	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	private static byte[] first(byte[] message, int field) {
		List<byte[]> found = fields(message, field);
		return found.isEmpty() ? new byte[0] : found.get(0);
	}

	/**
	 * The length-delimited values of one field of a protobuf message.
	 */
	private static List<byte[]> fields(byte[] message, int wanted) {
		List<byte[]> found = new ArrayList<>();
		int[] at = { 0 };
		while (at[0] < message.length) {
			long key = readVarint(message, at);
			int field = (int) (key >>> 3);
			int wireType = (int) (key & 7);
			switch (wireType) {
				case 0 -> readVarint(message, at);
				case 1 -> at[0] += 8;
				case 5 -> at[0] += 4;
				case 2 -> {
					int length = (int) readVarint(message, at);
					if (field == wanted) {
						byte[] value = new byte[length];
						System.arraycopy(message, at[0], value, 0, length);
						found.add(value);
					}
					at[0] += length;
				}
				default -> throw new IllegalStateException("Unsupported wire type " + wireType);
			}
		}
		return found;
	}

	private static long varint(byte[] message, int wanted) {
		int[] at = { 0 };
		while (at[0] < message.length) {
			long key = readVarint(message, at);
			int field = (int) (key >>> 3);
			int wireType = (int) (key & 7);
			if (wireType == 0) {
				long value = readVarint(message, at);
				if (field == wanted) {
					return value;
				}
			}
			else if (wireType == 1) {
				at[0] += 8;
			}
			else if (wireType == 5) {
				at[0] += 4;
			}
			else {
				int length = (int) readVarint(message, at);
				at[0] += length;
			}
		}
		return 0;
	}

	private static long readVarint(byte[] message, int[] at) {
		long value = 0;
		for (int shift = 0;; shift += 7) {
			byte b = message[at[0]++];
			value |= (long) (b & 0x7f) << shift;
			if ((b & 0x80) == 0) {
				return value;
			}
		}
	}

	void stop() {
		this.server.stop(0);
	}

}
