"""The list models: lazy keyset pages, search results, updates in place, the sidebar's counts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop.articlemodel import ArticleListModel, display_date, snippet_html, status_note
from desktop.sidebarmodel import SidebarModel
from library.article import Article, ReadingState
from library.records import ArticleHeader, Cursor, View
from library.store import MATCH_END, MATCH_START, Library
from tests.desktop.conftest import fill, long_article, saved_at


def source_for(library: Library, view: View | None = None) -> Any:
    def page(after: Cursor | None, limit: int) -> list[ArticleHeader]:
        return library.headers(view or View(), after=after, limit=limit)

    return page


def titles(model: ArticleListModel) -> list[str]:
    return [model.index(row).data(ArticleListModel.TitleRole) for row in range(model.rowCount())]


def test_the_article_model_passes_qtmodeltester_while_fetching_pages(
    qtmodeltester: Any, library: Library
) -> None:
    fill(library, 25)
    model = ArticleListModel(page_size=10)
    model.set_source(source_for(library))
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    qtmodeltester.check(model)
    assert model.rowCount() == 25


def test_the_article_model_passes_qtmodeltester_in_search_mode(qtmodeltester: Any, library: Library) -> None:
    fill(library, 5)
    model = ArticleListModel()
    model.show_search_results(library.search("council"))
    qtmodeltester.check(model)
    assert model.search_mode and model.rowCount() == 5


def test_the_sidebar_model_passes_qtmodeltester(qtmodeltester: Any, filled_library: Library) -> None:
    model = SidebarModel()
    model.set_counts(filled_library.view_counts())
    qtmodeltester.check(model)


def test_pages_arrive_one_at_a_time_newest_first(qtbot: QtBot, library: Library) -> None:
    fill(library, 25)
    model = ArticleListModel(page_size=10)
    model.set_source(source_for(library))
    assert model.rowCount() == 0 and model.canFetchMore()
    with qtbot.waitSignal(model.page_fetched) as fetched:
        model.fetchMore()
    assert fetched.args == [10]
    assert titles(model)[:2] == ["Article number 25", "Article number 24"]
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 25 and not model.canFetchMore()
    assert titles(model)[-1] == "Article number 1"


def test_a_page_exactly_the_size_of_the_rest_ends_with_an_empty_fetch(qtbot: QtBot, library: Library) -> None:
    fill(library, 20)
    model = ArticleListModel(page_size=10)
    model.set_source(source_for(library))
    model.fetchMore()
    model.fetchMore()
    assert model.canFetchMore()  # the model cannot know the list ended exactly at the page
    with qtbot.waitSignal(model.page_fetched) as fetched:
        model.fetchMore()
    assert fetched.args == [0] and not model.canFetchMore() and model.rowCount() == 20


def test_roles_say_what_a_row_shows(filled_library: Library) -> None:
    model = ArticleListModel()
    model.set_source(source_for(filled_library))
    model.fetchMore()
    rows = {model.index(r).data(ArticleListModel.TitleRole): model.index(r) for r in range(model.rowCount())}
    favourite = rows["Article number 9"]
    assert favourite.data(ArticleListModel.FavoriteRole) is True
    assert favourite.data(ArticleListModel.UnreadRole) is False
    assert favourite.data(ArticleListModel.SiteRole) == "The Daily Example"
    assert favourite.data(ArticleListModel.DateRole) == "10 Mar 2024"
    assert favourite.data(ArticleListModel.ReadingMinutesRole) == 10
    assert favourite.data(ArticleListModel.UrlRole) == "https://news.example.org/9"
    assert favourite.data(Qt.ItemDataRole.DisplayRole) == "Article number 9"
    pending = rows["Waiting to be downloaded"]
    assert pending.data(ArticleListModel.StatusRole) == "pending"
    assert pending.data(ArticleListModel.StatusNoteRole) == "not downloaded"
    assert pending.data(ArticleListModel.UnreadRole) is True
    assert rows["Article number 10"].data(ArticleListModel.ArchivedRole) is True
    # Outside search, no row has a snippet to show.
    assert favourite.data(ArticleListModel.SnippetRole) == ""
    assert model.index(99).data(ArticleListModel.TitleRole) is None


def test_search_rows_carry_their_snippet_as_safe_html(library: Library) -> None:
    library.save(
        Article(title="Markup", text="Use <script> tags & the security demands", html="<p>x</p>"),
        source_kind="text",
    )
    model = ArticleListModel()
    model.show_search_results(library.search("security"))
    snippet = model.index(0).data(ArticleListModel.SnippetRole)
    assert "<b>security</b>" in snippet
    assert "&lt;script&gt;" in snippet and "<script>" not in snippet and "&amp;" in snippet


@pytest.mark.parametrize(
    ("snippet", "html"),
    [
        # The plain case: the markers around a matched word become bold.
        (f"the {MATCH_START}tanuki{MATCH_END} ran", "the <b>tanuki</b> ran"),
        # Article text that looks like markup stays text: escaped before the markers turn into tags.
        (f"a <b>fake</b> {MATCH_START}word{MATCH_END}", "a &lt;b&gt;fake&lt;/b&gt; <b>word</b>"),
        # Line breaks and runs of spaces in the text would leave holes in a two-line snippet.
        (f"one\n\n  {MATCH_START}two{MATCH_END}", "one <b>two</b>"),
        # No snippet (a header from the list, not from a search).
        (None, ""),
    ],
)
def test_snippet_html(snippet: str | None, html: str) -> None:
    assert snippet_html(snippet) == html


def header(**fields: Any) -> ArticleHeader:
    values: dict[str, Any] = {
        "id": 1, "title": "T", "url": None, "site_name": None, "byline": None, "published": None,
        "saved_at": "2024-04-01T10:00:00+00:00", "reading_minutes": 1, "word_count": 100, "status": "ready",
        "fetch_error": None, "excerpt": None, "read": False, "favorite": False, "archived": False, "progress": 0.0,
    }  # fmt: skip
    values.update(fields)
    return ArticleHeader(**values)


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        # The publication date wins over the day it was saved.
        ({"published": "2022-02-19T10:00:00+00:00"}, "19 Feb 2022"),
        # Pages often give only a day.
        ({"published": "2022-02-19"}, "19 Feb 2022"),
        # No publication date: the day it was saved.
        ({}, "1 Apr 2024"),
        # A date extraction could not read is not worth an error in the list.
        ({"published": "sometime in spring", "saved_at": "garbage"}, ""),
    ],
)
def test_display_date(fields: dict[str, Any], shown: str) -> None:
    assert display_date(header(**fields)) == shown


def test_status_notes() -> None:
    assert status_note(header()) == ""
    assert status_note(header(status="pending")) == "not downloaded"
    assert status_note(header(status="failed", fetch_error="HTTP 404 Not Found")) == "download failed"


def test_update_header_changes_one_row_in_place(qtbot: QtBot, library: Library) -> None:
    fill(library, 3)
    model = ArticleListModel()
    model.set_source(source_for(library))
    model.fetchMore()
    library.set_state([2], favorite=True)
    changed = library.header(2)
    assert changed is not None
    with qtbot.waitSignal(model.dataChanged) as signal:
        model.update_header(changed)
    assert signal.args[0].row() == 1
    assert model.index(1).data(ArticleListModel.FavoriteRole) is True


def test_merge_inserts_new_articles_where_they_belong_and_keeps_the_rest(
    qtbot: QtBot, qtmodeltester: Any, library: Library
) -> None:
    # Articles 1, 3, 5 first; then 2 and 6 arrive during an import (4 was never saved).
    for n in (1, 3, 5):
        library.save(long_article(n), source_kind="html", saved_at=saved_at(n))
    model = ArticleListModel()
    model.set_source(source_for(library))
    model.fetchMore()
    qtmodeltester.check(model)
    first = QPersistentModelIndex(model.index(0))
    for n in (2, 6):
        library.save(long_article(n), source_kind="html", saved_at=saved_at(n))
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _parent, start, _end: inserted.append(start))
    model.merge(library.headers(limit=100), exhausted=True)
    assert titles(model) == [f"Article number {n}" for n in (6, 5, 3, 2, 1)]
    assert inserted == [0, 3]
    assert (
        first.data(ArticleListModel.TitleRole) == "Article number 5"
    )  # no reset: the row moved, not replaced


def test_merge_removes_rows_that_left_the_view_except_those_kept(library: Library) -> None:
    ids = fill(library, 4)
    model = ArticleListModel()
    unread = View("unread")
    model.set_source(source_for(library, unread))
    model.fetchMore()
    library.set_state([ids[0], ids[1]], read=True)
    model.merge(library.headers(unread, limit=100), exhausted=True, keep=[ids[1]])
    assert titles(model) == ["Article number 4", "Article number 3", "Article number 2"]


def test_remove_articles_takes_out_runs_of_rows(qtmodeltester: Any, library: Library) -> None:
    ids = fill(library, 6)
    model = ArticleListModel()
    model.set_source(source_for(library))
    model.fetchMore()
    qtmodeltester.check(model)
    model.remove_articles([ids[0], ids[2], ids[3], 999])
    assert titles(model) == ["Article number 6", "Article number 5", "Article number 2"]
    assert model.row_of(ids[1]) == 2 and model.row_of(ids[0]) == -1


def test_a_model_never_fetches_beyond_its_view(library: Library) -> None:
    fill(library, 3)
    library.save(long_article(4), source_kind="html", saved_at=saved_at(4), state=ReadingState(favorite=True))
    model = ArticleListModel()
    model.set_source(source_for(library, View("favorites")))
    model.fetchMore()
    assert titles(model) == ["Article number 4"] and not model.canFetchMore()


def test_no_source_means_an_empty_list() -> None:
    model = ArticleListModel()
    assert model.rowCount() == 0 and not model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 0
    assert model.rowCount(model.index(0)) == 0
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_the_sidebar_lists_fixed_views_then_tags_by_name(filled_library: Library) -> None:
    filled_library.add_tags([1], ["zebra", "Apple"])
    model = SidebarModel()
    model.set_counts(filled_library.view_counts())
    labels = [model.index(r).data() for r in range(model.rowCount())]
    assert labels == [
        "All articles",
        "Unread",
        "Favourites",
        "Archive",
        "Highlights",
        "Apple",
        "work",
        "zebra",
    ]
    counts = [model.index(r).data(SidebarModel.CountRole) for r in range(model.rowCount())]
    # The Highlights entry has no count until the window gives it one; it is no view of articles.
    assert counts == [12, 10, 1, 1, None, 1, 1, 1]
    assert model.index(4).data(SidebarModel.ViewRole) is None and model.is_highlights(4)
    model.set_highlight_count(3)
    assert model.index(4).data(Qt.ItemDataRole.ToolTipRole) == "Every highlight in the library: 3"
    assert model.index(5).data(SidebarModel.ViewRole) == View.of_tag("Apple")
    assert model.index(5).data(SidebarModel.IsTagRole) is True
    assert model.index(0).data(Qt.ItemDataRole.ToolTipRole) == "All articles: 12 articles"


def test_new_counts_for_the_same_views_change_rows_without_a_reset(
    qtbot: QtBot, filled_library: Library
) -> None:
    model = SidebarModel()
    model.set_counts(filled_library.view_counts())
    filled_library.set_state([1], read=True)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.dataChanged):
        model.set_counts(filled_library.view_counts())
    assert not resets
    assert model.index(1).data(SidebarModel.CountRole) == 9
    filled_library.add_tags([1], ["new"])
    with qtbot.waitSignal(model.modelReset):
        model.set_counts(filled_library.view_counts())
    assert model.row_of(View.of_tag("new")) == 5
