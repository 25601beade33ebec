"""Fixtures for the window's tests: a real library full of articles, isolated settings, the real window."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QSettings, QUrl
from PySide6.QtGui import QAction, QGuiApplication, QPalette, QTextBlock
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from desktop.readerview import ReaderView
from library.article import Article, ReadingState
from library.importer import ImportReport
from library.store import Library

# Before any QApplication exists (importing Qt creates none): tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PARAGRAPH = (
    "The council met on Tuesday to discuss the proposal at length, and members said they would return "
    "to it after the summer recess, when more evidence is available. Residents who spoke at the meeting "
    "were divided: some welcomed the plan as overdue, others said it would change the neighbourhood."
)


def long_article(n: int, *, paragraphs: int = 40, **fields: Any) -> Article:
    """An article long enough to scroll through, with a distinct title and address."""
    body = [f"Paragraph {p} of article {n}. {PARAGRAPH}" for p in range(1, paragraphs + 1)]
    values: dict[str, Any] = {
        "title": f"Article number {n}",
        "url": f"https://news.example.org/{n}",
        "site_name": "The Daily Example",
        "byline": "Ann Writer",
        "published": f"2024-03-{n % 28 + 1:02d}T09:00:00+00:00",
        "html": "".join(f"<p>{text}</p>" for text in body),
        "text": "\n\n".join(body),
    }
    values.update(fields)
    return Article(**values)


def saved_at(n: int) -> str:
    """Article n is saved n minutes after the first, so higher numbers list first."""
    return f"2024-04-01T{n // 60:02d}:{n % 60:02d}:00+00:00"


def fill(library: Library, count: int, *, start: int = 1) -> list[int]:
    """Save `count` readable, unread articles; return their ids in order."""
    ids = []
    for n in range(start, start + count):
        ids.append(library.save(long_article(n), source_kind="html", saved_at=saved_at(n)).article_id)
    return ids


def top_block(view: ReaderView) -> QTextBlock:
    """The paragraph at the top of the reading pane: the one being read."""
    x = round(view.document().documentMargin()) + view.text_width() // 2
    return view.cursorForPosition(QPoint(x, 5)).block()


@pytest.fixture
def filled_library(library: Library) -> Library:
    """Twelve articles: 1-8 plain unread, 9 read and favourite, 10 archived, 11 tagged "work",
    12 known only by its address (not downloaded yet)."""
    fill(library, 8)
    library.save(
        long_article(9),
        source_kind="html",
        saved_at=saved_at(9),
        state=ReadingState(read=True, favorite=True),
    )
    library.save(
        long_article(10), source_kind="html", saved_at=saved_at(10), state=ReadingState(archived=True)
    )
    library.save(long_article(11), source_kind="html", saved_at=saved_at(11), tags=["work"])
    library.save(
        Article(title="Waiting to be downloaded", url="https://news.example.org/pending"),
        source_kind="pocket",
        status="pending",
        saved_at=saved_at(12),
    )
    return library


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def settings(settings_path: Path) -> QSettings:
    """Settings in a file of the test's own, never the user's."""
    return QSettings(str(settings_path), QSettings.Format.IniFormat)


@dataclass
class Dialogs:
    """What the window asked of the person, and the answers the test gave in advance."""

    files: list[str] = field(default_factory=list)
    folder: str | None = None
    tags: list[str] | None = None
    menu_choice: str | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    reports: list[ImportReport] = field(default_factory=list)
    opened_urls: list[str] = field(default_factory=list)
    shortcut_rows: list[list[tuple[str, str]]] = field(default_factory=list)
    menus: list[list[str]] = field(default_factory=list)
    tag_questions: list[list[str]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """Replace every modal dialog and the system browser (desktop.dialogs) with a recorder, so no test can hang on one."""
    from desktop import dialogs as seams

    answers = Dialogs()

    def choose(menu: QMenu, _position: QPoint) -> QAction | None:
        texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
        answers.menus.append(texts)
        for action in menu.actions():
            if answers.menu_choice and action.text().replace("&", "") == answers.menu_choice:
                action.trigger()
                return action
        return None

    def ask_tags(_parent: QWidget, current: list[str]) -> list[str] | None:
        answers.tag_questions.append(current)
        return answers.tags

    def open_url(url: QUrl) -> bool:
        answers.opened_urls.append(url.toString())
        return True

    monkeypatch.setattr(seams, "ask_import_files", lambda _parent: list(answers.files))
    monkeypatch.setattr(seams, "ask_import_folder", lambda _parent: answers.folder)
    monkeypatch.setattr(seams, "ask_tags", ask_tags)
    monkeypatch.setattr(
        seams, "show_error", lambda _p, title, message: answers.errors.append((title, message))
    )
    monkeypatch.setattr(seams, "show_import_report", lambda _p, report: answers.reports.append(report))
    monkeypatch.setattr(seams, "open_url", open_url)
    monkeypatch.setattr(seams, "show_shortcuts", lambda _p, rows: answers.shortcut_rows.append(rows))
    monkeypatch.setattr(seams, "show_about", lambda _p: None)
    monkeypatch.setattr(seams, "exec_menu", choose)
    monkeypatch.setattr(seams, "show_text", lambda _p, title, text: answers.texts.append((title, text)))
    return answers


WindowFactory = Callable[..., Any]


@pytest.fixture
def make_window(qtbot: QtBot, settings: QSettings, dialogs: Dialogs) -> Iterator[WindowFactory]:
    """Open real main windows over a library; each is closed (saving its settings) at the end."""
    from desktop.mainwindow import MainWindow

    opened: list[MainWindow] = []

    def make(
        library: Library, window_settings: QSettings | None = None, *, download_in_background: bool = False
    ) -> MainWindow:
        # No downloads behind a test's back unless the test asks for them.
        window = MainWindow(
            library, window_settings or settings, download_in_background=download_in_background
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()


@pytest.fixture(autouse=True)
def system_palette() -> Iterator[None]:
    """The dark theme sets the application's palette; the next test starts from the system's."""
    yield
    if QApplication.instance() is not None:
        QApplication.setPalette(QPalette())


@pytest.fixture(autouse=True)
def empty_clipboard() -> Iterator[None]:
    """Each test leaves the clipboard empty.

    The offscreen platform keeps the clipboard's data in a static that is destroyed after Python
    has shut down; data a test put there (or read from Python, which wraps it) would then be
    destroyed through its wrapper, and the test run would end with a segmentation fault.
    """
    yield
    if QApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


@pytest.fixture
def main_window(make_window: WindowFactory, filled_library: Library) -> Any:
    """The window over `filled_library`, with isolated settings."""
    return make_window(filled_library)


# The offscreen platform says this whenever a top-level window's size limits change; it
# only means that there is no window manager to tell, which is the point of offscreen.
OFFSCREEN_SIZE_HINTS = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS))


ReaderViewFactory = Callable[[int, int], ReaderView]


@pytest.fixture
def make_reader_view(qtbot: QtBot, library: Library) -> Iterator[ReaderViewFactory]:
    """Reading panes over `library`, shown offscreen at the size asked (width, height).

    Each is deleted at the end of the test, not at some later event loop: a later test's palette
    change must not reach a pane whose library is closed.
    """
    made: list[ReaderView] = []

    def make(width: int, height: int) -> ReaderView:
        pane = ReaderView(library.image)
        pane.resize(width, height)
        pane.show()
        qtbot.waitExposed(pane)
        made.append(pane)
        return pane

    yield make
    for pane in made:
        pane.close()
        shiboken6.delete(pane)
