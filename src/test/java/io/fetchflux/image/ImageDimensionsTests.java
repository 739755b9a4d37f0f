package io.fetchflux.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageDimensionsTests {

	@Test
	void readsTheDeclaredSizeOfRealImages() throws IOException {
		for (String format : new String[] { "png", "gif", "jpg", "bmp" }) {
			byte[] image = encode(format, 37, 21);
			HeaderBytes head = new HeaderBytes(image);
			ImageType type = ImageType.sniff(head, false).orElseThrow();
			assertThat(ImageDimensions.read(type, head)).as(format).hasValue(new ImageDimensions(37, 21));
		}
	}

	@Test
	void readsJpegSizeAfterLargeMetadataSegments() throws IOException {
		byte[] jpeg = encode("jpg", 640, 480);
		byte[] padded = new byte[jpeg.length + 3 * 65537];
		padded[0] = (byte) 0xFF;
		padded[1] = (byte) 0xD8;
		int offset = 2;
		for (int i = 0; i < 3; i++) {
			padded[offset] = (byte) 0xFF;
			padded[offset + 1] = (byte) 0xE1;
			padded[offset + 2] = (byte) 0xFF;
			padded[offset + 3] = (byte) 0xFF;
			offset += 65537;
		}
		System.arraycopy(jpeg, 2, padded, offset, jpeg.length - 2);
		assertThat(ImageDimensions.read(ImageType.JPEG, new HeaderBytes(padded))).hasValue(new ImageDimensions(640, 480));
		assertThat(ImageDimensions.read(ImageType.JPEG, new HeaderBytes(Arrays.copyOf(padded, 4096)))).isEmpty();
	}

	@Test
	void readsWebpVariants() {
		byte[] vp8x = riff("VP8X", new byte[] { 0, 0, 0, 0, (byte) 0xFF, 0x0F, 0, (byte) 0x7F, 0x07, 0 });
		assertThat(ImageDimensions.read(ImageType.WEBP, new HeaderBytes(vp8x))).hasValue(new ImageDimensions(4096, 1920));
		byte[] vp8l = riff("VP8L", new byte[] { 0x2F, (byte) 0x63, (byte) 0xC0, (byte) 0x0F, 0, 0, 0, 0, 0, 0 });
		assertThat(ImageDimensions.read(ImageType.WEBP, new HeaderBytes(vp8l)))
			.hasValue(new ImageDimensions(100, 64));
		byte[] vp8 = riff("VP8 ", new byte[] { 0, 0, 0, (byte) 0x9D, 0x01, 0x2A, (byte) 0x80, 0x02, (byte) 0xE0, 0x01 });
		assertThat(ImageDimensions.read(ImageType.WEBP, new HeaderBytes(vp8))).hasValue(new ImageDimensions(640, 480));
	}

	@Test
	void pixelBombDeclaresItsSizeInTheFirstBytes() {
		byte[] bomb = StubUpstream.pixelBombPng();
		assertThat(ImageDimensions.read(ImageType.PNG, new HeaderBytes(Arrays.copyOf(bomb, 24))))
			.hasValue(new ImageDimensions(100_000, 100_000));
	}

	private static byte[] riff(String chunk, byte[] payload) {
		byte[] bytes = new byte[30];
		System.arraycopy("RIFF".getBytes(), 0, bytes, 0, 4);
		System.arraycopy("WEBP".getBytes(), 0, bytes, 8, 4);
		System.arraycopy(chunk.getBytes(), 0, bytes, 12, 4);
		System.arraycopy(payload, 0, bytes, 20, payload.length);
		return bytes;
	}

	private static byte[] encode(String format, int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, format, out);
		return out.toByteArray();
	}

}
