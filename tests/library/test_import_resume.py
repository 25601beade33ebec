"""Resumed and repeated imports: what is there already is recognised, not extracted again; the log stays bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

import library.importer
from library.article import Article, Document
from library.importer import Importer
from library.importlog import KEPT_RUNS, recent_lines
from library.store import Library

PAGE = """<html><head><title>Page {n}</title><link rel="canonical" href="https://example.com/page-{n}"></head><body><article><h1>Page {n}</h1>
<p>Paragraph one of page {n}, long enough to be an article body worth keeping in the library.</p>
<p>Paragraph two of page {n}, which says a little more about the subject of page number {n}.</p>
</article></body></html>"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(30):
        (pages / f"page-{n:02}.html").write_text(PAGE.format(n=n))
    return pages


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources the importer extracts, in order (the real extractor still runs)."""
    seen: list[str] = []
    real = library.importer.extract

    def counting(document: Document) -> Article:
        seen.append(document.source)
        return real(document)

    monkeypatch.setattr(library.importer, "extract", counting)
    return seen


def log_lines(library: Library) -> int:
    return int(library.db.execute("SELECT count(*) FROM import_log").fetchone()[0])


def test_importing_again_recognises_every_page_without_extracting_it(
    library: Library, folder: Path, extractions: list[str]
) -> None:
    first = Importer(library).import_sources([str(folder)])
    assert first.count("imported") == 30 and len(extractions) == 30
    extractions.clear()
    again = Importer(library).import_sources([str(folder)])
    assert again.count("duplicate") == 30 and extractions == []
    assert library.count() == 30


def test_a_changed_page_is_extracted_again_and_updated(
    library: Library, folder: Path, extractions: list[str]
) -> None:
    Importer(library).import_sources([str(folder)])
    extractions.clear()
    changed = folder / "page-07.html"
    changed.write_text(PAGE.format(n=7).replace("says a little more", "now says something else"))
    report = Importer(library).import_sources([str(folder)])
    assert extractions == [str(changed)]
    assert report.count("updated") == 1 and report.count("duplicate") == 29


def test_an_import_stopped_again_and_again_gets_further_and_logs_each_source_once(
    library: Library, folder: Path, extractions: list[str]
) -> None:
    for _ in range(6):
        before = len(extractions)
        # Each attempt is stopped after extracting five new pages.
        Importer(library).import_sources(
            [str(folder)], should_stop=lambda before=before: len(extractions) - before >= 5
        )
    assert library.count() == 30
    assert sorted(extractions) == sorted(str(page) for page in folder.iterdir())  # each page once
    # One run, taken up five times: one line per source.
    assert log_lines(library) == 30
    assert {line.outcome for line in recent_lines(library, 100)} == {"imported"}


def test_the_log_keeps_a_bounded_number_of_runs(library: Library, folder: Path) -> None:
    for _ in range(KEPT_RUNS + 5):
        Importer(library).import_sources([str(folder / "page-00.html")])
    assert log_lines(library) == KEPT_RUNS
    runs = library.db.execute("SELECT count(*) FROM import_runs").fetchone()[0]
    assert runs == KEPT_RUNS


def test_a_deleted_article_comes_back_when_imported_again(library: Library, folder: Path) -> None:
    Importer(library).import_sources([str(folder / "page-03.html")])
    library.delete([1])
    report = Importer(library).import_sources([str(folder / "page-03.html")])
    assert report.count("imported") == 1 and library.count() == 1
