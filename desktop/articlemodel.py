"""The article list as a Qt model: header rows from the library, fetched a keyset page at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt, Signal

from library.records import ArticleHeader, Cursor
from library.store import MATCH_END, MATCH_START

# A page of the list: the headers after `cursor` (None: from the top), at most `limit` of them.
PageSource = Callable[[Cursor | None, int], list[ArticleHeader]]

AnyIndex = QModelIndex | QPersistentModelIndex

# Big enough that a tall window fills in one page, small enough that a page costs ~1 ms.
PAGE_SIZE = 200


# What a snippet found in a highlight or its note says before it.
FOUND_IN = {"note": "In your note: ", "highlight": "In your highlight: "}


def snippet_html(snippet: str | None, found_in: str | None = None) -> str:
    """A search snippet as safe HTML: the text escaped, matched words in `<b>`, and where it was
    found when that was a highlight or its note."""
    if not snippet:
        return ""
    # Escape first, so that markup in the article text shows as text; the markers are
    # private-use characters that escaping leaves alone.
    safe = escape(" ".join(snippet.split()), quote=False)
    marked = safe.replace(MATCH_START, "<b>").replace(MATCH_END, "</b>")
    where = FOUND_IN.get(found_in or "")
    return f"<i>{where}</i>{marked}" if where else marked


def display_date(header: ArticleHeader) -> str:
    """The date a row shows: when the article was published, else when it was saved ("12 Mar 2024")."""
    text = header.published or header.saved_at or ""
    try:
        when = dt.date.fromisoformat(text[:10])
    except ValueError:
        return ""
    return f"{when.day} {when.strftime('%b')} {when.year}"


def status_note(header: ArticleHeader) -> str:
    """What a row says about an article that is not readable offline yet ("" when it is)."""
    if header.status == "pending":
        return "not downloaded"
    if header.status == "failed":
        return "download failed"
    return ""


def _sort_key(header: ArticleHeader) -> tuple[str, int]:
    return (header.saved_at, header.id)


class ArticleListModel(QAbstractListModel):
    """Article headers for one view, newest first, fetched a page at a time; or search results.

    The model never queries anything itself: it is given a `PageSource` (a view
    of the library) or a list of search hits, and rows to update.

    Signals:
        page_fetched: rows appended by fetchMore() (0 when the list has ended).
    """

    ArticleIdRole = Qt.ItemDataRole.UserRole + 1
    TitleRole = Qt.ItemDataRole.UserRole + 2
    SiteRole = Qt.ItemDataRole.UserRole + 3
    DateRole = Qt.ItemDataRole.UserRole + 4
    ReadingMinutesRole = Qt.ItemDataRole.UserRole + 5
    UnreadRole = Qt.ItemDataRole.UserRole + 6
    FavoriteRole = Qt.ItemDataRole.UserRole + 7
    ArchivedRole = Qt.ItemDataRole.UserRole + 8
    SnippetRole = Qt.ItemDataRole.UserRole + 9
    StatusRole = Qt.ItemDataRole.UserRole + 10
    StatusNoteRole = Qt.ItemDataRole.UserRole + 11
    UrlRole = Qt.ItemDataRole.UserRole + 12
    HeaderRole = Qt.ItemDataRole.UserRole + 13

    page_fetched = Signal(int)

    def __init__(self, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._rows: list[ArticleHeader] = []
        self._source: PageSource | None = None
        self._exhausted = True
        self._page_size = page_size
        self._search_mode = False

    # -- what the list shows ----------------------------------------------------------

    def set_source(self, source: PageSource | None) -> None:
        """Show the pages of `source` from the top (the first page arrives with fetchMore)."""
        self.beginResetModel()
        self._rows = []
        self._source = source
        self._exhausted = source is None
        self._search_mode = False
        self.endResetModel()

    def show_search_results(self, hits: Sequence[ArticleHeader]) -> None:
        """Show `hits` (best first, with snippets) instead of a view."""
        self.beginResetModel()
        self._rows = list(hits)
        self._source = None
        self._exhausted = True
        self._search_mode = True
        self.endResetModel()

    @property
    def search_mode(self) -> bool:
        """True while the rows are search hits rather than a view."""
        return self._search_mode

    @property
    def exhausted(self) -> bool:
        """True when every row of the view has been fetched."""
        return self._exhausted

    # -- Qt's list interface ---------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._source is None:
            return
        after = self._rows[-1].cursor if self._rows else None
        page = self._source(after, self._page_size)
        if len(page) < self._page_size:
            self._exhausted = True
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self.page_fetched.emit(len(page))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(self._rows):
            return None
        header = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, self.TitleRole):
            return header.title
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [escape(header.title)]
            if header.url:
                lines.append(escape(header.url))
            if header.fetch_error:
                lines.append(escape(header.fetch_error))
            return "<br>".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [header.title, header.site_name or "", display_date(header), status_note(header)]
            if not header.read:
                parts.append("unread")
            if header.favorite:
                parts.append("favourite")
            return ", ".join(p for p in parts if p)
        return self._role_value(header, role)

    def _role_value(self, header: ArticleHeader, role: int) -> Any:
        values: dict[int, Callable[[], Any]] = {
            self.ArticleIdRole: lambda: header.id,
            self.SiteRole: lambda: header.site_name or "",
            self.DateRole: lambda: display_date(header),
            self.ReadingMinutesRole: lambda: header.reading_minutes,
            self.UnreadRole: lambda: not header.read,
            self.FavoriteRole: lambda: header.favorite,
            self.ArchivedRole: lambda: header.archived,
            self.SnippetRole: lambda: (
                snippet_html(header.snippet, header.found_in) if self._search_mode else ""
            ),
            self.StatusRole: lambda: header.status,
            self.StatusNoteRole: lambda: status_note(header),
            self.UrlRole: lambda: header.url or "",
            self.HeaderRole: lambda: header,
        }
        getter = values.get(role)
        return getter() if getter is not None else None

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update(
            {
                self.ArticleIdRole: QByteArray(b"articleId"),
                self.TitleRole: QByteArray(b"title"),
                self.SiteRole: QByteArray(b"site"),
                self.DateRole: QByteArray(b"date"),
                self.ReadingMinutesRole: QByteArray(b"readingMinutes"),
                self.UnreadRole: QByteArray(b"unread"),
                self.FavoriteRole: QByteArray(b"favorite"),
                self.ArchivedRole: QByteArray(b"archived"),
                self.SnippetRole: QByteArray(b"snippet"),
                self.StatusRole: QByteArray(b"status"),
                self.StatusNoteRole: QByteArray(b"statusNote"),
                self.UrlRole: QByteArray(b"url"),
                self.HeaderRole: QByteArray(b"header"),
            }
        )
        return names

    # -- rows by article -------------------------------------------------------------

    def header(self, row: int) -> ArticleHeader | None:
        """The header shown in `row`, or None outside the list."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def article_ids(self) -> list[int]:
        """The ids of the rows fetched so far, top to bottom."""
        return [header.id for header in self._rows]

    def row_of(self, article_id: int) -> int:
        """The row showing `article_id`, or -1."""
        for row, header in enumerate(self._rows):
            if header.id == article_id:
                return row
        return -1

    def update_header(self, header: ArticleHeader) -> None:
        """Show `header` in place of the row with the same article (a change of state)."""
        row = self.row_of(header.id)
        if row < 0:
            return
        # A search hit keeps its snippet: the new header comes from the list, not the search.
        if header.snippet is None:
            header.snippet = self._rows[row].snippet
        self._rows[row] = header
        changed = self.index(row)
        self.dataChanged.emit(changed, changed)

    def remove_articles(self, article_ids: Iterable[int]) -> None:
        """Take the rows of `article_ids` out of the list (deleted, or no longer in the view)."""
        doomed = set(article_ids)
        # From the bottom up, in runs, so each removal leaves the rows above it where they are.
        row = len(self._rows) - 1
        while row >= 0:
            if self._rows[row].id not in doomed:
                row -= 1
                continue
            last = row
            while row - 1 >= 0 and self._rows[row - 1].id in doomed:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del self._rows[row : last + 1]
            self.endRemoveRows()
            row -= 1

    def merge(self, fresh: Sequence[ArticleHeader], *, exhausted: bool, keep: Iterable[int] = ()) -> None:
        """Bring the fetched rows up to date with `fresh` (the same view queried again, newest first).

        Rows are inserted, removed and changed one by one, so that the selection
        and the scroll position survive new articles arriving during an import.
        Rows of `keep` stay even when `fresh` lacks them (the article being read
        that has just stopped matching "Unread").
        """
        if self._search_mode:
            return
        kept = set(keep)
        wanted = {header.id for header in fresh}
        self.remove_articles([h.id for h in self._rows if h.id not in wanted and h.id not in kept])
        # Both lists are in the same order (saved time, id: neither ever changes), so one
        # walk down both finds every insertion point.
        row = 0
        for header in fresh:
            key = _sort_key(header)
            while (
                row < len(self._rows)
                and self._rows[row].id not in wanted
                and _sort_key(self._rows[row]) > key
            ):
                row += 1  # a kept row that the view no longer holds
            if row < len(self._rows) and self._rows[row].id == header.id:
                if self._rows[row] != header:
                    self._rows[row] = header
                    changed = self.index(row)
                    self.dataChanged.emit(changed, changed)
            else:
                self.beginInsertRows(QModelIndex(), row, row)
                self._rows.insert(row, header)
                self.endInsertRows()
            row += 1
        self._exhausted = exhausted
