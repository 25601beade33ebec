"""Importing from the window: File > Import, drag and drop, paste, progress, Cancel, failures, downloads."""

# pytest-qt's QtBot key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.dialogs import ImportReportDialog
from desktop.mainwindow import MainWindow
from desktop.workers import (
    CLIPBOARD_SOURCE,
    failure_rows,
    job_for_locations,
    job_from_mime,
    summary,
)
from library.importer import ImportReport, ImportResult
from library.importlog import recent_lines
from library.records import View
from library.store import Library
from tests.desktop.conftest import Dialogs, WindowFactory
from tests.library.httpserver import LocalHTTPServer, Reply, Request

# Long enough for any import to finish on a slow, shared machine; never reached when things work.
IMPORT_TIMEOUT_MS = 30_000

ARTICLE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>The council met on Tuesday to discuss the proposal at length, and members said they would return to it
after the summer recess, when more evidence is available and the consultation has closed.</p>
<p>Residents who spoke at the meeting were divided. Some welcomed the plan as overdue; others said it would
change the character of the neighbourhood for ever, and asked for a second public hearing.</p>
<p>A final decision is expected in the autumn, the council's spokesperson said on Wednesday evening.</p>
</article><footer>Copyright The Daily Example</footer></body></html>"""


def text_file(folder: Path, name: str, title: str) -> Path:
    path = folder / name
    path.write_text(
        f"{title}\n\nA tanuki was seen crossing the road near the station on Monday morning, witnesses said.\n\n"
        f"This is the story of {title.lower()}, as the local paper told it.\n\n"
        "The animal, also known as the raccoon dog, is common in the region but rarely seen in town.\n",
        encoding="utf-8",
    )
    return path


def titles(window: MainWindow) -> list[str]:
    model = window.library_pane.article_model
    return [model.header(row).title for row in range(model.rowCount())]  # type: ignore[union-attr]


@pytest.fixture
def empty_window(make_window: WindowFactory, library: Library) -> MainWindow:
    window: MainWindow = make_window(library)
    return window


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


def serve_article(server: LocalHTTPServer, path: str, title: str) -> str:
    """Serve an article page titled `title` at `path`; its address."""
    page = ARTICLE_PAGE.format(title=title).encode()
    return server.route(path, Reply(200, {"Content-Type": "text/html; charset=utf-8"}, page))


def finish(qtbot: QtBot, window: MainWindow, start: object) -> ImportReport:
    """Run `start()` and wait until the import it begins has finished; return its report."""
    with qtbot.waitSignal(window.runner.job_finished, timeout=IMPORT_TIMEOUT_MS) as finished:
        start()  # type: ignore[operator]
    report: ImportReport = finished.args[1]
    return report


def test_file_import_fills_the_list_and_replaces_the_welcome_page(
    qtbot: QtBot, empty_window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    dialogs.files = [
        str(text_file(tmp_path, "a.txt", "Tanuki on the move")),
        str(text_file(tmp_path, "b.txt", "Badgers too")),
    ]
    report = finish(qtbot, empty_window, empty_window.action("import_files").trigger)
    assert [r.outcome for r in report.results] == ["imported", "imported"]
    assert sorted(titles(empty_window)) == ["Badgers too", "Tanuki on the move"]
    assert empty_window.library_pane.sidebar_model.count(View()) == 2
    assert "Welcome" not in empty_window.reader.toPlainText()
    assert not empty_window.import_panel.isVisible()
    assert "2 imported" in empty_window.statusBar().currentMessage()
    assert dialogs.reports == []  # no failures, no dialog


def test_the_seed_page_imports_from_the_window_and_opens(
    qtbot: QtBot, empty_window: MainWindow, seed_page: Path, dialogs: Dialogs
) -> None:
    dialogs.files = [str(seed_page)]
    with qtbot.waitSignal(empty_window.article_opened, timeout=IMPORT_TIMEOUT_MS):
        empty_window.action("import_files").trigger()
    assert titles(empty_window) == ["NATO urges more Russia talks to defuse Ukraine crisis"]
    assert "Stoltenberg" in empty_window.reader.toPlainText()


def test_folder_import_and_failures_listed_with_their_reasons(
    qtbot: QtBot, empty_window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    text_file(folder, "good.txt", "A good article")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    dialogs.folder = str(folder)
    report = finish(qtbot, empty_window, empty_window.action("import_folder").trigger)
    assert report.count("imported") == 1 and len(report.failures) == 2
    assert dialogs.reports == [report]
    reasons = dict(failure_rows(report))
    assert reasons[str(folder / "empty.txt")] == "the page is empty"
    assert "PNG image" in reasons[str(folder / "picture.html")]
    assert titles(empty_window) == ["A good article"]


def test_the_failure_dialog_lists_each_failure_and_its_reason(qtbot: QtBot) -> None:
    report = ImportReport(
        [
            ImportResult("/home/ann/a.html", "imported", article_id=1),
            ImportResult("/home/ann/b.html", "failed", "the page is empty"),
            ImportResult("https://example.org/x", "failed", "HTTP 404 Not Found"),
        ]
    )
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    items = [dialog.table.topLevelItem(i) for i in range(dialog.table.topLevelItemCount())]
    rows = [(item.text(0), item.text(1)) for item in items if item is not None]
    assert rows == [
        ("/home/ann/b.html", "the page is empty"),
        ("https://example.org/x", "HTTP 404 Not Found"),
    ]
    assert summary(report) == "1 imported, 2 failed"


def test_the_summary_names_skipped_files_images_that_wait_and_what_was_not_saved() -> None:
    report = ImportReport(
        [
            ImportResult("/saved/a.html", "imported", article_id=1, images_pending=2),
            ImportResult("/saved/notes.md", "skipped", "not a page"),
        ],
        unsaved=3,
    )
    assert summary(report) == (
        "1 imported, 1 skipped (not a page or an export), 2 images waiting for the network, 3 read but not saved"
    )


def test_progress_is_reported_and_the_list_fills_while_the_import_runs(
    qtbot: QtBot, empty_window: MainWindow, tmp_path: Path
) -> None:
    # One job: two files, then an address whose server holds its answer until released.
    # The files' articles are committed before the download starts, so the list shows
    # them while it waits.
    release = threading.Event()
    page = (
        "<html><head><title>Slow page</title></head><body><article><h1>Slow page</h1>"
        + "<p>This page took its time to arrive, but it arrived in the end, complete and readable.</p>" * 4
        + "</article></body></html>"
    ).encode()

    def slow(_request: Request) -> Reply:
        release.wait(IMPORT_TIMEOUT_MS / 1000)
        return Reply(200, {"content-type": "text/html; charset=utf-8"}, page)

    progress: list[tuple[int, int]] = []
    empty_window.runner.progress.connect(lambda done, total, _c: progress.append((done, total)))
    with LocalHTTPServer() as server:
        address = server.route("/slow", slow)
        files = [str(text_file(tmp_path, f"{n}.txt", f"Article {n}")) for n in range(2)]
        try:
            empty_window.runner.submit(job_for_locations([*files, address]))
            qtbot.waitUntil(lambda: bool(server.requests), timeout=IMPORT_TIMEOUT_MS)
            qtbot.waitUntil(lambda: len(titles(empty_window)) == 2, timeout=IMPORT_TIMEOUT_MS)
            assert empty_window.runner.is_running() and empty_window.import_panel.isVisible()
            qtbot.waitUntil(lambda: empty_window.import_panel.bar.maximum() == 3)
            assert empty_window.import_panel.bar.value() == 2
        finally:
            release.set()
        qtbot.waitUntil(lambda: not empty_window.runner.is_running(), timeout=IMPORT_TIMEOUT_MS)
    assert len(titles(empty_window)) == 3
    assert progress[0] == (0, -1)  # counting first: the bar is busy, not at zero
    assert progress[-1] == (3, 3)


def test_cancel_stops_after_the_article_in_hand(
    qtbot: QtBot, empty_window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    files = [str(text_file(tmp_path, f"{n}.txt", f"Article {n}")) for n in range(5)]
    reached, release = threading.Event(), threading.Event()

    def hold_at_the_second(_done: int, total: int, current: str) -> None:
        if current.endswith("1.txt") and total == 5:
            reached.set()
            release.wait(IMPORT_TIMEOUT_MS / 1000)

    def attach(_description: str) -> None:
        assert empty_window.runner.worker is not None
        empty_window.runner.worker.progress.connect(hold_at_the_second, Qt.ConnectionType.DirectConnection)

    empty_window.runner.job_started.connect(attach)
    dialogs.files = files
    with qtbot.waitSignal(empty_window.runner.job_finished, timeout=IMPORT_TIMEOUT_MS) as finished:
        empty_window.action("import_files").trigger()
        qtbot.waitUntil(reached.is_set, timeout=IMPORT_TIMEOUT_MS)
        qtbot.mouseClick(empty_window.import_panel.cancel_button, Qt.MouseButton.LeftButton)
        assert empty_window.import_panel.label.text() == "Cancelling…"
        release.set()
    report: ImportReport = finished.args[1]
    # The second file was already in hand when Cancel came; the other three were never started.
    assert report.cancelled and report.count("imported") == 2
    assert len(titles(empty_window)) == 2
    assert "(cancelled)" in empty_window.statusBar().currentMessage()


def drop(window: MainWindow, mime: QMimeData) -> bool:
    """Drag `mime` over the article list and drop it, as a file manager or browser would."""
    target = window.library_pane.article_list.viewport()
    position = QPointF(target.width() / 2, target.height() / 2)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.LinkAction
    # Qt takes the enter event's position as a QPoint and the drop's as a QPointF.
    enter = QDragEnterEvent(
        position.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(position, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, dropped)
    return dropped.isAccepted()


def test_dropping_files_and_a_folder_imports_them(
    qtbot: QtBot, empty_window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    text_file(folder, "inside.txt", "From the folder")
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(text_file(tmp_path, "one.txt", "Dropped file"))),
            QUrl.fromLocalFile(str(folder)),
        ]
    )
    report = finish(qtbot, empty_window, lambda: drop(empty_window, mime))
    assert report.count("imported") == 2
    assert sorted(titles(empty_window)) == ["Dropped file", "From the folder"]


def test_dropping_a_web_address_downloads_it(
    qtbot: QtBot, empty_window: MainWindow, server: LocalHTTPServer
) -> None:
    url = serve_article(server, "/story", "Council delays decision")
    mime = QMimeData()
    mime.setUrls([QUrl(url)])
    with qtbot.waitSignal(empty_window.article_opened, timeout=IMPORT_TIMEOUT_MS):
        assert drop(empty_window, mime)
    assert titles(empty_window) == ["Council delays decision"]
    assert "summer recess" in empty_window.reader.toPlainText()


def test_dropping_nothing_importable_is_refused(empty_window: MainWindow) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl("ftp://example.org/file.txt")])
    assert not drop(empty_window, mime)
    assert not empty_window.runner.is_running()


def paste(qtbot: QtBot, window: MainWindow, mime: QMimeData) -> None:
    QGuiApplication.clipboard().setMimeData(mime)
    window.library_pane.article_list.setFocus()
    qtbot.keyClick(window.library_pane.article_list, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_pasting_a_web_address_downloads_and_opens_it(
    qtbot: QtBot, empty_window: MainWindow, server: LocalHTTPServer, library: Library
) -> None:
    url = serve_article(server, "/paste", "Pasted address")
    mime = QMimeData()
    mime.setText(f"  {url}\n")
    with qtbot.waitSignal(empty_window.article_opened, timeout=IMPORT_TIMEOUT_MS):
        paste(qtbot, empty_window, mime)
    assert titles(empty_window) == ["Pasted address"]
    assert library.headers()[0].url == url


def test_pasting_a_copied_page_imports_its_html(
    qtbot: QtBot, empty_window: MainWindow, library: Library
) -> None:
    mime = QMimeData()
    mime.setHtml(ARTICLE_PAGE.format(title="Copied from a browser"))
    mime.setText("Copied from a browser\n\nThe council met on Tuesday")
    mime.setData("text/x-moz-url-priv", "https://news.example.org/copied".encode("utf-16"))
    with qtbot.waitSignal(empty_window.article_opened, timeout=IMPORT_TIMEOUT_MS):
        paste(qtbot, empty_window, mime)
    header = library.headers()[0]
    assert header.title == "Copied from a browser"
    assert header.url == "https://news.example.org/copied"
    assert recent_lines(library, 1)[0].source == CLIPBOARD_SOURCE


def test_pasting_plain_text_imports_it(qtbot: QtBot, empty_window: MainWindow, library: Library) -> None:
    mime = QMimeData()
    mime.setText(
        "Notes on tanuki\n\nA tanuki was seen crossing the road near the station on Monday morning.\n\n"
        "The animal is common in the region but rarely seen in town, residents said."
    )
    with qtbot.waitSignal(empty_window.article_opened, timeout=IMPORT_TIMEOUT_MS):
        paste(qtbot, empty_window, mime)
    assert titles(empty_window) == ["Notes on tanuki"]


def test_paste_in_the_search_box_pastes_text_not_an_import(qtbot: QtBot, empty_window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("tanuki")
    empty_window.library_pane.search_box.setFocus()
    qtbot.keyClick(empty_window.library_pane.search_box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert empty_window.library_pane.search_box.text() == "tanuki"
    assert not empty_window.runner.is_running()


def test_an_empty_clipboard_imports_nothing(qtbot: QtBot, empty_window: MainWindow) -> None:
    paste(qtbot, empty_window, QMimeData())
    assert not empty_window.runner.is_running()
    assert empty_window.statusBar().currentMessage() == "The clipboard holds nothing to import"


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        # A file manager's copy: file URLs become paths.
        (
            lambda m: m.setUrls([QUrl.fromLocalFile("/home/ann/page.html")]),
            ("locations", ["/home/ann/page.html"]),
        ),
        # A browser's address bar: one address as text.
        (lambda m: m.setText("https://example.org/a"), ("locations", ["https://example.org/a"])),
        # A list of addresses, one a line (copied from a note).
        (
            lambda m: m.setText("https://e.org/1\nhttps://e.org/2\n"),
            ("locations", ["https://e.org/1", "https://e.org/2"]),
        ),
        # Text that merely mentions an address is text to keep, not an address to fetch.
        (lambda m: m.setText("See https://e.org/1 for more"), ("text", [])),
        # Whitespace only is nothing.
        (lambda m: m.setText("  \n "), (None, [])),
    ],
)
def test_what_a_clipboard_or_drop_asks_to_import(
    setup: object, expected: tuple[str | None, list[str]]
) -> None:
    mime = QMimeData()
    setup(mime)  # type: ignore[operator]
    job = job_from_mime(mime)
    kind, locations = expected
    if kind is None:
        assert job is None
    elif kind == "locations":
        assert job is not None and list(job.locations) == locations
    else:
        assert job is not None and job.entries[0].document is not None
        assert job.entries[0].document.kind == kind


def test_download_pending_fetches_articles_saved_as_addresses(
    qtbot: QtBot, make_window: WindowFactory, library: Library, server: LocalHTTPServer
) -> None:
    from library.article import Article

    url = serve_article(server, "/later", "Read it later")
    gone = server.route("/gone", Reply(404, {"Content-Type": "text/plain"}, b"gone"))
    for address in (url, gone):
        library.save(Article(url=address), source_kind="pocket", status="pending")
    window: MainWindow = make_window(library)
    report = finish(qtbot, window, window.action("download").trigger)
    assert [r.outcome for r in report.results] == ["updated", "failed"]
    assert "404" in (report.failures[0].reason or "")
    statuses = {h.url: h.status for h in library.headers()}
    assert statuses == {url: "ready", gone: "failed"}
    assert "Read it later" in titles(window)


def test_addresses_download_in_the_background_after_an_import(
    qtbot: QtBot,
    make_window: WindowFactory,
    library: Library,
    server: LocalHTTPServer,
    tmp_path: Path,
    dialogs: Dialogs,
) -> None:
    # A Pocket export names two addresses; the window downloads them by itself, quietly.
    url = serve_article(server, "/saved", "Saved for later")
    gone = server.route("/gone", Reply(404, {"Content-Type": "text/plain"}, b"gone"))
    export = tmp_path / "part_000000.csv"
    export.write_text(
        f"title,url,time_added,tags,status\nFrom Pocket,{url},1600000000,,unread\nDead link,{gone},1600000000,,unread\n"
    )
    window: MainWindow = make_window(library, download_in_background=True)
    window.start_import(job_for_locations([str(export)]))
    qtbot.waitUntil(lambda: "Saved for later" in titles(window), timeout=IMPORT_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=IMPORT_TIMEOUT_MS)
    statuses = {h.url: (h.status, h.fetch_error) for h in library.headers()}
    assert statuses == {url: ("ready", None), gone: ("failed", "HTTP 404 Not Found")}
    # Background work never interrupts with a dialog; the failure waits in the list for a retry.
    assert dialogs.reports == []
    retried = finish(qtbot, window, window.action("download").trigger)
    assert [r.source for r in retried.results] == [gone]


def test_waiting_addresses_download_when_the_window_opens(
    qtbot: QtBot, make_window: WindowFactory, library: Library, server: LocalHTTPServer
) -> None:
    from library.article import Article

    url = serve_article(server, "/waiting", "Waited for the network")
    library.save(Article(title="Saved while offline", url=url), source_kind="pocket", status="pending")
    window: MainWindow = make_window(library, download_in_background=True)
    qtbot.waitUntil(lambda: "Waited for the network" in titles(window), timeout=IMPORT_TIMEOUT_MS)
    assert library.pending() == []
