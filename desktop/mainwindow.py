"""The main window: views | article list | reading pane, with menus, shortcuts, read mode and imports."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from html import escape
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.articledelegate import ArticleDelegate, SidebarDelegate
from desktop.articlemodel import PAGE_SIZE, ArticleListModel
from desktop.readerview import DEFAULT_LINE_SPACING, MAX_LINE_SPACING, MIN_LINE_SPACING, THEMES, ReaderView
from desktop.readmode import LINE_SPACINGS, ReadModeBar, tinted_icon
from desktop.sidebarmodel import SidebarModel, view_label
from desktop.workers import (
    ImportJob,
    ImportPanel,
    ImportRunner,
    imported_article_ids,
    job_for_locations,
    job_from_mime,
    show_import_report,
    summary,
)
from library.errors import ReaderError
from library.records import ArticleHeader, Cursor, DeletedArticles, StoredArticle, View
from library.store import Library

if TYPE_CHECKING:
    from library.importer import ImportReport, ImportResult

log = logging.getLogger("reader.window")

THEME_LABELS = {"system": "Follow the system", "light": "Light", "sepia": "Sepia", "dark": "Dark"}
TYPEFACES = {"serif": "Serif", "sans": "Sans serif"}
DEFAULT_THEME, DEFAULT_TYPEFACE = "system", "serif"

# Typing pauses this long before the search runs: long enough to skip the letters in between.
SEARCH_DELAY_MS = 200
# The best 50: ranking and snippets cost grows with every hit shown (about 1 ms a hit at 100,000 articles).
SEARCH_LIMIT = 50
# Scrolling saves the position this long after it stops, not on every pixel.
PROGRESS_SAVE_DELAY_MS = 800
# Imports refresh the list and counts at most this often while articles arrive.
REFRESH_DELAY_MS = 300
UNDO_SECONDS = 10

P = ParamSpec("P")
R = TypeVar("R")
Choice = TypeVar("Choice", str, float)


# -- modal dialogs and the outside world, behind functions tests replace -----------------------


def ask_import_files(parent: QWidget) -> list[str]:
    """Ask for files to import (saved pages, text files, exports); [] when cancelled."""
    files, _filter = QFileDialog.getOpenFileNames(
        parent,
        "Import files",
        "",
        "Saved pages and exports (*.html *.htm *.xhtml *.mht *.mhtml *.webarchive *.txt *.md *.gz *.zip *.csv *.json);;"
        "All files (*)",
    )
    return list(files)


def ask_import_folder(parent: QWidget) -> str | None:
    """Ask for a folder to import, recursively; None when cancelled."""
    folder = QFileDialog.getExistingDirectory(parent, "Import a folder")
    return folder or None


def ask_tags(parent: QWidget, current: list[str]) -> list[str] | None:
    """Ask for the tags of the selected articles, comma separated; None when cancelled."""
    text, accepted = QInputDialog.getText(
        parent, "Tags", "Tags, separated by commas:", QLineEdit.EchoMode.Normal, ", ".join(current)
    )
    if not accepted:
        return None
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def show_error(parent: QWidget, title: str, message: str) -> None:
    """Tell the person something could not be done (modal)."""
    QMessageBox.warning(parent, title, message)


def show_shortcuts(parent: QWidget, rows: list[tuple[str, str]]) -> None:
    """The list of keyboard shortcuts (modal)."""
    body = "".join(
        f"<tr><td style='padding:2px 18px 2px 0'>{escape(what)}</td><td><b>{escape(keys)}</b></td></tr>"
        for what, keys in rows
    )
    box = QMessageBox(parent)
    box.setWindowTitle("Keyboard shortcuts")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<table>{body}</table>")
    box.exec()


def show_about(parent: QWidget) -> None:
    """The About box (modal)."""
    QMessageBox.about(
        parent,
        "About Article Reader",
        "<h3>Article Reader</h3><p>A calm, fast, private reader for the articles you saved.</p>"
        "<p>Everything stays in one file on this computer; nothing is sent anywhere.</p>",
    )


def open_url(url: QUrl) -> bool:
    """Open an address in the system's browser."""
    return QDesktopServices.openUrl(url)


def exec_menu(menu: QMenu, position: QPoint) -> QAction | None:
    """Show a context menu and wait for a choice (modal; tests replace this function)."""
    return menu.exec(position)


# -- the window's look -----------------------------------------------------------------------


def _palette(colours: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return palette


def dark_palette() -> QPalette:
    """A dark window palette for the dark theme, calm greys rather than black."""
    colours = {
        QPalette.ColorRole.Window: "#2a2b2e",
        QPalette.ColorRole.WindowText: "#dcdcdc",
        QPalette.ColorRole.Base: "#1e1f21",
        QPalette.ColorRole.AlternateBase: "#26272a",
        QPalette.ColorRole.Text: "#dcdcdc",
        QPalette.ColorRole.Button: "#323337",
        QPalette.ColorRole.ButtonText: "#dcdcdc",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#3d5a80",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#323337",
        QPalette.ColorRole.ToolTipText: "#dcdcdc",
        QPalette.ColorRole.PlaceholderText: "#8a8b8e",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.LinkVisited: "#c58af9",
        QPalette.ColorRole.Light: "#3a3b3f",
        QPalette.ColorRole.Midlight: "#333438",
        QPalette.ColorRole.Mid: "#2a2b2e",
        QPalette.ColorRole.Dark: "#1a1b1d",
        QPalette.ColorRole.Shadow: "#000000",
    }
    return _palette(colours, disabled_text="#77787b")


def light_palette() -> QPalette:
    """A light window palette, for the light and sepia themes when the system is dark."""
    colours = {
        QPalette.ColorRole.Window: "#f3f3f4",
        QPalette.ColorRole.WindowText: "#1d1d1f",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f6f6f7",
        QPalette.ColorRole.Text: "#1d1d1f",
        QPalette.ColorRole.Button: "#ececee",
        QPalette.ColorRole.ButtonText: "#1d1d1f",
        QPalette.ColorRole.Highlight: "#cfe0f5",
        QPalette.ColorRole.HighlightedText: "#1d1d1f",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1d1d1f",
        QPalette.ColorRole.PlaceholderText: "#8a8a8e",
        QPalette.ColorRole.Link: "#1a5fb4",
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.Midlight: "#e4e4e6",
        QPalette.ColorRole.Mid: "#c8c8cc",
        QPalette.ColorRole.Dark: "#a0a0a4",
        QPalette.ColorRole.Shadow: "#707074",
    }
    return _palette(colours, disabled_text="#9a9a9e")


def system_is_dark() -> bool:
    """True when the desktop asks for dark colours (or its palette is dark)."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def icon(name: str, colour: QColor) -> QIcon:
    """Icon `name` of resources/icons drawn in `colour` (the palette's, so it suits light and dark)."""
    try:
        return tinted_icon(name, colour)
    except FileNotFoundError:
        log.warning("icon %s is missing from the installed application", name)
        return QIcon()


def welcome_html() -> str:
    """The first-run page: how to bring articles in."""
    return (
        "<p>Your library is empty. Bring in the articles you saved, and read them here, offline.</p>"
        "<ul>"
        "<li><b>File › Import Files…</b> (Ctrl+O) or <b>Import Folder…</b> (Ctrl+Shift+O): saved web pages "
        "(.html, .mhtml, .webarchive, SingleFile), text files, and exports from Pocket, Instapaper, "
        "Omnivore, Wallabag, Readwise Reader or your browser’s bookmarks.</li>"
        "<li><b>Drag and drop</b> files, folders or web addresses onto this window.</li>"
        "<li><b>Paste</b> (Ctrl+V) a web address, or text or a page you copied.</li>"
        "<li>From a terminal: <code>article-reader import</code> and the files, folders or addresses.</li>"
        "</ul>"
        "<p>Press <b>?</b> at any time for the keyboard shortcuts.</p>"
    )


def not_downloaded_html(stored: StoredArticle) -> str:
    """The page shown for an article known only by its address."""
    url = stored.article.url or ""
    link = f"<p><a href='{escape(url, quote=True)}'>{escape(url)}</a></p>" if url else ""
    reason = (
        f"<p>The last attempt to download it failed: {escape(stored.fetch_error)}</p>"
        if stored.fetch_error
        else ""
    )
    return (
        "<p>Only the address of this article is in the library so far.</p>"
        + reason
        + "<p>Use <b>File › Download Pending Articles</b> to fetch it for reading offline, "
        "or open the original (O).</p>" + link
    )


def reports_errors(method: Callable[P, R]) -> Callable[P, R | None]:
    """Show a `ReaderError` raised by a window action as a message instead of a crash."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(*args, **kwargs)
        except ReaderError as error:
            window = args[0]
            assert isinstance(window, QWidget)
            log.warning("%s", error)
            show_error(window, "Article Reader", str(error))
            return None

    return wrapper


class SearchBox(QLineEdit):
    """The search field: Esc clears it and hands the keyboard back to the list.

    Signals:
        escaped: Esc was pressed in the box.
    """

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.escaped.emit()
            event.accept()
            return
        super().keyPressEvent(event)


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


# When the window downloads articles imported as addresses only: a little after it opens,
# then every quarter of an hour while some still wait (the network may have come back).
BACKGROUND_DOWNLOAD_DELAY_MS = 3_000
BACKGROUND_DOWNLOAD_INTERVAL_MS = 15 * 60 * 1000


class MainWindow(QMainWindow):
    """The reading window over one library.

    Signals:
        article_opened: an article (its id) is shown in the reading pane.
        list_refreshed: the list and the counts were brought up to date with the library.
    """

    article_opened = Signal(int)
    list_refreshed = Signal()

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        download_in_background: bool = True,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        # Articles imported as addresses only are downloaded soon after start-up, after
        # each import that adds some, and again every so often while any wait.
        self.download_in_background = download_in_background
        self._background_download_queued = False
        self.setWindowTitle("Article Reader")
        self.setAcceptDrops(True)
        self._view = View()
        self._current_id: int | None = None
        self._loading_article = False
        self._shown_before = False
        self._pending_progress: tuple[int, float] | None = None
        self._deleted: DeletedArticles | None = None
        self._read_mode = False
        self._theme = DEFAULT_THEME
        self._typeface = DEFAULT_TYPEFACE
        self._line_spacing = DEFAULT_LINE_SPACING
        self._was_maximized = False

        self.runner = ImportRunner(library.path, self)
        self._download_timer = QTimer(self)
        self._download_timer.setInterval(BACKGROUND_DOWNLOAD_INTERVAL_MS)
        self._download_timer.timeout.connect(self.download_pending_in_background)
        self._icon_names: dict[QAction, str] = {}
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self._apply_icons()
        self._restore_settings()
        self.read_mode_bar.follow(self.reader)

    # -- building --------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.sidebar_model = SidebarModel(self)
        self.sidebar = QListView(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setModel(self.sidebar_model)
        self.sidebar.setItemDelegate(SidebarDelegate(self.sidebar))
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sidebar.setMinimumWidth(150)
        self.sidebar.setAccessibleName("Views")

        self.article_model = ArticleListModel(self)
        self.search_box = SearchBox(self)
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText("Search all articles  ( / )")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search")
        self.search_icon = self.search_box.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition)
        self.article_list = QListView(self)
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
        list_panel = QWidget(self)
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(8, 8, 0, 0)
        list_layout.setSpacing(6)
        list_layout.addWidget(self.search_box)
        list_layout.addWidget(self.article_list)
        self.list_panel = list_panel

        self.reader = ReaderView(self.library.image)
        self.reader.setObjectName("reader")
        self.read_mode_bar = ReadModeBar()
        self.read_mode_bar.hide()
        reader_panel = QWidget(self)
        reader_layout = QVBoxLayout(reader_panel)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.read_mode_bar)
        reader_layout.addWidget(self.reader, 1)
        self.reader_panel = reader_panel

        # Drops go to the window, wherever they land; the reading pane is not an editor.
        for widget in (
            self.reader,
            self.reader.viewport(),
            self.article_list.viewport(),
            self.sidebar.viewport(),
        ):
            widget.setAcceptDrops(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(list_panel)
        self.splitter.addWidget(reader_panel)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([180, 340, 760])
        self.setCentralWidget(self.splitter)

        self._search_timer = self._single_shot(SEARCH_DELAY_MS, self._run_search)
        self._progress_timer = self._single_shot(PROGRESS_SAVE_DELAY_MS, self._save_progress)
        self._refresh_timer = self._single_shot(REFRESH_DELAY_MS, self.refresh)
        self._counts_timer = self._single_shot(REFRESH_DELAY_MS, self.refresh_counts)

    def _single_shot(self, delay_ms: int, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(delay_ms)
        timer.timeout.connect(slot)
        return timer

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcuts: Iterable[str] = (),
        *,
        tip: str = "",
        icon_name: str = "",
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        keys = [QKeySequence(key) for key in shortcuts]
        if keys:
            action.setShortcuts(keys)
        action.setToolTip(
            f"{tip or text.replace('&', '').rstrip('…')}" + (f" ({keys[0].toString()})" if keys else "")
        )
        action.setStatusTip(tip)
        if icon_name:
            self._icon_names[action] = icon_name
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        # Actions also live on the window itself, so their keys work while the menu bar and
        # toolbar are hidden in read mode.
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.action_import_files = a("&Import Files…", self.import_files, ["Ctrl+O"])
        self.action_import_folder = a("Import &Folder…", self.import_folder, ["Ctrl+Shift+O"])
        self.action_import_clipboard = a("Import from &Clipboard", self.import_from_clipboard)
        self.action_download = a(
            "&Download Pending Articles",
            self.download_pending,
            tip="Download articles imported as addresses only",
        )
        self.action_quit = a("&Quit", self.close, ["Ctrl+Q"])
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.action_copy = a("&Copy", self.copy, ["Ctrl+C"])
        self.action_copy_link = a(
            "Copy &Link", self.copy_link, ["Ctrl+Shift+C"], tip="Copy the article's address"
        )
        self.action_paste = a(
            "&Paste (Import)", self.import_from_clipboard, ["Ctrl+V"], tip="Import what is in the clipboard"
        )
        self.action_find = a("&Find", self.focus_search, ["Ctrl+F", "/"], tip="Search all articles")
        self.action_undo = a("&Undo Delete", self.undo_delete, ["Ctrl+Z"])
        self.action_undo.setEnabled(False)

        self.action_zoom_in = a(
            "&Larger Text",
            self.reader.zoom_in,
            ["Ctrl++", "Ctrl+="],
            icon_name="font-larger",
        )
        self.action_zoom_out = a("&Smaller Text", self.reader.zoom_out, ["Ctrl+-"], icon_name="font-smaller")
        self.action_zoom_reset = a("&Actual Size", self.reader.reset_zoom, ["Ctrl+0"], tip="Text at 100%")
        self.action_zoom_reset.setIconText("Reset")
        self.action_read_mode = a(
            "&Read Mode",
            self.set_read_mode,
            ["Ctrl+Alt+R"],
            tip="Only the article, in a comfortable column",
            icon_name="read-mode",
            checkable=True,
        )
        self.action_leave_read_mode = a("Leave Read Mode", lambda: self.set_read_mode(False), ["Esc"])
        self.action_leave_read_mode.setEnabled(False)
        self.action_full_screen = a("F&ull Screen", self.set_full_screen, ["F11"], checkable=True)
        self.theme_group, self.theme_actions = self._choices(
            {theme: THEME_LABELS[theme] for theme in THEMES}, self.set_theme
        )
        self.typeface_group, self.typeface_actions = self._choices(TYPEFACES, self.set_typeface)
        self.spacing_group, self.spacing_actions = self._choices(LINE_SPACINGS, self.set_line_spacing)

        self.action_next = a("&Next Article", self.next_article, ["J"])
        self.action_previous = a("&Previous Article", self.previous_article, ["K"])
        self.action_page_down = a(
            "Page Down", self.page_down, ["Space"], tip="Scroll the article down a page"
        )
        self.action_page_up = a("Page Up", self.page_up, ["Shift+Space"], tip="Scroll the article up a page")
        self.action_open = a("&Open", self.open_selected)
        self.action_favorite = a("&Favourite", self.toggle_favorite, ["S"], icon_name="star")
        self.action_archive = a("&Archive", self.toggle_archive, ["E"], icon_name="archive")
        self.action_unread = a("Mark as &Unread", self.toggle_read, ["U"])
        self.action_mark_read = a("Mark as &Read", functools.partial(self.mark_read, True))
        self.action_tags = a("&Tags…", self.edit_tags, ["T"])
        self.action_delete = a("&Delete", self.delete_selected, ["Del"])
        self.action_open_original = a(
            "Open &Original", self.open_original, ["O"], tip="Open the article's web page"
        )

        self.action_shortcuts = a("&Keyboard Shortcuts", self.show_shortcuts, ["?", "F1"])
        self.action_about = a("&About Article Reader", lambda: show_about(self))

    def _choices(
        self, labels: dict[Choice, str], choose: Callable[[Choice], object]
    ) -> tuple[QActionGroup, dict[Choice, QAction]]:
        """A checkable action for each of `labels`, only one checked at a time; each calls `choose`."""
        group = QActionGroup(self)
        actions: dict[Choice, QAction] = {}
        for value, label in labels.items():
            action = QAction(label, group)
            action.setCheckable(True)
            action.triggered.connect(functools.partial(choose, value))
            actions[value] = action
        return group, actions

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions(
            [self.action_import_files, self.action_import_folder, self.action_import_clipboard]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.action_download)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.action_undo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.action_copy, self.action_copy_link, self.action_paste])
        edit_menu.addSeparator()
        edit_menu.addAction(self.action_find)

        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.action_zoom_in, self.action_zoom_out, self.action_zoom_reset])
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        theme_menu.addActions(list(self.theme_actions.values()))
        typeface_menu = view_menu.addMenu("T&ypeface")
        typeface_menu.addActions(list(self.typeface_actions.values()))
        spacing_menu = view_menu.addMenu("Line &Spacing")
        spacing_menu.addActions(list(self.spacing_actions.values()))
        view_menu.addSeparator()
        view_menu.addActions([self.action_read_mode, self.action_leave_read_mode, self.action_full_screen])

        article_menu = bar.addMenu("&Article")
        article_menu.addActions(
            [self.action_next, self.action_previous, self.action_page_down, self.action_page_up]
        )
        article_menu.addSeparator()
        article_menu.addActions(
            [
                self.action_favorite,
                self.action_archive,
                self.action_unread,
                self.action_tags,
                self.action_delete,
            ]
        )
        article_menu.addSeparator()
        article_menu.addActions([self.action_open_original, self.action_copy_link])

        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.action_shortcuts, self.action_about])

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Toolbar", self)
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setIconSize(QSize(18, 18))
        # Icons alone (an action without one shows its text), except where words say it better.
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addAction(self.action_import_files)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.scale_label = QLabel("100%", toolbar)
        self.scale_label.setObjectName("fontScale")
        self.scale_label.setToolTip("Text size")
        self.scale_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scale_label.setMinimumWidth(self.scale_label.fontMetrics().horizontalAdvance("3000%"))
        toolbar.addAction(self.action_zoom_out)
        toolbar.addWidget(self.scale_label)
        toolbar.addAction(self.action_zoom_in)
        toolbar.addAction(self.action_zoom_reset)
        toolbar.addSeparator()
        toolbar.addAction(self.action_read_mode)
        for action in (self.action_import_files, self.action_read_mode):
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar = toolbar
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.count_label = QLabel(self)
        status.addWidget(self.count_label)
        self.undo_bar = UndoBar(self)
        status.addPermanentWidget(self.undo_bar)
        self.import_panel = ImportPanel(self)
        status.addPermanentWidget(self.import_panel)

    def _connect(self) -> None:
        self.sidebar.selectionModel().currentChanged.connect(self._on_view_chosen)
        self.article_list.selectionModel().currentChanged.connect(self._on_current_article)
        self.article_list.selectionModel().selectionChanged.connect(self._on_current_article)
        self.article_list.selectionModel().selectionChanged.connect(self._update_article_actions)
        self.article_list.customContextMenuRequested.connect(self._show_context_menu)
        self.article_list.activated.connect(self._on_activated)
        self.article_model.modelReset.connect(self._update_article_actions)
        self.search_box.textChanged.connect(self._on_search_text)
        self.search_box.returnPressed.connect(self._run_search_now)
        self.search_box.escaped.connect(self._on_search_escaped)
        self.reader.font_scale_changed.connect(self._on_font_scale)
        self.reader.progress_changed.connect(self._on_progress)
        self.read_mode_bar.font_scale_requested.connect(self.reader.set_font_scale)
        self.read_mode_bar.theme_requested.connect(self.set_theme)
        self.read_mode_bar.typeface_requested.connect(self.set_typeface)
        self.read_mode_bar.line_spacing_requested.connect(self.set_line_spacing)
        self.read_mode_bar.exit_requested.connect(lambda: self.set_read_mode(False))
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.import_panel.cancel_requested.connect(self.runner.cancel)
        self.runner.job_started.connect(self.import_panel.start)
        self.runner.progress.connect(self.import_panel.set_progress)
        self.runner.result.connect(self._on_import_result)
        self.runner.job_finished.connect(self._on_job_finished)
        self.runner.failed.connect(lambda reason: show_error(self, "Import", reason))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)

    # -- settings --------------------------------------------------------------------

    def _setting(self, key: str, default: Any, kind: Callable[[Any], Any]) -> Any:
        value = self.settings.value(key)
        if value is None:
            return default
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1280, 800)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(QByteArray(splitter))
        theme = self._setting("reader/theme", DEFAULT_THEME, str)
        self.set_theme(theme if theme in THEMES else DEFAULT_THEME)
        typeface = self._setting("reader/typeface", DEFAULT_TYPEFACE, str)
        self.set_typeface(typeface if typeface in TYPEFACES else DEFAULT_TYPEFACE)
        self.set_line_spacing(self._setting("reader/line_spacing", DEFAULT_LINE_SPACING, float))
        scale = self._setting("reader/font_scale", ReaderView.DEFAULT_SCALE, int)
        self.reader.set_font_scale(scale)
        self._on_font_scale(self.reader.font_scale())

        # The counts take a full pass over the library (tens of ms with 100,000 articles): they
        # arrive just after the window is shown, the list does not wait for them.
        self._counts_timer.start(0)
        self.show_view(View.from_key(self.settings.value("window/view")))
        last = self._setting("reader/article", None, int)
        if last is not None and self.library.header(last) is not None:
            self.open_article(last)
        else:
            self._show_placeholder()
        if self._setting("reader/read_mode", False, _as_bool):
            self.set_read_mode(True)

    def save_settings(self) -> None:
        """Remember the window, the reading settings and where the reader was."""
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/view", self._view.key)
        s.setValue("reader/font_scale", self.reader.font_scale())
        s.setValue("reader/theme", self._theme)
        s.setValue("reader/typeface", self._typeface)
        s.setValue("reader/line_spacing", self._line_spacing)
        s.setValue("reader/read_mode", self._read_mode)
        if self._current_id is not None:
            s.setValue("reader/article", self._current_id)
        else:
            s.remove("reader/article")
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The pane's work kept back after a zoom reports the reading position: done now, then saved.
        self.reader.settle()
        self._save_progress()
        self.save_settings()
        self.runner.shutdown()
        # Nothing may touch the library after the window closes: whoever opened it closes it next.
        for timer in (self._search_timer, self._refresh_timer, self._counts_timer, self.undo_bar.timer):
            timer.stop()
        super().closeEvent(event)

    # -- views and the list ----------------------------------------------------------

    @property
    def view(self) -> View:
        """The sidebar view the list shows (searches cover every article)."""
        return self._view

    def show_view(self, view: View) -> None:
        """List the articles of `view` (leaving any search)."""
        self._view = view
        if self.search_box.text():
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self._search_timer.stop()
        row = self.sidebar_model.row_of(view)
        if row >= 0 and self.sidebar.currentIndex().row() != row:
            self.sidebar.selectionModel().blockSignals(True)
            self.sidebar.setCurrentIndex(self.sidebar_model.index(row))
            self.sidebar.selectionModel().blockSignals(False)
            self.sidebar.viewport().update()
        self.article_model.set_source(self._page_source(view))
        # The first page now, not at the next layout, so the list is never empty for a moment.
        self.article_model.fetchMore()
        self._select_current_article()
        self._update_count_label()
        self.settings.setValue("window/view", view.key)

    def _page_source(self, view: View) -> Callable[[Cursor | None, int], list[ArticleHeader]]:
        library = self.library

        def page(after: Cursor | None, limit: int) -> list[ArticleHeader]:
            try:
                return library.headers(view, after=after, limit=limit)
            except ReaderError as error:
                self.statusBar().showMessage(str(error))
                return []

        return page

    def _on_view_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = self.sidebar_model.view(current.row())
        if view is not None and (view != self._view or self.article_model.search_mode):
            self.show_view(view)

    @reports_errors
    def refresh_counts(self) -> None:
        """Bring the sidebar's counts up to date."""
        self.sidebar_model.set_counts(self.library.view_counts())
        row = self.sidebar_model.row_of(self._view)
        if row < 0:
            # A tag view whose tag went away (with its last article, or since the last run).
            self.show_view(View())
            row = self.sidebar_model.row_of(self._view)
        if row >= 0:
            self.sidebar.selectionModel().blockSignals(True)
            self.sidebar.setCurrentIndex(self.sidebar_model.index(row))
            self.sidebar.selectionModel().blockSignals(False)
        self._update_count_label()

    @reports_errors
    def refresh(self) -> None:
        """Bring the list and the counts up to date with the library (new articles, other changes)."""
        self.refresh_counts()
        if not self.article_model.search_mode:
            limit = max(self.article_model.rowCount(), PAGE_SIZE) + 50
            fresh = self.library.headers(self._view, limit=limit)
            keep = [self._current_id] if self._current_id is not None else []
            self.article_model.merge(fresh, exhausted=len(fresh) < limit, keep=keep)
        if self._current_id is None:
            self._show_placeholder()
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

    def _show_placeholder(self) -> None:
        if not self.library.headers(View(), limit=1):
            self.reader.show_message("Welcome to Article Reader", welcome_html())
        else:
            self.reader.show_message("", "<p>Choose an article from the list to read it.</p>")

    # -- the search ------------------------------------------------------------------

    def _on_search_text(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self.show_view(self._view)

    def _run_search_now(self) -> None:
        self._search_timer.stop()
        self._run_search()

    @reports_errors
    def _run_search(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            return
        hits = self.library.search(query, limit=SEARCH_LIMIT)
        self.article_model.show_search_results(hits)
        self._select_current_article()
        self._update_count_label()

    def _on_search_escaped(self) -> None:
        self.article_list.setFocus()

    def focus_search(self) -> None:
        """Put the keyboard in the search box (leaving read mode)."""
        if self._read_mode:
            self.set_read_mode(False)
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # -- opening and reading ---------------------------------------------------------

    def _select_current_article(self) -> None:
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
            self._update_article_actions()

    def _on_current_article(self, *_args: object) -> None:
        # A list that merely receives the focus makes its first row current without selecting
        # it; that is not a request to read (and mark read) the first article. A click makes
        # the row current first and selects it after, so selection changes come here too.
        current = self.article_list.currentIndex()
        if not current.isValid() or not self.article_list.selectionModel().isSelected(current):
            return
        article_id = current.data(ArticleListModel.ArticleIdRole)
        if article_id is not None and article_id != self._current_id:
            self.open_article(int(article_id))

    def _on_activated(self, index: QModelIndex) -> None:
        article_id = index.data(ArticleListModel.ArticleIdRole)
        if article_id is not None:
            self.open_article(int(article_id))
            self.reader.setFocus()

    def current_article_id(self) -> int | None:
        """The article in the reading pane, or None."""
        return self._current_id

    @reports_errors
    def open_article(self, article_id: int) -> None:
        """Show an article, where the reader left it, and mark it read."""
        self._save_progress()
        stored = self.library.get(article_id)
        if stored is None:
            self.statusBar().showMessage(f"Article {article_id} is no longer in the library", 5000)
            return
        self._current_id = article_id
        self._loading_article = True
        try:
            if stored.status == "ready":
                self.reader.show_article(stored)
                self.reader.restore_progress(stored.state.progress or 0.0)
            else:
                title = stored.article.title or stored.article.url or "Not downloaded yet"
                self.reader.show_message(title, not_downloaded_html(stored))
        finally:
            self._loading_article = False
        self.setWindowTitle(f"{stored.article.title or 'Untitled'} — Article Reader")
        self.library.mark_opened(article_id)
        header = self.library.header(article_id)
        if header is not None:
            self.article_model.update_header(header)
        self._select_current_article()
        self.settings.setValue("reader/article", article_id)
        if not stored.state.read:
            self._refresh_counts_soon()
        self._update_article_actions()
        self.article_opened.emit(article_id)

    def _refresh_counts_soon(self) -> None:
        # The counts change with every article opened; one query a moment later covers a run of j presses.
        if not self._counts_timer.isActive():
            self._counts_timer.start(REFRESH_DELAY_MS)

    def open_selected(self) -> None:
        """Open the current row's article and put the keyboard in the pane."""
        index = self.article_list.currentIndex()
        if index.isValid():
            self._on_activated(index)

    def _on_progress(self, progress: float) -> None:
        if self._loading_article or self._current_id is None:
            return
        self._pending_progress = (self._current_id, progress)
        self._progress_timer.start()

    def _save_progress(self) -> None:
        self._progress_timer.stop()
        pending, self._pending_progress = self._pending_progress, None
        if pending is None:
            return
        try:
            self.library.set_progress(*pending)
        except ReaderError as error:
            # Losing a scroll position is not worth interrupting the reader for.
            log.warning("could not save the reading position: %s", error)

    def next_article(self) -> None:
        """Open the article below the one being read (j)."""
        self._move(+1)

    def previous_article(self) -> None:
        """Open the article above the one being read (k)."""
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

    # -- font size, theme, read mode -------------------------------------------------

    def _on_font_scale(self, percent: int) -> None:
        self.scale_label.setText(f"{percent}%")
        self.action_zoom_in.setEnabled(percent < ReaderView.MAX_SCALE)
        self.action_zoom_out.setEnabled(percent > ReaderView.MIN_SCALE)
        self.action_zoom_reset.setEnabled(percent != ReaderView.DEFAULT_SCALE)
        self.settings.setValue("reader/font_scale", percent)

    def set_theme(self, theme: str) -> None:
        """ "system", "light", "sepia" or "dark": the reading pane's colours and the window's."""
        if theme not in THEMES:
            return
        self._theme = theme
        self.reader.set_theme(theme)
        self.read_mode_bar.set_theme(theme)
        self.theme_actions[theme].setChecked(True)
        self._apply_palette()
        self.settings.setValue("reader/theme", theme)

    def theme(self) -> str:
        """The theme in force: "system", "light", "sepia" or "dark"."""
        return self._theme

    def _apply_palette(self) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        if self._theme == "dark":
            app.setPalette(dark_palette())
        elif self._theme in {"light", "sepia"}:
            app.setPalette(light_palette())
        else:
            # An empty palette hands the colours back to the platform, which follows the system.
            app.setPalette(QPalette())

    def _on_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._theme == "system":
            self.reader.set_theme("system")
            self._apply_palette()

    def set_typeface(self, typeface: str) -> None:
        """ "serif" or "sans" for the article text."""
        if typeface not in TYPEFACES:
            return
        self._typeface = typeface
        self.reader.set_typeface(typeface)
        self.read_mode_bar.set_typeface(typeface)
        self.typeface_actions[typeface].setChecked(True)
        self.settings.setValue("reader/typeface", typeface)

    def set_line_spacing(self, factor: float) -> None:
        """The distance between lines of the article, as a multiple of the font size."""
        factor = min(MAX_LINE_SPACING, max(MIN_LINE_SPACING, float(factor)))
        self._line_spacing = factor
        self.reader.set_line_spacing(factor)
        self.read_mode_bar.set_line_spacing(factor)
        for value, action in self.spacing_actions.items():
            action.setChecked(abs(value - factor) < 0.01)
        self.settings.setValue("reader/line_spacing", factor)

    def is_read_mode(self) -> bool:
        """True while only the article shows."""
        return self._read_mode

    def set_read_mode(self, on: bool) -> None:
        """Only the article, in a centred column with its own small controls; or back to the library."""
        on = bool(on)
        self._read_mode = on
        for widget in (self.sidebar, self.list_panel, self.toolbar, self.menuBar(), self.statusBar()):
            widget.setVisible(not on)
        self.read_mode_bar.setVisible(on)
        self.reader.set_read_mode(on)
        self.action_leave_read_mode.setEnabled(on)
        if self.action_read_mode.isChecked() != on:
            self.action_read_mode.blockSignals(True)
            self.action_read_mode.setChecked(on)
            self.action_read_mode.blockSignals(False)
        if on:
            self.reader.setFocus()
        self.settings.setValue("reader/read_mode", on)

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

    # -- acting on articles ----------------------------------------------------------

    def selected_headers(self) -> list[ArticleHeader]:
        """The selected rows' headers, top to bottom; the current row when nothing is selected."""
        rows = sorted(index.row() for index in self.article_list.selectionModel().selectedRows())
        if not rows and self.article_list.currentIndex().isValid():
            rows = [self.article_list.currentIndex().row()]
        headers = [self.article_model.header(row) for row in rows]
        return [h for h in headers if h is not None]

    def _target_ids(self) -> list[int]:
        ids = [header.id for header in self.selected_headers()]
        if not ids and self._current_id is not None:
            ids = [self._current_id]
        return ids

    def _update_article_actions(self, *_args: object) -> None:
        headers = self.selected_headers()
        if not headers and self._current_id is not None:
            header = self.library.header(self._current_id)
            headers = [header] if header is not None else []
        has = bool(headers)
        for action in (
            self.action_favorite,
            self.action_archive,
            self.action_unread,
            self.action_mark_read,
            self.action_tags,
            self.action_delete,
            self.action_open,
        ):
            action.setEnabled(has)
        with_url = any(h.url for h in headers)
        self.action_open_original.setEnabled(with_url)
        self.action_copy_link.setEnabled(with_url)
        self.action_favorite.setText(
            "Remove from &Favourites" if has and all(h.favorite for h in headers) else "Add to &Favourites"
        )
        self.action_archive.setText(
            "Move out of the &Archive" if has and all(h.archived for h in headers) else "Move to the &Archive"
        )

    def _apply_state(self, ids: list[int], **flags: bool) -> None:
        self.library.set_state(ids, **flags)
        leaving = []
        for article_id in ids:
            header = self.library.header(article_id)
            if header is None:
                continue
            self.article_model.update_header(header)
            tags = self.library.tags_of(article_id) if self._view.kind == "tag" else ()
            if not self.article_model.search_mode and not self._view.contains(header, tags):
                leaving.append(article_id)
        if leaving:
            self._remove_rows(leaving)
        self.refresh_counts()
        self._update_article_actions()

    @reports_errors
    def toggle_favorite(self) -> None:
        """Favourite the selection; when it is all favourite already, unfavourite it (s)."""
        headers = self.selected_headers() or self._current_headers()
        if headers:
            self._apply_state([h.id for h in headers], favorite=not all(h.favorite for h in headers))

    @reports_errors
    def toggle_archive(self) -> None:
        """Archive the selection; when it is all archived already, take it out (e)."""
        headers = self.selected_headers() or self._current_headers()
        if headers:
            archived = not all(h.archived for h in headers)
            self._apply_state([h.id for h in headers], archived=archived)
            number = len(headers)
            self.statusBar().showMessage(
                f"{'Archived' if archived else 'Moved out of the archive:'} {number} article{'s' if number != 1 else ''}",
                4000,
            )

    @reports_errors
    def toggle_read(self) -> None:
        """Mark the selection unread; when it is all unread already, mark it read."""
        headers = self.selected_headers() or self._current_headers()
        if headers:
            self._apply_state([h.id for h in headers], read=all(not h.read for h in headers))

    @reports_errors
    def mark_read(self, read: bool) -> None:
        """Mark the selection read or unread."""
        ids = self._target_ids()
        if ids:
            self._apply_state(ids, read=read)

    def _current_headers(self) -> list[ArticleHeader]:
        if self._current_id is None:
            return []
        header = self.library.header(self._current_id)
        return [header] if header is not None else []

    @reports_errors
    def edit_tags(self) -> None:
        """Ask for the selection's tags and apply what changed (t)."""
        ids = self._target_ids()
        if not ids:
            return
        current = sorted(
            {tag for article_id in ids for tag in self.library.tags_of(article_id)}, key=str.casefold
        )
        wanted = ask_tags(self, current)
        if wanted is None:
            return
        removed = [tag for tag in current if tag not in wanted]
        added = [tag for tag in wanted if tag not in current]
        if added:
            self.library.add_tags(ids, added)
        if removed:
            self.library.remove_tags(ids, removed)
        if self._current_id in ids:
            stored = self.library.get(self._current_id)
            if stored is not None and stored.status == "ready":
                progress = self.reader.progress()
                self._loading_article = True
                try:
                    self.reader.show_article(stored)
                    self.reader.restore_progress(progress)
                finally:
                    self._loading_article = False
        self.refresh()

    @reports_errors
    def delete_selected(self) -> None:
        """Delete the selected articles; Undo (the status bar's button or Ctrl+Z) puts them back."""
        ids = self._target_ids()
        if not ids:
            return
        self._save_progress()
        self._deleted = self.library.delete(ids)
        number = len(self._deleted.article_ids)
        self.action_undo.setEnabled(True)
        self.undo_bar.offer(f"Deleted {number} article{'s' if number != 1 else ''}")
        self._remove_rows(ids)
        if self._current_id in ids:
            self._current_id = None
            current = self.article_list.currentIndex()
            if current.isValid():
                self._on_current_article()
            else:
                self.setWindowTitle("Article Reader")
        self.refresh_counts()
        if self._current_id is None:
            self._show_placeholder()

    def _remove_rows(self, ids: list[int]) -> None:
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
        self._update_article_actions()

    @reports_errors
    def undo_delete(self) -> None:
        """Put back the articles of the last delete, with their ids, state, tags and images."""
        if self._deleted is None:
            return
        deleted, self._deleted = self._deleted, None
        self.library.restore(deleted)
        self.action_undo.setEnabled(False)
        self.undo_bar.hide()
        number = len(deleted.article_ids)
        self.statusBar().showMessage(f"Restored {number} article{'s' if number != 1 else ''}", 4000)
        self.refresh()

    def open_original(self) -> None:
        """Open the selected articles' web pages in the browser (at most ten at once)."""
        for header in (self.selected_headers() or self._current_headers())[:10]:
            if header.url:
                open_url(QUrl(header.url))

    def copy_link(self) -> None:
        """Put the selected articles' addresses on the clipboard, one a line."""
        urls = [h.url for h in (self.selected_headers() or self._current_headers()) if h.url]
        if urls:
            QGuiApplication.clipboard().setText("\n".join(urls))
            self.statusBar().showMessage(
                "Link copied" if len(urls) == 1 else f"{len(urls)} links copied", 3000
            )

    def copy(self) -> None:
        """Copy the text selected in the article; with none, the selected articles' links."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.copy()
        elif self.reader.textCursor().hasSelection():
            self.reader.copy()
        else:
            self.copy_link()

    # -- the context menu ------------------------------------------------------------

    def context_menu(self) -> QMenu:
        """The menu of actions on the selected rows."""
        menu = QMenu(self)
        headers = self.selected_headers()
        if len(headers) == 1:
            menu.addAction(self.action_open)
            menu.addSeparator()
        menu.addAction(self.action_favorite)
        menu.addAction(self.action_archive)
        if any(not h.read for h in headers):
            menu.addAction(self.action_mark_read)
        if any(h.read for h in headers):
            menu.addAction(self.action_unread)
        menu.addAction(self.action_tags)
        menu.addSeparator()
        menu.addAction(self.action_copy_link)
        menu.addAction(self.action_open_original)
        menu.addSeparator()
        menu.addAction(self.action_delete)
        return menu

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.article_list.indexAt(position)
        if not index.isValid():
            return
        if not self.article_list.selectionModel().isSelected(index):
            self.article_list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._update_article_actions()
        menu = self.context_menu()
        exec_menu(menu, self.article_list.viewport().mapToGlobal(position))
        menu.deleteLater()

    # -- importing -------------------------------------------------------------------

    def import_files(self) -> None:
        """Ask for files and import them."""
        files = ask_import_files(self)
        if files:
            self.start_import(job_for_locations(files))

    def import_folder(self) -> None:
        """Ask for a folder and import everything in it."""
        folder = ask_import_folder(self)
        if folder:
            self.start_import(job_for_locations([folder]))

    def import_from_clipboard(self) -> None:
        """Import the clipboard's web address, files, page or text."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.paste()
            return
        mime = QGuiApplication.clipboard().mimeData()
        job = job_from_mime(mime) if mime is not None else None
        if job is None:
            self.statusBar().showMessage("The clipboard holds nothing to import", 4000)
            return
        self.start_import(job)

    def download_pending(self) -> None:
        """Download the articles imported as addresses only, trying failed ones again."""
        self.start_import(ImportJob("Downloading pending articles", fetch_pending=True, retry_failed=True))

    def download_pending_in_background(self) -> None:
        """Quietly download articles waiting for the network, unless such a download is already on its way."""
        if not self.download_in_background or self._background_download_queued:
            return
        try:
            waiting = bool(self.library.pending(limit=1))
        except ReaderError:
            return
        if waiting:
            self._background_download_queued = True
            self.start_import(ImportJob("Downloading saved addresses", fetch_pending=True, background=True))

    def start_import(self, job: ImportJob) -> None:
        """Run `job` in the import thread (after any import already running)."""
        self.runner.submit(job)

    def _on_import_result(self, _result: ImportResult) -> None:
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _on_job_finished(self, job: ImportJob | None, report: ImportReport) -> None:
        if not self.runner.is_running():
            self.import_panel.finish()
        self._refresh_timer.stop()
        self.refresh()
        background = job is not None and job.background
        if background:
            self._background_download_queued = False
        if report.failures and not background:
            self.statusBar().showMessage(summary(report).capitalize(), 10_000)
            show_import_report(self, report)
        elif report.results or report.cancelled:
            self.statusBar().showMessage(summary(report).capitalize(), 10_000)
        if job is not None and not job.fetch_pending and report.count("pending"):
            self.download_pending_in_background()
        ids = imported_article_ids(report.results)
        if job is not None and len(ids) == 1 and not job.fetch_pending and self._current_id != ids[0]:
            # One article pasted or dropped: the person wants to read it now.
            if self.article_model.row_of(ids[0]) < 0 and not self.article_model.search_mode:
                self.show_view(View())
            self.open_article(ids[0])

    # -- drag and drop ---------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if job_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        job = job_from_mime(event.mimeData())
        if job is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.start_import(job)

    # -- help ------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(what, keys) for every action with a shortcut, as the shortcuts dialog lists them."""
        rows = []
        seen: set[str] = set()
        for action in self.actions():
            keys = [key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()]
            if not keys:
                continue
            what = action.text().replace("&", "").removesuffix("…")
            if what in seen:
                continue
            seen.add(what)
            rows.append((what, " or ".join(keys)))
        return rows

    def show_shortcuts(self) -> None:
        """The list of keyboard shortcuts (?)."""
        show_shortcuts(self, self.shortcut_rows())

    def ensure_ready(self) -> None:
        """Make sure the list holds its first page and the pane is laid out (before a screenshot)."""
        if self.article_model.rowCount() == 0 and self.article_model.canFetchMore():
            self.article_model.fetchMore()
        for timer, pending in (
            (self._refresh_timer, self.refresh),
            (self._counts_timer, self.refresh_counts),
        ):
            if timer.isActive():
                timer.stop()
                pending()
        self.reader.settle()
        self.reader.document().size()  # forces the layout of the whole article, images included

    def _apply_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        for action, name in self._icon_names.items():
            action.setIcon(icon(name, colour))
        self.search_icon.setIcon(icon("search", self.palette().color(QPalette.ColorRole.PlaceholderText)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_before:
            self._shown_before = True
            if self.download_in_background:
                # After the window is up: the list first, downloads once there is time.
                QTimer.singleShot(BACKGROUND_DOWNLOAD_DELAY_MS, self.download_pending_in_background)
                self._download_timer.start()
            # The last session's article was opened before the window had its size; its place, a
            # fraction of the page's height, is found again on the page as it is laid out now.
            self._restore_place()

    def _restore_place(self) -> None:
        if self._current_id is None or self.reader.current_article_id() != self._current_id:
            return
        header = self.library.header(self._current_id)
        if header is not None and header.progress:
            self._loading_article = True
            try:
                self.reader.restore_progress(header.progress)
            finally:
                self._loading_article = False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The palette changed (the theme, or the system going dark): icons and rows follow it.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_icons()
            self.article_list.viewport().update()
            self.sidebar.viewport().update()


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)
