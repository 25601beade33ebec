"""Recognise image bytes by their magic numbers, whatever a file name or server claims."""

from __future__ import annotations

import re

# Articles rarely carry a picture over a few MB; this bounds one article's images.
MAX_IMAGE_BYTES = 10 * 1024 * 1024

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\xff\x0a", "image/jxl"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "image/jxl"),
)
# An SVG file: optional BOM, XML declaration, comments and doctype, then the <svg> element. A pattern
# over the first bytes, as for every other format here: parsing is for files known to be SVG.
_SVG_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE\s+svg[^\[>]*(?:\[[^\]]*\])?\s*>)\s*)*<svg[\s>]",
    re.IGNORECASE | re.DOTALL,
)
# The sizes a BMP's DIB header can have: "BM" alone also starts ordinary text.
_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}


def sniff_image_type(data: bytes) -> str | None:
    """The MIME type of the image format `data` is in, by its first bytes; None when it is no image."""
    head = data[:64]
    for signature, mime in _SIGNATURES:
        if head.startswith(signature):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"BM") and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "image/bmp"
    if head.startswith(b"\x00\x00\x01\x00") and len(head) > 6 and head[4:6] != b"\x00\x00":
        return "image/x-icon"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        # AVIF files may carry a generic major brand and name avif among compatible brands.
        if brand in {b"avif", b"avis"} or b"avif" in head[16:64]:
            return "image/avif"
        if brand in {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"}:
            return "image/heif"
    if _SVG_START.match(data[:4096]):
        return "image/svg+xml"
    return None
