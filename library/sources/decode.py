"""Turn a page's bytes into text: BOM, then the declared charset, then detection."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">,
# looked for in the first 4 KiB as the HTML standard's prescan does (it reads 1024 bytes;
# real pages put long scripts first, so we look a little further).
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_PRESCAN_BYTES = 4096


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if `data` starts with one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in a `<meta>` element near its start, if Python knows it."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if not match:
        return None
    return known_encoding(match.group(1).decode("ascii", "replace"))


def known_encoding(label: str | None) -> str | None:
    """Python's name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    # Browsers treat these labels as windows-1252 (WHATWG Encoding Standard); so do we,
    # which gets curly quotes right on pages that say latin-1 but mean cp1252.
    if label in {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1", "cp819"}:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None


def decode_bytes(data: bytes, header_charset: str | None = None) -> str:
    """Decode a page: its BOM wins, then the HTTP header's charset, then `<meta>`, then detection.

    A declaration that cannot decode the bytes (a page saved as UTF-8 that still
    says windows-1252 is common) is ignored in favour of detection, so the text
    never comes out as mojibake when the bytes say otherwise.
    """
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace").lstrip("\ufeff")
    for candidate in (known_encoding(header_charset), declared_encoding(data)):
        if candidate is None:
            continue
        if candidate == "utf-8" or not _looks_like_utf8(data):
            try:
                return data.decode(candidate)
            except UnicodeDecodeError:
                continue
        # A single-byte declaration over bytes that are valid UTF-8 with multibyte
        # sequences: the file was re-saved as UTF-8; believe the bytes.
        return data.decode("utf-8")
    return detect_and_decode(data)


def detect_and_decode(data: bytes) -> str:
    """Decode bytes that declare nothing: UTF-8 when valid, else the best detected charset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(data[:200_000])
    best = matches.best()
    encoding = best.encoding if best is not None else "cp1252"
    # Western text often fits several single-byte code pages about equally well (cp1257
    # decodes English with a stray accent or two); the web's most common one wins a near tie.
    if best is not None and encoding != "cp1252":
        for match in matches:
            if match.encoding == "cp1252" and match.chaos - best.chaos <= 0.05:
                encoding = "cp1252"
                break
    # Detection often says latin-1 for Western text; windows-1252 is what such pages are.
    encoding = known_encoding(encoding) or "cp1252"
    return data.decode(encoding, errors="replace")


def _looks_like_utf8(data: bytes) -> bool:
    """True when the bytes hold non-ASCII text and all of it is valid UTF-8."""
    sample = data[:200_000]
    if sample.isascii():
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multibyte sequence cut at the sample's end is still UTF-8.
        return error.start >= len(sample) - 3 and error.reason == "unexpected end of data"
    return True
