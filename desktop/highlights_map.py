"""Where a passage of an article's plain text is in the reading pane's document, and back.

Highlights are kept as offsets into `Article.text`; the pane shows a QTextDocument made
from the article's HTML, whose text differs: a header above the body, captions and
images the plain text leaves out, spaces where the plain text has line breaks, no
list markers, and positions counted in UTF-16 units. Both texts hold the same
characters once every space is set aside, so the map squeezes the spaces out of each,
finds each block of the document in the squeezed article text (in order, at a word
boundary), and converts offsets through the squeezed texts in both directions.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument

# What neither text is compared on: spaces of every kind (line and paragraph separators,
# no-break spaces), the object character Qt puts where an image is, invisible marks.
_SQUEEZED_OUT = re.compile("[\\s\ufffc\u00ad\u200b\u200c\u200d\u2060\ufeff]+")
_KEPT = re.compile("[^\\s\ufffc\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# A block found further on than this (in squeezed characters) must be long enough to be
# the article's own words rather than a caption's words that happen to occur later.
_NEAR = 256
_DISTINCTIVE = 16
_CHECKPOINT = 256


@dataclass
class _Block:
    """A block of the document and where its squeezed text is in the squeezed article text."""

    block: QTextBlock
    start: int  # in the squeezed article text
    end: int
    # The UTF-16 offset in the block of each of its squeezed characters (made when first needed).
    offsets: list[int] = field(default_factory=list)


class TextMap:
    """Offsets in `Article.text` to positions in the document that shows it, and back."""

    def __init__(self, document: QTextDocument, text: str) -> None:
        self._document = document
        self._text = text
        self._squeezed = _SQUEEZED_OUT.sub("", text)
        # How many kept characters come before every CHECKPOINT-th character of the text: an
        # offset converts by counting within one stretch, in C, instead of a map of every character.
        self._kept_before = [0]
        for start in range(0, len(text), _CHECKPOINT):
            piece = text[start : start + _CHECKPOINT]
            self._kept_before.append(self._kept_before[-1] + len(_SQUEEZED_OUT.sub("", piece)))
        self._blocks: list[_Block] = []
        self._by_number: dict[int, int] = {}
        self._align()
        self._starts = [entry.start for entry in self._blocks]

    @property
    def coverage(self) -> float:
        """The share of the article's text (spaces aside) found in the document: 1.0 when all of it."""
        if not self._squeezed:
            return 1.0
        return sum(entry.end - entry.start for entry in self._blocks) / len(self._squeezed)

    def to_document(self, start: int, end: int) -> tuple[int, int] | None:
        """The document positions of `Article.text[start:end]`; None when none of it is shown."""
        first = self._squeezed_start(start)
        last = self._squeezed_end(end)
        if first is None or last is None or first >= last:
            return None
        index = bisect_right(self._starts, first) - 1
        if index < 0 or first >= self._blocks[index].end:
            index += 1  # in text the document does not show: from the next block on
            if index >= len(self._blocks):
                return None
            first = self._blocks[index].start
        end_index = bisect_right(self._starts, last - 1) - 1
        if end_index < index:
            return None
        if last > self._blocks[end_index].end:
            last = self._blocks[end_index].end
        begin_entry, end_entry = self._blocks[index], self._blocks[end_index]
        begin = begin_entry.block.position() + self._offsets(begin_entry)[first - begin_entry.start]
        final = last - 1 - end_entry.start
        offset = self._offsets(end_entry)[final]
        width = 2 if _ASTRAL.match(self._squeezed[last - 1]) else 1
        return begin, end_entry.block.position() + offset + width

    def to_text(self, start: int, end: int) -> tuple[int, int] | None:
        """The `Article.text` offsets of the document's positions `start:end` (a selection)."""
        first = self._squeezed_at(start, forward=True)
        last = self._squeezed_at(end, forward=False)
        if first is None or last is None or first >= last:
            return None
        return self._text_offset(first), self._text_offset(last - 1) + 1

    def cursor(self, start: int, end: int) -> QTextCursor | None:
        """A cursor selecting what the document shows of `Article.text[start:end]`."""
        span = self.to_document(start, end)
        if span is None:
            return None
        cursor = QTextCursor(self._document)
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # -- building ------------------------------------------------------------------------

    def _align(self) -> None:
        block = _body_start(self._document)
        cursor = 0
        while block.isValid():
            squeezed = _SQUEEZED_OUT.sub("", block.text())
            if squeezed:
                found = self._squeezed.find(squeezed, cursor)
                if found == -1 or not self._fits(found, len(squeezed), cursor):
                    found = self._instead_of_last(squeezed)
                if found != -1:
                    self._by_number[block.blockNumber()] = len(self._blocks)
                    self._blocks.append(_Block(block, found, found + len(squeezed)))
                    cursor = found + len(squeezed)
            block = block.next()

    def _instead_of_last(self, squeezed: str) -> int:
        """Where `squeezed` is if the last block taken was only like the start of it, which it
        replaces (a caption "Twitter" above a paragraph that begins "Twitter ha dado..."); or -1."""
        if not self._blocks:
            return -1
        last = self._blocks[-1]
        found = self._squeezed.find(squeezed, last.start)
        if found == -1 or found >= last.end or len(squeezed) <= last.end - last.start:
            return -1
        self._blocks.pop()
        del self._by_number[last.block.blockNumber()]
        return found

    def _fits(self, found: int, length: int, cursor: int) -> bool:
        """Whether a block's text found at `found` is the article's text there, not a coincidence."""
        if found == cursor:
            return True
        start = self._text_offset(found)
        end = self._text_offset(found + length - 1) + 1
        whole_words = (start == 0 or self._text[start - 1].isspace()) and (
            end == len(self._text) or self._text[end].isspace()
        )
        return whole_words and (found - cursor <= _NEAR or length >= _DISTINCTIVE)

    # -- converting ----------------------------------------------------------------------

    def _offsets(self, entry: _Block) -> list[int]:
        if not entry.offsets:
            text = entry.block.text()
            if _ASTRAL.search(text) is None:
                entry.offsets = [match.start() for match in _KEPT.finditer(text)]
            else:
                offsets, unit = [], 0
                for character in text:
                    if _KEPT.match(character):
                        offsets.append(unit)
                    unit += 2 if ord(character) > 0xFFFF else 1
                entry.offsets = offsets
        return entry.offsets

    def _text_offset(self, squeezed: int) -> int:
        """The offset in the article text of the squeezed character `squeezed`."""
        stretch = bisect_right(self._kept_before, squeezed) - 1
        start = stretch * _CHECKPOINT
        kept = [match.start() for match in _KEPT.finditer(self._text, start, start + _CHECKPOINT)]
        return kept[squeezed - self._kept_before[stretch]]

    def _kept_until(self, offset: int) -> int:
        """How many squeezed characters come before text offset `offset`."""
        offset = min(max(0, offset), len(self._text))
        stretch = offset // _CHECKPOINT
        start = stretch * _CHECKPOINT
        return self._kept_before[stretch] + len(_KEPT.findall(self._text, start, offset))

    def _squeezed_start(self, offset: int) -> int | None:
        """The first squeezed character at or after text offset `offset`."""
        kept = self._kept_until(offset)
        return kept if kept < len(self._squeezed) else None

    def _squeezed_end(self, offset: int) -> int | None:
        """One past the last squeezed character before text offset `offset`."""
        kept = self._kept_until(offset)
        return kept if kept > 0 else None

    def _squeezed_at(self, position: int, *, forward: bool) -> int | None:
        """The squeezed index of document `position`: of the first shown character at or after
        it (`forward`), or one past the last before it."""
        block = self._document.findBlock(position)
        number = block.blockNumber()
        index = self._by_number.get(number)
        if index is None:
            # A block the article text does not have (the header, a caption): the nearest that it has.
            numbers = sorted(self._by_number)
            at = bisect_left(numbers, number)
            if forward:
                return self._blocks[self._by_number[numbers[at]]].start if at < len(numbers) else None
            return self._blocks[self._by_number[numbers[at - 1]]].end if at > 0 else None
        entry = self._blocks[index]
        offsets = self._offsets(entry)
        inside = position - block.position()
        kept = bisect_left(offsets, inside)
        if forward:
            if kept < len(offsets):
                return entry.start + kept
            return self._blocks[index + 1].start if index + 1 < len(self._blocks) else None
        return entry.start + kept if kept > 0 else entry.start if index == 0 else self._blocks[index - 1].end


def _body_start(document: QTextDocument) -> QTextBlock:
    """The first block after the page's title (the pane's header ends with it), or the first block."""
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 1:
            return block.next()
        block = block.next()
    return document.begin()
