"""The sidebar as a Qt model: the library's views (All, Unread, Favourites, Archive, each tag) and Highlights, with counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

from library.records import View

AnyIndex = QModelIndex | QPersistentModelIndex

# The views every library has, in the order the sidebar lists them, before the tags.
FIXED_VIEWS: tuple[tuple[View, str], ...] = (
    (View("all"), "All articles"),
    (View("unread"), "Unread"),
    (View("favorites"), "Favourites"),
    (View("archive"), "Archive"),
)


# After the fixed views: every highlight in the library, a list of its own rather than a view of articles.
HIGHLIGHTS_ROW = len(FIXED_VIEWS)
HIGHLIGHTS_LABEL = "Highlights"
FIRST_TAG_ROW = HIGHLIGHTS_ROW + 1


def view_label(view: View) -> str:
    """What the sidebar calls `view`."""
    for fixed, label in FIXED_VIEWS:
        if fixed == view:
            return label
    return view.tag or ""


class SidebarModel(QAbstractListModel):
    """The views and how many articles each holds; fed by `set_counts(library.view_counts())`.

    The row after the fixed views is the Highlights entry: `view()` gives None for it,
    and its count comes from `set_highlight_count`.
    """

    ViewRole = Qt.ItemDataRole.UserRole + 1
    CountRole = Qt.ItemDataRole.UserRole + 2
    IsTagRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._views: list[View | None] = [*(view for view, _label in FIXED_VIEWS), None]
        # None until the first counts arrive (they come just after the window is shown).
        self._counts: dict[View, int] | None = None
        self._highlights: int | None = None

    def set_counts(self, counts: Mapping[View, int]) -> None:
        """Show `counts`; tags appear and disappear as the library's tags do."""
        tags = sorted(
            (v for v in counts if v.kind == "tag"), key=lambda v: ((v.tag or "").casefold(), v.tag or "")
        )
        views: list[View | None] = [*(view for view, _label in FIXED_VIEWS), None, *tags]
        if views != self._views or self._counts is None:
            self.beginResetModel()
            self._views = views
            self._counts = dict(counts)
            self.endResetModel()
            return
        self._counts = dict(counts)
        if self._views:
            self.dataChanged.emit(self.index(0), self.index(len(self._views) - 1), [self.CountRole])

    def set_highlight_count(self, number: int) -> None:
        """Show how many highlights the library holds beside the Highlights entry."""
        self._highlights = number
        index = self.index(HIGHLIGHTS_ROW)
        self.dataChanged.emit(index, index, [self.CountRole])

    def view(self, row: int) -> View | None:
        """The view in `row`; None outside the list and for the Highlights entry."""
        return self._views[row] if 0 <= row < len(self._views) else None

    @staticmethod
    def is_highlights(row: int) -> bool:
        return row == HIGHLIGHTS_ROW

    def row_of(self, view: View) -> int:
        """The row of `view`, or -1 when the sidebar does not list it (a tag no article carries)."""
        try:
            return self._views.index(view)
        except ValueError:
            return -1

    def count(self, view: View) -> int | None:
        """How many articles `view` holds; None before the counts arrive."""
        if self._counts is None:
            return None
        return self._counts.get(view, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._views)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(self._views):
            return None
        view = self._views[index.row()]
        if view is None:
            return self._highlights_data(role)
        if role == Qt.ItemDataRole.DisplayRole:
            return view_label(view)
        if role == self.ViewRole:
            return view
        if role == self.CountRole:
            return self.count(view)
        if role == self.IsTagRole:
            return view.kind == "tag"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            number = self.count(view)
            if number is None:
                return view_label(view)
            return f"{view_label(view)}: {number:,} article{'s' if number != 1 else ''}"
        return None

    def _highlights_data(self, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return HIGHLIGHTS_LABEL
        if role == self.CountRole:
            return self._highlights
        if role == self.IsTagRole:
            return False
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            number = self._highlights
            return HIGHLIGHTS_LABEL if number is None else f"Every highlight in the library: {number:,}"
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update(
            {
                self.ViewRole: QByteArray(b"view"),
                self.CountRole: QByteArray(b"count"),
                self.IsTagRole: QByteArray(b"isTag"),
            }
        )
        return names
