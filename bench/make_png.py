"""Writes a valid PNG of exactly SIZE bytes: 16x16 RGBA, padded with a tEXt chunk."""
import struct
import sys
import zlib


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_of_size(size: int, width: int = 16, height: int = 16) -> bytes:
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
    rows = b"".join(b"\x00" + bytes(range(width * 4)) for _ in range(height))
    body = chunk(b"IDAT", zlib.compress(rows, 9))
    end = chunk(b"IEND", b"")
    fixed = 8 + len(header) + len(body) + len(end) + 12 + len(b"Comment\x00")
    if size < fixed:
        raise SystemExit(f"a PNG this small cannot be made: minimum {fixed} bytes")
    text = chunk(b"tEXt", b"Comment\x00" + b"p" * (size - fixed))
    return b"\x89PNG\r\n\x1a\n" + header + text + body + end


if __name__ == "__main__":
    out_path, size = sys.argv[1], int(sys.argv[2])
    data = png_of_size(size)
    assert len(data) == size
    with open(out_path, "wb") as out:
        out.write(data)
