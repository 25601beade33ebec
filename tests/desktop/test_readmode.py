"""Read mode's controls, the icons they draw, and the resources shipped with the application."""

from __future__ import annotations

import configparser
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QCursor, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.look import LINE_SPACINGS, ReadingLook
from desktop.readmode import IDLE_OPACITY, ReadModeBar
from desktop.themes import theme_colours, tinted_icon
from resources import resource_path, resource_text

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[QWidget]:
    """A window with the bar at the top, as the main window places it, away from the pointer."""
    top = QWidget()
    QVBoxLayout(top).addWidget(ReadModeBar())
    top.resize(900, 60)
    top.move(300, 300)
    QCursor.setPos(QPoint(5, 5))
    top.show()
    qtbot.waitExposed(top)
    yield top
    top.close()
    shiboken6.delete(top)


@pytest.fixture
def bar(window: QWidget) -> ReadModeBar:
    found = window.findChild(ReadModeBar)
    assert isinstance(found, ReadModeBar)
    return found


# -- what the controls ask for ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "button", "asked"),
    [
        (100, "smaller_button", 90),
        (100, "larger_button", 110),
        (115, "larger_button", 120),  # from a size between steps, to the next step
        (150, "scale_button", 100),  # the percentage resets
        (67, "smaller_button", 50),
        (240, "larger_button", 300),
    ],
)
def test_size_buttons_ask_for_the_next_step(
    qtbot: QtBot, bar: ReadModeBar, start: int, button: str, asked: int
) -> None:
    bar.set_font_scale(start)
    with qtbot.waitSignal(bar.font_scale_requested) as requested:
        QTest.mouseClick(getattr(bar, button), Qt.MouseButton.LeftButton)
    assert requested.args == [asked]
    assert bar.scale_button.text() == f"{asked}%"


@pytest.mark.parametrize(
    ("scale", "smaller", "larger"), [(50, False, True), (100, True, True), (300, True, False)]
)
def test_size_buttons_stop_at_the_limits(bar: ReadModeBar, scale: int, smaller: bool, larger: bool) -> None:
    bar.set_font_scale(scale)
    assert bar.smaller_button.isEnabled() is smaller
    assert bar.larger_button.isEnabled() is larger


@pytest.mark.parametrize("theme", ["light", "sepia", "dark"])
def test_theme_buttons(qtbot: QtBot, bar: ReadModeBar, theme: str) -> None:
    with qtbot.waitSignal(bar.theme_requested) as requested:
        QTest.mouseClick(bar.theme_buttons[theme], Qt.MouseButton.LeftButton)
    assert requested.args == [theme]
    assert [name for name, button in bar.theme_buttons.items() if button.isChecked()] == [theme]


@pytest.mark.parametrize("typeface", ["serif", "sans"])
def test_typeface_buttons(qtbot: QtBot, bar: ReadModeBar, typeface: str) -> None:
    bar.set_typeface("sans" if typeface == "serif" else "serif")
    with qtbot.waitSignal(bar.typeface_requested) as requested:
        QTest.mouseClick(bar.typeface_buttons[typeface], Qt.MouseButton.LeftButton)
    assert requested.args == [typeface]
    assert bar.typeface_buttons[typeface].isChecked()


@pytest.mark.parametrize("factor", list(LINE_SPACINGS))
def test_line_spacing_choices(qtbot: QtBot, bar: ReadModeBar, factor: float) -> None:
    with qtbot.waitSignal(bar.line_spacing_requested) as requested:
        bar.spacing_actions[factor].trigger()
    assert requested.args == [factor]
    assert [value for value, action in bar.spacing_actions.items() if action.isChecked()] == [factor]


def test_leave_button(qtbot: QtBot, bar: ReadModeBar) -> None:
    with qtbot.waitSignal(bar.exit_requested):
        QTest.mouseClick(bar.exit_button, Qt.MouseButton.LeftButton)


def test_showing_what_is_in_force_asks_for_nothing(qtbot: QtBot, bar: ReadModeBar) -> None:
    signals = [
        bar.font_scale_requested,
        bar.theme_requested,
        bar.typeface_requested,
        bar.line_spacing_requested,
        bar.exit_requested,
    ]
    with (
        qtbot.assertNotEmitted(signals[0]),
        qtbot.assertNotEmitted(signals[1]),
        qtbot.assertNotEmitted(signals[2]),
        qtbot.assertNotEmitted(signals[3]),
        qtbot.assertNotEmitted(signals[4]),
    ):
        bar.set_font_scale(170)
        bar.set_theme("sepia")
        bar.set_typeface("sans")
        bar.set_line_spacing(1.8)
    assert bar.scale_button.text() == "170%"
    assert bar.theme_buttons["sepia"].isChecked()
    assert bar.typeface_buttons["sans"].isChecked()
    assert bar.spacing_actions[1.8].isChecked()


def test_follow_shows_the_reading_look_and_asks_it_for_changes(
    qtbot: QtBot, bar: ReadModeBar, settings: QSettings
) -> None:
    look = ReadingLook(settings)
    look.set_theme("dark")
    look.set_typeface("sans")
    bar.follow(look)
    assert bar.theme_buttons["dark"].isChecked()
    assert bar.typeface_buttons["sans"].isChecked()
    look.zoom_in()
    look.zoom_in()
    assert bar.scale_button.text() == "120%"
    QTest.mouseClick(bar.theme_buttons["sepia"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(bar.larger_button, Qt.MouseButton.LeftButton)
    assert look.look.theme == "sepia" and look.look.font_scale == 133
    shiboken6.delete(look)


# -- keyboard and looks ----------------------------------------------------------------


def test_every_control_is_reachable_by_keyboard_and_explained(bar: ReadModeBar) -> None:
    buttons = bar.findChildren(QToolButton)
    assert len(buttons) == 10
    for button in buttons:
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus, button.toolTip()
        assert button.toolTip() and button.accessibleName()
    assert "Esc" in bar.exit_button.toolTip()
    assert "Ctrl+-" in bar.smaller_button.toolTip()


def test_tab_moves_through_the_controls_and_space_presses(
    qtbot: QtBot, window: QWidget, bar: ReadModeBar
) -> None:
    window.activateWindow()
    bar.smaller_button.setFocus()
    qtbot.waitUntil(bar.smaller_button.hasFocus)
    QTest.keyClick(bar.smaller_button, Qt.Key.Key_Tab)
    assert bar.scale_button.hasFocus()
    QTest.keyClick(bar.scale_button, Qt.Key.Key_Tab)
    assert bar.larger_button.hasFocus()
    with qtbot.waitSignal(bar.font_scale_requested) as requested:
        QTest.keyClick(bar.larger_button, Qt.Key.Key_Space)
    assert requested.args == [110]


@pytest.mark.parametrize("theme", ["light", "sepia", "dark"])
def test_the_bar_wears_the_page_colours(bar: ReadModeBar, theme: str) -> None:
    bar.set_theme(theme)
    picture = bar.grab().toImage()
    assert picture.pixelColor(2, picture.height() // 2) == theme_colours(theme)["background"]


def test_controls_fade_when_idle_and_come_back(qtbot: QtBot, bar: ReadModeBar) -> None:
    # Reading: the pointer and the keyboard focus are elsewhere (the window gave the first button focus).
    focused = bar.focusWidget()
    if focused is not None:
        focused.clearFocus()
    assert not bar.underMouse()
    bar.fade()
    qtbot.waitUntil(lambda: bar.opacity() == pytest.approx(IDLE_OPACITY))
    bar.wake()
    qtbot.waitUntil(lambda: bar.opacity() == pytest.approx(1.0))
    # Keyboard focus on a control brings them back too.
    bar.fade()
    qtbot.waitUntil(lambda: bar.opacity() == pytest.approx(IDLE_OPACITY))
    bar.window().activateWindow()
    bar.typeface_buttons["serif"].setFocus()
    qtbot.waitUntil(lambda: bar.opacity() == pytest.approx(1.0))


def test_controls_stay_while_focused(qtbot: QtBot, bar: ReadModeBar) -> None:
    bar.window().activateWindow()
    bar.exit_button.setFocus()
    qtbot.waitUntil(bar.exit_button.hasFocus)
    bar.fade()
    assert bar.opacity() == pytest.approx(1.0)


# -- icons and resources ---------------------------------------------------------------


ICONS = sorted(path.stem for path in (RESOURCES / "icons").glob("*.svg"))


def test_the_icons_the_window_needs_are_there() -> None:
    needed = {"font-smaller", "font-larger", "read-mode", "theme", "star", "star-filled", "archive", "search"}
    assert needed | {"article-reader"} <= set(ICONS)


@pytest.mark.parametrize("name", [n for n in ICONS if n != "article-reader"])
def test_line_icons_draw_in_the_colour_asked(qtbot: QtBot, name: str) -> None:
    for colour in ("#1d1d1f", "#dcdcdc"):
        image = tinted_icon(name, QColor(colour)).pixmap(48, 48).toImage()
        inked = [
            image.pixelColor(x, y)
            for x in range(48)
            for y in range(48)
            if image.pixelColor(x, y).alpha() == 255
        ]
        assert len(inked) > 40, name
        assert all(pixel.name() == colour for pixel in inked), name


def test_line_icons_take_a_translucent_colour_as_faded_ink(qtbot: QtBot) -> None:
    # SVG has no colours with alpha: "#66..." would draw black. The ink is drawn opaque, then faded.
    image = tinted_icon("star", QColor(200, 40, 40, 102)).pixmap(48, 48).toImage()
    pixels = [image.pixelColor(x, y) for x in range(48) for y in range(48)]
    strongest = max(pixel.alpha() for pixel in pixels)
    assert strongest == pytest.approx(102, abs=2)
    for pixel in pixels:
        if pixel.alpha() == strongest:
            assert (pixel.red(), pixel.green(), pixel.blue()) == pytest.approx((200, 40, 40), abs=3)


def test_application_icon_renders(qtbot: QtBot) -> None:
    image = tinted_icon("article-reader", QColor("#000000")).pixmap(48, 48).toImage()
    colours = {
        image.pixelColor(x, y).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    }
    assert len(colours) > 3  # its own colours, not a silhouette


def test_unknown_icon_is_a_clear_error(qtbot: QtBot) -> None:
    with pytest.raises(FileNotFoundError, match="no-such-icon"):
        tinted_icon("no-such-icon", QColor("black"))


def test_resources_are_found_by_name() -> None:
    assert "h1.title" in resource_text("reader.css")
    for theme in ("light", "sepia", "dark"):
        assert "background-color" in resource_text(f"themes/{theme}.css")
    assert resource_path("icons/search.svg").is_file()


@pytest.mark.parametrize(
    "name",
    [
        "no-such.css",
        "../pyproject.toml",  # a name must never reach outside the resources
        "/etc/passwd",
        "themes/../../pyproject.toml",
        "",
    ],
)
def test_resource_names_outside_the_package_are_refused(name: str) -> None:
    with pytest.raises(FileNotFoundError):
        resource_text(name)


def test_desktop_file_launches_the_application() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read_string(resource_text("article-reader.desktop"))
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "article-reader"
    assert section["Name"] == "Article Reader"
    assert (RESOURCES / "icons" / f"{section['Icon']}.svg").is_file()
    assert section["Categories"].endswith(";")
    assert QGuiApplication.desktopFileName() in ("", section["StartupWMClass"])
