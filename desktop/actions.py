"""Every command of the window as data: name, text, keys, handler, menu and toolbar place; the menus are made from it."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QMenuBar, QSizePolicy, QToolBar, QToolButton, QWidget

from desktop.look import DEFAULT_SCALE, LINE_SPACINGS, MAX_SCALE, MIN_SCALE, TYPEFACES, ReadingLook
from desktop.themes import THEMES

Choice = TypeVar("Choice", str, float)

# The menus in the order the menu bar shows them.
MENUS = ("&File", "&Edit", "&View", "&Article", "&Help")


# Where macOS moves these (the application menu); elsewhere they stay where the table puts them.
_MENU_ROLES = {
    "quit": QAction.MenuRole.QuitRole,
    "preferences": QAction.MenuRole.PreferencesRole,
    "about": QAction.MenuRole.AboutRole,
}


@dataclass(frozen=True)
class Command:
    """One command: the window makes a QAction of it, `window.action_<name>`.

    `handler` is the dotted name of what it calls, from the window ("library_pane.next_article").
    `menu` names the menu and `section` the group within it (a separator between groups);
    `toolbar` is its place on the toolbar (None: not there); `help` is how the shortcut list names
    it when the menu's text says its current state ("Remove from Favourites").
    """

    name: str
    text: str
    handler: str
    keys: tuple[str, ...] = ()
    menu: str | None = None
    section: int = 0
    toolbar: int | None = None
    tip: str = ""
    help: str = ""
    icon: str = ""
    checkable: bool = False
    # Words beside the toolbar icon, where words say it better than the icon.
    toolbar_text: bool = False
    # The toolbar button's words, when not the menu's text.
    icon_text: str = ""
    # A second place in the menus (menu, section), after the commands of that section.
    also_in: tuple[str, int] | None = None
    # A submenu of choices ("theme", "typeface", "line_spacing"), made from the reading look's tables.
    choices: str = ""

    @property
    def described(self) -> str:
        """What the shortcut list calls it: what it does, not its state now."""
        return self.help or self.text.replace("&", "").removesuffix("…")


COMMANDS: tuple[Command, ...] = (
    # File
    Command("import_files", "&Import Files…", "importer.import_files", ("Ctrl+O",), "&File", 0, toolbar=0,
            toolbar_text=True),
    Command("import_folder", "Import &Folder…", "importer.import_folder", ("Ctrl+Shift+O",), "&File", 0),
    Command("import_clipboard", "Import from &Clipboard", "importer.import_from_clipboard", (), "&File", 0),
    Command("download", "&Download Pending Articles", "importer.download_pending", (), "&File", 1,
            tip="Download articles imported as addresses only"),
    Command("work_offline", "Work &Offline", "importer.set_offline", (), "&File", 1, checkable=True,
            tip="Use no network: nothing is downloaded until this is off again"),
    Command("export", "&Export…", "exporting.export", ("Ctrl+Shift+E",), "&File", 2,
            tip="Export the selected articles, this view or everything: Markdown, web pages, EPUB, JSON, CSV, bookmarks"),
    Command("backup", "&Back Up Library…", "exporting.back_up", (), "&File", 2,
            tip="Copy the whole library to a file, checked, while it stays in use"),
    Command("preferences", "Pre&ferences…", "show_preferences", ("Ctrl+,",), "&File", 2),
    Command("quit", "&Quit", "close", ("Ctrl+Q",), "&File", 3),
    # Edit
    Command("undo", "&Undo Delete", "highlights.undo", ("Ctrl+Z",), "&Edit", 0),
    Command("copy", "&Copy", "commands.copy", ("Ctrl+C",), "&Edit", 1),
    Command("copy_link", "Copy &Link", "commands.copy_link", ("Ctrl+Shift+C",), "&Edit", 1,
            tip="Copy the article's address", help="Copy the article's link", also_in=("&Article", 2)),
    Command("paste", "&Paste (Import)", "importer.import_from_clipboard", ("Ctrl+V",), "&Edit", 1,
            tip="Import what is in the clipboard", help="Paste a link, page or text to import it"),
    Command("find", "&Find", "focus_search", ("Ctrl+F", "/"), "&Edit", 2,
            tip="Search all articles", help="Search all articles"),
    # View
    Command("zoom_in", "&Larger Text", "look.zoom_in", ("Ctrl++", "Ctrl+="), "&View", 0, toolbar=2,
            icon="font-larger"),
    Command("zoom_out", "&Smaller Text", "look.zoom_out", ("Ctrl+-",), "&View", 0, toolbar=1,
            icon="font-smaller"),
    Command("zoom_reset", "&Actual Size", "look.reset_zoom", ("Ctrl+0",), "&View", 0, toolbar=3,
            tip="Text at 100%", help="Text at 100%", icon_text="Reset"),
    Command("theme", "&Theme", "look.set_theme", (), "&View", 1, choices="theme"),
    Command("typeface", "T&ypeface", "look.set_typeface", (), "&View", 1, choices="typeface"),
    Command("line_spacing", "Line &Spacing", "look.set_line_spacing", (), "&View", 1, choices="line_spacing"),
    Command("read_mode", "&Read Mode", "look.set_read_mode", ("Ctrl+Alt+R",), "&View", 2, toolbar=4,
            tip="Only the article, in a comfortable column", icon="read-mode", checkable=True,
            toolbar_text=True, help="Read mode on or off"),
    Command("leave_read_mode", "Leave Read Mode", "leave_read_mode", ("Esc",), "&View", 2),
    Command("full_screen", "F&ull Screen", "set_full_screen", ("F11",), "&View", 2, checkable=True),
    # Article
    Command("next", "&Next Article", "highlights.next_in_list", ("J",), "&Article", 0,
            help="Next article (or highlight, in the Highlights view)"),
    Command("previous", "&Previous Article", "highlights.previous_in_list", ("K",), "&Article", 0,
            help="Previous article (or highlight, in the Highlights view)"),
    Command("page_down", "Page Down", "page_down", ("Space",), "&Article", 0,
            tip="Scroll the article down a page"),
    Command("page_up", "Page Up", "page_up", ("Shift+Space",), "&Article", 0,
            tip="Scroll the article up a page"),
    Command("open", "&Open", "library_pane.open_selected"),
    Command("favorite", "&Favourite", "commands.toggle_favorite", ("S",), "&Article", 1, icon="star",
            help="Add to or remove from Favourites"),
    Command("archive", "&Archive", "commands.toggle_archive", ("E",), "&Article", 1, icon="archive",
            help="Move to or out of the Archive"),
    Command("unread", "Mark as &Unread", "commands.toggle_read", ("U",), "&Article", 1,
            help="Mark as unread (or read)"),
    Command("mark_read", "Mark as &Read", "commands.mark_read"),
    Command("tags", "&Tags…", "commands.edit_tags", ("T",), "&Article", 1, help="Tags"),
    Command("delete", "&Delete", "commands.delete_selected", ("Del",), "&Article", 1,
            help="Delete (with undo)"),
    Command("open_original", "Open &Original", "commands.open_original", ("O",), "&Article", 2,
            tip="Open the article's web page", help="Open the original web page"),
    Command("highlight", "&Highlight", "highlights.highlighting.highlight_selection", ("H",), "&Article", 3,
            tip="Highlight the selected words", help="Highlight the selected words"),
    Command("note", "&Note…", "highlights.highlighting.edit_note", ("N",), "&Article", 3,
            tip="Add or edit the note of the highlight at the cursor or the selection",
            help="Note on a highlight"),
    Command("highlights_panel", "&Highlights Panel", "highlights.highlighting.toggle_panel", ("Shift+H",),
            "&View", 2, tip="The article's highlights in reading order, with their notes"),
    Command("extract_again", "E&xtract Again", "commands.extract_again", (), "&Article", 4,
            tip="Run the current extractor on the page kept with the article; its state, tags and highlights stay"),
    Command("show_original", "Show Original &Page", "commands.show_original", (), "&Article", 4,
            tip="The whole page the article was extracted from, as plain text"),
    # Help
    Command("shortcuts", "&Keyboard Shortcuts", "show_shortcuts", ("?", "F1"), "&Help", 0),
    Command("about", "&About Article Reader", "show_about", (), "&Help", 0),
)  # fmt: skip


def command(name: str) -> Command:
    """The command called `name`.

    Raises:
        KeyError: there is none.
    """
    for found in COMMANDS:
        if found.name == name:
            return found
    raise KeyError(name)


def resolve(owner: object, dotted: str) -> Callable[..., object]:
    """The callable `owner.a.b` for "a.b"."""
    target = functools.reduce(getattr, dotted.split("."), owner)
    assert callable(target), dotted
    return target


def make_action(parent: QWidget, spec: Command, handler: Callable[..., object]) -> QAction:
    """A QAction for `spec` that calls `handler`, living on `parent` so its keys work with the menus hidden."""
    action = QAction(spec.text, parent)
    action.setObjectName(f"action_{spec.name}")
    keys = [QKeySequence(key) for key in spec.keys]
    if keys:
        action.setShortcuts(keys)
    tip = spec.tip or spec.text.replace("&", "").rstrip("…")
    action.setToolTip(tip + (f" ({keys[0].toString()})" if keys else ""))
    action.setStatusTip(spec.tip)
    action.setCheckable(spec.checkable)
    if spec.icon_text:
        action.setIconText(spec.icon_text)
    action.setMenuRole(_MENU_ROLES.get(spec.name, QAction.MenuRole.NoRole))
    if spec.checkable:
        action.toggled.connect(handler)
    else:
        action.triggered.connect(lambda _checked=False: handler())
    parent.addAction(action)
    return action


def choice_actions(
    parent: QObject, labels: dict[Choice, str], choose: Callable[[Choice], object]
) -> tuple[QActionGroup, dict[Choice, QAction]]:
    """A checkable action for each of `labels`, only one checked at a time; each calls `choose`."""
    group = QActionGroup(parent)
    actions: dict[Choice, QAction] = {}
    for value, label in labels.items():
        action = QAction(label, group)
        action.setCheckable(True)
        action.triggered.connect(functools.partial(choose, value))
        actions[value] = action
    return group, actions


class LookControls(QObject):
    """The menus' and the toolbar's part of the reading look: the Theme, Typeface and Line Spacing
    choices, the text size shown between the zoom buttons, and the zoom actions' limits."""

    def __init__(self, window: QWidget, look: ReadingLook, actions: dict[str, QAction]) -> None:
        super().__init__(window)
        self._look = look
        self._actions = actions
        self.theme_group, self.theme_actions = choice_actions(self, THEMES, look.set_theme)
        self.typeface_group, self.typeface_actions = choice_actions(self, TYPEFACES, look.set_typeface)
        self.spacing_group, self.spacing_actions = choice_actions(self, LINE_SPACINGS, look.set_line_spacing)
        self.scale_label = QLabel("100%", window)
        self.scale_label.setObjectName("fontScale")
        self.scale_label.setToolTip("Text size")
        self.scale_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scale_label.setMinimumWidth(self.scale_label.fontMetrics().horizontalAdvance("3000%"))

    def submenus(self) -> dict[str, list[QAction]]:
        """The choices of each submenu of the table, by its `choices` name."""
        return {
            "theme": list(self.theme_actions.values()),
            "typeface": list(self.typeface_actions.values()),
            "line_spacing": list(self.spacing_actions.values()),
        }

    def show_look(self) -> None:
        """Check the choices in force and show the text size; zooming stops at the limits."""
        look = self._look.look
        self.theme_actions[look.theme].setChecked(True)
        self.typeface_actions[look.typeface].setChecked(True)
        for value, action in self.spacing_actions.items():
            action.setChecked(abs(value - look.line_spacing) < 0.01)
        percent = look.font_scale
        self.scale_label.setText(f"{percent}%")
        self._actions["zoom_in"].setEnabled(percent < MAX_SCALE)
        self._actions["zoom_out"].setEnabled(percent > MIN_SCALE)
        self._actions["zoom_reset"].setEnabled(percent != DEFAULT_SCALE)
        read_mode = self._actions["read_mode"]
        if read_mode.isChecked() != look.read_mode:
            read_mode.blockSignals(True)
            read_mode.setChecked(look.read_mode)
            read_mode.blockSignals(False)
        self._actions["leave_read_mode"].setEnabled(look.read_mode)


def build_menus(
    bar: QMenuBar, actions: dict[str, QAction], submenus: dict[str, list[QAction]]
) -> dict[str, QMenu]:
    """Fill `bar` from COMMANDS: each menu's commands in table order, a separator between sections."""
    menus: dict[str, QMenu] = {}
    for title in MENUS:
        menu = bar.addMenu(title)
        menus[title] = menu
        section: int | None = None
        for spec in COMMANDS:
            if spec.menu != title:
                continue
            if section is not None and spec.section != section:
                menu.addSeparator()
            section = spec.section
            if spec.choices:
                menu.addMenu(spec.text).addActions(submenus[spec.choices])
            else:
                menu.addAction(actions[spec.name])
        for spec in COMMANDS:
            if spec.also_in is not None and spec.also_in[0] == title:
                menu.addAction(actions[spec.name])
    return menus


def build_toolbar(parent: QWidget, actions: dict[str, QAction], scale_label: QWidget) -> QToolBar:
    """The toolbar from COMMANDS' toolbar places: import at the left, then the text size and read mode at the right."""
    toolbar = QToolBar("Toolbar", parent)
    toolbar.setObjectName("toolbar")
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setIconSize(QSize(18, 18))
    # Icons alone (an action without one shows its text), except where words say it better.
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    placed = sorted(
        (spec for spec in COMMANDS if spec.toolbar is not None), key=operator.attrgetter("toolbar")
    )
    for spec in placed:
        toolbar.addAction(actions[spec.name])
        if spec.toolbar == 0:
            spacer = QWidget(toolbar)
            spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            toolbar.addWidget(spacer)
        elif spec.name == "zoom_out":
            toolbar.addWidget(scale_label)
        elif spec.name == "zoom_reset":
            toolbar.addSeparator()
        if spec.toolbar_text:
            button = toolbar.widgetForAction(actions[spec.name])
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return toolbar


def shortcut_rows(actions: dict[str, QAction]) -> list[tuple[str, str]]:
    """(what, keys) for every command with keys, as the shortcut list and the README name them."""
    rows = []
    for spec in COMMANDS:
        if spec.choices:
            continue
        keys = [
            key.toString(QKeySequence.SequenceFormat.NativeText) for key in actions[spec.name].shortcuts()
        ]
        if keys:
            rows.append((spec.described, " or ".join(keys)))
    return rows
