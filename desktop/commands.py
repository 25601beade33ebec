"""What the person does to articles: favourite, archive, read, tags, delete and undo, links and copying."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop import dialogs
from desktop.librarypane import LibraryPane
from desktop.workers import is_web_address
from library.errors import LibraryReadOnlyError, ReaderError
from library.records import ArticleHeader, DeletedArticles
from library.store import Library

log = logging.getLogger("reader.commands")

UNDO_SECONDS = 10
# Open Original opens at most this many pages at once: a selection of hundreds is a slip.
MAX_OPENED = 10

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(method: Callable[P, R]) -> Callable[P, R | None]:
    """Show a `ReaderError` raised by a command as a message instead of a crash."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(*args, **kwargs)
        except ReaderError as error:
            owner = args[0]
            window = owner if isinstance(owner, QWidget) else getattr(owner, "window", None)
            log.warning("%s", error)
            tell_read_only = getattr(window, "tell_read_only", None)
            if isinstance(error, LibraryReadOnlyError) and tell_read_only is not None:
                tell_read_only(str(error))  # once in a dialog, then quietly: the status bar says why
                return None
            dialogs.show_error(window if isinstance(window, QWidget) else None, "Article Reader", str(error))
            return None

    return wrapper


def plural(number: int, word: str) -> str:
    """ "1 article", "3 articles"."""
    return f"{number} {word}{'s' if number != 1 else ''}"


class UndoBar(QWidget):
    """ "Deleted 3 articles — Undo" in the status bar for a few seconds after a delete.

    Signals:
        undo_requested: the Undo button was pressed.
    """

    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.button = QPushButton("Undo", self)
        self.button.setToolTip("Put the deleted articles back (Ctrl+Z)")
        self.button.clicked.connect(self.undo_requested)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        self.hide()

    def offer(self, text: str) -> None:
        """Show `text` with the Undo button for a few seconds."""
        self.label.setText(text)
        self.show()
        self.timer.start(UNDO_SECONDS * 1000)


class ArticleCommands(QObject):
    """The commands on the selected articles (or the one being read), and their undo.

    Signals:
        message(str, int): something to say in the status bar, for that many ms.
        article_changed(int): the article being read changed in the library (its tags): show it again.
        leaving(list): these articles are about to be deleted (save what is pending about them).
        deleted_current: the article being read was deleted and no other row took its place.
        refresh_needed: the list and the counts need refreshing (articles came back).
    """

    message = Signal(str, int)
    article_changed = Signal(int)
    leaving = Signal(list)
    deleted_current = Signal()
    refresh_needed = Signal()

    def __init__(self, library: Library, pane: LibraryPane, window: QWidget) -> None:
        super().__init__(window)
        self.library = library
        self.pane = pane
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.undo_bar = UndoBar(window)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self._deleted: DeletedArticles | None = None

    # -- what the commands act on ------------------------------------------------------

    def _current_headers(self) -> list[ArticleHeader]:
        current = self.pane.current_article_id()
        if current is None:
            return []
        header = self.library.header(current)
        return [header] if header is not None else []

    def targets(self) -> list[ArticleHeader]:
        """The selected rows, or else the article being read."""
        return self.pane.selected_headers() or self._current_headers()

    def _target_ids(self) -> list[int]:
        return [header.id for header in self.targets()]

    def update_actions(self) -> None:
        """Enable the commands that have something to act on, and say what the toggles will do."""
        headers = self.targets()
        has = bool(headers)
        for name in ("favorite", "archive", "unread", "mark_read", "tags", "delete", "open", "extract_again"):
            self.actions[name].setEnabled(has)
        with_url = any(h.url for h in headers)
        # A cheap look at the scheme: the full check (and its imports) waits for the command itself.
        web = any((h.url or "").lower().startswith(("http://", "https://")) for h in headers)
        self.actions["open_original"].setEnabled(web)
        self.actions["show_original"].setEnabled(len(headers) == 1 and headers[0].status == "ready")
        self.actions["copy_link"].setEnabled(with_url)
        self.actions["favorite"].setText(
            "Remove from &Favourites" if has and all(h.favorite for h in headers) else "Add to &Favourites"
        )
        self.actions["archive"].setText(
            "Move out of the &Archive" if has and all(h.archived for h in headers) else "Move to the &Archive"
        )

    def context_actions(self, headers: list[ArticleHeader]) -> list[QAction | None]:
        """The context menu of `headers` (None: a separator)."""
        a = self.actions
        items: list[QAction | None] = [a["open"], None] if len(headers) == 1 else []
        items += [a["favorite"], a["archive"]]
        if any(not h.read for h in headers):
            items.append(a["mark_read"])
        if any(h.read for h in headers):
            items.append(a["unread"])
        items += [a["tags"], None, a["copy_link"], a["open_original"], a["extract_again"], None, a["delete"]]
        return items

    # -- state -------------------------------------------------------------------------

    def _apply_state(self, ids: list[int], **flags: bool) -> None:
        self.library.set_state(ids, **flags)
        view = self.pane.view
        leaving = []
        for article_id in ids:
            header = self.library.header(article_id)
            if header is None:
                continue
            self.pane.update_header(header)
            tags = self.library.tags_of(article_id) if view.kind == "tag" else ()
            if not self.pane.article_model.search_mode and not view.contains(header, tags):
                leaving.append(article_id)
        if leaving:
            self.pane.remove_rows(leaving)
        self.pane.refresh_counts()
        self.update_actions()

    @reports_errors
    def toggle_favorite(self) -> None:
        """Favourite the selection; when it is all favourite already, unfavourite it (s)."""
        headers = self.targets()
        if headers:
            self._apply_state([h.id for h in headers], favorite=not all(h.favorite for h in headers))

    @reports_errors
    def toggle_archive(self) -> None:
        """Archive the selection; when it is all archived already, take it out (e)."""
        headers = self.targets()
        if headers:
            archived = not all(h.archived for h in headers)
            self._apply_state([h.id for h in headers], archived=archived)
            said = "Archived" if archived else "Moved out of the archive:"
            self.message.emit(f"{said} {plural(len(headers), 'article')}", 4000)

    @reports_errors
    def toggle_read(self) -> None:
        """Mark the selection unread; when it is all unread already, mark it read."""
        headers = self.targets()
        if headers:
            self._apply_state([h.id for h in headers], read=all(not h.read for h in headers))

    @reports_errors
    def mark_read(self) -> None:
        """Mark the selection read."""
        ids = self._target_ids()
        if ids:
            self._apply_state(ids, read=True)

    @reports_errors
    def edit_tags(self) -> None:
        """Ask for the selection's tags and apply what changed (t)."""
        ids = self._target_ids()
        if not ids:
            return
        current = sorted(
            {tag for article_id in ids for tag in self.library.tags_of(article_id)}, key=str.casefold
        )
        wanted = dialogs.ask_tags(self.window, current)
        if wanted is None:
            return
        removed = [tag for tag in current if tag not in wanted]
        added = [tag for tag in wanted if tag not in current]
        if added:
            self.library.add_tags(ids, added)
        if removed:
            self.library.remove_tags(ids, removed)
        reading = self.pane.current_article_id()
        if reading in ids:
            self.article_changed.emit(reading)
        self.refresh_needed.emit()

    # -- delete and undo ---------------------------------------------------------------

    @reports_errors
    def delete_selected(self) -> None:
        """Delete the selected articles; Undo (the status bar's button or Ctrl+Z) puts them back."""
        ids = self._target_ids()
        if not ids:
            return
        self.leaving.emit(ids)
        self._deleted = self.library.delete(ids)
        self.actions["undo"].setEnabled(True)
        self.undo_bar.offer(f"Deleted {plural(len(self._deleted.article_ids), 'article')}")
        reading = self.pane.current_article_id()
        if reading in ids:
            self.pane.set_current_article(None)
        self.pane.remove_rows(ids)
        self.pane.refresh_counts()
        if reading in ids and self.pane.current_article_id() is None:
            self.deleted_current.emit()

    @reports_errors
    def undo_delete(self) -> None:
        """Put back the articles of the last delete, with their ids, state, tags and images."""
        if self._deleted is None:
            return
        deleted, self._deleted = self._deleted, None
        self.library.restore(deleted)
        self.actions["undo"].setEnabled(False)
        self.undo_bar.hide()
        self.message.emit(f"Restored {plural(len(deleted.article_ids), 'article')}", 4000)
        self.refresh_needed.emit()

    # -- extracting again ----------------------------------------------------------------

    @reports_errors
    def extract_again(self) -> None:
        """Run today's extractor on the pages kept with the selected articles; state, tags and highlights stay."""
        from library.reextract import reextract

        ids = self._target_ids()
        if not ids:
            return
        bar = dialogs.progress(self.window, "Extracting again…", len(ids)) if len(ids) > 1 else None
        report = reextract(
            self.library,
            ids,
            progress=(lambda step: bar.setValue(step.done)) if bar else None,
            should_stop=bar.wasCanceled if bar else None,
        )
        if bar:
            bar.close()
        if report.error:
            raise ReaderError(report.error)
        changed = [r.article_id for r in report.results if r.outcome == "updated" and r.article_id]
        for article_id in changed:
            header = self.library.header(article_id)
            if header is not None:
                self.pane.update_header(header)
            if article_id == self.pane.current_article_id():
                self.article_changed.emit(article_id)
        failures = report.failures
        if failures and len(failures) == len(report.results):
            dialogs.show_error(self.window, "Extract Again", f"Not extracted again: {failures[0].reason}")
            return
        same = len(report.results) - len(changed) - len(failures)
        words = [plural(len(changed), "article") + " changed"] if changed else []
        words += [f"{same} came out the same"] if same else []
        words += [f"{len(failures)} could not be"] if failures else []
        self.message.emit("Extracted again: " + ", ".join(words), 6000)

    @reports_errors
    def show_original(self) -> None:
        """Show the whole page the article came from, as plain text, for when extraction chose wrong."""
        from library.originals import load_original, page_text

        headers = self.targets()
        if len(headers) != 1:
            return
        document = load_original(self.library, headers[0].id)
        if document is None:
            self.message.emit("No original page was kept for this article", 6000)
            return
        dialogs.show_text(self.window, f"Original page: {headers[0].title}", page_text(document))

    # -- links and copying -------------------------------------------------------------

    def open_original(self) -> None:
        """Open the selected articles' web pages in the browser (web addresses only, at most ten)."""
        for header in self.targets()[:MAX_OPENED]:
            # Only http(s): an address from an export could be file:, javascript: or anything.
            if header.url and is_web_address(header.url):
                dialogs.open_url(QUrl(header.url))

    def copy_link(self) -> None:
        """Put the selected articles' addresses on the clipboard, one a line."""
        urls = [h.url for h in self.targets() if h.url]
        if urls:
            QGuiApplication.clipboard().setText("\n".join(urls))
            self.message.emit("Link copied" if len(urls) == 1 else f"{len(urls)} links copied", 3000)

    def copy(self) -> None:
        """Copy the text selected in the article or a text box; with none, the selected articles' links."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.copy()
            return
        reader = getattr(self.window, "reader", None)
        if reader is not None and reader.textCursor().hasSelection():
            reader.copy()
        else:
            self.copy_link()
