"""The library pane: the views with their counts, the search box and the article list, and moving through them."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from desktop import dialogs
from desktop.articledelegate import ArticleDelegate, SidebarDelegate
from desktop.articlemodel import PAGE_SIZE, ArticleListModel
from desktop.sidebarmodel import HIGHLIGHTS_ROW, SidebarModel, view_label
from library.errors import ReaderError
from library.records import ArticleHeader, Cursor, View
from library.store import Library

log = logging.getLogger("reader.list")

# Typing pauses this long before the search runs: long enough to skip the letters in between.
SEARCH_DELAY_MS = 200
# The best 50: ranking and snippets cost grows with every hit shown (about 1 ms a hit at 100,000 articles).
SEARCH_LIMIT = 50


class SearchBox(QLineEdit):
    """The search field: Esc clears it; Return and Down go into the results.

    Signals:
        escaped: Esc was pressed in the box.
        leave_down: Return or Down asks to go down into the results.
    """

    escaped = Signal()
    leave_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.clear()
            self.escaped.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            # Return also runs a search still waiting for the pause after typing (returnPressed).
            if key != Qt.Key.Key_Down:
                self.returnPressed.emit()
            self.leave_down.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class LibraryPane(QObject):
    """The sidebar of views, the search box and the list of one view or a search.

    The pane shows and chooses; it changes nothing in the library. The window places its
    two parts (`sidebar` and `list_panel`), tells it which article is being read
    (`set_current_article`) and asks it what is selected.

    Signals:
        article_chosen(int): a row was made current and selected (a click, the arrows, j or k).
        article_activated(int): Return or a double click on a row: read it now.
        selection_changed: the selected rows changed (the actions on them follow).
        message(str, int): something to say in the status bar, for that many ms (0: until replaced).
        list_refreshed: the list and the counts were brought up to date with the library.
        highlights_chosen: the Highlights entry of the sidebar was chosen.
    """

    article_chosen = Signal(int)
    article_activated = Signal(int)
    selection_changed = Signal()
    message = Signal(str, int)
    list_refreshed = Signal()
    highlights_chosen = Signal()

    def __init__(self, library: Library, window: QWidget) -> None:
        super().__init__(window)
        self.library = library
        self._window = window
        self._view = View()
        # The Highlights entry is the sidebar's current row (its list shows instead of the articles').
        self._on_highlights = False
        self._current_id: int | None = None
        # The actions the context menu offers, by name (the window's, made from the command table).
        self.menu_actions: Callable[[list[ArticleHeader]], list[QAction | None]] = lambda _headers: []

        self.sidebar_model = SidebarModel(self)
        self.sidebar = QListView(window)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setModel(self.sidebar_model)
        self.sidebar.setItemDelegate(SidebarDelegate(self.sidebar))
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sidebar.setMinimumWidth(150)
        self.sidebar.setAccessibleName("Views")

        self.article_model = ArticleListModel(window)
        self.search_box = SearchBox(window)
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText("Search all articles  ( / )")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search")
        self.search_icon = self.search_box.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition)
        self.article_list = QListView(window)
        self.article_list.setObjectName("articles")
        self.article_list.setModel(self.article_model)
        self.article_list.setItemDelegate(ArticleDelegate(self.article_list))
        self.article_list.setUniformItemSizes(True)
        self.article_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.article_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.article_list.setFrameShape(QFrame.Shape.NoFrame)
        self.article_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.article_list.setAccessibleName("Articles")
        self.article_list.setMinimumWidth(240)
        self.article_list.installEventFilter(self)
        # The search box and the list, as one column of the window's splitter.
        self.list_panel = QWidget(window)
        list_layout = QVBoxLayout(self.list_panel)
        list_layout.setContentsMargins(8, 8, 0, 0)
        list_layout.setSpacing(6)
        list_layout.addWidget(self.search_box)
        list_layout.addWidget(self.article_list)
        self.count_label = QLabel(window)
        for widget in (self.article_list.viewport(), self.sidebar.viewport()):
            # Drops go to the window, wherever they land.
            widget.setAcceptDrops(False)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)

        self.sidebar.selectionModel().currentChanged.connect(self._on_view_chosen)
        selection = self.article_list.selectionModel()
        selection.currentChanged.connect(self._on_current_row)
        selection.selectionChanged.connect(self._on_current_row)
        selection.selectionChanged.connect(self.selection_changed)
        self.article_model.modelReset.connect(self.selection_changed)
        self.article_list.customContextMenuRequested.connect(self._show_context_menu)
        self.article_list.activated.connect(self._on_activated)
        self.search_box.textChanged.connect(self._on_search_text)
        self.search_box.returnPressed.connect(self._run_search_now)
        self.search_box.escaped.connect(self.article_list.setFocus)
        self.search_box.leave_down.connect(self._into_results)

    def stop(self) -> None:
        """Run no search any more (the window is closing, and the library with it)."""
        self._search_timer.stop()

    # -- the view ----------------------------------------------------------------------

    @property
    def view(self) -> View:
        """The sidebar view the list shows (searches cover every article)."""
        return self._view

    def show_view(self, view: View) -> None:
        """List the articles of `view` (leaving any search)."""
        self._view = view
        self._on_highlights = False
        if self.search_box.text():
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self._search_timer.stop()
        self._select_view_row()
        self.sidebar.viewport().update()
        self.article_model.set_source(self._page_source(view))
        # The first page now, not at the next layout, so the list is never empty for a moment.
        self.article_model.fetchMore()
        self._select_current_row()
        self._update_count_label()

    def _page_source(self, view: View) -> Callable[[Cursor | None, int], list[ArticleHeader]]:
        library = self.library

        def page(after: Cursor | None, limit: int) -> list[ArticleHeader]:
            try:
                return library.headers(view, after=after, limit=limit)
            except ReaderError as error:
                self.message.emit(str(error), 0)
                return []

        return page

    def _on_view_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.sidebar_model.is_highlights(current.row()):
            self._on_highlights = True
            self.highlights_chosen.emit()
            return
        self._on_highlights = False
        view = self.sidebar_model.view(current.row())
        if view is not None and (view != self._view or self.article_model.search_mode):
            self.show_view(view)

    def select_highlights(self) -> None:
        """Make the Highlights entry the sidebar's current row (its list is being shown)."""
        self._on_highlights = True
        self.sidebar.selectionModel().blockSignals(True)
        self.sidebar.setCurrentIndex(self.sidebar_model.index(HIGHLIGHTS_ROW))
        self.sidebar.selectionModel().blockSignals(False)
        self.sidebar.viewport().update()

    def _select_view_row(self) -> None:
        if self._on_highlights:
            return
        row = self.sidebar_model.row_of(self._view)
        if row >= 0 and self.sidebar.currentIndex().row() != row:
            self.sidebar.selectionModel().blockSignals(True)
            self.sidebar.setCurrentIndex(self.sidebar_model.index(row))
            self.sidebar.selectionModel().blockSignals(False)

    def refresh_counts(self) -> None:
        """Bring the sidebar's counts up to date.

        Raises:
            ReaderError: the library could not be read.
        """
        self.sidebar_model.set_counts(self.library.view_counts())
        if self.sidebar_model.row_of(self._view) < 0:
            # A tag view whose tag went away (with its last article, or since the last run).
            self.show_view(View())
        self._select_view_row()
        self._update_count_label()

    def refresh(self) -> None:
        """Bring the list and the counts up to date with the library, keeping the selection and the scroll.

        Raises:
            ReaderError: the library could not be read.
        """
        self.refresh_counts()
        if not self.article_model.search_mode:
            limit = max(self.article_model.rowCount(), PAGE_SIZE) + 50
            fresh = self.library.headers(self._view, limit=limit)
            keep = [self._current_id] if self._current_id is not None else []
            self.article_model.merge(fresh, exhausted=len(fresh) < limit, keep=keep)
        self.list_refreshed.emit()

    def _update_count_label(self) -> None:
        if self.article_model.search_mode:
            hits = self.article_model.rowCount()
            query = self.search_box.text().strip()
            self.count_label.setText(
                f"{hits} result{'s' if hits != 1 else ''} for “{query}”"
                if hits
                else f"Nothing matches “{query}”"
            )
            return
        number = self.sidebar_model.count(self._view)
        if number is None:
            self.count_label.setText(view_label(self._view))
        else:
            self.count_label.setText(
                f"{view_label(self._view)}: {number:,} article{'s' if number != 1 else ''}"
            )

    # -- the search --------------------------------------------------------------------

    def _on_search_text(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self.show_view(self._view)

    def _run_search_now(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._run_search()

    def _run_search(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            return
        try:
            hits = self.library.search(query, limit=SEARCH_LIMIT)
        except ReaderError as error:
            log.warning("%s", error)
            dialogs.show_error(self._window, "Article Reader", str(error))
            return
        self.article_model.show_search_results(hits)
        self._select_current_row()
        self._update_count_label()

    def focus_search(self) -> None:
        """Put the keyboard in the search box, its text selected."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _into_results(self) -> None:
        """From the search box down into the list: the first row (or the one being read) is chosen."""
        self.article_list.setFocus(Qt.FocusReason.TabFocusReason)
        if self.article_model.rowCount() == 0:
            return
        selection = self.article_list.selectionModel()
        current = self.article_list.currentIndex()
        if not (current.isValid() and selection.isSelected(current)):
            selection.setCurrentIndex(
                self.article_model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up from the first search result goes back to the box the results came from.
        if (
            watched is self.article_list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Up
            and not event.modifiers()
            and self.article_model.search_mode
            and self.article_list.currentIndex().row() <= 0
        ):
            self.search_box.setFocus(Qt.FocusReason.BacktabFocusReason)
            return True
        return super().eventFilter(watched, event)

    # -- rows and the article being read -----------------------------------------------

    def set_current_article(self, article_id: int | None) -> None:
        """The article being read: its row is selected whenever the list shows it, and kept in refreshes."""
        self._current_id = article_id
        self._select_current_row()

    def current_article_id(self) -> int | None:
        return self._current_id

    def _select_current_row(self) -> None:
        if self._current_id is None:
            return
        row = self.article_model.row_of(self._current_id)
        if row >= 0:
            selection = self.article_list.selectionModel()
            selection.blockSignals(True)
            selection.setCurrentIndex(
                self.article_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            selection.blockSignals(False)
            self.article_list.viewport().update()
            self.selection_changed.emit()

    def _on_current_row(self, *_args: object) -> None:
        # A list that merely receives the focus makes its first row current without selecting
        # it; that is not a request to read (and mark read) the first article. A click makes
        # the row current first and selects it after, so selection changes come here too.
        current = self.article_list.currentIndex()
        if not current.isValid() or not self.article_list.selectionModel().isSelected(current):
            return
        article_id = current.data(ArticleListModel.ArticleIdRole)
        if article_id is not None and article_id != self._current_id:
            self.article_chosen.emit(int(article_id))

    def _on_activated(self, index: QModelIndex) -> None:
        article_id = index.data(ArticleListModel.ArticleIdRole)
        if article_id is not None:
            self.article_activated.emit(int(article_id))

    def open_selected(self) -> None:
        """Read the current row's article now (the context menu's Open)."""
        index = self.article_list.currentIndex()
        if index.isValid():
            self._on_activated(index)

    def selected_headers(self) -> list[ArticleHeader]:
        """The selected rows' headers, top to bottom; the current row when nothing is selected."""
        rows = sorted(index.row() for index in self.article_list.selectionModel().selectedRows())
        if not rows and self.article_list.currentIndex().isValid():
            rows = [self.article_list.currentIndex().row()]
        headers = [self.article_model.header(row) for row in rows]
        return [h for h in headers if h is not None]

    def update_header(self, header: ArticleHeader) -> None:
        """Show a changed article's row as it is now."""
        self.article_model.update_header(header)

    def remove_rows(self, ids: list[int]) -> None:
        """Take rows out of the list; the row after them becomes current (it opens, as after j)."""
        rows = [self.article_model.row_of(article_id) for article_id in ids]
        rows = [row for row in rows if row >= 0]
        if not rows:
            return
        next_row = min(rows)
        selection = self.article_list.selectionModel()
        selection.blockSignals(True)
        try:
            self.article_model.remove_articles(ids)
            selection.clearSelection()
        finally:
            selection.blockSignals(False)
        if self.article_model.rowCount() == 0 and self.article_model.canFetchMore():
            self.article_model.fetchMore()
        next_row = min(next_row, self.article_model.rowCount() - 1)
        if next_row >= 0:
            selection.setCurrentIndex(
                self.article_model.index(next_row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        else:
            selection.clearCurrentIndex()
        self.selection_changed.emit()

    def next_article(self) -> None:
        """Choose the article below the one being read (j)."""
        self._move(+1)

    def previous_article(self) -> None:
        """Choose the article above the one being read (k)."""
        self._move(-1)

    def _move(self, step: int) -> None:
        model = self.article_model
        # From the article being read; the list's current row can differ (a focus change sets it).
        row = model.row_of(self._current_id) if self._current_id is not None else -1
        target = row + step if row >= 0 else 0
        if target >= model.rowCount() and model.canFetchMore():
            model.fetchMore()
        if 0 <= target < model.rowCount():
            index = model.index(target)
            self.article_list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.article_list.scrollTo(index)

    def ensure_filled(self) -> None:
        """The first page of the list now, if it has not arrived (before a screenshot)."""
        if self.article_model.rowCount() == 0 and self.article_model.canFetchMore():
            self.article_model.fetchMore()

    # -- the context menu --------------------------------------------------------------

    def context_menu(self) -> QMenu:
        """The menu of actions on the selected rows."""
        menu = QMenu(self._window)
        for action in self.menu_actions(self.selected_headers()):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.article_list.indexAt(position)
        if not index.isValid():
            return
        if not self.article_list.selectionModel().isSelected(index):
            self.article_list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self.selection_changed.emit()
        menu = self.context_menu()
        dialogs.exec_menu(menu, self.article_list.viewport().mapToGlobal(position))
        menu.deleteLater()
