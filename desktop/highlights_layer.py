"""Highlights drawn over the reading pane's page, and the pane's selection as a passage of the article.

The highlights are the pane's extra selections (QTextEdit draws them over the laid-out
text), not formats written into the document: a font size change or read mode lays
the page out again and they follow without the page being parsed again. A theme,
typeface or spacing change renders the page anew, which clears them; the layer
paints them again when the document's text changes and they are gone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, QTextBoundaryFinder, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from desktop.highlights_colors import highlight_colour
from desktop.highlights_map import TextMap
from desktop.readerview import ReaderView
from library.highlights.model import StoredHighlight

# Telling the pane about a highlight makes it find where that is on the page, laying the
# page out down to it: those on the screen are drawn at once, the rest in steps of this
# many once the page is shown, as the pane lays out a long page itself.
LATER_STEP = 40
_DOTTED = QTextCharFormat.UnderlineStyle.DotLine


class HighlightLayer(QObject):
    """The highlights of the article shown in `view`, drawn in the colours of the pane's theme."""

    def __init__(self, view: ReaderView) -> None:
        super().__init__(view)
        self._view = view
        self._article_id: int | None = None
        self._text = ""
        self._highlights: list[StoredHighlight] = []
        self._map: TextMap | None = None
        self._spans: dict[int, tuple[int, int]] = {}
        self._painting = False
        # Drawn: the selections given to the pane; waiting: those for later, by position.
        self._drawn: list[tuple[int, QTextEdit.ExtraSelection]] = []
        self._waiting: list[StoredHighlight] = []
        # How far down the page the pane has been made to lay out for highlights.
        self._laid_out_to = -1
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._draw_some_later)
        view.textChanged.connect(self._text_changed)
        view.document().contentsChange.connect(self._contents_changed)

    # -- what is drawn ---------------------------------------------------------------

    def show(self, article_id: int, text: str, highlights: list[StoredHighlight]) -> None:
        """Draw `highlights` over article `article_id`, whose plain text is `text`, as the pane shows it now."""
        self._article_id, self._text = article_id, text
        self._highlights = list(highlights)
        self._map = None
        self._laid_out_to = -1
        self.paint()

    def clear(self) -> None:
        """Draw nothing (another page is shown)."""
        self._article_id, self._text, self._highlights, self._map = None, "", [], None
        self._spans.clear()
        self._set_drawn([], [])

    def article_id(self) -> int | None:
        return self._article_id

    def highlights(self) -> list[StoredHighlight]:
        """The highlights drawn (and those that could not be: not found in the text), in reading order."""
        return sorted(self._highlights, key=lambda h: h.reading_order)

    def put(self, highlight: StoredHighlight) -> None:
        """Draw a new or changed highlight (its id decides which)."""
        self._highlights = [h for h in self._highlights if h.id != highlight.id] + [highlight]
        self.paint()

    def remove(self, highlight_id: int) -> None:
        self._highlights = [h for h in self._highlights if h.id != highlight_id]
        self.paint()

    def paint(self) -> None:
        """Draw every placed highlight in its colour; those with a note are underlined with dots.

        Those on the screen are drawn now; the others, further down
        the page, in steps from the event loop (`finish` draws them all at once).
        """
        self._spans.clear()
        if self._article_id is None or self._view.current_article_id() != self._article_id:
            self._set_drawn([], [])
            return
        mapping = self.text_map()
        placed = sorted(
            (h for h in self._highlights if h.start is not None and h.end is not None),
            key=lambda h: h.start or 0,
        )
        reach = max(self._laid_out_to, self._screen_end())
        reach_text = mapping.text_offset_at(reach)
        now = [h for h in placed if (h.start or 0) <= reach_text]
        later = [h for h in placed if (h.start or 0) > reach_text]
        self._set_drawn(self._selections(now), later)
        self._laid_out_to = reach

    def _selections(self, highlights: list[StoredHighlight]) -> list[tuple[int, QTextEdit.ExtraSelection]]:
        """The pane's extra selections for `highlights` (their ids beside them), remembering where each is."""
        mapping = self.text_map()
        theme = self._view.effective_theme()
        made: list[tuple[int, QTextEdit.ExtraSelection]] = []
        # Moving a cursor lays its block out (to remember its x for moving up and down), and the
        # page above it: so cursors are made only for highlights about to be drawn, where the
        # page is laid out to be shown anyway. (Inside an edit block nothing would be laid out,
        # but ending it would have the pane lay the page out again.)
        for highlight in highlights:
            cursors = mapping.cursors(highlight.start or 0, highlight.end or 0)
            if not cursors:
                continue
            self._spans[highlight.id] = (cursors[0].selectionStart(), cursors[-1].selectionEnd())
            look = QTextCharFormat()
            look.setBackground(QColor(highlight_colour(theme, highlight.color)))
            if highlight.note:
                look.setUnderlineStyle(_DOTTED)
            for cursor in cursors:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = look
                made.append((highlight.id, selection))
        return made

    def finish(self) -> None:
        """Draw every highlight now, those far down the page too (before a screenshot, for instance)."""
        if self._waiting:
            self._draw_some_later(len(self._waiting))

    def _screen_end(self) -> int:
        """The document position at the bottom of the pane: the page is laid out to there to be shown.

        Found by walking the blocks down from the top of the pane: asking the pane which
        position is at its bottom corner lays out every table of the page first.
        """
        document = self._view.document()
        layout = document.documentLayout()
        bar = self._view.verticalScrollBar()
        bottom = bar.value() + self._view.viewport().height()
        if bar.value() <= 0:
            block = document.begin()
        else:
            block = document.findBlock(self._view.cursorForPosition(QPoint(1, 1)).position())
        while block.isValid():
            following = block.next()
            if not following.isValid() or layout.blockBoundingRect(following).top() > bottom:
                return block.position() + block.length()
            block = following
        return document.characterCount()

    def _set_drawn(
        self, drawn: list[tuple[int, QTextEdit.ExtraSelection]], waiting: list[StoredHighlight]
    ) -> None:
        self._later.stop()
        self._drawn, self._waiting = drawn, waiting
        # The pane draws them in the order given: by id, so a newer highlight covers an older one.
        self._view.setExtraSelections(
            [selection for _id, selection in sorted(drawn, key=lambda item: item[0])]
        )
        if waiting:
            self._later.start()

    def _draw_some_later(self, count: int = LATER_STEP) -> None:
        step, rest = self._waiting[:count], self._waiting[count:]
        self._set_drawn(self._drawn + self._selections(step), rest)
        if step:
            furthest = self._spans.get(step[-1].id)
            if furthest is not None:
                self._laid_out_to = max(self._laid_out_to, furthest[0])

    def text_map(self) -> TextMap:
        """The map between the article's text and the page as it is now."""
        if self._map is None:
            self._map = TextMap(self._view.document(), self._text)
        return self._map

    # -- finding ---------------------------------------------------------------------

    def span_of(self, highlight_id: int) -> tuple[int, int] | None:
        """Where highlight `highlight_id` is drawn (document positions), or None when it is not."""
        found = next((h for h in self._highlights if h.id == highlight_id), None)
        return self._span(found) if found is not None else None

    def _span(self, highlight: StoredHighlight) -> tuple[int, int] | None:
        span = self._spans.get(highlight.id)
        if span is None and highlight.start is not None and highlight.end is not None and self._article_id:
            # Further down than drawn yet: where it will be.
            span = self.text_map().to_document(highlight.start, highlight.end)
            if span is not None:
                self._spans[highlight.id] = span
        return span

    def highlight_at(self, position: int) -> StoredHighlight | None:
        """The highlight drawn at document `position` (the newest where several overlap)."""
        found = [h for h in self._highlights if _inside(self._span(h), position)]
        return max(found, key=lambda h: h.id) if found else None

    def highlights_in(self, start: int, end: int) -> list[StoredHighlight]:
        """The highlights drawn over any of the document positions `start` to `end`."""
        return [h for h in self._highlights if _overlaps(self._span(h), start, end)]

    def selected_passage(self) -> tuple[int, int] | None:
        """The pane's selection, made whole words, as offsets into the article's text; None when
        nothing of the article is selected."""
        if self._article_id is None or self._view.current_article_id() != self._article_id:
            return None
        cursor = self._view.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = whole_words(self._view.document(), cursor.selectionStart(), cursor.selectionEnd())
        return self.text_map().to_text(start, end)

    def scroll_to(self, highlight_id: int) -> bool:
        """Bring highlight `highlight_id` into view and put the keyboard's cursor at its start."""
        span = self.span_of(highlight_id)
        if span is None:
            return False
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(span[0])
        self._view.setTextCursor(cursor)
        self._view.ensureCursorVisible()
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # -- following the page ----------------------------------------------------------

    def _contents_changed(self, _position: int, removed: int, added: int) -> None:
        # Text came or went (a new page, pictures laid out): positions must be found again.
        # Format changes (spacing following the font size) remove and add the same.
        if removed != added:
            self._map = None
            self._laid_out_to = -1

    def _text_changed(self) -> None:
        # Rendering the page again (a theme, typeface or spacing) clears the extra selections.
        if self._painting:
            return
        if not self._view.extraSelections() and any(h.placed for h in self._highlights):
            self.paint()


def whole_words(document: QTextDocument, start: int, end: int) -> tuple[int, int]:
    """The document positions `start` to `end` widened so that a word cut at either end is whole.

    A mouse selects from character to character; a highlight, as in e-book readers, marks
    whole words. Words are as Unicode tells them apart (UAX #29: "don't" is one word, and so is
    each Chinese or Japanese character), and the selection only grows.
    """
    return _word_edge(document, start, backwards=True), _word_edge(document, end, backwards=False)


def _word_edge(document: QTextDocument, position: int, *, backwards: bool) -> int:
    block = document.findBlock(position)
    if not block.isValid():
        return position
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Word, block.text())
    finder.setPosition(position - block.position())
    if finder.isAtBoundary():
        return position
    edge = finder.toPreviousBoundary() if backwards else finder.toNextBoundary()
    return position if edge < 0 else block.position() + edge


def _inside(span: tuple[int, int] | None, position: int) -> bool:
    return span is not None and span[0] <= position < span[1]


def _overlaps(span: tuple[int, int] | None, start: int, end: int) -> bool:
    return span is not None and span[0] < max(end, start + 1) and start < span[1]
