package io.fetchflux;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test class if Netty reported a leaked buffer while it ran. Netty only notices a leak
 * when the buffer has been garbage-collected and another buffer is allocated, so both are
 * forced before the reports are read.
 */
public class NettyLeakDetectionExtension implements BeforeAllCallback, AfterAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		assertThat(ResourceLeakDetector.getLevel()).as("Netty leak detection level")
			.isEqualTo(ResourceLeakDetector.Level.PARANOID);
		NettyLeakAppender.drain();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		for (int round = 0; round < 3; round++) {
			System.gc();
			System.runFinalization();
			allocateAndRelease();
		}
		List<String> leaks = NettyLeakAppender.drain();
		assertThat(leaks).as("Netty buffer leaks reported during " + context.getDisplayName()).isEmpty();
	}

	private static void allocateAndRelease() {
		for (int i = 0; i < 64; i++) {
			ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(16);
			pooled.release();
			ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(16);
			unpooled.release();
		}
	}

}
