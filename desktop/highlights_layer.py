"""Highlights drawn over the reading pane's page, and the pane's selection as a passage of the article.

The highlights are the pane's extra selections (QTextEdit draws them over the laid-out
text), not formats written into the document: a font size change or read mode lays
the page out again and they follow without the page being parsed again. A theme,
typeface or spacing change renders the page anew, which clears them; the layer
paints them again when the document's text changes and they are gone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from desktop.highlights_colors import highlight_colour
from desktop.highlights_map import TextMap
from desktop.readerview import ReaderView
from library.highlights.model import StoredHighlight


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
        view.textChanged.connect(self._text_changed)
        view.document().contentsChange.connect(self._contents_changed)

    # -- what is drawn ---------------------------------------------------------------

    def show(self, article_id: int, text: str, highlights: list[StoredHighlight]) -> None:
        """Draw `highlights` over article `article_id`, whose plain text is `text`, as the pane shows it now."""
        self._article_id, self._text = article_id, text
        self._highlights = list(highlights)
        self._map = None
        self.paint()

    def clear(self) -> None:
        """Draw nothing (another page is shown)."""
        self._article_id, self._text, self._highlights, self._map = None, "", [], None
        self._spans.clear()
        self._view.setExtraSelections([])

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
        """Draw every placed highlight in its colour; those with a note are underlined with dots."""
        self._spans.clear()
        if self._article_id is None or self._view.current_article_id() != self._article_id:
            self._view.setExtraSelections([])
            return
        mapping = self.text_map()
        theme = self._view.effective_theme()
        selections = []
        # Oldest first: where two overlap, the newer is drawn over the older.
        for highlight in sorted(self._highlights, key=lambda h: h.id):
            if highlight.start is None or highlight.end is None:
                continue
            cursor = mapping.cursor(highlight.start, highlight.end)
            if cursor is None:
                continue
            self._spans[highlight.id] = (cursor.selectionStart(), cursor.selectionEnd())
            look = QTextCharFormat()
            look.setBackground(QColor(highlight_colour(theme, highlight.color)))
            if highlight.note:
                look.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = look
            selections.append(selection)
        self._view.setExtraSelections(selections)

    def text_map(self) -> TextMap:
        """The map between the article's text and the page as it is now."""
        if self._map is None:
            self._map = TextMap(self._view.document(), self._text)
        return self._map

    # -- finding ---------------------------------------------------------------------

    def span_of(self, highlight_id: int) -> tuple[int, int] | None:
        """Where highlight `highlight_id` is drawn (document positions), or None when it is not."""
        return self._spans.get(highlight_id)

    def highlight_at(self, position: int) -> StoredHighlight | None:
        """The highlight drawn at document `position` (the newest where several overlap)."""
        found = [h for h in self._highlights if _inside(self._spans.get(h.id), position)]
        return max(found, key=lambda h: h.id) if found else None

    def highlights_in(self, start: int, end: int) -> list[StoredHighlight]:
        """The highlights drawn over any of the document positions `start` to `end`."""
        return [h for h in self._highlights if _overlaps(self._spans.get(h.id), start, end)]

    def selected_passage(self) -> tuple[int, int] | None:
        """The pane's selection as offsets into the article's text; None when nothing of it is selected."""
        if self._article_id is None or self._view.current_article_id() != self._article_id:
            return None
        cursor = self._view.textCursor()
        if not cursor.hasSelection():
            return None
        return self.text_map().to_text(cursor.selectionStart(), cursor.selectionEnd())

    def scroll_to(self, highlight_id: int) -> bool:
        """Bring highlight `highlight_id` into view and put the keyboard's cursor at its start."""
        span = self._spans.get(highlight_id)
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

    def _text_changed(self) -> None:
        # Rendering the page again (a theme, typeface or spacing) clears the extra selections.
        if not self._view.extraSelections() and any(h.placed for h in self._highlights):
            self.paint()


def _inside(span: tuple[int, int] | None, position: int) -> bool:
    return span is not None and span[0] <= position < span[1]


def _overlaps(span: tuple[int, int] | None, start: int, end: int) -> bool:
    return span is not None and span[0] < max(end, start + 1) and start < span[1]
