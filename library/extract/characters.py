"""Characters as readers see them: composed (NFC), without the soft hyphens that only hint at line breaks."""

from __future__ import annotations

import unicodedata

SOFT_HYPHEN = "\xad"


def composed(text: str) -> str:
    """`text` in Unicode's composed form (NFC): "é" as one character, as search and comparison expect."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def as_read(text: str) -> str:
    """`text` composed and without soft hyphens.

    A soft hyphen only tells a browser where a long word may break; left in the text it
    splits the word for search, copying and comparison ("Bundes\\xadregierung"). Applied to
    what extraction returns (the article and its metadata), not to the whole page: it is
    the same result for a fraction of the time.
    """
    if SOFT_HYPHEN in text:
        text = text.replace(SOFT_HYPHEN, "")
    return composed(text)
