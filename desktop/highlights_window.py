"""Highlights in the main window: the panel beside the article, the Highlights entry under the views
with the list of every highlight, and one Undo for deleted highlights and deleted articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QApplication, QHBoxLayout, QStackedWidget, QWidget

from desktop.commands import UndoBar
from desktop.highlighting import Highlighting
from desktop.highlights_view import HighlightsView
from library.errors import ReaderError
from library.highlights.finding import count_highlights
from library.records import StoredArticle
from library.store import Library

if TYPE_CHECKING:
    from desktop.mainwindow import MainWindow

PANEL_WIDTH = 300


class HighlightsInWindow(QObject):
    """What the window holds of highlighting; the window asks it for the widgets it lays out."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.highlighting = Highlighting(window.library, window.reader, self)
        self.highlighting.panel.setFixedWidth(PANEL_WIDTH)
        self.view = HighlightsView(window.library)
        self.middle = QStackedWidget()
        self.undo_bar = UndoBar(window)
        self.undo_bar.button.setToolTip("Put the deleted highlight back (Ctrl+Z)")
        self.undo_bar.undo_requested.connect(self.undo_highlight)
        # What Undo undoes next, the most recent last: "highlight" or "articles".
        self._undo_order: list[str] = []

        window.library_pane.highlights_chosen.connect(self.show_highlights_view)
        self.view.chosen.connect(self.open_highlight)
        # Return or a double click: read it now, as from the article list.
        self.view.list.activated.connect(lambda _index: window.reader.setFocus())
        self.highlighting.changed.connect(self._highlights_changed)
        self.highlighting.deleted.connect(self._highlight_deleted)
        self.highlighting.problem.connect(lambda text: window.statusBar().showMessage(text, 5000))

    # -- the widgets the window lays out ---------------------------------------------

    def beside(self, reader: QWidget) -> QWidget:
        """The reading pane with the highlights panel at its right (shown with Shift+H)."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(reader, 1)
        layout.addWidget(self.highlighting.panel)
        return row

    def list_column(self, article_list: QWidget) -> QWidget:
        """The article list, or in its place the list of every highlight (the Highlights entry)."""
        self.middle.addWidget(article_list)
        self.middle.addWidget(self.view)
        pane = self.window.library_pane

        def chosen(index: QModelIndex) -> None:
            if not pane.sidebar_model.is_highlights(index.row()):
                self.show_article_list()

        pane.sidebar.clicked.connect(chosen)
        pane.sidebar.selectionModel().currentChanged.connect(lambda current, _previous: chosen(current))
        # Searching all articles shows its hits where the articles are listed.
        self.window.library_pane.search_box.textEdited.connect(lambda _text: self.show_article_list())
        return self.middle

    # -- the Highlights view ---------------------------------------------------------

    def show_highlights_view(self) -> None:
        """The list of every highlight in the middle column; J, K and Return move through it."""
        self.window.library_pane.select_highlights()
        self.view.set_theme(self.window.reader.effective_theme())
        self.middle.setCurrentWidget(self.view)
        # The view counts its highlights above the list; the article count would be about another list.
        self.window.library_pane.count_label.hide()
        self.view.focus_list()
        self._name_moves("Highlight")

    def show_article_list(self) -> None:
        self.middle.setCurrentIndex(0)
        self.window.library_pane.count_label.show()
        self._name_moves("Article")

    def _name_moves(self, what: str) -> None:
        self.window.action("next").setText(f"&Next {what}")
        self.window.action("previous").setText(f"&Previous {what}")

    def is_showing_highlights(self) -> bool:
        return self.middle.currentWidget() is self.view

    def next_in_list(self) -> None:
        """The next article of the list (J), or the next highlight while the Highlights view is shown."""
        if self.is_showing_highlights():
            self.view.move_by(+1)
        else:
            self.window.library_pane.next_article()

    def previous_in_list(self) -> None:
        """The article above (K), or the highlight above while the Highlights view is shown."""
        if self.is_showing_highlights():
            self.view.move_by(-1)
        else:
            self.window.library_pane.previous_article()

    def focus_search(self) -> bool:
        """Put the keyboard in the Highlights view's search box when it is shown (/); False when it is not."""
        if not self.is_showing_highlights():
            return False
        self.view.focus_search()
        return True

    def open_highlight(self, article_id: int, highlight_id: int) -> None:
        """Open the article of a highlight chosen in the Highlights view, at that highlight.

        The keyboard stays in the view (to go on with J, K or the arrows); Return gives it to the article.
        """
        focus = QApplication.focusWidget()
        self.window.open_article(article_id)
        if self.window.current_article_id() == article_id:
            self.highlighting.go_to(highlight_id)
        if focus is not None and self.view.isAncestorOf(focus):
            focus.setFocus()

    def refresh_count(self) -> None:
        """The entry says how many highlights the library holds."""
        try:
            number = count_highlights(self.window.library)
        except ReaderError:
            return
        self.window.library_pane.sidebar_model.set_highlight_count(number)

    # -- following the window --------------------------------------------------------

    def article_shown(self, stored: StoredArticle | None) -> None:
        self.highlighting.article_shown(stored)

    def set_library(self, library: Library) -> None:
        self.highlighting.set_library(library)
        self.view.set_library(library)
        self._undo_order.clear()
        self.undo_bar.hide()
        self.refresh_count()

    def refresh(self) -> None:
        """The library changed (an import, another program): the count and the Highlights view follow."""
        self.refresh_count()
        if self.is_showing_highlights():
            self.view.refresh()

    def _highlights_changed(self, _article_id: int) -> None:
        self.refresh_count()
        if self.is_showing_highlights():
            self.view.refresh()

    # -- undo ------------------------------------------------------------------------

    def _highlight_deleted(self, text: str) -> None:
        self._undo_order.append("highlight")
        self.undo_bar.offer(text)
        self.window.action("undo").setEnabled(True)

    def articles_deleted(self) -> None:
        """Articles were deleted: Undo puts them back first."""
        self._undo_order.append("articles")
        self.undo_bar.hide()

    def undo(self) -> None:
        """Undo the last delete, of a highlight or of articles (Ctrl+Z)."""
        last = self._undo_order.pop() if self._undo_order else "articles"
        if last == "highlight":
            self._restore_highlight()
        else:
            self.window.commands.undo_delete()
        self._enable_undo()

    def undo_highlight(self) -> None:
        """The Undo button of a deleted highlight."""
        if "highlight" in self._undo_order:
            del self._undo_order[len(self._undo_order) - 1 - self._undo_order[::-1].index("highlight")]
        self._restore_highlight()
        self._enable_undo()

    def _restore_highlight(self) -> None:
        self.highlighting.undo_delete()
        self.undo_bar.hide()

    def _enable_undo(self) -> None:
        self.window.action("undo").setEnabled(bool(self._undo_order))
