"""Turn a page's bytes into text as browsers do: BOM, the transport's charset, `<meta>`, then detection.

The steps and the labels are the WHATWG Encoding Standard's (through `webencodings`); detection
is Firefox's own detector (chardetng, through `chardetng-py`), so it only ever answers with an
encoding browsers support, never a DOS code page. Two departures from a browser, both for saved
files: a single-byte declaration over bytes that are all valid UTF-8 gives way to UTF-8 (the file
was re-saved by an editor), and a UTF-8 declaration over bytes with no UTF-8 sequences at all
gives way to detection (the page was never UTF-8).
"""

from __future__ import annotations

import codecs
import re

import chardetng_py
import webencodings

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    # Browsers read no UTF-32; a file that starts with its BOM is still better read as such.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">. The
# standard's prescan reads 1,024 bytes; browsers now honour a later <meta> in the head too (Firefox
# reloads for it), and real pages put long scripts first, so the whole head is read, up to 64 KiB.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_BODY_START = re.compile(rb"<body[\s>]", re.IGNORECASE)
_PRESCAN_BYTES = 65536
# Detection reads this much; the start of a page says as much about its charset as all of it.
DETECTION_BYTES = 512 * 1024
# A declared multibyte charset (Shift_JIS, GBK) may leave this share of its non-ASCII bytes
# undecodable (stray bytes, a cut character) before the declaration is taken to be wrong.
MAX_BAD_SHARE = 0.01
_ASCII = bytes(range(128))


def bom_encoding(data: bytes) -> str | None:
    """The Python codec a byte-order mark announces, if `data` starts with one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def known_encoding(label: str | None) -> str | None:
    """Python's codec for a charset label as browsers read it, or None when browsers know no such label.

    Labels follow the Encoding Standard: "iso-8859-1", "latin1" and "ascii" mean windows-1252 (so
    curly quotes survive on pages that say latin-1 and mean cp1252), "shift_jis" means cp932,
    "euc-kr" means cp949. The "replacement" encoding (ISO-2022-KR, HZ) counts as unknown, so the
    bytes are detected rather than shown as one replacement character.
    """
    if not label:
        return None
    encoding = webencodings.lookup(label.strip().strip("\"'"))
    if encoding is None or encoding.name == "replacement":
        return None
    # The standard's GBK decoder is its gb18030 decoder, which reads more of what pages hold.
    return "gb18030" if encoding.name == "gbk" else str(encoding.codec_info.name)


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in a `<meta>` of its head (or its XML declaration), if browsers know it."""
    head = data[:_PRESCAN_BYTES]
    body = _BODY_START.search(head)
    if body is not None:
        head = head[: body.start()]
    if b"<!--" in head:
        head = _COMMENT.sub(b"", head)
    match = _META_CHARSET.search(head) or _XML_ENCODING.match(head)
    if not match:
        return None
    encoding = known_encoding(match.group(1).decode("ascii", "replace"))
    # A page cannot declare UTF-16 in bytes an ASCII prescan can read; the standard says UTF-8 then,
    # and x-user-defined in a <meta> means windows-1252.
    if encoding in ("utf-16-le", "utf-16-be"):
        return "utf-8"
    if encoding == "x-user-defined":
        return "cp1252"
    return encoding


def decode_bytes(data: bytes, header_charset: str | None = None) -> str:
    """Decode a page: its BOM wins, then the transport's charset, then `<meta>`, then detection.

    A page that declares UTF-8 is read as UTF-8, its few bad bytes becoming replacement
    characters; it is never re-guessed whole. A declaration that the bytes plainly contradict
    (no UTF-8 sequence in a "UTF-8" page, a single-byte label over valid UTF-8, a multibyte
    label that cannot decode the bytes) is passed over.
    """
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace").lstrip("\ufeff")
    utf8: _Utf8 | None = None
    for encoding in (known_encoding(header_charset), declared_encoding(data)):
        if encoding is None:
            continue
        if utf8 is None:
            utf8 = _Utf8(data)
        if encoding == "utf-8":
            if utf8.plausible:
                return utf8.text
            continue
        if utf8.valid and not utf8.ascii:
            return utf8.text  # re-saved as UTF-8 under its old declaration: believe the bytes
        text = _decode_declared(data, encoding)
        if text is not None:
            return text
    return detect_and_decode(data, utf8)


def detect_and_decode(data: bytes, utf8: _Utf8 | None = None) -> str:
    """Decode bytes that declare nothing: UTF-8 when they mostly are, else what Firefox's detector says."""
    if utf8 is None:
        utf8 = _Utf8(data)
    if utf8.plausible:
        return utf8.text
    detector = chardetng_py.EncodingDetector()
    detector.feed(data[:DETECTION_BYTES], last=True)
    encoding = known_encoding(detector.guess(tld=None, allow_utf8=False)) or "cp1252"
    return data.decode(encoding, errors=_errors_for(encoding))


class _Utf8:
    """What the bytes look like as UTF-8: the text with replacement characters, and how plausible it is."""

    def __init__(self, data: bytes) -> None:
        self.ascii = data.isascii()
        try:
            self.text = data.decode("utf-8")
            self.valid = self.plausible = True
            return
        except UnicodeDecodeError:
            self.valid = False
        self.text = data.decode("utf-8", errors="replace")
        # Every non-ASCII character of the text is either a valid multibyte sequence or the
        # replacement for a bad byte (a page's own U+FFFD counts as bad: harmless).
        bad = self.text.count("\ufffd")
        sequences = len(self.text) - len(self.text.encode("ascii", "ignore")) - bad
        # Stray bytes in a UTF-8 page are a few among many sequences; text in a single-byte
        # charset has bad bytes and hardly a sequence that happens to be valid UTF-8.
        self.plausible = sequences >= bad


def _decode_declared(data: bytes, encoding: str) -> str | None:
    """`data` in the declared `encoding`, or None when the bytes plainly are not in it."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    if _single_byte(encoding):
        # windows-1252 and its kin leave a few bytes unassigned in Python's tables; the standard
        # maps them to the C1 control of the same number, so a stray byte costs nothing.
        return data.decode(encoding, errors=_errors_for(encoding))
    text = data.decode(encoding, errors="replace")
    non_ascii = len(data) - len(data.translate(None, _ASCII))
    if text.count("\ufffd") <= MAX_BAD_SHARE * non_ascii:
        return text
    return None


# The Encoding Standard's encodings that are not single-byte, by their Python codec names.
_MULTIBYTE = frozenset(
    {
        "utf-8",
        "utf-16-le",
        "utf-16-be",
        "gbk",
        "gb18030",
        "big5hkscs",
        "euc_jp",
        "iso2022_jp",
        "cp932",
        "cp949",
    }
)


def _single_byte(encoding: str) -> bool:
    return codecs.lookup(encoding).name not in _MULTIBYTE


def _errors_for(encoding: str) -> str:
    return _C1_ERRORS if _single_byte(encoding) else "replace"


_C1_ERRORS = "article-reader-c1"


def _c1_for_unassigned(error: UnicodeError) -> tuple[str, int]:
    """Map a byte a single-byte table leaves unassigned to the code point of the same number (WHATWG)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(chr(byte) for byte in error.object[error.start : error.end]), error.end


codecs.register_error(_C1_ERRORS, _c1_for_unassigned)
