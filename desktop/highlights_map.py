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
from dataclasses import dataclass

from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument

# What neither text is compared on: spaces of every kind (line and paragraph separators,
# no-break spaces: what str.split splits at), the object character Qt puts where an image
# is, and invisible marks.
_INVISIBLE = "\x00\ufffc\u00ad\u200b\u200c\u200d\u2060\ufeff"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def squeeze(text: str) -> str:
    """`text` without the characters neither text is compared on.

    str.split, in C, is ten times faster than a pattern over a long article.
    """
    squeezed = "".join(text.split())
    for character in _INVISIBLE:
        if character in squeezed:
            squeezed = squeezed.replace(character, "")
    return squeezed


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
    # Its characters counted (made when first needed).
    kept: _Kept | None = None
    astral: bool = False

    def counted(self) -> _Kept:
        if self.kept is None:
            text = self.block.text()
            self.kept = _Kept(text, self.end - self.start)
            self.astral = _ASTRAL.search(text) is not None
        return self.kept

    def unit_of(self, index: int) -> int:
        """The UTF-16 offset in the block of its character `index`."""
        if not self.astral:
            return index
        return index + len(_ASTRAL.findall(self.block.text(), 0, index))

    def index_of(self, unit: int) -> int:
        """The character at UTF-16 offset `unit` in the block."""
        if not self.astral:
            return unit
        index = units = 0
        for character in self.block.text():
            if units >= unit:
                break
            units += 2 if ord(character) > 0xFFFF else 1
            index += 1
        return index


class _Kept:
    """The characters of a text that are not squeezed out, counted without a map of every one.

    How many come before every CHECKPOINT-th character is counted once; any other
    count then looks at one stretch only. Most texts squeeze out nothing but spaces
    and line breaks, and those are counted by `str.count`, in C; the others by a pattern.
    """

    def __init__(self, text: str, squeezed_length: int | None = None) -> None:
        self.text = text
        if squeezed_length is None:
            squeezed_length = len(squeeze(text))
        self.plain = squeezed_length == len(text) - text.count(" ") - text.count("\n")
        self.before = [0]
        for start in range(0, len(text), _CHECKPOINT):
            end = min(len(text), start + _CHECKPOINT)
            self.before.append(self.before[-1] + self._kept_between(start, end))

    def _kept_between(self, start: int, end: int) -> int:
        if self.plain:
            return end - start - self.text.count(" ", start, end) - self.text.count("\n", start, end)
        return len(squeeze(self.text[start:end]))

    @property
    def total(self) -> int:
        return self.before[-1]

    def until(self, offset: int) -> int:
        """How many kept characters come before `offset`."""
        offset = min(max(0, offset), len(self.text))
        stretch = offset // _CHECKPOINT
        start = stretch * _CHECKPOINT
        return self.before[stretch] + self._kept_between(start, offset)

    def offset_of(self, kept: int) -> int:
        """The offset of the kept character number `kept` (from 0)."""
        stretch = bisect_right(self.before, kept) - 1
        low = stretch * _CHECKPOINT
        high = min(len(self.text), low + _CHECKPOINT) - 1
        # The first offset with more than `kept` kept characters up to and including it.
        while low < high:
            middle = (low + high) // 2
            if self.until(middle + 1) > kept:
                high = middle
            else:
                low = middle + 1
        return low


class TextMap:
    """Offsets in `Article.text` to positions in the document that shows it, and back."""

    def __init__(self, document: QTextDocument, text: str) -> None:
        self._document = document
        self._text = text
        self._squeezed = squeeze(text)
        self._kept = _Kept(text, len(self._squeezed))
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
        begin = begin_entry.block.position() + begin_entry.unit_of(
            begin_entry.counted().offset_of(first - begin_entry.start)
        )
        final = end_entry.counted().offset_of(last - 1 - end_entry.start)
        width = 2 if _ASTRAL.match(self._squeezed[last - 1]) else 1
        return begin, end_entry.block.position() + end_entry.unit_of(final) + width

    def to_text(self, start: int, end: int) -> tuple[int, int] | None:
        """The `Article.text` offsets of the document's positions `start:end` (a selection)."""
        first = self._squeezed_at(start, forward=True)
        last = self._squeezed_at(end, forward=False)
        if first is None or last is None or first >= last:
            return None
        return self._text_offset(first), self._text_offset(last - 1) + 1

    def text_offset_at(self, position: int) -> int:
        """The offset in the article text of the last character shown at or before document `position`."""
        last = self._squeezed_at(position, forward=False)
        return -1 if last is None or last <= 0 else self._text_offset(last - 1)

    def cursors(self, start: int, end: int) -> list[QTextCursor]:
        """Cursors selecting what the document shows of `Article.text[start:end]`, one a block.

        One a block: the pane finds a selection over several blocks by laying out the whole
        page (its frame's size), and one in a table's cells selects whole cells; and the
        blocks the article's text does not have between them (a caption) stay as they are.
        """
        span = self.to_document(start, end)
        if span is None:
            return []
        cursors = []
        block = self._document.findBlock(span[0])
        while block.isValid() and block.position() < span[1]:
            if block.blockNumber() in self._by_number:
                first = max(span[0], block.position())
                last = min(span[1], block.position() + block.length() - 1)
                if first < last:
                    cursor = QTextCursor(self._document)
                    cursor.setPosition(first)
                    cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
                    cursors.append(cursor)
            block = block.next()
        return cursors

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
            squeezed = squeeze(block.text())
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

    def _text_offset(self, squeezed: int) -> int:
        """The offset in the article text of the squeezed character `squeezed`."""
        return self._kept.offset_of(squeezed)

    def _kept_until(self, offset: int) -> int:
        """How many squeezed characters come before text offset `offset`."""
        return self._kept.until(offset)

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
        counted = entry.counted()
        kept = counted.until(entry.index_of(position - block.position()))
        if forward:
            if kept < counted.total:
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
