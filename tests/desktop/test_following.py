"""The window follows other writers of its library: a real second process imports, marks, tags and deletes."""

# pytest-qt's QtBot key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.articlemodel import ArticleListModel
from desktop.mainwindow import MainWindow
from library.records import View
from library.store import Library
from tests.desktop.conftest import WindowFactory

REPO = Path(__file__).resolve().parents[2]

# What the other program does, through the library's own API, in a process of its own.
OTHER_WRITER = textwrap.dedent(
    """
    import sys
    from library.article import Article
    from library.store import Library

    with Library.open(sys.argv[1]) as library:
        library.save(
            Article(title="Written elsewhere", url="https://news.example.org/elsewhere",
                    html="<p>From a shell import.</p>", text="From a shell import."),
            source_kind="html", saved_at="2024-05-01T00:00:00+00:00",
        )
        library.set_state([3], favorite=True)
        library.add_tags([4], ["later"])
        library.delete([2])
    """
)


def titles(window: MainWindow) -> list[str]:
    model = window.library_pane.article_model
    return [model.index(row).data(ArticleListModel.TitleRole) for row in range(model.rowCount())]


def test_another_process_changes_appear_keeping_the_article_and_its_place(
    qtbot: QtBot, make_window: WindowFactory, filled_library: Library
) -> None:
    window: MainWindow = make_window(filled_library)
    window.open_article(5)
    window.reader.restore_progress(0.5)
    place = window.reader.progress()
    assert window.library_pane.sidebar_model.count(View("favorites")) in (None, 1)

    subprocess.run([sys.executable, "-c", OTHER_WRITER, str(filled_library.path)], check=True, cwd=REPO)

    qtbot.waitUntil(lambda: "Written elsewhere" in titles(window), timeout=5000)
    assert "Article number 2" not in titles(window)
    sidebar = window.library_pane.sidebar_model
    qtbot.waitUntil(lambda: sidebar.count(View("favorites")) == 2, timeout=5000)
    assert sidebar.row_of(View.of_tag("later")) >= 0
    assert sidebar.count(View()) == 12
    # The article being read, its row selected, and the place in it, all as they were.
    assert window.current_article_id() == 5
    current = window.library_pane.article_list.currentIndex()
    assert current.data(ArticleListModel.ArticleIdRole) == 5
    assert window.library_pane.article_list.selectionModel().isSelected(current)
    assert window.reader.current_article_id() == 5
    assert window.reader.progress() == pytest.approx(place, abs=0.01)
