package io.fetchflux.batch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SHA-256 and length of a body, taken as it streams: each buffer is hashed and released at
 * once, so the body is never held whole. Fed by one body's signals, which never overlap.
 */
final class BodyDigest {

	private final MessageDigest sha256;

	private long bytes;

	BodyDigest() {
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Read a body to its end.
	 * @param body the body, whose buffers this takes over
	 * @return completes when the body has ended
	 */
	Mono<Void> read(Flux<DataBuffer> body) {
		return body.doOnNext(this::update).then();
	}

	private void update(DataBuffer buffer) {
		try {
			this.bytes += buffer.readableByteCount();
			try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
				while (chunks.hasNext()) {
					this.sha256.update(chunks.next());
				}
			}
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/**
	 * The bytes read so far.
	 */
	long bytes() {
		return this.bytes;
	}

	/**
	 * The hex digest of the whole body, once it has been read.
	 */
	String hex() {
		return HexFormat.of().formatHex(this.sha256.digest());
	}

}
