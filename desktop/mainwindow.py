"""The main window: composes the library pane, the reading pane and the commands; read mode, imports, closing."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop import dialogs
from desktop.actions import (
    COMMANDS,
    LookControls,
    build_menus,
    build_toolbar,
    make_action,
    resolve,
    shortcut_rows,
)
from desktop.commands import ArticleCommands, reports_errors
from desktop.exportdialog import ExportCommands
from desktop.follow import LibraryWatcher
from desktop.highlights_window import HighlightsInWindow
from desktop.importing import Importer
from desktop.librarypane import LibraryPane
from desktop.look import ReadingLook
from desktop.pages import CHOOSE_AN_ARTICLE, welcome_html
from desktop.place import PlaceKeeper
from desktop.readerview import ReaderView
from desktop.readmode import ReadModeBar
from desktop.themes import icon, window_palette
from desktop.workers import ImportJob, job_from_mime
from library.errors import ReaderError
from library.records import View
from library.store import Library

log = logging.getLogger("reader.window")

# Where the library chosen with "Open Another Library" is remembered, for the next start.
LIBRARY_KEY = "library/path"
# The counts follow an opened article this long after, once for a run of j presses.
REFRESH_DELAY_MS = 300


class MainWindow(QMainWindow):
    """The reading window over one library.

    Signals:
        article_opened: an article (its id) is shown in the reading pane.
    """

    article_opened = Signal(int)

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        download_in_background: bool = True,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        # Looking only (--screenshot): opening marks nothing read, scrolling saves no place.
        self.looking_only = read_only
        self.setWindowTitle("Article Reader")
        self.setAcceptDrops(True)
        self._current_id: int | None = None
        self._shown_before = False
        self._was_maximized = False
        self._chrome_hidden = False
        self._palette_theme: str | None = None
        # A library opened here (Open Another Library), which the window closes; the first is its opener's.
        self._owned_library: Library | None = None
        # A read-only library says so in a dialog once; later changes asked of it, in the status bar.
        self._read_only_told = False

        self.look = ReadingLook(settings, self)
        self.library_pane = LibraryPane(library, self)
        self.reader = ReaderView(library.image)
        self.reader.setObjectName("reader")
        self.read_mode_bar = ReadModeBar()
        self.read_mode_bar.hide()
        self.place = PlaceKeeper(library, self.reader, self, read_only=read_only or library.read_only)
        self.commands = ArticleCommands(library, self.library_pane, self)
        self.highlights = HighlightsInWindow(self)
        self.exporting = ExportCommands(self)
        # Articles imported as addresses only are downloaded soon after start-up, after
        # each import that adds some, and again every so often while any wait.
        self.importer = Importer(library, settings, self, background=download_in_background)
        # Another program's imports, marks and deletes reach the list and counts within a second.
        self.watcher = LibraryWatcher(library, self)
        self.runner = self.importer.runner
        self.import_panel = self.importer.panel
        self._build_layout()
        self._build_actions()
        self._build_status_bar()
        self._connect()
        self._apply_icons()
        self._follow_network()
        self._restore_settings()

    def action(self, name: str) -> QAction:
        """The action of the command called `name` in desktop.actions.COMMANDS."""
        return self.command_actions[name]

    # -- building --------------------------------------------------------------------

    def _build_layout(self) -> None:
        reader_panel = QWidget(self)
        reader_layout = QVBoxLayout(reader_panel)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.read_mode_bar)
        reader_layout.addWidget(self.highlights.beside(self.reader), 1)
        self.reader_panel = reader_panel
        # Drops go to the window, wherever they land; the reading pane is not an editor.
        self.reader.setAcceptDrops(False)
        self.reader.viewport().setAcceptDrops(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.library_pane.sidebar)
        # The middle column holds the article list or, in its place, the Highlights view.
        self.middle_column = self.highlights.list_column(self.library_pane.list_panel)
        self.splitter.addWidget(self.middle_column)
        self.splitter.addWidget(reader_panel)
        self.splitter.setChildrenCollapsible(False)
        for index, stretch in enumerate((0, 0, 1)):
            self.splitter.setStretchFactor(index, stretch)
        self.splitter.setSizes([180, 340, 760])
        self.setCentralWidget(self.splitter)

        self._counts_timer = self._single_shot(REFRESH_DELAY_MS, self.refresh_counts)

    def _single_shot(self, delay_ms: int, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(delay_ms)
        timer.timeout.connect(slot)
        return timer

    def _build_actions(self) -> None:
        """Every command of the table as `self.action_<name>`; then the menus and the toolbar from it."""
        self.command_actions: dict[str, QAction] = {}
        for spec in COMMANDS:
            if spec.choices:
                continue
            action = make_action(self, spec, resolve(self, spec.handler))
            self.command_actions[spec.name] = action
        self.commands.actions = self.command_actions
        self.action("undo").setEnabled(False)
        self.look_controls = LookControls(self, self.look, self.command_actions)
        self.menus = build_menus(self.menuBar(), self.command_actions, self.look_controls.submenus())
        self.toolbar = build_toolbar(self, self.command_actions, self.look_controls.scale_label)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.library_pane.menu_actions = self.commands.context_actions

    @property
    def read_only(self) -> bool:
        """True when nothing is written by itself: a screenshot, or a library that cannot be written."""
        return self.looking_only or self.library.read_only

    def tell_read_only(self, message: str) -> None:
        """A change asked of a read-only library: said in a dialog the first time, then in the status bar."""
        if self._read_only_told:
            self.statusBar().showMessage(message, 8000)
            return
        self._read_only_told = True
        dialogs.show_error(self, "Read-only library", message)

    def _show_read_only(self) -> None:
        self.read_only_label.setVisible(self.library.read_only)
        self._read_only_told = False  # another library: told afresh

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.addWidget(self.library_pane.count_label)
        # Always in sight while it holds: why marks, tags and highlights are not kept.
        self.read_only_label = QLabel("Read-only library")
        self.read_only_label.setToolTip(
            "The library's file or folder cannot be written: reading and searching work, nothing is changed."
        )
        status.addPermanentWidget(self.read_only_label)
        self._show_read_only()
        status.addPermanentWidget(self.commands.undo_bar)
        status.addPermanentWidget(self.highlights.undo_bar)
        status.addPermanentWidget(self.import_panel)

    def _connect(self) -> None:
        pane = self.library_pane
        pane.article_chosen.connect(self.open_article)
        pane.article_activated.connect(self._read_now)
        pane.selection_changed.connect(self.commands.update_actions)
        pane.message.connect(self.statusBar().showMessage)
        self.commands.message.connect(self.statusBar().showMessage)
        self.commands.article_changed.connect(self._show_again)
        self.commands.leaving.connect(lambda _ids: self.place.save())
        self.commands.leaving.connect(lambda _ids: self.highlights.articles_deleted())
        self.commands.deleted_current.connect(self._after_deleting_current)
        self.commands.refresh_needed.connect(self.refresh)
        self.look.changed.connect(self._follow_look)
        self.read_mode_bar.follow(self.look)
        self.read_mode_bar.exit_requested.connect(self.leave_read_mode)
        # Ctrl+wheel and the zoom keys inside the pane change the size there first: the look follows.
        self.reader.font_scale_changed.connect(self.look.set_font_scale)
        self.importer.refresh_needed.connect(self.refresh)
        self.importer.open_requested.connect(self._open_imported)
        self.importer.articles_updated.connect(self._show_updated)
        self.importer.message.connect(self.statusBar().showMessage)
        self.importer.network_changed.connect(self._follow_network)
        self.watcher.changed.connect(self._follow_other_writers)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)

    # -- settings --------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1280, 800)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(QByteArray(splitter))
        self.look.load()
        # The counts take a full pass over the library (tens of ms with 100,000 articles): they
        # arrive just after the window is shown, the list does not wait for them.
        self._counts_timer.start(0)
        self.show_view(View.from_key(self.settings.value("window/view")))
        last = self.settings.value("reader/article")
        try:
            last_id = int(last) if last is not None else None
        except (TypeError, ValueError):
            last_id = None
        if last_id is not None and self.library.header(last_id) is not None:
            self.open_article(last_id)
        else:
            self._show_placeholder()

    def save_settings(self) -> None:
        """Remember the window, the reading look and where the reader was."""
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/view", self.library_pane.view.key)
        self.look.save()
        if self._current_id is not None:
            s.setValue("reader/article", self._current_id)
        else:
            s.remove("reader/article")
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The pane's work kept back after a zoom reports the reading position: done now, then saved.
        self.reader.settle()
        self.place.save()
        self.save_settings()
        self.importer.stop()
        self.watcher.stop()
        if self._owned_library is not None:
            # A library opened from the preferences is the window's own to close.
            self._owned_library.close()
            self._owned_library = None
        # Nothing may touch the library after the window closes: whoever opened it closes it next.
        for timer in (
            self._counts_timer,
            self.commands.undo_bar.timer,
        ):
            timer.stop()
        self.library_pane.stop()
        super().closeEvent(event)

    # -- the list ----------------------------------------------------------------------

    def show_view(self, view: View) -> None:
        """List the articles of `view` (leaving any search), and remember it."""
        self.library_pane.show_view(view)
        self.settings.setValue("window/view", view.key)

    @reports_errors
    def refresh_counts(self) -> None:
        """Bring the sidebar's counts up to date."""
        self.library_pane.refresh_counts()
        self.highlights.refresh_count()

    @reports_errors
    def refresh(self) -> None:
        """Bring the list and the counts up to date with the library (new articles, other changes)."""
        self.library_pane.refresh()
        self.highlights.refresh()
        if self._current_id is None:
            self._show_placeholder()

    def _follow_other_writers(self) -> None:
        """Someone else changed the library: the list and counts follow, the article and its place stay."""
        if self._current_id is not None:
            header = self.library.header(self._current_id)
            if header is None:
                # Deleted elsewhere: it stays on screen until the reader moves on, as a kept row.
                self.statusBar().showMessage("The article being read was deleted by another program", 8000)
        self.refresh()

    def _show_placeholder(self) -> None:
        if not self.library.headers(View(), limit=1):
            self.reader.show_message("Welcome to Article Reader", welcome_html())
        else:
            self.reader.show_message("", CHOOSE_AN_ARTICLE)

    # -- opening and reading ---------------------------------------------------------

    def current_article_id(self) -> int | None:
        """The article in the reading pane, or None."""
        return self._current_id

    @reports_errors
    def open_article(self, article_id: int) -> None:
        """Show an article, where the reader left it, and mark it read."""
        self.place.save()
        stored = self.library.get(article_id)
        if stored is None:
            self.statusBar().showMessage(f"Article {article_id} is no longer in the library", 5000)
            return
        self._current_id = article_id
        self.place.show(stored)
        self.highlights.article_shown(stored)
        self.setWindowTitle(f"{stored.article.title or 'Untitled'} — Article Reader")
        # Only reading marks an article read: a page saying it is not downloaded yet is not reading.
        if stored.status == "ready" and not self.read_only:  # a read-only library is read, not marked
            self.library.mark_opened(article_id)
        header = self.library.header(article_id)
        if header is not None:
            self.library_pane.update_header(header)
        self.library_pane.set_current_article(article_id)
        self.settings.setValue("reader/article", article_id)
        if not stored.state.read and not self._counts_timer.isActive():
            # The counts change with every article opened; one query a moment later covers a run of j presses.
            self._counts_timer.start(REFRESH_DELAY_MS)
        self.commands.update_actions()
        self.article_opened.emit(article_id)

    def _read_now(self, article_id: int) -> None:
        self.open_article(article_id)
        self.reader.setFocus()

    def _show_again(self, article_id: int) -> None:
        stored = self.library.get(article_id)
        if stored is not None and stored.status == "ready":
            self.place.show_again(stored)
            self.highlights.article_shown(stored)

    def _after_deleting_current(self) -> None:
        self._current_id = None
        self.place.forget()
        self.highlights.article_shown(None)
        self.setWindowTitle("Article Reader")
        self._show_placeholder()

    def page_down(self) -> None:
        """Scroll the article down a page (Space)."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QAbstractButton) and focus.isVisible():
            # Space presses the focused button, as everywhere (read mode's controls); else it pages.
            focus.animateClick()
            return
        self.reader.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)

    def page_up(self) -> None:
        """Scroll the article up a page (Shift+Space)."""
        self.reader.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderPageStepSub)

    # -- the look and read mode --------------------------------------------------------

    def _follow_look(self) -> None:
        """The reading look changed: the pane, the menus, the toolbar, the palette and read mode follow."""
        look = self.look.look
        self.reader.apply_look(look)
        self.look_controls.show_look()
        if look.theme != self._palette_theme:
            self._palette_theme = look.theme
            self._apply_palette()
        if look.read_mode != self._chrome_hidden:
            self._show_read_mode(look.read_mode)

    def _apply_palette(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(window_palette(self.look.look.theme))

    def _on_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.look.look.theme == "system":
            self.reader.set_theme("system")
            self._apply_palette()

    def _show_read_mode(self, on: bool) -> None:
        """Only the article, in a centred column with its own small controls; or back to the library."""
        self._chrome_hidden = on
        chrome = (self.library_pane.sidebar, self.middle_column, self.toolbar)
        for widget in (*chrome, self.menuBar(), self.statusBar()):
            widget.setVisible(not on)
        self.read_mode_bar.setVisible(on)
        if on:
            self.reader.setFocus()

    def is_read_mode(self) -> bool:
        """True while only the article shows."""
        return self.look.look.read_mode

    def leave_read_mode(self) -> None:
        """Back to the whole window (Esc)."""
        self.look.set_read_mode(False)

    def focus_search(self) -> None:
        """Put the keyboard in the search box of the list shown (leaving read mode)."""
        self.leave_read_mode()
        if not self.highlights.focus_search():
            self.library_pane.focus_search()

    def set_full_screen(self, on: bool) -> None:
        """Fill the screen, or go back to the window as it was (F11)."""
        if on and not self.isFullScreen():
            self._was_maximized = self.isMaximized()
            self.showFullScreen()
        elif not on and self.isFullScreen():
            if self._was_maximized:
                self.showMaximized()
            else:
                self.showNormal()

    # -- importing and the network ----------------------------------------------------

    def start_import(self, job: ImportJob) -> None:
        """Run `job` in the import thread (after any import already running)."""
        self.importer.start(job)

    def _show_updated(self, ids: list[int]) -> None:
        """The article being read was downloaded meanwhile (or its images were): show it as it is now."""
        if self._current_id in ids:
            stored = self.library.get(self._current_id)
            if stored is not None and stored.status == "ready":
                self.place.show_again(stored)

    def _open_imported(self, article_id: int) -> None:
        """One article pasted or dropped: the person wants to read it now."""
        if self._current_id == article_id:
            return
        pane = self.library_pane
        if pane.article_model.row_of(article_id) < 0 and not pane.article_model.search_mode:
            self.show_view(View())
        self.open_article(article_id)

    def _follow_network(self) -> None:
        self.importer.show_in(self.action("work_offline"), self.action("download"))

    def show_preferences(self) -> None:
        """The preferences (Ctrl+,): the reading look, the network, the library file."""
        # Made when first asked for: the window starts without it.
        from desktop.preferences import PreferencesDialog

        dialog = PreferencesDialog(
            self.look, self.importer, lambda: self.library.path, self.open_library, self
        )
        dialogs.show_dialog(dialog)
        dialog.deleteLater()

    def open_library(self, path: str) -> bool:
        """Show the library in file `path` instead (created when new), and remember it; False when it cannot be opened."""
        try:
            opened = Library.open(path)
        except ReaderError as error:
            dialogs.show_error(self, "Open another library", str(error))
            return False
        self.place.forget()
        self.importer.stop()
        previous, self.library = self.library, opened
        for part in (self.library_pane, self.commands, self.importer, self.place):
            part.library = opened
        self.place.read_only = self.read_only
        self._show_read_only()
        self.highlights.set_library(opened)
        self.runner.library_path = opened.path
        self.reader.set_image_source(opened.image)
        self.watcher.watch(opened)
        if self._owned_library is not None:
            self._owned_library.close()
        self._owned_library = opened if opened is not previous else None
        self.settings.setValue(LIBRARY_KEY, str(opened.path))
        self._current_id = None
        self.library_pane.set_current_article(None)
        self.setWindowTitle("Article Reader")
        self.show_view(View())
        self.refresh()
        self.statusBar().showMessage(f"Library: {opened.path}", 5000)
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if job_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.importer.import_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    # -- help, and the window's own events ---------------------------------------------

    def show_shortcuts(self) -> None:
        """The list of keyboard shortcuts (?)."""
        dialogs.show_shortcuts(self, shortcut_rows(self.command_actions))

    def show_about(self) -> None:
        """The About box."""
        dialogs.show_about(self)

    def ensure_ready(self) -> None:
        """Make sure the list holds its first page and the pane is laid out (before a screenshot)."""
        self.library_pane.ensure_filled()
        if self.importer.flush():
            self.refresh()
        if self._counts_timer.isActive():
            self._counts_timer.stop()
            self.refresh_counts()
        self.reader.settle()
        self.reader.document().size()  # forces the layout of the whole article, images included

    def _apply_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        for spec in COMMANDS:
            if spec.icon:
                self.command_actions[spec.name].setIcon(icon(spec.icon, colour))
        placeholder = self.palette().color(QPalette.ColorRole.PlaceholderText)
        self.library_pane.search_icon.setIcon(icon("search", placeholder))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_before:
            self._shown_before = True
            # After the window is up: the list first, downloads once there is time.
            self.importer.start_background()
            self.watcher.start()
            # The last session's article was opened before the window had its size; its place, a
            # fraction of the page's height, is found again on the page as it is laid out now.
            self.place.restore()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The palette changed (the theme, or the system going dark): icons and rows follow it.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_icons()
            self.library_pane.article_list.viewport().update()
            self.library_pane.sidebar.viewport().update()
