package io.fetchflux.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpHeaders;

/**
 * The binary form of an entry in Redis: a magic number and a version, the freshness, the
 * headers and the body. Reading is strict: a value that is not exactly one entry of this
 * version, such as another program's value under the same key or a truncated one, is no entry.
 * <pre>
 * int magic "FFC" + version 1
 * long responseTime seconds, int nanos
 * long initialAge, lifetime, staleWhileRevalidate, staleIfError (milliseconds)
 * byte mustRevalidate (0 or 1)
 * int header count, then per header: string name, int value count, strings values
 * int body length, bytes body
 * (a string is an int length and UTF-8 bytes)
 * </pre>
 */
final class EntryCodec {

	private static final int MAGIC = ('F' << 24) | ('F' << 16) | ('C' << 8) | 1;

	private EntryCodec() {
	}

	static byte[] encode(CacheEntry entry) {
		ByteArrayOutputStream head = new ByteArrayOutputStream(256);
		try (DataOutputStream out = new DataOutputStream(head)) {
			Freshness freshness = entry.freshness();
			out.writeInt(MAGIC);
			out.writeLong(freshness.responseTime().getEpochSecond());
			out.writeInt(freshness.responseTime().getNano());
			out.writeLong(freshness.initialAge().toMillis());
			out.writeLong(freshness.lifetime().toMillis());
			out.writeLong(freshness.staleWhileRevalidate().toMillis());
			out.writeLong(freshness.staleIfError().toMillis());
			out.writeByte(freshness.mustRevalidate() ? 1 : 0);
			out.writeInt(entry.headers().size());
			for (Map.Entry<String, List<String>> header : entry.headers().headerSet()) {
				writeString(out, header.getKey());
				out.writeInt(header.getValue().size());
				for (String value : header.getValue()) {
					writeString(out, value);
				}
			}
			out.writeInt(entry.body().length);
		}
		catch (IOException ex) {
			// A ByteArrayOutputStream does not fail.
			throw new UncheckedIOException(ex);
		}
		// The body, up to max-entry-size, is copied once, straight into the value.
		byte[] value = new byte[head.size() + entry.body().length];
		ByteBuffer.wrap(value).put(head.toByteArray()).put(entry.body());
		return value;
	}

	/**
	 * Read an entry.
	 * @param value what the store holds
	 * @return the entry, or empty when the value is not one
	 */
	static Optional<CacheEntry> decode(byte[] value) {
		try {
			ByteBuffer in = ByteBuffer.wrap(value);
			if (in.getInt() != MAGIC) {
				return Optional.empty();
			}
			Instant responseTime = Instant.ofEpochSecond(in.getLong(), in.getInt());
			Duration initialAge = Duration.ofMillis(in.getLong());
			Duration lifetime = Duration.ofMillis(in.getLong());
			Duration staleWhileRevalidate = Duration.ofMillis(in.getLong());
			Duration staleIfError = Duration.ofMillis(in.getLong());
			byte mustRevalidate = in.get();
			if (mustRevalidate != 0 && mustRevalidate != 1) {
				return Optional.empty();
			}
			Freshness freshness = new Freshness(responseTime, initialAge, lifetime, staleWhileRevalidate, staleIfError,
					mustRevalidate == 1);
			HttpHeaders headers = new HttpHeaders();
			int headerCount = count(in, 8);
			for (int i = 0; i < headerCount; i++) {
				String name = readString(in);
				int valueCount = count(in, 4);
				for (int j = 0; j < valueCount; j++) {
					headers.add(name, readString(in));
				}
			}
			byte[] body = new byte[count(in, 1)];
			in.get(body);
			return in.hasRemaining() ? Optional.empty() : Optional.of(new CacheEntry(headers, body, freshness));
		}
		catch (BufferUnderflowException | IllegalArgumentException | ArithmeticException | DateTimeException ex) {
			return Optional.empty();
		}
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static String readString(ByteBuffer in) {
		byte[] bytes = new byte[count(in, 1)];
		in.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * A count of items that each take at least {@code minimumSize} bytes, refused when the rest
	 * of the value could not hold them, so that a corrupt count never allocates.
	 */
	private static int count(ByteBuffer in, int minimumSize) {
		int count = in.getInt();
		if (count < 0 || (long) count * minimumSize > in.remaining()) {
			throw new IllegalArgumentException("Invalid count " + count);
		}
		return count;
	}

}
