"""The `csv` (Pocket's shape) and `bookmarks` exports re-import with addresses, titles, tags and states."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from library.export import Selection, export_articles
from library.export.dates import unix_seconds
from library.importer import Importer
from library.records import StoredArticle, View
from library.store import Library
from tests.library.exportfiles import detect
from tests.library.leavelibrary import fill_library


@pytest.fixture
def full_library(library: Library, tmp_path: Path) -> Library:
    fill_library(library, tmp_path / "sources")
    return library


def by_address(library: Library) -> dict[str, StoredArticle]:
    found = {}
    for header in library.headers(View(), limit=1000):
        stored = library.get(header.id)
        assert stored is not None
        if stored.article.url:
            found[stored.article.url] = stored
    return found


def test_csv_is_pockets_shape_and_comes_back_with_titles_tags_and_states(
    full_library: Library, tmp_path: Path
) -> None:
    report = export_articles(full_library, Selection(), "csv", tmp_path / "pocket.csv")
    with (tmp_path / "pocket.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["title", "url", "time_added", "tags", "status"]
    originals = by_address(full_library)
    assert report.articles == full_library.count() and len(rows) - 1 == len(originals)
    assert report.notes == [
        f"{full_library.count() - len(originals)} articles without a web address left out"
    ]
    assert detect(tmp_path / "pocket.csv").__name__ == "read_pocket_csv"  # type: ignore[union-attr]
    with Library.open(tmp_path / "restored.db") as restored:
        result = Importer(restored).import_sources([str(tmp_path / "pocket.csv")])
        assert not result.failures
        back = by_address(restored)
    assert set(back) == set(originals)
    for url, original in originals.items():
        again = back[url]
        assert again.article.title == original.article.title and again.tags == original.tags
        assert unix_seconds(again.saved_at) == unix_seconds(original.saved_at)
        # Pocket knows two states: archived (and so read), or unread.
        assert again.state.archived == original.state.archived
        assert again.state.read == bool(original.state.archived)


def test_bookmarks_come_back_with_titles_tags_dates_and_to_read(
    full_library: Library, tmp_path: Path
) -> None:
    export_articles(full_library, Selection(), "bookmarks", tmp_path / "bookmarks.html")
    text = (tmp_path / "bookmarks.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    assert detect(tmp_path / "bookmarks.html").__name__ == "read_bookmarks"  # type: ignore[union-attr]
    originals = by_address(full_library)
    with Library.open(tmp_path / "restored.db") as restored:
        result = Importer(restored).import_sources([str(tmp_path / "bookmarks.html")])
        assert not result.failures
        back = by_address(restored)
    assert set(back) == set(originals)
    for url, original in originals.items():
        again = back[url]
        assert again.article.title == original.article.title and again.tags == original.tags
        assert unix_seconds(again.saved_at) == unix_seconds(original.saved_at)
        # The format's one reading state is "to read": what was unread stays unread.
        if not original.state.read and not original.state.archived:
            assert not again.state.read and not again.state.archived
    unread = [o for o in originals.values() if not o.state.read and not o.state.archived]
    assert unread and text.count('TOREAD="1"') == len(unread)


def test_a_tag_with_the_formats_separator_stays_one_tag(library: Library, tmp_path: Path) -> None:
    from library.article import Article

    library.save(
        Article(title="Odd tags", html="<p>x</p>", text="x", url="https://example.com/odd"),
        source_kind="html",
        tags=["a|b", "c,d"],
    )
    export_articles(library, Selection(), "csv", tmp_path / "p.csv")
    export_articles(library, Selection(), "bookmarks", tmp_path / "b.html")
    for name in ("p.csv", "b.html"):
        with Library.open(tmp_path / f"{name}.db") as restored:
            Importer(restored).import_sources([str(tmp_path / name)])
            assert len(restored.tags_of(1)) == 2, name
