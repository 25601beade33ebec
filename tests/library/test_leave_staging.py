"""Exports appear only when complete: cancelled, failed or refused, they leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.article import Article
from library.export import FORMATS, ExportError, Selection, export_articles
from library.importer import Progress
from library.records import View
from library.store import Library


@pytest.fixture
def small_library(library: Library) -> Library:
    for number in range(6):
        library.save(
            Article(
                title=f"Article {number}",
                html=f"<p>Body {number}</p>",
                text=f"Body {number}",
                url=f"https://example.com/{number}",
            ),
            source_kind="html",
            tags=["even"] if number % 2 == 0 else [],
        )
    return library


def names_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_cancelled_export_leaves_nothing(small_library: Library, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    seen: list[Progress] = []
    report = export_articles(
        small_library,
        Selection(),
        fmt,
        out / "export",
        progress=seen.append,
        should_stop=lambda: len(seen) >= 3,
    )
    assert report.cancelled and report.articles == 3
    assert names_in(out) == set()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_progress_counts_every_article(small_library: Library, tmp_path: Path, fmt: str) -> None:
    seen: list[Progress] = []
    out = tmp_path / "out"
    name = f"export{FORMATS[fmt].suffix}"
    report = export_articles(small_library, Selection(), fmt, out / name, progress=seen.append)
    assert [p.done for p in seen] == [0, 1, 2, 3, 4, 5, 6] and {p.total for p in seen} == {6}
    assert report.articles == 6 and report.bytes > 0 and names_in(out) == {name}


def test_an_existing_output_is_refused_unless_replaced(small_library: Library, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "out.csv"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists"):
        export_articles(small_library, Selection(), "csv", target)
    assert target.read_text(encoding="utf-8") == "keep me"
    export_articles(small_library, Selection(), "csv", target, replace=True)
    assert target.read_text(encoding="utf-8").startswith("title,url")
    assert names_in(tmp_path) == {"out.csv"}


def test_only_a_folder_we_wrote_is_replaced(small_library: Library, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    export_articles(small_library, Selection(View.of_tag("even")), "markdown", notes)
    assert len(list(notes.glob("*.md"))) == 3
    export_articles(small_library, Selection(), "markdown", notes, replace=True)
    assert len(list(notes.glob("*.md"))) == 6
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "my own note.md").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="did not write"):
        export_articles(small_library, Selection(), "markdown", vault, replace=True)
    assert names_in(vault) == {"my own note.md"}


def test_the_library_itself_is_never_an_export_target(small_library: Library) -> None:
    for target in (small_library.path, small_library.path.with_name("library.db-wal")):
        with pytest.raises(ExportError, match="library itself"):
            export_articles(small_library, Selection(), "csv", target, replace=True)
    assert small_library.count() == 6 and small_library.integrity_check() == "ok"


def test_ids_keep_their_order_and_a_missing_id_is_an_error(small_library: Library, tmp_path: Path) -> None:
    from library.errors import ReaderError

    export_articles(small_library, Selection(ids=(3, 1)), "csv", tmp_path / "two.csv")
    lines = (tmp_path / "two.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["Article 2", "Article 0"]
    with pytest.raises(ReaderError, match="no article with id 99"):
        export_articles(small_library, Selection(ids=(1, 99)), "csv", tmp_path / "none.csv")
    assert not (tmp_path / "none.csv").exists()


def test_a_search_exports_every_match_not_just_a_page(library: Library, tmp_path: Path) -> None:
    for number in range(60):
        word = "harbour" if number % 2 else "station"
        library.save(
            Article(
                title=f"{word} {number}",
                html=f"<p>{word}</p>",
                text=word,
                url=f"https://example.com/{number}",
            ),
            source_kind="html",
        )
    report = export_articles(library, Selection(search="harbour"), "csv", tmp_path / "harbour.csv")
    assert report.articles == 30
