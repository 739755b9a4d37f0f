package io.fetchflux.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.MediaType;

/**
 * The image formats the service relays, each recognised by its leading bytes, never by what
 * the upstream claims.
 */
enum ImageType {

	PNG("image/png"), JPEG("image/jpeg"), GIF("image/gif"), WEBP("image/webp"), AVIF("image/avif"),
	BMP("image/bmp"), ICO("image/x-icon"), SVG("image/svg+xml");

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private final MediaType mediaType;

	ImageType(String mediaType) {
		this.mediaType = MediaType.parseMediaType(mediaType);
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	/**
	 * Recognise an image from the first bytes of its body.
	 * @param head the first bytes, as many as are available up to a few KiB
	 * @param svgAllowed whether SVG, a document that can carry scripts, is accepted
	 * @return the type, or empty when the bytes are not a supported image
	 */
	static Optional<ImageType> sniff(byte[] head, boolean svgAllowed) {
		if (startsWith(head, 0, PNG_SIGNATURE)) {
			return Optional.of(PNG);
		}
		if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
			return Optional.of(JPEG);
		}
		if (startsWithAscii(head, 0, "GIF87a") || startsWithAscii(head, 0, "GIF89a")) {
			return Optional.of(GIF);
		}
		if (startsWithAscii(head, 0, "RIFF") && startsWithAscii(head, 8, "WEBP")) {
			return Optional.of(WEBP);
		}
		if (isAvif(head)) {
			return Optional.of(AVIF);
		}
		if (isBmp(head)) {
			return Optional.of(BMP);
		}
		if (isIco(head)) {
			return Optional.of(ICO);
		}
		if (svgAllowed && isSvg(head)) {
			return Optional.of(SVG);
		}
		return Optional.empty();
	}

	/**
	 * An ISO base media file whose {@code ftyp} box names AVIF as its major or a compatible brand.
	 */
	private static boolean isAvif(byte[] head) {
		if (head.length < 16 || !startsWithAscii(head, 4, "ftyp")) {
			return false;
		}
		int boxSize = readInt(head, 0);
		int end = Math.min(boxSize, head.length);
		for (int offset = 8; offset + 4 <= end; offset += 4) {
			if (offset == 12) {
				continue;
			}
			if (startsWithAscii(head, offset, "avif") || startsWithAscii(head, offset, "avis")) {
				return true;
			}
		}
		return false;
	}

	private static boolean isBmp(byte[] head) {
		if (head.length < 18 || !startsWithAscii(head, 0, "BM")) {
			return false;
		}
		int dibHeaderSize = readIntLittleEndian(head, 14);
		return dibHeaderSize == 12 || dibHeaderSize == 40 || dibHeaderSize == 52 || dibHeaderSize == 56
				|| dibHeaderSize == 64 || dibHeaderSize == 108 || dibHeaderSize == 124;
	}

	private static boolean isIco(byte[] head) {
		return head.length >= 6 && head[0] == 0 && head[1] == 0 && head[2] == 1 && head[3] == 0
				&& (head[4] != 0 || head[5] != 0);
	}

	private static boolean isSvg(byte[] head) {
		String text = new String(head, StandardCharsets.UTF_8).stripLeading().toLowerCase(Locale.ROOT);
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1).stripLeading();
		}
		boolean markup = text.startsWith("<?xml") || text.startsWith("<svg") || text.startsWith("<!--")
				|| text.startsWith("<!doctype svg");
		return markup && text.contains("<svg");
	}

	private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
		if (bytes.length < offset + prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[offset + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static boolean startsWithAscii(byte[] bytes, int offset, String prefix) {
		return startsWith(bytes, offset, prefix.getBytes(StandardCharsets.US_ASCII));
	}

	private static int readInt(byte[] bytes, int offset) {
		return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) | ((bytes[offset + 2] & 0xFF) << 8)
				| (bytes[offset + 3] & 0xFF);
	}

	private static int readIntLittleEndian(byte[] bytes, int offset) {
		return (bytes[offset] & 0xFF) | ((bytes[offset + 1] & 0xFF) << 8) | ((bytes[offset + 2] & 0xFF) << 16)
				| ((bytes[offset + 3] & 0xFF) << 24);
	}

}
