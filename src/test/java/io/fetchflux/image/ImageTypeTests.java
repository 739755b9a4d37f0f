package io.fetchflux.image;

import java.nio.charset.StandardCharsets;

import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageTypeTests {

	@Test
	void recognisesRealImagesByTheirBytes() {
		assertThat(ImageType.sniff(new HeaderBytes(StubUpstream.PNG), false)).hasValue(ImageType.PNG);
		assertThat(ImageType.sniff(new HeaderBytes(StubUpstream.JPEG), false)).hasValue(ImageType.JPEG);
		assertThat(ImageType.sniff(new HeaderBytes(StubUpstream.GIF), false)).hasValue(ImageType.GIF);
	}

	@Test
	void recognisesWebpAvifBmpAndIcoHeaders() {
		assertThat(ImageType.sniff(new HeaderBytes(bytes("RIFF\0\0\0\0WEBPVP8 ")), false)).hasValue(ImageType.WEBP);
		assertThat(ImageType.sniff(new HeaderBytes(concat(new byte[] { 0, 0, 0, 0x1C }, bytes("ftypavif\0\0\0\0avifmif1miaf"))), false))
			.hasValue(ImageType.AVIF);
		assertThat(ImageType.sniff(new HeaderBytes(concat(new byte[] { 0, 0, 0, 0x1C }, bytes("ftypmif1\0\0\0\0mif1avifmiaf"))), false))
			.hasValue(ImageType.AVIF);
		assertThat(ImageType.sniff(new HeaderBytes(concat(new byte[] { 0, 0, 0, 0x18 }, bytes("ftypmp42\0\0\0\0isommp42"))), false))
			.isEmpty();
		assertThat(ImageType.sniff(new HeaderBytes(concat(bytes("BM"), new byte[12], new byte[] { 40, 0, 0, 0 })), false))
			.hasValue(ImageType.BMP);
		assertThat(ImageType.sniff(new HeaderBytes(new byte[] { 0, 0, 1, 0, 1, 0, 16, 16 }), false)).hasValue(ImageType.ICO);
	}

	@Test
	void svgOnlyWhenAllowed() {
		byte[] svg = bytes("  <?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
		assertThat(ImageType.sniff(new HeaderBytes(svg), false)).isEmpty();
		assertThat(ImageType.sniff(new HeaderBytes(svg), true)).hasValue(ImageType.SVG);
		assertThat(ImageType.sniff(new HeaderBytes(bytes("<?xml version=\"1.0\"?><html></html>")), true)).isEmpty();
	}

	@Test
	void refusesHtmlTextAndEmptyBodies() {
		assertThat(ImageType.sniff(new HeaderBytes(StubUpstream.HTML), true)).isEmpty();
		assertThat(ImageType.sniff(new HeaderBytes(bytes("hello")), true)).isEmpty();
		assertThat(ImageType.sniff(new HeaderBytes(new byte[0]), true)).isEmpty();
		assertThat(ImageType.sniff(new HeaderBytes(bytes("BM not a bitmap at all")), true)).isEmpty();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] result = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, result, offset, part.length);
			offset += part.length;
		}
		return result;
	}

}
