package io.fetchflux.image;

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

	private static final byte[] JPEG_SIGNATURE = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };

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
	static Optional<ImageType> sniff(HeaderBytes head, boolean svgAllowed) {
		if (head.has(0, PNG_SIGNATURE)) {
			return Optional.of(PNG);
		}
		if (head.has(0, JPEG_SIGNATURE)) {
			return Optional.of(JPEG);
		}
		if (head.hasAscii(0, "GIF87a") || head.hasAscii(0, "GIF89a")) {
			return Optional.of(GIF);
		}
		if (head.hasAscii(0, "RIFF") && head.hasAscii(8, "WEBP")) {
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
	private static boolean isAvif(HeaderBytes head) {
		if (head.length() < 16 || !head.hasAscii(4, "ftyp")) {
			return false;
		}
		long end = Math.min(head.uint32(0), head.length());
		for (int offset = 8; offset + 4 <= end; offset += 4) {
			boolean minorVersion = offset == 12;
			if (!minorVersion && (head.hasAscii(offset, "avif") || head.hasAscii(offset, "avis"))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isBmp(HeaderBytes head) {
		if (head.length() < 18 || !head.hasAscii(0, "BM")) {
			return false;
		}
		long dibHeaderSize = head.uint32le(14);
		return dibHeaderSize == 12 || dibHeaderSize == 40 || dibHeaderSize == 52 || dibHeaderSize == 56
				|| dibHeaderSize == 64 || dibHeaderSize == 108 || dibHeaderSize == 124;
	}

	private static boolean isIco(HeaderBytes head) {
		return head.has(0, (byte) 0, (byte) 0, (byte) 1, (byte) 0) && head.length() >= 6
				&& (head.at(4) != 0 || head.at(5) != 0);
	}

	private static boolean isSvg(HeaderBytes head) {
		String text = head.text().stripLeading().toLowerCase(Locale.ROOT);
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1).stripLeading();
		}
		boolean markup = text.startsWith("<?xml") || text.startsWith("<svg") || text.startsWith("<!--")
				|| text.startsWith("<!doctype svg");
		return markup && text.contains("<svg");
	}

}
