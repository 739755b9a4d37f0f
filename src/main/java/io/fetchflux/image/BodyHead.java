package io.fetchflux.image;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The first bytes of a body, read before the response is committed so that they can decide it,
 * with the whole body still to be streamed: the buffers already read are not consumed.
 *
 * @param bytes a copy of the first bytes
 * @param body the whole body, starting again at its first byte
 */
record BodyHead(byte[] bytes, Flux<DataBuffer> body) {

	/**
	 * Wait for the first {@code wanted} bytes of a body, or for its end if it is shorter.
	 */
	static Mono<BodyHead> read(Flux<DataBuffer> body, int wanted) {
		return Flux.defer(() -> {
			long[] seen = { 0 };
			return body.bufferUntil((buffer) -> (seen[0] += buffer.readableByteCount()) >= wanted);
		}).switchOnFirst((first, batches) -> {
			if (first.isOnError()) {
				return Mono.error(first.getThrowable());
			}
			if (!first.hasValue()) {
				return Mono.just(new BodyHead(new byte[0], Flux.empty()));
			}
			Flux<DataBuffer> whole = batches.flatMapIterable(Function.identity())
				.doOnDiscard(Object.class, BodyHead::release);
			return Mono.just(new BodyHead(copy(first.get(), wanted), whole));
		}, false).doOnDiscard(Object.class, BodyHead::release).single();
	}

	/**
	 * Give up on the body: release what was read and cancel the rest.
	 */
	void discard() {
		this.body.subscribe(DataBufferUtils::release, (ex) -> {
		}).dispose();
	}

	private static byte[] copy(List<DataBuffer> buffers, int wanted) {
		int available = buffers.stream().mapToInt(DataBuffer::readableByteCount).sum();
		byte[] bytes = new byte[Math.min(wanted, available)];
		int filled = 0;
		for (DataBuffer buffer : buffers) {
			int count = Math.min(buffer.readableByteCount(), bytes.length - filled);
			for (int i = 0; i < count; i++) {
				bytes[filled + i] = buffer.getByte(buffer.readPosition() + i);
			}
			filled += count;
			if (filled == bytes.length) {
				break;
			}
		}
		return bytes;
	}

	private static void release(Object discarded) {
		if (discarded instanceof DataBuffer buffer) {
			DataBufferUtils.release(buffer);
		}
		else if (discarded instanceof Collection<?> collection) {
			collection.forEach(BodyHead::release);
		}
	}

}
