"""Image bytes are recognised by what they are, not by what a name or server says."""

from __future__ import annotations

import pytest

from library.images import sniff_image_type

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "image/avif"),
        # AVIF named only among the compatible brands.
        (b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1avifmiaf", "image/avif"),
        (b"BM" + bytes(12) + (40).to_bytes(4, "little"), "image/bmp"),
        (b"\x00\x00\x01\x00\x01\x00\x10\x10", "image/x-icon"),
        (b"II*\x00" + bytes(8), "image/tiff"),
        (b"\x00\x00\x00\x18ftypheic" + bytes(8), "image/heif"),
        (b"\xef\xbb\xbf<svg viewBox='0 0 1 1'></svg>", "image/svg+xml"),
        (b'<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg></svg>', "image/svg+xml"),
        # Not images: pages and scripts that mention <svg>, text that starts like a BMP, PDFs, nothing.
        (b"<!DOCTYPE html><svg></svg>", None),  # HTML that happens to hold an inline SVG
        (b"<html><body><svg></svg></body></html>", None),
        (b"<!DOCTYPE html><html><body>404</body></html>", None),
        (b"function f() { return '<svg>'; }", None),
        (b"svg { fill: red }", None),
        (b"BMW owners' club newsletter", None),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_sniff_image_type(data: bytes, mime: str | None) -> None:
    assert sniff_image_type(data) == mime
