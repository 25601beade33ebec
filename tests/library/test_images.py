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
        (b"BM" + bytes(30), "image/bmp"),
        (b"\x00\x00\x01\x00\x01\x00", "image/x-icon"),
        (b"II*\x00" + bytes(8), "image/tiff"),
        (b"\x00\x00\x00\x18ftypheic" + bytes(8), "image/heif"),
        (b"\xef\xbb\xbf<svg viewBox='0 0 1 1'></svg>", "image/svg+xml"),
        (b"<!DOCTYPE html><svg></svg>", None),  # HTML that happens to hold an inline SVG
        (b"<html><body><svg></svg></body></html>", None),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_sniff_image_type(data: bytes, mime: str | None) -> None:
    assert sniff_image_type(data) == mime
