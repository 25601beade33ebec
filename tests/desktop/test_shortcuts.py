"""Every key the window answers to: documented, unambiguous, and driving the real window."""

# pytest-qt's QtBot key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.actions import COMMANDS
from desktop.mainwindow import MainWindow
from library.store import Library
from tests.desktop.conftest import Dialogs

REPO = Path(__file__).resolve().parents[2]


def shortcuts(window: MainWindow) -> list[tuple[QAction, str]]:
    return [
        (action, key.toString())
        for action in window.findChildren(QAction)
        for key in action.shortcuts()
        if not key.isEmpty()
    ]


def keyboard_section(markdown: str) -> str:
    """The README's "Keyboard" section."""
    return markdown.split("### Keyboard", 1)[1].split("\n#", 1)[0]


def documented_keys(markdown: str) -> set[str]:
    """Keys written as `code` in a Markdown table row (a key in passing prose does not count)."""
    keys: set[str] = set()
    for line in markdown.splitlines():
        if line.lstrip().startswith("|"):
            keys.update(re.findall(r"`([^`]+)`", line))
    return keys


def test_every_shortcut_is_in_the_readme() -> None:
    # Made from the command table, as the menus and the shortcut list are.
    readme = documented_keys(keyboard_section((REPO / "README.md").read_text(encoding="utf-8")))
    missing = [f"{spec.described}: {key}" for spec in COMMANDS for key in spec.keys if key not in readme]
    assert not missing, "shortcuts missing from README.md's table: " + ", ".join(missing)
    # And the other way: the table names no key the window does not answer to.
    answered = {key for spec in COMMANDS for key in spec.keys}
    # `Ctrl` and the wheel is the reading pane's own, not a command.
    assert readme - answered == {"Ctrl"}


def test_every_command_is_in_a_menu_or_the_context_menu(main_window: MainWindow) -> None:
    in_menus = {action for menu in main_window.menuBar().findChildren(QMenu) for action in menu.actions()}
    model = main_window.library_pane.article_model
    headers = [model.header(row) for row in range(model.rowCount())]
    context = {
        action
        for header in headers
        if header is not None
        for action in main_window.commands.context_actions([header])
    }
    for spec in COMMANDS:
        if not spec.choices:
            action = main_window.action(spec.name)
            assert action in in_menus or action in context, spec.name


def test_no_two_actions_share_a_key(main_window: MainWindow) -> None:
    counts = Counter(key for _action, key in shortcuts(main_window))
    assert [key for key, number in counts.items() if number > 1] == []


def press(
    qtbot: QtBot,
    widget: QWidget,
    key: Qt.Key | str,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(widget, key, modifiers)


def current_title(window: MainWindow) -> str:
    return str(window.library_pane.article_list.currentIndex().data())


def test_j_and_k_move_through_the_list_and_open_each_article(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.library_pane.article_list.setFocus()
    with qtbot.waitSignal(main_window.article_opened):
        press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_J)
    assert current_title(main_window) == "Waiting to be downloaded"
    with qtbot.waitSignal(main_window.article_opened):
        press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_J)
    assert current_title(main_window) == "Article number 11"
    assert "Paragraph 1 of article 11." in main_window.reader.toPlainText()
    with qtbot.waitSignal(main_window.article_opened):
        press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_K)
    assert current_title(main_window) == "Waiting to be downloaded"
    # At the top, k stays put.
    press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_K)
    assert current_title(main_window) == "Waiting to be downloaded"


def test_space_and_shift_space_page_through_the_article(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.open_article(5)
    bar = main_window.reader.verticalScrollBar()
    assert bar.value() == 0
    press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_Space)
    assert bar.value() == bar.pageStep()
    press(qtbot, main_window.reader, Qt.Key.Key_Space)
    assert bar.value() == 2 * bar.pageStep()
    press(qtbot, main_window.reader, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert bar.value() == bar.pageStep()


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [("/", Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)],
)
def test_slash_and_ctrl_f_put_the_keyboard_in_the_search_box(
    qtbot: QtBot, main_window: MainWindow, key: Qt.Key | str, modifiers: Qt.KeyboardModifier
) -> None:
    main_window.library_pane.article_list.setFocus()
    press(qtbot, main_window.library_pane.article_list, key, modifiers)
    qtbot.waitUntil(main_window.library_pane.search_box.hasFocus)
    # Typed letters now go into the box, not to the one-key shortcuts.
    qtbot.keyClicks(main_window.library_pane.search_box, "jest")
    assert main_window.library_pane.search_box.text() == "jest"


def test_question_mark_lists_the_shortcuts(qtbot: QtBot, main_window: MainWindow, dialogs: Dialogs) -> None:
    press(qtbot, main_window.library_pane.article_list, "?")
    assert dialogs.shortcut_rows
    listed = dict(dialogs.shortcut_rows[-1])
    assert (
        listed["Next article (or highlight, in the Highlights view)"] == "J"
        and listed["Search all articles"] == "Ctrl+F or /"
    )


def test_read_mode_in_with_ctrl_alt_r_and_out_with_escape(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.open_article(3)
    chrome = [
        main_window.library_pane.sidebar,
        main_window.library_pane.list_panel,
        main_window.toolbar,
        main_window.menuBar(),
        main_window.statusBar(),
    ]
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_R, modifiers)
    assert main_window.is_read_mode() and main_window.action("read_mode").isChecked()
    assert not any(widget.isVisible() for widget in chrome)
    assert main_window.read_mode_bar.isVisible() and main_window.reader.isVisible()
    # Only the article: no empty column is left where the list was.
    qtbot.waitUntil(lambda: main_window.reader.width() >= main_window.centralWidget().width() - 2)
    # The one-key shortcuts still work with the menu bar hidden.
    with qtbot.waitSignal(main_window.article_opened):
        press(qtbot, main_window.reader, Qt.Key.Key_J)
    press(qtbot, main_window.reader, Qt.Key.Key_Escape)
    assert not main_window.is_read_mode() and not main_window.action("read_mode").isChecked()
    assert all(widget.isVisible() for widget in chrome)
    assert not main_window.read_mode_bar.isVisible()
    # Ctrl+Alt+R toggles: in, and out again.
    press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_R, modifiers)
    press(qtbot, main_window.reader, Qt.Key.Key_R, modifiers)
    assert not main_window.is_read_mode()


def test_read_mode_from_the_toolbar_and_out_with_the_bar(qtbot: QtBot, main_window: MainWindow) -> None:
    button = main_window.toolbar.widgetForAction(main_window.action("read_mode"))
    assert isinstance(button, QToolButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert main_window.is_read_mode()
    main_window.read_mode_bar.exit_requested.emit()
    assert not main_window.is_read_mode()


def test_the_read_mode_bar_drives_the_reader(main_window: MainWindow) -> None:
    main_window.look.set_read_mode(True)
    bar = main_window.read_mode_bar
    bar.font_scale_requested.emit(170)
    bar.theme_requested.emit("sepia")
    bar.typeface_requested.emit("sans")
    bar.line_spacing_requested.emit(1.8)
    assert main_window.reader.font_scale() == 170 and main_window.look_controls.scale_label.text() == "170%"
    assert main_window.look.look.theme == "sepia" and main_window.reader.theme() == "sepia"
    assert main_window.reader.typeface() == "sans"
    assert main_window.reader.line_spacing() == pytest.approx(1.8)


def test_escape_outside_read_mode_and_outside_the_box_does_nothing(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_Escape)
    assert not main_window.is_read_mode() and main_window.library_pane.sidebar.isVisible()


def test_f11_toggles_full_screen(qtbot: QtBot, main_window: MainWindow) -> None:
    press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_F11)
    qtbot.waitUntil(main_window.isFullScreen)
    press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not main_window.isFullScreen())


@pytest.mark.parametrize(
    ("key", "modifiers", "expected"),
    [
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier, 110),
        # Ctrl and the = key: the same key as + without Shift on most layouts.
        (Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier, 110),
        (Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier, 90),
    ],
)
def test_zoom_keys_change_the_font_size(
    qtbot: QtBot, main_window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier, expected: int
) -> None:
    press(qtbot, main_window.library_pane.article_list, key, modifiers)
    assert main_window.reader.font_scale() == expected
    assert main_window.look_controls.scale_label.text() == f"{expected}%"
    press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert main_window.reader.font_scale() == 100 and main_window.look_controls.scale_label.text() == "100%"


def test_font_size_stops_at_300_and_50_with_the_toolbar(qtbot: QtBot, main_window: MainWindow) -> None:
    larger = main_window.toolbar.widgetForAction(main_window.action("zoom_in"))
    smaller = main_window.toolbar.widgetForAction(main_window.action("zoom_out"))
    reset = main_window.toolbar.widgetForAction(main_window.action("zoom_reset"))
    assert (
        isinstance(larger, QToolButton)
        and isinstance(smaller, QToolButton)
        and isinstance(reset, QToolButton)
    )
    assert not reset.isEnabled()
    for _ in range(20):
        if larger.isEnabled():
            qtbot.mouseClick(larger, Qt.MouseButton.LeftButton)
    assert main_window.reader.font_scale() == 300 and main_window.look_controls.scale_label.text() == "300%"
    assert not larger.isEnabled() and reset.isEnabled()
    press(qtbot, main_window.library_pane.article_list, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert main_window.reader.font_scale() == 300
    for _ in range(20):
        if smaller.isEnabled():
            qtbot.mouseClick(smaller, Qt.MouseButton.LeftButton)
    assert main_window.reader.font_scale() == 50 and not smaller.isEnabled()
    qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)
    assert main_window.reader.font_scale() == 100


def test_letter_keys_type_into_the_search_box_instead_of_acting(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    main_window.open_article(2)
    main_window.library_pane.search_box.setFocus()
    # Focus arrives with the window's activation, which the platform may deliver a moment later.
    qtbot.waitUntil(main_window.library_pane.search_box.hasFocus)
    qtbot.keyClicks(main_window.library_pane.search_box, "seu")
    assert main_window.library_pane.search_box.text() == "seu"
    header = filled_library.header(2)
    assert header is not None and not header.favorite and not header.archived and header.read


def test_the_zoom_keys_have_their_portable_names() -> None:
    # The README shows what QKeySequence.toString() says, on every platform.
    assert [QKeySequence(k).toString() for k in ("Ctrl++", "Ctrl+=", "Ctrl+-", "Ctrl+0")] == [
        "Ctrl++", "Ctrl+=", "Ctrl+-", "Ctrl+0",
    ]  # fmt: skip


def test_space_on_a_focused_read_mode_button_presses_it(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.open_article(5)
    main_window.look.set_read_mode(True)
    button = main_window.read_mode_bar.larger_button
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    press(qtbot, button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: main_window.reader.font_scale() == 110)
    assert main_window.reader.verticalScrollBar().value() == 0


def test_the_shortcut_list_names_what_each_command_does_not_its_state(
    main_window: MainWindow, dialogs: Dialogs
) -> None:
    main_window.open_article(9)  # a favourite: the menu says "Remove from Favourites"
    assert main_window.action("favorite").text().replace("&", "") == "Remove from Favourites"
    main_window.action("shortcuts").trigger()
    listed = dict(dialogs.shortcut_rows[-1])
    assert listed["Add to or remove from Favourites"] == "S"
    assert listed["Move to or out of the Archive"] == "E"
    assert not any("Remove from" in what or "Move out" in what for what in listed)
