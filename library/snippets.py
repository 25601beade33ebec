"""Search snippets: the words around the first match, found the way the full-text index matches.

FTS5's own snippet() scores every occurrence of every term in a document; for common
words in long articles that costs a millisecond a hit. Finding the first occurrence
here, with the index's rules (case and diacritics ignored, words as runs of letters
and digits, phrases as consecutive words), costs microseconds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Markers around matched words; private-use characters never occur in article text, so
# a caller can escape the snippet and then turn these into markup.
MATCH_START = "\ue000"
MATCH_END = "\ue001"

_WORD = re.compile(r"\w+")
_PHRASES = re.compile(r'"([^"]*)"|(\S+)')


@cache
def _fold_table() -> dict[int, str]:
    """Characters that fold to one other character: accented letters to their base letter.

    One character for one keeps positions in the folded text equal to positions in
    the original, so a match found in one can be marked in the other.
    """
    table: dict[int, str] = {0x130: "i"}  # "İ".lower() is two characters
    ranges = [(0xC0, 0x250), (0x370, 0x400), (0x400, 0x530), (0x1E00, 0x1F00), (0x1F00, 0x2000)]
    for start, end in ranges:
        for code in range(start, end):
            char = chr(code)
            decomposed = unicodedata.normalize("NFKD", char)
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            if len(base) == 1 and base != char:
                table[code] = base
    return table


def fold(text: str) -> str:
    """`text` lower-cased with diacritics removed, character for character."""
    return text.translate(_fold_table()).lower()


def query_phrases(query: str) -> list[list[str]]:
    """The phrases a query asks for, as lists of folded words: "a b" is one phrase, a b two."""
    phrases = []
    for quoted, bare in _PHRASES.findall(query):
        words = _WORD.findall(fold(quoted or bare))
        if words:
            phrases.append(words)
    return phrases


@cache
def _letter_variants() -> dict[str, str]:
    """For each base letter, the lower-case letters that fold to it ("u" -> "ùúûüũūŭůűų...")."""
    variants: dict[str, str] = {}
    for code, base in _fold_table().items():
        lower = chr(code).lower()
        if len(lower) == 1:
            variants[base.lower()] = variants.get(base.lower(), "") + lower
    return variants


def _word_pattern(word: str) -> str:
    """A pattern matching `word` (folded) in unfolded text: each letter or any accented form of it."""
    variants = _letter_variants()
    return "".join(f"[{re.escape(ch + variants[ch])}]" if ch in variants else re.escape(ch) for ch in word)


def phrase_pattern(phrases: list[list[str]]) -> re.Pattern[str] | None:
    """A pattern over the original text matching any of the phrases as whole words.

    It matches what the index matches (case and diacritics ignored) without folding
    the text first, which would cost more than the search itself.
    """
    if not phrases:
        return None
    alternatives = [r"\W+".join(_word_pattern(word) for word in words) for words in phrases]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def make_snippet(text: str, pattern: re.Pattern[str] | None, width: int = 220) -> str:
    """About `width` characters of `text` around its first match, matches marked, '…' where cut."""
    first = pattern.search(text) if pattern else None
    start = first.start() if first else 0
    begin = max(0, start - width // 3)
    if begin > 0:
        # Start at a word: after the first space past the cut, if one comes before the match.
        space = text.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", first.end() if first else begin, end)
        end = space if space != -1 else end
    pieces = []
    last = begin
    if pattern is not None:
        for match in pattern.finditer(text, begin, end):
            pieces += [text[last : match.start()], MATCH_START, text[match.start() : match.end()], MATCH_END]
            last = match.end()
    pieces.append(text[last:end])
    window = " ".join("".join(pieces).split())
    return ("…" if begin > 0 else "") + window + ("…" if end < len(text) else "")
