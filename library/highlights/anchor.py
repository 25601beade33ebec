"""Anchoring highlights in an article's plain text, and finding them again when the text changes.

A highlight is kept as the W3C Web Annotation model keeps one: a text-quote selector
(the exact passage, with some characters of context on each side) and a text-position
selector (character offsets into `Article.text`, counted in code points). Positions
are fast to draw; the quote is the truth, so when the text changes the passage is
looked for again, from strict to lenient:

1. exact: the quote occurs as written;
2. normalised: the quote occurs once case, accents, spacing, invisible characters and
   typographic quotes and dashes are set aside ("Don’t  stop" finds "don't stop");
3. approximate: the closest passage of the same length, if it is close enough
   (a few words changed, a typo fixed).

Where the quote occurs more than once, the context on each side decides, then the
nearness to where it was before.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from library.snippets import fold

# The W3C model leaves the context's length open; Hypothesis and most readers keep 32.
CONTEXT_CHARACTERS = 32
# Below this many characters (three or four words) a quote is too short to be recognised
# approximately: "the new quiz" would be taken for "the new quay".
APPROXIMATE_MIN_CHARACTERS = 20
# How alike (0-100, rapidfuzz's normalised Indel similarity) a passage must be to the
# quote to be taken for it. A few words changed in a sentence score about 85-90;
# unrelated prose of the same length scores 40-60.
APPROXIMATE_CUTOFF = 75.0

Placement = Literal["exact", "normalised", "approximate"]
PLACEMENTS: tuple[Placement, ...] = ("exact", "normalised", "approximate")

# Typographic punctuation folded to its plain form, one character for one.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Everything the folded text changes in length: runs of two or more spaces and invisible
# marks, and single ones that are not a plain space. A lone space stays as it is, so most
# of a text needs no work at all.
_SEPARATORS = re.compile(f"[\\s{_INVISIBLE}]{{2,}}|[^\\S ]|[{_INVISIBLE}]")
_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Anchor:
    """Where a highlight is: the quote with its context, and its offsets in the text."""

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Found:
    """A passage found for a quote, and how strictly it matched."""

    start: int
    end: int
    placement: Placement


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The selectors of the passage `text[start:end]`, without the spaces at its ends.

    Raises:
        ValueError: the range is outside the text or holds nothing but spaces.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"the range {start}-{end} is outside the text (0-{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValueError("the range holds only spaces")
    return Anchor(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARACTERS) : start],
        suffix=text[end : end + CONTEXT_CHARACTERS],
        start=start,
        end=end,
    )


class FoldedText:
    """`text` folded for tolerant matching, knowing where each folded character came from."""

    def __init__(self, text: str) -> None:
        chars = fold(text.translate(_PUNCTUATION))  # one character for one: offsets still agree
        pieces: list[str] = []
        # Machine integers: a long article's map is a few hundred kilobytes, not megabytes.
        origin = array("l")
        position = 0
        for match in _SEPARATORS.finditer(chars):
            begin, finish = match.span()
            pieces.append(chars[position:begin])
            origin.extend(range(position, begin))
            if _WHITESPACE.search(match.group()):
                pieces.append(" ")
                origin.append(begin)
            position = finish
        pieces.append(chars[position:])
        origin.extend(range(position, len(chars)))
        self.text = "".join(pieces)
        self._origin = origin
        self._length = len(text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The range of the original text that the folded range `start:end` came from."""
        if start >= end:
            return (self._origin[start] if start < len(self._origin) else self._length,) * 2
        return self._origin[start], self._origin[end - 1] + 1


@lru_cache(maxsize=4)
def folded_text(text: str) -> FoldedText:
    """The folded form of `text`, made once for the many quotes placed in the same text."""
    return FoldedText(text)


def folded(text: str) -> str:
    """`text` as tolerant matching sees it: folded, spaces collapsed, trimmed."""
    return FoldedText(text).text.strip()


def occurrences(text: str, quote: str) -> tuple[list[tuple[int, int]], Placement | None]:
    """Every place `quote` occurs in `text`, exactly or else normalised (never approximately)."""
    if not quote.strip():
        return [], None
    exact = _find_all(text, quote)
    if exact:
        return exact, "exact"
    tolerant = folded_text(text)
    wanted = folded(quote)
    spans = [tolerant.span(start, end) for start, end in _find_all(tolerant.text, wanted)]
    return spans, ("normalised" if spans else None)


def place(text: str, quote: str, prefix: str = "", suffix: str = "", near: int | None = None) -> Found | None:
    """Where the passage `quote` (seen between `prefix` and `suffix`) is in `text`, or None.

    `near` is where it was before: among equally fitting places, the nearest wins.
    """
    if not quote.strip() or not text:
        return None
    exact = _find_all(text, quote)
    if exact:
        start, end = _best(exact, text, prefix, suffix, near)
        return Found(start, end, "exact")
    tolerant = folded_text(text)
    wanted = folded(quote)
    candidates = [tolerant.span(start, end) for start, end in _find_all(tolerant.text, wanted)]
    if candidates:
        start, end = _best(candidates, text, prefix, suffix, near)
        return Found(start, end, "normalised")
    return _approximate(text, tolerant, wanted)


def _find_all(text: str, quote: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find(quote)
    while start != -1:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def _best(
    candidates: list[tuple[int, int]], text: str, prefix: str, suffix: str, near: int | None
) -> tuple[int, int]:
    """The candidate whose surroundings look most like the context; then the nearest to `near`."""
    if len(candidates) == 1:
        return candidates[0]
    before, after = folded(prefix), folded(suffix)

    def fit(span: tuple[int, int]) -> tuple[float, int]:
        start, end = span
        score = 0.0
        if before:
            seen = folded(text[max(0, start - 2 * CONTEXT_CHARACTERS) : start])[-len(before) :]
            score += fuzz.ratio(before, seen)
        if after:
            seen = folded(text[end : end + 2 * CONTEXT_CHARACTERS])[: len(after)]
            score += fuzz.ratio(after, seen)
        distance = abs(start - near) if near is not None else start
        return score, -distance

    return max(candidates, key=fit)


def _approximate(text: str, tolerant: FoldedText, wanted: str) -> Found | None:
    if len(wanted) < APPROXIMATE_MIN_CHARACTERS:
        return None
    alignment = fuzz.partial_ratio_alignment(wanted, tolerant.text, score_cutoff=APPROXIMATE_CUTOFF)
    if alignment is None:
        return None
    window = tolerant.text[alignment.dest_start : alignment.dest_end]
    # partial_ratio scores the best part of the shorter string; the whole quote must fit.
    if fuzz.ratio(wanted, window) < APPROXIMATE_CUTOFF:
        return None
    start, end = tolerant.span(alignment.dest_start, alignment.dest_end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Found(start, end, "approximate") if start < end else None
