"""The `json` export: importing it into an empty library gives back the same library, field by field."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from library.articlerows import images_of
from library.export import Selection, export_articles
from library.importer import Importer
from library.records import StoredArticle, View
from library.store import Library
from tests.library.leavelibrary import fill_library

# When this library last rewrote the row: the time of the import, by its meaning.
NOT_CARRIED = {"changed_at"}


def table_rows(library: Library, table: str) -> list[dict[str, Any]]:
    """Every row of `table` but what is not carried; tags and highlights without their own ids."""
    cursor = library.db.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor]
    tag_names = dict(library.db.execute("SELECT id, name FROM tags").fetchall())
    for row in rows:
        if table in ("tags", "highlights"):
            del row["id"]
        if "tag_id" in row:
            row["tag_id"] = tag_names[row["tag_id"]]
    return sorted(
        ({k: v for k, v in row.items() if k not in NOT_CARRIED} for row in rows),
        key=lambda row: json.dumps(row, sort_keys=True, default=lambda value: value.hex()),
    )


def without_highlight_ids(stored: StoredArticle | None) -> StoredArticle | None:
    """The article with its highlights' own ids set aside: a new library numbers them anew."""
    if stored is None:
        return None
    return replace(stored, highlights=[replace(h, id=0) for h in stored.highlights])


@pytest.fixture
def full_library(library: Library, tmp_path: Path) -> Library:
    fill_library(library, tmp_path / "sources")
    return library


@pytest.mark.parametrize("name", ["library.zip", "library.json"])
def test_json_export_restores_every_field_image_and_highlight(
    full_library: Library, tmp_path: Path, name: str
) -> None:
    report = export_articles(full_library, Selection(), "json", tmp_path / name)
    assert report.articles == full_library.count() and not report.cancelled

    with Library.open(tmp_path / "restored.db") as restored:
        result = Importer(restored).import_sources([str(tmp_path / name)])
        assert not result.failures
        assert result.count("imported") + result.count("pending") == report.articles
        tables = (
            "articles",
            "reading_state",
            "tags",
            "article_tags",
            "images",
            "pending_images",
            "originals",
        )
        for table in (*tables, "highlights"):
            assert table_rows(restored, table) == table_rows(full_library, table), table
        for header in full_library.headers(View(), limit=1000):
            assert without_highlight_ids(restored.get(header.id)) == without_highlight_ids(
                full_library.get(header.id)
            )
            assert images_of(restored, header.id) == images_of(full_library, header.id)
        assert restored.view_counts() == full_library.view_counts()
        assert restored.search_ids("committee") == full_library.search_ids("committee")
    # What the test compares is there to compare: a waiting image and kept pages.
    assert table_rows(full_library, "pending_images") and table_rows(full_library, "originals")


def test_the_zip_holds_the_images_by_digest_and_a_versioned_document(
    full_library: Library, tmp_path: Path
) -> None:
    export_articles(full_library, Selection(), "json", tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        names = set(archive.namelist())
        document = json.loads(archive.read("library.json"))
    stored = {image.sha256 for n in range(1, 20) for image in images_of(full_library, n)}
    originals = {
        f"originals/{article['id']}.{article['original']['kind']}"
        for article in document["articles"]
        if article["original"]
    }
    assert stored and originals
    assert names == {"library.json"} | {f"images/{digest}" for digest in stored} | originals
    assert document["format"] == "article-reader-export" and document["version"] == 1
    assert document["count"] == len(document["articles"]) == full_library.count()
    first = document["articles"][0]
    assert first["id"] == 1 and set(first["state"]) == {
        "read",
        "favorite",
        "archived",
        "progress",
        "last_opened",
    }
    story = next(a for a in document["articles"] if a["title"] == "Committee findings")
    # Every column of the highlight but its ids: the words, their context and place, note, colour.
    highlight = story["highlights"][0]
    assert {"id", "article_id"}.isdisjoint(highlight)
    assert highlight["quote"] == "two more years to comply" and highlight["color"] == "green"
    assert highlight["note"] == "Too long?\n\nAsk the ministry." and highlight["prefix"].endswith("be given ")
    assert highlight["text_end"] - highlight["text_start"] == len("two more years to comply")
    assert {image["file"] for image in story["images"]} <= names


def test_importing_the_same_export_twice_adds_nothing(full_library: Library, tmp_path: Path) -> None:
    export_articles(full_library, Selection(), "json", tmp_path / "out.zip")
    with Library.open(tmp_path / "restored.db") as restored:
        Importer(restored).import_sources([str(tmp_path / "out.zip")])
        again = Importer(restored).import_sources([str(tmp_path / "out.zip")])
        assert {r.outcome for r in again.results} == {"duplicate"}
        assert table_rows(restored, "highlights") == table_rows(full_library, "highlights")


def test_a_view_exports_only_its_articles(full_library: Library, tmp_path: Path) -> None:
    report = export_articles(full_library, Selection(View("favorites")), "json", tmp_path / "fav.json")
    document = json.loads((tmp_path / "fav.json").read_text(encoding="utf-8"))
    titles = {article["title"] for article in document["articles"]}
    assert report.articles == full_library.count(View("favorites")) == len(titles)
    assert "Committee findings" in titles and all(a["state"]["favorite"] for a in document["articles"])


def _export_lines(tmp_path: Path, library: Library) -> list[str]:
    export_articles(library, Selection(), "json", tmp_path / "one.json")
    return (tmp_path / "one.json").read_text(encoding="utf-8").split("\n")


def test_a_damaged_article_is_reported_and_the_rest_imported(full_library: Library, tmp_path: Path) -> None:
    lines = _export_lines(tmp_path, full_library)
    lines[2] = lines[2][: len(lines[2]) // 2]  # the second article cut in half
    record = json.loads(lines[3].removesuffix(","))
    record["images"] = [{"sha256": "0" * 64, "data": "aGVsbG8="}]  # bytes that are not that digest
    lines[3] = json.dumps(record) + ","
    damaged = tmp_path / "damaged.json"
    damaged.write_text("\n".join(lines), encoding="utf-8")
    with Library.open(tmp_path / "restored.db") as restored:
        report = Importer(restored).import_sources([str(damaged)])
    reasons = {failure.source.rsplit(" ", 1)[-1]: failure.reason for failure in report.failures}
    assert set(reasons) == {"3", "4"}
    assert "not valid JSON" in (reasons["3"] or "") and "damaged" in (reasons["4"] or "")
    assert report.count("imported") + report.count("pending") == full_library.count() - 2


def test_an_export_cut_short_says_it_is_incomplete(full_library: Library, tmp_path: Path) -> None:
    lines = _export_lines(tmp_path, full_library)
    cut = tmp_path / "cut.json"
    cut.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    with Library.open(tmp_path / "restored.db") as restored:
        report = Importer(restored).import_sources([str(cut)])
    assert "incomplete" in (report.failures[-1].reason or "")
    assert report.count("imported") + report.count("pending") == 3


def test_a_newer_export_version_is_refused_whole(tmp_path: Path, library: Library) -> None:
    newer = tmp_path / "newer.json"
    newer.write_text('{"format":"article-reader-export","version":2,"articles":[\n]}\n', encoding="utf-8")
    report = Importer(library).import_sources([str(newer)])
    assert [r.outcome for r in report.results] == ["failed"]
    assert "newer version" in (report.results[0].reason or "")


def test_a_reformatted_export_is_still_read(full_library: Library, tmp_path: Path) -> None:
    export_articles(full_library, Selection(), "json", tmp_path / "one.json")
    document = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(document, indent=2), encoding="utf-8")
    with Library.open(tmp_path / "restored.db") as restored:
        report = Importer(restored).import_sources([str(pretty)])
        assert not report.failures
        assert table_rows(restored, "articles") == table_rows(full_library, "articles")


def test_hostile_html_in_an_edited_export_is_sanitised(tmp_path: Path, library: Library) -> None:
    record = {
        "title": "Edited",
        "url": "https://example.com/edited",
        "html": '<p onclick="steal()">Hello</p><script>steal()</script><img src="https://tracker.example/p.gif">',
        "text": "Hello",
    }
    edited = tmp_path / "edited.json"
    edited.write_text(
        '{"format":"article-reader-export","version":1,"articles":[\n' + json.dumps(record) + "\n]}\n",
        encoding="utf-8",
    )
    report = Importer(library).import_sources([str(edited)])
    stored = library.get(report.results[0].article_id or 0)
    assert stored is not None
    assert "script" not in stored.article.html and "onclick" not in stored.article.html
    assert "Hello" in stored.article.html
