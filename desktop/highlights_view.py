"""The Highlights view: every highlight in the library, newest first, by colour, searched; choosing one opens it.

Moving through it (J and K, the arrows, Return) is the window's, as through the article list.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QListView, QVBoxLayout, QWidget

from desktop.highlights_colors import COLOUR_NAMES, highlight_colour
from desktop.librarypane import SearchBox
from library.errors import ReaderError
from library.highlights.finding import count_highlights, library_highlights
from library.highlights.model import COLORS, LibraryHighlight
from library.store import Library

PAGE = 100
SEARCH_DELAY_MS = 200
# Quotes longer than this are cut in the list.
SHOWN_CHARACTERS = 240
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex


class HighlightsModel(QAbstractListModel):
    """A page at a time of the library's highlights, as `library_highlights` gives them."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.color: str | None = None
        self.query = ""
        self.theme = "light"
        self._rows: list[LibraryHighlight] = []
        self._more = False
        self._icons: dict[str, QIcon] = {}

    def reload(self) -> None:
        """Read the first page again (after a filter changed, or the library did)."""
        self.beginResetModel()
        self._rows = self._page(None)
        self._more = len(self._rows) == PAGE
        self.endResetModel()

    def _page(self, after: LibraryHighlight | None) -> list[LibraryHighlight]:
        try:
            return library_highlights(
                self.library,
                color=self.color,
                query=self.query,
                after=after.cursor if after is not None else None,
                limit=PAGE,
            )
        except ReaderError:
            return []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or not self._rows:
            return
        page = self._page(self._rows[-1])
        self._more = len(page) == PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def row(self, number: int) -> LibraryHighlight:
        return self._rows[number]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        highlight = item.highlight
        if role == Qt.ItemDataRole.DisplayRole:
            return _describe(item)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(highlight_colour(self.theme, highlight.color))
        if role == Qt.ItemDataRole.ToolTipRole:
            return highlight.note or highlight.quote
        if role == HIGHLIGHT_ROLE:
            return (highlight.article_id, highlight.id)
        return None

    def _icon(self, colour: str) -> QIcon:
        if colour not in self._icons:
            pixmap = QPixmap(14, 14)
            pixmap.fill(QColor(colour))
            self._icons[colour] = QIcon(pixmap)
        return self._icons[colour]


def _describe(item: LibraryHighlight) -> str:
    """A row: the quote (or that it is a note on the whole article), its note, its article."""
    highlight = item.highlight
    quote = " ".join(highlight.quote.split())
    if len(quote) > SHOWN_CHARACTERS:
        quote = quote[:SHOWN_CHARACTERS].rsplit(" ", 1)[0] + "…"
    lines = [f"“{quote}”" if quote else "A note on the whole article"]
    if highlight.note:
        lines.append(highlight.note)
    where = item.article_title
    if not highlight.placed and not highlight.on_article:
        where += " · not found in the current text"
    lines.append(f"— {where}")
    return "\n".join(lines)


class HighlightsView(QWidget):
    """The library's highlights with a colour filter and a search box, and how many there are.

    Signals:
        chosen(int, int): an article id and a highlight id: the reader wants to read it there.
    """

    chosen = Signal(int, int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightsView")
        self.model = HighlightsModel(library, self)
        self.search = SearchBox(self)
        self.search.setPlaceholderText("Search highlights and notes  ( / )")
        self.search.setClearButtonEnabled(True)
        self.colour = QComboBox(self)
        self.colour.addItem("All colours", None)
        for color in COLORS:
            self.colour.addItem(COLOUR_NAMES[color], color)
        self.count = QLabel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setAccessibleName("Every highlight in the library")
        controls = QHBoxLayout()
        controls.addWidget(self.search, 1)
        controls.addWidget(self.colour)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.count)
        layout.addWidget(self.list, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.refresh)
        # Return and Down go from the box into the list (choosing its first row), Esc (clearing the box) too.
        self.search.leave_down.connect(self._into_list)
        self.search.escaped.connect(self.focus_list)
        self.colour.currentIndexChanged.connect(self.refresh)
        self.list.activated.connect(self._activated)
        self.list.clicked.connect(self._activated)
        self.refresh()

    def set_library(self, library: Library) -> None:
        self.model.library = library
        self.refresh()

    def set_theme(self, theme: str) -> None:
        """Colour the swatches for a light or dark window."""
        self.model.theme = "dark" if theme == "dark" else "light"
        self.refresh()

    def refresh(self) -> None:
        """Read the list and the count again, with the filters as they are now."""
        self._search_timer.stop()
        self.model.color = self.colour.currentData()
        self.model.query = self.search.text()
        self.model.reload()
        try:
            total = count_highlights(self.model.library, self.model.color)
        except ReaderError:
            total = 0
        shown = self.model.rowCount()
        if self.model.query.strip():
            self.count.setText(f"{shown}{'+' if self.model.canFetchMore(QModelIndex()) else ''} found")
        else:
            self.count.setText(f"{total} highlight{'s' if total != 1 else ''}")

    def focus_list(self) -> None:
        """Put the keyboard in the list, where J, K, the arrows and Return move through it."""
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        """Put the keyboard in the search box, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def move_by(self, step: int) -> bool:
        """Choose the highlight `step` rows below the chosen one (above when negative), or the first when
        none is chosen; False when there is none there (the ends of the list stay put)."""
        selection = self.list.selectionModel()
        current = self.list.currentIndex()
        # A list that merely received the focus has a current row nobody chose.
        row = current.row() if current.isValid() and selection.isSelected(current) else -1
        target = row + step if row >= 0 else 0
        if target >= self.model.rowCount() and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        if not 0 <= target < self.model.rowCount():
            return False
        index = self.model.index(target)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(index)
        self._activated(index)
        return True

    def _into_list(self) -> None:
        """From the search box down into the list: its first row is chosen, as the article search does."""
        if self._search_timer.isActive():
            self.refresh()  # what was typed is searched first
        self.focus_list()
        if not self.list.selectionModel().hasSelection():
            self.move_by(+1)

    def _activated(self, index: QModelIndex) -> None:
        value = index.data(HIGHLIGHT_ROLE)
        if value is not None:
            article_id, highlight_id = value
            self.chosen.emit(int(article_id), int(highlight_id))
