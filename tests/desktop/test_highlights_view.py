"""The Highlights view over a real library: newest first with titles, by colour, searched, paged, chosen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from desktop.highlights_view import PAGE, HighlightsView
from library.article import Highlight
from library.highlights.storage import set_color
from library.store import Library
from tests.desktop.conftest import long_article


@pytest.fixture
def filled(library: Library) -> Library:
    for n in range(1, 4):
        library.save(
            long_article(n, paragraphs=3),
            source_kind="pocket",
            highlights=[
                Highlight(f"Paragraph {p} of article {n}", f"note {n}.{p}", f"2024-0{n}-0{p}T00:00:00+00:00")
                for p in (1, 2)
            ],
        )
    return library


@pytest.fixture
def view(qtbot: QtBot, filled: Library) -> Iterator[HighlightsView]:
    widget = HighlightsView(filled)
    widget.resize(500, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()
    shiboken6.delete(widget)


def rows(view: HighlightsView) -> list[str]:
    return [view.model.row(n).highlight.quote for n in range(view.model.rowCount())]


def test_newest_first_with_their_articles_and_a_count(view: HighlightsView) -> None:
    assert rows(view) == [f"Paragraph {p} of article {n}" for n in (3, 2, 1) for p in (2, 1)]
    assert view.count.text() == "6 highlights"
    text = view.model.index(0).data()
    assert text == "“Paragraph 2 of article 3”\nnote 3.2\n— Article number 3"


def test_by_colour_and_searched(view: HighlightsView, filled: Library, qtbot: QtBot) -> None:
    set_color(filled, 3, "green")
    view.colour.setCurrentIndex(view.colour.findData("green"))
    assert rows(view) == ["Paragraph 1 of article 2"] and view.count.text() == "1 highlight"
    view.colour.setCurrentIndex(0)
    view.search.setText("note 1.2")
    qtbot.waitUntil(lambda: rows(view) == ["Paragraph 2 of article 1"], timeout=2000)
    assert view.count.text() == "1 found"


def test_choosing_one_says_which_article_and_highlight(view: HighlightsView, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.chosen) as chosen:
        view.list.activated.emit(view.model.index(1))
    first = view.model.row(1).highlight
    assert chosen.args == [first.article_id, first.id]


def test_a_long_list_comes_a_page_at_a_time(qtbot: QtBot, library: Library) -> None:
    library.save(
        long_article(9, paragraphs=3),
        source_kind="pocket",
        highlights=[
            Highlight(f"quote number {n}", "", f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}+00:00")
            for n in range(PAGE + 30)
        ],
    )
    widget = HighlightsView(library)
    try:
        assert widget.model.rowCount() == PAGE and widget.model.canFetchMore(QModelIndex())
        widget.model.fetchMore(QModelIndex())
        assert widget.model.rowCount() == PAGE + 30 and not widget.model.canFetchMore(QModelIndex())
        assert widget.model.row(0).highlight.quote == f"quote number {PAGE + 29}"
    finally:
        shiboken6.delete(widget)


def test_a_search_hit_found_in_a_note_says_so_in_the_list(filled: Library) -> None:
    from desktop.articlemodel import ArticleListModel, snippet_html

    model = ArticleListModel()
    model.show_search_results(filled.search("note 2.1"))
    (row,) = range(model.rowCount())
    assert (
        model.index(row).data(ArticleListModel.SnippetRole) == "<i>In your note: </i><b>note</b> <b>2.1</b>"
    )
    assert snippet_html("in the \ue000text\ue001") == "in the <b>text</b>"
    assert snippet_html("words", "highlight") == "<i>In your highlight: </i>words"
