"""Highlighting in the reading pane: make (H), note (N), recolour, copy, delete with undo, and the panel (Shift+H).

The window owns one `Highlighting` beside its reading pane: it tells it which article
is shown (`article_shown`) and routes its commands here. Everything a command changes
is written to the library first, then drawn.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.highlights_bar import HighlightBar
from desktop.highlights_colors import COLOUR_NAMES
from desktop.highlights_layer import HighlightLayer
from desktop.highlights_panel import HighlightsPanel
from desktop.readerview import ReaderView
from library.errors import ReaderError
from library.highlights import storage
from library.highlights.model import COLORS, DEFAULT_COLOR, StoredHighlight
from library.records import StoredArticle
from library.store import Library

log = logging.getLogger("reader.highlighting")

# The bar waits until the selection stops changing (a mouse drag changes it at every move).
BAR_DELAY_MS = 250


class NoteEditor(QDialog):
    """Writing or changing a highlight's note; an empty note removes it."""

    def __init__(self, quote: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        shown = " ".join(quote.split())
        label = QLabel(f"“{shown[:200]}{'…' if len(shown) > 200 else ''}”", self)
        label.setWordWrap(True)
        self.editor = QPlainTextEdit(note, self)
        self.editor.setAccessibleName("Note")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def note(self) -> str:
        return self.editor.toPlainText()


class Highlighting(QObject):
    """The highlights of the article in `view`: the layer that draws them, the panel, the floating bar.

    Signals:
        changed(int): the highlights of that article changed (counts elsewhere may follow).
        deleted(str): a highlight was deleted; the text says so, and `undo_delete` puts it back.
        problem(str): a command could not be done, and why.
    """

    changed = Signal(int)
    deleted = Signal(str)
    problem = Signal(str)

    def __init__(self, library: Library, view: ReaderView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.view = view
        self.layer = HighlightLayer(view)
        self.panel = HighlightsPanel()
        self.panel.hide()
        self.bar = HighlightBar(view.viewport())
        self.note_editor: NoteEditor | None = None
        self._current: int | None = None
        self._panel_stale = True
        self._deleted: list[StoredHighlight] = []
        self._bar_timer = QTimer(self)
        self._bar_timer.setSingleShot(True)
        self._bar_timer.setInterval(BAR_DELAY_MS)
        self._bar_timer.timeout.connect(self._offer_bar_for_selection)
        view.selectionChanged.connect(self._bar_timer.start)
        # A new theme renders the page again: the panel's swatches follow.
        view.textChanged.connect(self._follow_theme)
        self._panel_theme = ""
        view.verticalScrollBar().valueChanged.connect(self.bar.hide)
        # A narrower or wider page moves the text under the bar: it is placed again once laid out.
        self._replace_timer = QTimer(self)
        self._replace_timer.setSingleShot(True)
        self._replace_timer.setInterval(0)
        self._replace_timer.timeout.connect(self._offer_bar_again)
        # Kept, not asked of the view in the filter: a view being destroyed must not be called.
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        self.panel.chosen.connect(self.go_to)
        self.bar.color_chosen.connect(self.set_color)
        self.bar.note_requested.connect(self.edit_note)
        self.bar.copy_requested.connect(self.copy_highlight)
        self.bar.delete_requested.connect(self.delete_highlight)

    # -- what is shown ---------------------------------------------------------------

    def set_library(self, library: Library) -> None:
        """Another library is open: forget this one's highlights."""
        self.library = library
        self._deleted.clear()
        self.article_shown(None)

    def article_shown(self, stored: StoredArticle | None) -> None:
        """The pane now shows `stored` (None: a message page or nothing)."""
        self.bar.hide()
        self._current = None
        if stored is None:
            self.layer.clear()
            self.panel.set_highlights([])
            return
        self.layer.show(stored.id, stored.article.text, stored.highlights)
        self._refresh_panel()

    def _refresh_panel(self) -> None:
        # A hidden panel is filled when it is shown: opening an article pays for no list.
        self._panel_stale = not self.panel.isVisible()
        if self._panel_stale:
            return
        self._panel_theme = self._window_theme()
        self.panel.set_theme(self._panel_theme)
        self.panel.set_highlights(self.layer.highlights())

    def _window_theme(self) -> str:
        return "dark" if self.view.effective_theme() == "dark" else "light"

    def _follow_theme(self) -> None:
        if self.panel.isVisible() and self._panel_theme != self._window_theme():
            self._refresh_panel()

    def toggle_panel(self) -> None:
        """Show or hide the highlights panel (Shift+H)."""
        self.panel.setVisible(not self.panel.isVisible())
        if self.panel.isVisible() and self._panel_stale:
            self._refresh_panel()
            if self._current is not None:
                self.panel.select(self._current)

    # -- commands --------------------------------------------------------------------

    def highlight_selection(self, color: str | None = None) -> StoredHighlight | None:
        """Highlight the selected words (H); None, saying why, when nothing of the article is selected."""
        article_id = self.layer.article_id()
        passage = self.layer.selected_passage()
        if article_id is None or passage is None:
            self.problem.emit("Select some of the article's text to highlight it.")
            return None
        try:
            made = storage.make_highlight(self.library, article_id, *passage, color=color or DEFAULT_COLOR)
        except ReaderError as error:
            self.problem.emit(str(error))
            return None
        # The selection would hide the new colour: the cursor goes to the end of the highlight.
        cursor = self.view.textCursor()
        cursor.setPosition(cursor.selectionEnd())
        self.view.setTextCursor(cursor)
        self._drawn(made)
        return made

    def target(self) -> StoredHighlight | None:
        """The highlight a command acts on: under the selection or the keyboard's cursor, else the one clicked."""
        cursor = self.view.textCursor()
        if cursor.hasSelection():
            found = self.layer.highlights_in(cursor.selectionStart(), cursor.selectionEnd())
            if found:
                return max(found, key=lambda h: h.id)
        else:
            at = self.layer.highlight_at(cursor.position())
            if at is not None:
                return at
        return next((h for h in self.layer.highlights() if h.id == self._current), None)

    def edit_note(self) -> None:
        """Add or edit the note of the highlight at hand (N); a selection is highlighted first."""
        highlight = self.target()
        if highlight is None and self.view.textCursor().hasSelection():
            highlight = self.highlight_selection()
        if highlight is None:
            self.problem.emit("Select text or a highlight to write a note on it.")
            return
        editor = NoteEditor(highlight.quote, highlight.note, self.view.window())
        self.note_editor = editor
        chosen = highlight.id
        editor.accepted.connect(lambda: self.set_note(chosen, editor.note()))
        editor.finished.connect(editor.deleteLater)
        editor.open()

    def set_note(self, highlight_id: int, note: str) -> None:
        try:
            self._drawn(storage.set_note(self.library, highlight_id, note))
        except ReaderError as error:
            self.problem.emit(str(error))

    def set_color(self, color: str) -> None:
        """Recolour the highlight at hand; a selection that is not highlighted yet is highlighted in `color`."""
        highlight = self.target()
        if highlight is None:
            self.highlight_selection(color)
            return
        try:
            self._drawn(storage.set_color(self.library, highlight.id, color))
        except ReaderError as error:
            self.problem.emit(str(error))

    def copy_highlight(self) -> None:
        """Put the highlight's words (and its note, after a blank line) on the clipboard."""
        highlight = self.target()
        if highlight is None:
            return
        text = highlight.quote + (f"\n\n{highlight.note}" if highlight.note else "")
        QGuiApplication.clipboard().setText(text)

    def delete_highlight(self) -> None:
        """Delete the highlight at hand; `undo_delete` puts it back."""
        highlight = self.target()
        if highlight is None:
            return
        try:
            removed = storage.delete_highlight(self.library, highlight.id)
        except ReaderError as error:
            self.problem.emit(str(error))
            return
        self._deleted.append(removed)
        self.bar.hide()
        self._current = None
        self.layer.remove(removed.id)
        self._refresh_panel()
        self.changed.emit(removed.article_id)
        self.deleted.emit("Highlight deleted")

    def can_undo(self) -> bool:
        return bool(self._deleted)

    def undo_delete(self) -> bool:
        """Put the last deleted highlight back; False when there is none to put back."""
        if not self._deleted:
            return False
        highlight = self._deleted.pop()
        try:
            storage.restore_highlight(self.library, highlight)
        except ReaderError as error:
            self.problem.emit(str(error))
            return False
        if highlight.article_id == self.layer.article_id():
            self._drawn(highlight)
        else:
            self.changed.emit(highlight.article_id)
        return True

    def go_to(self, highlight_id: int) -> None:
        """Scroll the article to highlight `highlight_id` (chosen in the panel)."""
        self._current = highlight_id
        self.layer.scroll_to(highlight_id)
        self.panel.select(highlight_id)

    def _drawn(self, highlight: StoredHighlight) -> None:
        self._current = highlight.id
        self.layer.put(highlight)
        self._refresh_panel()
        self.panel.select(highlight.id)
        self.changed.emit(highlight.article_id)

    # -- the bar and the context menu ------------------------------------------------

    def context_menu(self, position: QPoint) -> QMenu:
        """The pane's own menu for `position` (viewport coordinates) with the highlight commands added."""
        menu = self.view.createStandardContextMenu(position)
        at = self.layer.highlight_at(self.view.cursorForPosition(position).position())
        if at is not None:
            self._current = at.id
        has_selection = self.view.textCursor().hasSelection()
        menu.addSeparator()
        if has_selection and at is None:
            menu.addAction("Highlight", lambda: self.highlight_selection())
        if has_selection or at is not None:
            colours = menu.addMenu("Highlight Colour")
            for color in COLORS:
                action = QAction(COLOUR_NAMES[color], colours)
                action.setCheckable(at is not None)
                action.setChecked(at is not None and at.color == color)
                action.triggered.connect(lambda _checked=False, chosen=color: self.set_color(chosen))
                colours.addAction(action)
            menu.addAction("Note…", self.edit_note)
        if at is not None:
            menu.addAction("Copy Highlight", self.copy_highlight)
            menu.addAction("Delete Highlight", self.delete_highlight)
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport:
            if event.type() == QEvent.Type.Resize and self.bar.isVisible():
                self.bar.hide()
                self._replace_timer.start()
            if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
                self.context_menu(event.pos()).exec(event.globalPos())
                return True
            if (
                event.type() == QEvent.Type.MouseButtonRelease
                and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton
                and not self.view.textCursor().hasSelection()
                and self._offer_bar_for_click(event.position().toPoint())
            ):
                event.accept()
                return True  # a click on a highlight is ours: it offers the bar
        return super().eventFilter(watched, event)

    def _offer_bar_for_click(self, position: QPoint) -> bool:
        at = self.layer.highlight_at(self.view.cursorForPosition(position).position())
        if at is None:
            self.bar.hide()
            return False
        self._current = at.id
        self.panel.select(at.id)
        self._show_bar(self.layer.span_of(at.id), on_highlight=True)
        return True

    def _offer_bar_for_selection(self) -> None:
        cursor = self.view.textCursor()
        if not cursor.hasSelection() or self.layer.selected_passage() is None:
            if not cursor.hasSelection() and self._current is None:
                self.bar.hide()
            return
        self._show_bar((cursor.selectionStart(), cursor.selectionEnd()), on_highlight=False)

    def _offer_bar_again(self) -> None:
        """The bar back over what it was about (the highlight clicked, or the selection), where it now is."""
        if self._current is not None and not self.view.textCursor().hasSelection():
            self._show_bar(self.layer.span_of(self._current), on_highlight=True)
        else:
            self._offer_bar_for_selection()

    def _show_bar(self, span: tuple[int, int] | None, *, on_highlight: bool) -> None:
        if span is None:
            return
        self.bar.set_theme(self.view.effective_theme())
        self.bar.show_for(self._rect_of(*span), on_highlight=on_highlight)

    def _rect_of(self, start: int, end: int) -> QRect:
        """Where the text from `start` to `end` is on the viewport (the first line's top to the last line's bottom)."""
        cursor = self.view.textCursor()
        cursor.setPosition(start)
        first = self.view.cursorRect(cursor)
        cursor.setPosition(end)
        last = self.view.cursorRect(cursor)
        return first.united(last)
