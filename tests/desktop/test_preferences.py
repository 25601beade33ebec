"""Work Offline, background downloads, the preferences dialog and opening another library, in the real window."""

# pytest-qt's QtBot key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop import dialogs as seams
from desktop.mainwindow import MainWindow
from desktop.preferences import PreferencesDialog
from library.article import Article
from library.network import OFFLINE_VARIABLE
from library.store import Library
from tests.desktop.conftest import Dialogs, WindowFactory, fill
from tests.library.httpserver import LocalHTTPServer, Reply, Request

IMPORT_TIMEOUT_MS = 30_000
PAGE = (
    "<html><head><title>Served page</title></head><body><article><h1>Served page</h1>"
    + "<p>The council met on Tuesday to discuss the proposal at length, and members said they would return.</p>"
    * 4
    + "</article></body></html>"
).encode()


@pytest.fixture
def server() -> LocalHTTPServer:
    with LocalHTTPServer() as running:
        yield running  # type: ignore[misc]


def paste_address(qtbot: QtBot, window: MainWindow, url: str) -> None:
    mime = QMimeData()
    mime.setText(url)
    QGuiApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(window.runner.job_finished, timeout=IMPORT_TIMEOUT_MS):
        window.action("paste").trigger()


def test_the_environment_keeps_the_window_offline_and_says_why(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    server: LocalHTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(OFFLINE_VARIABLE, "1")
    url = server.route("/story", Reply(200, {"Content-Type": "text/html"}, PAGE))
    window: MainWindow = make_window(library, download_in_background=True)
    offline = window.action("work_offline")
    assert offline.isChecked() and not offline.isEnabled()
    assert OFFLINE_VARIABLE in offline.toolTip()
    assert not window.action("download").isEnabled()
    paste_address(qtbot, window, url)
    # Kept as an address to download later; the server never heard of it.
    assert [h.status for h in library.headers()] == ["pending"]
    window.importer.download_pending_in_background()
    assert not window.runner.is_running()
    assert server.requests == []


def test_work_offline_is_remembered_and_off_again_downloads(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    server: LocalHTTPServer,
    settings_path: Path,
) -> None:
    url = server.route("/story", Reply(200, {"Content-Type": "text/html"}, PAGE))
    library.save(Article(title="Saved while away", url=url), source_kind="pocket", status="pending")
    first: MainWindow = make_window(library, download_in_background=True)
    first.action("work_offline").trigger()
    assert first.importer.is_offline() and not first.action("download").isEnabled()
    first.close()
    second: MainWindow = make_window(
        library, QSettings(str(settings_path), QSettings.Format.IniFormat), download_in_background=True
    )
    assert second.action("work_offline").isChecked()
    second.importer.download_pending_in_background()
    assert server.requests == []
    with qtbot.waitSignal(second.runner.job_finished, timeout=IMPORT_TIMEOUT_MS):
        second.action("work_offline").trigger()  # off: what waits is downloaded now
    assert [h.status for h in library.headers()] == ["ready"]


def test_background_downloads_can_be_turned_off(
    qtbot: QtBot, make_window: WindowFactory, library: Library, server: LocalHTTPServer
) -> None:
    url = server.route("/story", Reply(200, {"Content-Type": "text/html"}, PAGE))
    library.save(Article(title="Waiting", url=url), source_kind="pocket", status="pending")
    window: MainWindow = make_window(library, download_in_background=True)
    window.importer.set_background_downloads(False)
    window.importer.download_pending_in_background()
    assert not window.runner.is_running() and server.requests == []
    # Asked for, it still downloads.
    with qtbot.waitSignal(window.runner.job_finished, timeout=IMPORT_TIMEOUT_MS):
        window.action("download").trigger()
    assert [h.status for h in library.headers()] == ["ready"]


@pytest.mark.parametrize("address", ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/x"])
def test_open_original_hands_only_web_addresses_to_the_system(
    make_window: WindowFactory, library: Library, dialogs: Dialogs, address: str
) -> None:
    article_id = library.save(
        Article(title="Odd address", url=address, html="<p>Body.</p>", text="Body."), source_kind="html"
    ).article_id
    window: MainWindow = make_window(library)
    window.open_article(article_id)
    assert not window.action("open_original").isEnabled()
    window.commands.open_original()
    assert dialogs.opened_urls == []


@pytest.fixture
def shown_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[QDialog]:
    """The dialogs the window showed, left open for the test to drive."""
    shown: list[QDialog] = []
    monkeypatch.setattr(seams, "show_dialog", shown.append)
    return shown


def preferences(window: MainWindow, shown: list[QDialog], qtbot: QtBot) -> PreferencesDialog:
    qtbot.keyClick(window.library_pane.article_list, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = shown[-1]
    assert isinstance(dialog, PreferencesDialog)
    return dialog


def test_preferences_change_the_look_at_once_and_follow_the_keys(
    qtbot: QtBot, main_window: MainWindow, shown_dialogs: list[QDialog]
) -> None:
    dialog = preferences(main_window, shown_dialogs, qtbot)
    dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("sepia"))
    dialog.theme_box.activated.emit(dialog.theme_box.currentIndex())
    dialog.typeface_box.setCurrentIndex(dialog.typeface_box.findData("sans"))
    dialog.typeface_box.activated.emit(dialog.typeface_box.currentIndex())
    dialog.scale_box.setValue(150)
    assert main_window.reader.theme() == "sepia" and main_window.reader.typeface() == "sans"
    assert main_window.reader.font_scale() == 150 and main_window.look_controls.scale_label.text() == "150%"
    # And the other way: a change made with the keys shows in the open dialog.
    main_window.action("zoom_in").trigger()
    assert dialog.scale_box.value() == 170


def test_preferences_hold_the_network_switches(
    qtbot: QtBot, main_window: MainWindow, shown_dialogs: list[QDialog]
) -> None:
    dialog = preferences(main_window, shown_dialogs, qtbot)
    dialog.offline_box.setChecked(True)
    assert main_window.importer.is_offline() and main_window.action("work_offline").isChecked()
    dialog.offline_box.setChecked(False)
    dialog.background_box.setChecked(False)
    assert not main_window.importer.background_downloads()


def test_open_another_library_from_the_preferences_is_remembered(
    qtbot: QtBot,
    main_window: MainWindow,
    shown_dialogs: list[QDialog],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    settings: QSettings,
) -> None:
    other_path = tmp_path / "other.db"
    with Library.open(other_path) as other:
        fill(other, 2, start=50)
    monkeypatch.setattr(seams, "ask_library_file", lambda _parent, _current: str(other_path))
    dialog = preferences(main_window, shown_dialogs, qtbot)
    dialog.open_button.click()
    assert main_window.library.path == other_path
    assert dialog.library_label.text() == str(other_path)
    model = main_window.library_pane.article_model
    assert [model.header(row).title for row in range(model.rowCount())] == [  # type: ignore[union-attr]
        "Article number 51",
        "Article number 50",
    ]
    with qtbot.waitSignal(main_window.article_opened):
        main_window.action("next").trigger()
    assert "Paragraph 1 of article 51." in main_window.reader.toPlainText()
    assert settings.value("library/path") == str(other_path)


def test_a_library_that_cannot_be_opened_leaves_the_window_as_it_was(
    qtbot: QtBot,
    main_window: MainWindow,
    filled_library: Library,
    shown_dialogs: list[QDialog],
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    not_a_library = tmp_path / "notes.txt"
    not_a_library.write_text("shopping list\n", encoding="utf-8")
    monkeypatch.setattr(seams, "ask_library_file", lambda _parent, _current: str(not_a_library))
    preferences(main_window, shown_dialogs, qtbot).open_button.click()
    assert main_window.library is filled_library
    assert dialogs.errors and str(not_a_library) in dialogs.errors[-1][1]
    assert not_a_library.read_text(encoding="utf-8") == "shopping list\n"


def test_the_status_bar_says_what_is_being_downloaded(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    release = threading.Event()

    def slow(_request: Request) -> Reply:
        release.wait(IMPORT_TIMEOUT_MS / 1000)
        return Reply(200, {"Content-Type": "text/html"}, PAGE)

    with LocalHTTPServer() as server:
        url = server.route("/slow-story", slow)
        library.save(Article(title="On its way", url=url), source_kind="pocket", status="pending")
        window: MainWindow = make_window(library)
        try:
            window.action("download").trigger()
            qtbot.waitUntil(
                lambda: "/slow-story" in window.import_panel.label.text(), timeout=IMPORT_TIMEOUT_MS
            )
            assert window.import_panel.isVisible()
            assert window.import_panel.label.text().startswith("Downloading pending articles: 127.0.0.1")
        finally:
            release.set()
        qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=IMPORT_TIMEOUT_MS)
    assert not window.import_panel.isVisible()


def test_an_article_downloaded_while_it_is_open_is_shown_as_it_is_now(
    qtbot: QtBot, make_window: WindowFactory, library: Library, server: LocalHTTPServer
) -> None:
    url = server.route("/story", Reply(200, {"Content-Type": "text/html"}, PAGE))
    article_id = library.save(
        Article(title="Not yet", url=url), source_kind="pocket", status="pending"
    ).article_id
    window: MainWindow = make_window(library)
    window.open_article(article_id)
    assert "has not been downloaded yet" in window.reader.toPlainText()
    with qtbot.waitSignal(window.runner.job_finished, timeout=IMPORT_TIMEOUT_MS):
        window.action("download").trigger()
    assert "The council met on Tuesday" in window.reader.toPlainText()
    assert window.current_article_id() == article_id
