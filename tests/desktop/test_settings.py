"""What the window remembers across restarts, and starting it from the command line (--screenshot, bad libraries)."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desktop import app, dialogs
from desktop.mainwindow import MainWindow
from library.records import View
from library.store import Library
from tests.desktop.conftest import WindowFactory, fill


def reopen(make_window: WindowFactory, library: Library, settings_path: Path) -> MainWindow:
    window: MainWindow = make_window(library, QSettings(str(settings_path), QSettings.Format.IniFormat))
    return window


def test_reading_settings_survive_a_restart(
    make_window: WindowFactory, filled_library: Library, settings_path: Path
) -> None:
    first: MainWindow = make_window(filled_library)
    first.reader.set_font_scale(150)
    first.look.set_theme("sepia")
    first.look.set_typeface("sans")
    first.look.set_line_spacing(1.8)
    first.show_view(View("favorites"))
    first.close()

    second = reopen(make_window, filled_library, settings_path)
    assert second.reader.font_scale() == 150
    assert second.look_controls.scale_label.text() == "150%"
    assert second.look.look.theme == "sepia" and second.look_controls.theme_actions["sepia"].isChecked()
    assert second.look_controls.typeface_actions["sans"].isChecked()
    assert second.look_controls.spacing_actions[1.8].isChecked()
    assert second.library_pane.view == View("favorites")


def test_the_place_read_survives_a_zoom_just_before_quitting(
    make_window: WindowFactory, filled_library: Library, settings_path: Path
) -> None:
    # The pane tells the reading position a moment after zooming; quitting sooner must not lose it.
    first: MainWindow = make_window(filled_library)
    first.open_article(5)
    first.reader.restore_progress(0.6)
    first.reader.set_font_scale(170)
    place = first.reader.progress()
    first.close()
    header = filled_library.header(5)
    assert header is not None and header.progress == pytest.approx(place, abs=0.001)
    # Reopened: the article is opened before the window has its size, and the place is found
    # again once it has.
    second = reopen(make_window, filled_library, settings_path)
    assert second.current_article_id() == 5
    assert second.reader.progress() == pytest.approx(place, abs=0.001)


def test_geometry_and_splitter_sizes_survive_a_restart(
    qtbot: QtBot, make_window: WindowFactory, filled_library: Library, settings_path: Path
) -> None:
    first: MainWindow = make_window(filled_library)
    first.resize(720, 540)
    qtbot.waitUntil(lambda: first.width() == 720)
    first.splitter.setSizes([160, 250, 310])
    sizes = first.splitter.sizes()
    first.close()
    second = reopen(make_window, filled_library, settings_path)
    assert (second.width(), second.height()) == (720, 540)
    assert second.splitter.sizes() == sizes


def test_read_mode_and_the_open_article_survive_a_restart(
    qtbot: QtBot, make_window: WindowFactory, filled_library: Library, settings_path: Path
) -> None:
    first: MainWindow = make_window(filled_library)
    first.open_article(3)
    first.look.set_read_mode(True)
    first.close()
    second = reopen(make_window, filled_library, settings_path)
    assert second.is_read_mode()
    assert second.current_article_id() == 3
    assert "Paragraph 1 of article 3." in second.reader.toPlainText()


def test_a_remembered_tag_that_is_gone_falls_back_to_all(
    qtbot: QtBot,
    make_window: WindowFactory,
    filled_library: Library,
    settings_path: Path,
    settings: QSettings,
) -> None:
    settings.setValue("window/view", "tag:no-longer-there")
    settings.setValue("reader/font_scale", "not a number")
    settings.setValue("reader/theme", "purple")
    window: MainWindow = make_window(filled_library)
    # The sidebar's counts (a moment after the window shows) tell the window the tag is gone.
    qtbot.waitUntil(lambda: window.library_pane.view == View())
    assert len(window.library_pane.article_model.article_ids()) == 12
    assert window.reader.font_scale() == 100
    assert window.look.look.theme == "system"


def test_settings_go_to_the_file_named_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, library: Library
) -> None:
    target = tmp_path / "chosen.ini"
    monkeypatch.setenv(app.SETTINGS_ENV, str(target))
    with app._settings(temporary=False) as settings:
        assert isinstance(settings, QSettings)
        assert Path(settings.fileName()) == target


def window_args(library: Path, screenshot: Path | None = None, **options: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "library": str(library),
        "screenshot": str(screenshot) if screenshot else None,
        "article": None,
        "read_mode": False,
        "font_scale": None,
        "theme": None,
        "size": None,
    }
    values.update(options)
    return argparse.Namespace(**values)


def test_screenshot_saves_the_window_at_the_size_asked(
    qtbot: QtBot, tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(library, 3)
    monkeypatch.setenv(app.SETTINGS_ENV, str(tmp_path / "settings.ini"))
    picture = tmp_path / "shots" / "main.png"
    before = dump(library.path)
    status = app.run_window(
        window_args(library.path, picture, article=2, size="900x600", theme="dark", font_scale=150)
    )
    assert status == app.EXIT_OK
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (900, 600)
    # The dark theme is dark: most of the reading pane (background, not text) is nearly black.
    samples = sorted(
        image.pixelColor(x, y).lightness() for x in range(600, 880, 7) for y in range(100, 580, 7)
    )
    assert samples[len(samples) // 2] < 80
    # A picture of the library changes nothing in it: the article shown is not marked read.
    assert not library.header(2).read  # type: ignore[union-attr]
    assert dump(library.path) == before


def dump(path: Path) -> list[str]:
    """Every row of the library file, as SQL (without the query planner's statistics, which
    closing a library refreshes)."""
    connection = sqlite3.connect(path)
    try:
        return [line for line in connection.iterdump() if "sqlite_stat" not in line and "ANALYZE" not in line]
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        # A typo in --size is a usage error, not a 0x0 picture.
        ({"size": "big"}, "--size wants WIDTHxHEIGHT"),
        # Outside 50-300 the reader would clamp silently; the command line says so instead.
        ({"font_scale": 400}, "--font-scale must be 50 to 300"),
        # An article that is not in the library.
        ({"article": 999}, "no article with id 999"),
    ],
)
def test_bad_window_options_are_refused_with_a_reason(
    tmp_path: Path,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    options: dict[str, object],
    message: str,
) -> None:
    monkeypatch.setenv(app.SETTINGS_ENV, str(tmp_path / "settings.ini"))
    status = app.run_window(window_args(library.path, tmp_path / "x.png", **options))
    assert status == app.EXIT_ERROR
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_a_library_that_cannot_be_opened_is_a_dialog_and_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "photos.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    connection.close()
    shown: list[tuple[object, str]] = []
    monkeypatch.setattr(dialogs, "show_library_error", lambda path, reason: shown.append((path, reason)))
    assert app.run_window(window_args(foreign)) == app.EXIT_ERROR
    assert shown == [(foreign, "an SQLite database, but not an Article Reader library")]
    assert str(foreign) in capsys.readouterr().err
