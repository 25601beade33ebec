"""Keeping the reader's place while the reading pane lays its page out again: the anchor, folding, the scroll maths."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QTextEdit

# Laying text out costs about 0.35 ms per thousand characters. After a change of size or width, the
# text above the paragraph being read is hidden while the page is laid out again when it is longer
# than this, and shown again in steps of UNFOLD_CHARACTERS once the page is on screen.
FOLD_MIN_CHARACTERS = 16_000
UNFOLD_CHARACTERS = 12_000


class Relayout(QObject):
    """The line at the top of `view` stays there through every change of font, column or formats.

    Qt lays a page out from the top down, so all the text above the place being read would be
    laid out before anything could be shown; past FOLD_MIN_CHARACTERS it is hidden ("folded")
    for the change and shown again in steps from the event loop, the page held still meanwhile.

    Signals:
        unfolded: all the text hidden for a change is shown again (the scroll bar tells the truth again).
    """

    unfolded = Signal()

    def __init__(self, view: QTextEdit) -> None:
        super().__init__(view)
        self._view = view
        # While the text above the place being read is hidden: the first block shown, and the block
        # that must stay where it is on the screen with its distance from the top of the page.
        self._fold_front: int | None = None
        self._fold_hold: tuple[int, float, int] | None = None
        # How far down the page is surely laid out while text is hidden.
        self._laid_out_to = 0
        self._quiet = 0
        self._unfold_timer = QTimer(self)
        self._unfold_timer.setSingleShot(True)
        self._unfold_timer.setInterval(0)
        self._unfold_timer.timeout.connect(self._unfold_some)

    # -- what the view asks ----------------------------------------------------------

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """Scrolling done inside is ours, not the reader's: it reports no progress."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def is_quiet(self) -> bool:
        return self._quiet > 0

    def is_folded(self) -> bool:
        """True while text above the place being read is hidden."""
        return self._fold_front is not None

    def forget(self) -> None:
        """A new page: nothing is hidden on it."""
        self._unfold_timer.stop()
        self._fold_front = self._fold_hold = None

    def anchor(self, text_width: int) -> int | None:
        """The text position at the top of the page, or None at the very top (which stays the top)."""
        if self._view.verticalScrollBar().value() <= 0 and self._fold_front is None:
            return None
        # The middle of the column, just below the top edge: the line the reader has reached.
        middle = round(self._view.document().documentMargin()) + text_width // 2
        return self._view.cursorForPosition(QPoint(middle, 1)).position()

    def scroll_maximum(self) -> int:
        """The scroll bar's range once the whole page is laid out (Qt lays out the end of a page lazily)."""
        self.unfold_all()
        height = self._view.document().documentLayout().documentSize().height()
        return max(0, math.ceil(height) - self._view.viewport().height())

    def relayout(self, anchor: int | None, change: Callable[[], object]) -> None:
        """Make `change` (to the font, the column or the formats) and lay the page out again, keeping
        the line at text position `anchor` at the top (None: the top).

        Past FOLD_MIN_CHARACTERS above the anchor, that text is hidden for now and shown again in
        steps once the page is on screen (see `_unfold_some`).
        """
        document = self._view.document()
        with self.quietly():
            if anchor is not None:
                self._fold_above(anchor)
            # One layout for everything `change` does, however many settings it touches.
            document.setLayoutEnabled(False)
            try:
                change()
            finally:
                document.setLayoutEnabled(True)
            if anchor is not None:
                self.scroll_to(anchor)
                self._hold_in_place(document.findBlock(anchor))
            else:
                self._view.verticalScrollBar().setValue(0)

    def scroll_to(self, position: int) -> None:
        """Scroll so that the line holding text `position` is at the top of the page."""
        document = self._view.document()
        layout = document.documentLayout()
        block = document.findBlock(position)
        if not block.isValid():
            return
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        if lines is not None and lines.lineCount():
            line = lines.lineForTextPosition(position - block.position())
            if line.isValid():
                top += line.y()
        # Lay out a page beyond the target, so that the scroll range reaches it.
        bottom = top + self._view.viewport().height()
        later = block
        while later.isValid() and layout.blockBoundingRect(later).bottom() < bottom:
            later = later.next()
        bar = self._view.verticalScrollBar()
        target = round(top)
        if bar.maximum() < target:
            bar.setMaximum(target)
        bar.setValue(target)

    def unfold_all(self) -> None:
        """Show all the hidden text now (before measuring the whole page, for instance)."""
        self._unfold_timer.stop()
        while not self._unfold_step(self._view.document().characterCount()):
            pass

    # -- folding ---------------------------------------------------------------------

    def _fold_above(self, position: int) -> None:
        """Hide the blocks above the one holding text `position`, when there is much text above it."""
        block = self._view.document().findBlock(position)
        if not block.isValid() or block.position() < FOLD_MIN_CHARACTERS:
            self.unfold_all()
            return
        # Blocks above the first one shown are hidden already (an earlier change, not yet undone).
        above = block.previous()
        while above.isValid() and above.isVisible():
            above.setVisible(False)
            above = above.previous()
        self._fold_front = block.blockNumber()
        self._laid_out_to = position
        self._unfold_timer.start()

    def _hold_in_place(self, block: QTextBlock) -> None:
        """Remember where `block` is on the screen, so that showing the text above it moves nothing."""
        if self._fold_front is None or not block.isValid():
            return
        bar = self._view.verticalScrollBar()
        top = self._view.document().documentLayout().blockBoundingRect(block).top()
        self._fold_hold = (block.blockNumber(), bar.value() - top, bar.value())

    def _unfold_some(self) -> None:
        """One more step of laying out the page again; `unfolded` once all the text is shown."""
        if self._unfold_step(UNFOLD_CHARACTERS):
            self.unfolded.emit()
        else:
            self._unfold_timer.start()

    def _unfold_step(self, limit: int) -> bool:
        """Lay out about `limit` more characters of the page below the place being read, or once
        that is done, show as many of the hidden text above it; True when no text is hidden."""
        if self._fold_front is None:
            return True
        document = self._view.document()
        layout = document.documentLayout()
        end = document.characterCount() - 1
        if self._laid_out_to < end:
            # Qt lays the end of a page out lazily, and would take the text below as laid out
            # once the text above is: the rest is laid out first.
            self._laid_out_to = min(end, self._laid_out_to + limit)
            layout.blockBoundingRect(document.findBlock(self._laid_out_to))
            return False
        front = document.findBlockByNumber(self._fold_front)
        first, shown = front, 0
        above = front.previous()
        while above.isValid() and shown < limit:
            above.setVisible(True)
            shown += above.length()
            first = above
            above = above.previous()
        bar = self._view.verticalScrollBar()
        with self.quietly():
            if self._fold_hold is not None:
                number, offset, value = self._fold_hold
                held = document.findBlockByNumber(number)
                if bar.value() != value:  # the reader scrolled meanwhile: hold the page where it is now
                    offset = bar.value() - layout.blockBoundingRect(held).top()
            document.markContentsDirty(first.position(), front.position() - first.position())
            if self._fold_hold is not None:
                target = round(layout.blockBoundingRect(held).top() + offset)
                if bar.maximum() < target:
                    bar.setMaximum(target)
                bar.setValue(target)
                self._fold_hold = (number, offset, bar.value())
        if above.isValid():
            self._fold_front = first.blockNumber()
            return False
        self._fold_front = self._fold_hold = None
        return True


def anchor_position(document: QTextDocument, name: str) -> int | None:
    """Where the element named `name` (an id or <a name>) begins in `document`; None when there is none."""
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if name in fragment.charFormat().anchorNames():
                return fragment.position()
            fragments += 1
        block = block.next()
    return None
