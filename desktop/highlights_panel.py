"""The highlights panel beside the article (Shift+H): its highlights in reading order, with their notes."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.highlights_colors import highlight_colour
from library.highlights.model import StoredHighlight

NOT_FOUND = "Not found in the current text"
ON_ARTICLE = "On the whole article"
HIGHLIGHT_ID = Qt.ItemDataRole.UserRole
# Quotes longer than this are cut in the list (the whole is in the article).
SHOWN_CHARACTERS = 280
_SWATCH = 14


class HighlightsPanel(QWidget):
    """A list of the article's highlights; choosing one (click, Enter) asks to scroll to it.

    Highlights whose words are not in the article's current text come last, under
    "Not found in the current text", with their notes: kept, never dropped.

    Signals:
        chosen(int): the id of the highlight the reader chose.
    """

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightsPanel")
        self.heading = QLabel("Highlights", self)
        self.heading.setObjectName("highlightsHeading")
        self.list = QListWidget(self)
        self.list.setObjectName("highlightsList")
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(_SWATCH, _SWATCH))
        self.list.setAccessibleName("Highlights in this article")
        self.empty = QLabel("No highlights yet. Select text and press H.", self)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self._theme = "light"
        self.set_highlights([])

    def set_theme(self, theme: str) -> None:
        """Draw the colour swatches as `theme` ("light" or "dark", as the window is) paints highlights."""
        self._theme = theme

    def set_highlights(self, highlights: list[StoredHighlight]) -> None:
        """Show `highlights` (any order): placed ones in reading order, then those not found."""
        current = self.current_id()
        self.list.clear()
        ordered = sorted(highlights, key=lambda h: h.reading_order)
        notes = [h for h in ordered if h.on_article]
        placed = [h for h in ordered if h.placed]
        missing = [h for h in ordered if not h.placed and not h.on_article]
        if notes:
            self._heading(ON_ARTICLE)
            for highlight in notes:
                self._add(highlight)
        for highlight in placed:
            self._add(highlight)
        if missing:
            self._heading(NOT_FOUND)
            for highlight in missing:
                self._add(highlight)
        self.heading.setText(f"Highlights ({len(highlights)})" if highlights else "Highlights")
        self.empty.setVisible(not highlights)
        if current is not None:
            self.select(current)

    def _heading(self, text: str) -> None:
        header = QListWidgetItem(text)
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        self.list.addItem(header)

    def _add(self, highlight: StoredHighlight) -> None:
        quote = " ".join(highlight.quote.split())
        if len(quote) > SHOWN_CHARACTERS:
            quote = quote[:SHOWN_CHARACTERS].rsplit(" ", 1)[0] + "…"
        text = "\n".join(part for part in (f"“{quote}”" if quote else "", highlight.note) if part)
        item = QListWidgetItem(_swatch(highlight_colour(self._theme, highlight.color)), text)
        item.setData(HIGHLIGHT_ID, highlight.id)
        item.setToolTip(highlight.note or highlight.quote)
        self.list.addItem(item)

    def rows(self) -> list[tuple[int | None, str]]:
        """What the list shows, top to bottom: (highlight id, or None for a heading; its text)."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return [(item.data(HIGHLIGHT_ID), item.text()) for item in items]

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(HIGHLIGHT_ID) if item is not None else None
        return int(value) if value is not None else None

    def select(self, highlight_id: int) -> None:
        """Mark highlight `highlight_id` as the current one (the one the reader is at)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(HIGHLIGHT_ID) == highlight_id:
                self.list.setCurrentItem(item)
                return

    def _activated(self, item: QListWidgetItem) -> None:
        value = item.data(HIGHLIGHT_ID)
        if value is not None:
            self.chosen.emit(int(value))


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(_SWATCH, _SWATCH)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
