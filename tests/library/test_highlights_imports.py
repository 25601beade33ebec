"""Imported highlights placed in their articles: each service's export, downloads, and re-imports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from library.highlights.model import StoredHighlight
from library.importer import Importer
from library.sources.web import Fetcher, FetchLimits
from library.store import Library
from tests.library.highlight_exports import (
    BODY,
    INSTAPAPER_MARKS,
    OMNIVORE_MARKS,
    PAGE,
    PARAGRAPHS,
    POCKET_MARKS,
    WALLABAG_MARKS,
    instapaper_csv,
    omnivore_zip,
    pocket_zip,
    wallabag_json,
)
from tests.library.httpserver import LocalHTTPServer, Reply


@pytest.fixture
def page_url() -> Iterator[str]:
    with LocalHTTPServer() as server:
        yield server.route(
            "/findings", Reply(200, {"content-type": "text/html; charset=utf-8"}, PAGE.encode())
        )


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchLimits(connect_timeout=2, read_timeout=2)) as opened:
        yield opened


def imported(
    library: Library, export: Path, fetcher: Fetcher | None = None
) -> tuple[str, list[StoredHighlight]]:
    importer = Importer(library, fetcher)
    report = importer.import_sources([str(export)])
    assert not report.failures, report.failures
    importer.fetch_pending()
    stored = library.get(report.results[0].article_id or 0)
    assert stored is not None
    return stored.article.text, stored.highlights


def assert_placed(text: str, highlights: list[StoredHighlight], marks: list[tuple[str, str]]) -> None:
    assert [(h.quote, h.note) for h in highlights] == marks
    for highlight in highlights:
        assert highlight.placed, highlight
        assert text[highlight.start or 0 : highlight.end] == highlight.quote


def test_pocket_highlights_are_placed_once_the_article_is_downloaded(
    library: Library, page_url: str, fetcher: Fetcher, tmp_path: Path
) -> None:
    export = pocket_zip(tmp_path, page_url)
    report = Importer(library).import_sources([str(export)])
    (waiting,) = library.get(report.results[0].article_id or 0).highlights[:1]  # type: ignore[union-attr]
    assert not waiting.placed  # only an address so far
    text, highlights = imported(library, export, fetcher)
    assert_placed(text, highlights, POCKET_MARKS)
    assert {h.origin for h in highlights} == {"pocket"} and highlights[
        0
    ].created_at == "2023-11-14T22:13:20+00:00"


def test_omnivore_highlights_and_notes_are_placed(library: Library, tmp_path: Path) -> None:
    text, highlights = imported(library, omnivore_zip(tmp_path))
    assert_placed(text, highlights, OMNIVORE_MARKS)


def test_wallabag_ranges_tell_which_of_two_places_was_highlighted(library: Library, tmp_path: Path) -> None:
    text, highlights = imported(library, wallabag_json(tmp_path))
    assert_placed(text, highlights, WALLABAG_MARKS)
    (highlight,) = highlights
    # The words occur in the second paragraph first; the range said the fourth.
    assert highlight.start == text.index(PARAGRAPHS[3]) + PARAGRAPHS[3].index("two more years")


def test_instapaper_selection_is_placed_once_downloaded(
    library: Library, page_url: str, fetcher: Fetcher, tmp_path: Path
) -> None:
    text, highlights = imported(library, instapaper_csv(tmp_path, page_url), fetcher)
    assert_placed(text, highlights, INSTAPAPER_MARKS)


def test_a_re_import_with_changed_text_re_places_and_keeps_what_it_cannot(
    library: Library, tmp_path: Path
) -> None:
    _text, (before,) = imported(library, wallabag_json(tmp_path))
    omnivore = omnivore_zip(tmp_path, url="https://example.com/wallabag/findings")
    _, highlights = imported(library, omnivore)  # the same article: its highlights join the wallabag one
    assert len(highlights) == 3
    changed = BODY.replace("the rules be simplified", "the rulebook be rewritten").replace(
        "<p>It recommends", "<p>An opening paragraph was added to the page.</p><p>It recommends"
    )
    new_text, after = imported(library, wallabag_json(tmp_path, body=changed))
    by_quote = {h.quote: h for h in after}
    moved = by_quote["two more years"]
    assert (
        moved.placed
        and moved.start != before.start
        and new_text[moved.start or 0 : moved.end] == "two more years"
    )
    assert moved.start == new_text.index(PARAGRAPHS[3]) + PARAGRAPHS[3].index("two more years")
    assert by_quote["Industry groups welcomed the report"].placed
    lost = by_quote["the rules be simplified"]
    assert not lost.placed and lost.note == "Finally."
