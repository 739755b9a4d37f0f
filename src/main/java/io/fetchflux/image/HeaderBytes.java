package io.fetchflux.image;

import java.nio.charset.StandardCharsets;

/**
 * The first bytes of a body, read as an image header: bounds-checked reads of magic strings
 * and big- or little-endian integers.
 *
 * @param bytes the bytes read so far
 */
record HeaderBytes(byte[] bytes) {

	int length() {
		return this.bytes.length;
	}

	int at(int offset) {
		return this.bytes[offset] & 0xFF;
	}

	boolean has(int offset, byte... expected) {
		if (this.bytes.length < offset + expected.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if (this.bytes[offset + i] != expected[i]) {
				return false;
			}
		}
		return true;
	}

	boolean hasAscii(int offset, String text) {
		return has(offset, text.getBytes(StandardCharsets.US_ASCII));
	}

	int uint16(int offset) {
		return (at(offset) << 8) | at(offset + 1);
	}

	int uint16le(int offset) {
		return at(offset) | (at(offset + 1) << 8);
	}

	long uint24le(int offset) {
		return at(offset) | (at(offset + 1) << 8) | ((long) at(offset + 2) << 16);
	}

	long uint32(int offset) {
		return ((long) at(offset) << 24) | (at(offset + 1) << 16) | (at(offset + 2) << 8) | at(offset + 3);
	}

	long uint32le(int offset) {
		return at(offset) | (at(offset + 1) << 8) | (at(offset + 2) << 16) | ((long) at(offset + 3) << 24);
	}

	String text() {
		return new String(this.bytes, StandardCharsets.UTF_8);
	}

}
