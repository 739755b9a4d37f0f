package io.fetchflux.image;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Predicate;

import io.fetchflux.fetch.Upstream;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The first bytes of a body, read before the response is committed so that they can decide it,
 * with the whole body still to be streamed: the buffers already read are not consumed.
 *
 * @param header a copy of the first bytes
 * @param body the whole body, starting again at its first byte
 */
record BodyHead(HeaderBytes header, Flux<DataBuffer> body) {

	/**
	 * How much of the first buffer is looked at before falling back to reading buffer by buffer:
	 * enough for the signature and size of nearly every image, which arrive in one buffer.
	 */
	private static final int FIRST_LOOK_BYTES = 4096;

	/**
	 * Wait until the bytes read so far are {@code enough}, or {@code maxBytes} were read, or the
	 * body ended, whichever comes first.
	 */
	static Mono<BodyHead> read(Flux<DataBuffer> body, int maxBytes, Predicate<HeaderBytes> enough) {
		return body.switchOnFirst((first, whole) -> {
			if (first.isOnError()) {
				return Mono.error(first.getThrowable());
			}
			if (!first.hasValue()) {
				return Mono.just(new BodyHead(new HeaderBytes(new byte[0]), Flux.empty()));
			}
			HeaderBytes head = new HeaderBytes(append(new byte[0], first.get(), Math.min(maxBytes, FIRST_LOOK_BYTES)));
			if (enough.test(head)) {
				return Mono.just(new BodyHead(head, whole.doOnDiscard(Object.class, BodyHead::release)));
			}
			return readByBuffer(whole, maxBytes, enough);
		}, false).doOnDiscard(Object.class, BodyHead::release).single();
	}

	private static Mono<BodyHead> readByBuffer(Flux<DataBuffer> body, int maxBytes, Predicate<HeaderBytes> enough) {
		HeadCopy head = new HeadCopy(maxBytes, enough);
		return body.bufferUntil(head::endsBatch).switchOnFirst((first, batches) -> {
			if (first.isOnError()) {
				return Mono.error(first.getThrowable());
			}
			Flux<DataBuffer> whole = batches.flatMapIterable(Function.identity())
				.doOnDiscard(Object.class, BodyHead::release);
			return Mono.just(new BodyHead(head.bytes(), first.hasValue() ? whole : Flux.empty()));
		}, false).doOnDiscard(Object.class, BodyHead::release).single();
	}

	private static byte[] append(byte[] bytes, DataBuffer buffer, int maxBytes) {
		int start = bytes.length;
		int count = Math.min(buffer.readableByteCount(), maxBytes - start);
		byte[] grown = Arrays.copyOf(bytes, start + count);
		buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(grown), start, count);
		return grown;
	}

	/**
	 * Give up on the body: release what was read and cancel the rest.
	 */
	void discard() {
		Upstream.discard(this.body);
	}

	private static void release(Object discarded) {
		if (discarded instanceof DataBuffer buffer) {
			DataBufferUtils.release(buffer);
		}
		else if (discarded instanceof Collection<?> collection) {
			collection.forEach(BodyHead::release);
		}
	}

	/**
	 * Copies the head as it streams in and judges it after every buffer. The buffers up to the
	 * one that completes the head form the first batch; after it, every buffer is a batch of
	 * its own and is passed on without being looked at.
	 */
	private static final class HeadCopy {

		private final int maxBytes;

		private final Predicate<HeaderBytes> enough;

		private byte[] bytes = new byte[0];

		private boolean complete;

		HeadCopy(int maxBytes, Predicate<HeaderBytes> enough) {
			this.maxBytes = maxBytes;
			this.enough = enough;
		}

		boolean endsBatch(DataBuffer buffer) {
			if (this.complete) {
				return true;
			}
			this.bytes = append(this.bytes, buffer, this.maxBytes);
			this.complete = this.bytes.length == this.maxBytes || this.enough.test(bytes());
			return this.complete;
		}

		HeaderBytes bytes() {
			return new HeaderBytes(this.bytes);
		}

	}

}
