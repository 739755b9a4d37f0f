package io.fetchflux.image;

import java.util.Optional;

/**
 * The width and height an image declares in its header, read without decoding it, so that a
 * decompression bomb (a small file that declares gigapixels) is refused before it is relayed.
 *
 * @param width the declared width in pixels
 * @param height the declared height in pixels
 */
record ImageDimensions(long width, long height) {

	long pixels() {
		return this.width * this.height;
	}

	/**
	 * Read the dimensions of an image of a known type from its first bytes.
	 * @param type the sniffed type
	 * @param head the first bytes of the image
	 * @return the dimensions, or empty if the header is not complete within {@code head}
	 */
	static Optional<ImageDimensions> read(ImageType type, HeaderBytes head) {
		return switch (type) {
			case PNG -> (head.length() >= 24 && head.hasAscii(12, "IHDR"))
					? of(head.uint32(16), head.uint32(20)) : Optional.empty();
			case GIF -> (head.length() >= 10) ? of(head.uint16le(6), head.uint16le(8)) : Optional.empty();
			case JPEG -> jpeg(head);
			case WEBP -> webp(head);
			case AVIF -> avif(head);
			case BMP -> (head.length() >= 26) ? of(Math.abs((long) (int) head.uint32le(18)),
					Math.abs((long) (int) head.uint32le(22))) : Optional.empty();
			case ICO -> (head.length() >= 8) ? of(iconSide(head.at(6)), iconSide(head.at(7))) : Optional.empty();
			case SVG -> Optional.of(new ImageDimensions(0, 0));
		};
	}

	/**
	 * Walk the JPEG segments up to the first start-of-frame marker, which holds the size.
	 */
	private static Optional<ImageDimensions> jpeg(HeaderBytes head) {
		int offset = 2;
		while (offset + 4 <= head.length()) {
			if (head.at(offset) != 0xFF) {
				return Optional.empty();
			}
			int marker = head.at(offset + 1);
			if (marker == 0xFF) {
				offset++;
				continue;
			}
			if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
				offset += 2;
				continue;
			}
			boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
					&& marker != 0xCC;
			if (startOfFrame) {
				return (offset + 9 <= head.length()) ? of(head.uint16(offset + 7), head.uint16(offset + 5))
						: Optional.empty();
			}
			int length = head.uint16(offset + 2);
			if (length < 2) {
				return Optional.empty();
			}
			offset += 2 + length;
		}
		return Optional.empty();
	}

	private static Optional<ImageDimensions> webp(HeaderBytes head) {
		if (head.length() < 30) {
			return Optional.empty();
		}
		if (head.hasAscii(12, "VP8X")) {
			return of(head.uint24le(24) + 1, head.uint24le(27) + 1);
		}
		if (head.hasAscii(12, "VP8L") && head.at(20) == 0x2F) {
			long bits = head.uint32le(21);
			return of((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
		}
		if (head.hasAscii(12, "VP8 ")) {
			return of(head.uint16le(26) & 0x3FFF, head.uint16le(28) & 0x3FFF);
		}
		return Optional.empty();
	}

	/**
	 * The image spatial extents ({@code ispe}) property of the primary item.
	 */
	private static Optional<ImageDimensions> avif(HeaderBytes head) {
		for (int offset = 4; offset + 16 <= head.length(); offset++) {
			if (head.hasAscii(offset, "ispe")) {
				return of(head.uint32(offset + 8), head.uint32(offset + 12));
			}
		}
		return Optional.empty();
	}

	private static long iconSide(int size) {
		return (size == 0) ? 256 : size;
	}

	private static Optional<ImageDimensions> of(long width, long height) {
		return Optional.of(new ImageDimensions(width, height));
	}

}
