"""Exports through the importer: state comes along, content is readable offline, re-runs change nothing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from library.importer import Importer
from library.records import View
from library.store import Library

BODY = (
    "<p>The committee published its findings on Thursday after eighteen months of hearings across the country.</p>"
    "<p>It recommends that the rules be simplified and that small firms be given two more years to comply.</p>"
    "<p>Industry groups welcomed the report, while unions said it did not go far enough on safety.</p>"
)


def pocket_zip(path: Path, rows: int) -> Path:
    lines = ["title,url,time_added,tags,status"]
    for n in range(rows):
        status = "archive" if n % 3 == 0 else "unread"
        lines.append(
            f"Saved article {n},https://example.com/story/{n},{1_600_000_000 + n * 60},reading|t{n % 4},{status}"
        )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("part_000000.csv", "\n".join(lines) + "\n")
    return path


def wallabag_json(path: Path) -> Path:
    entries = [
        {
            "title": "Committee findings",
            "url": "https://example.org/findings",
            "content": BODY,
            "is_archived": 0,
            "is_starred": 1,
            "tags": ["policy"],
            "created_at": "2021-03-01T09:00:00+0100",
            "published_at": "2021-02-28T18:00:00+0100",
            "published_by": ["Ada Writer"],
            "language": "en",
            "reading_time": 1,
            "preview_picture": "https://example.org/lead.jpg",
            "annotations": [
                {"quote": "two more years", "text": "generous", "created_at": "2021-03-02T10:00:00+0100"}
            ],
        }
    ]
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_pocket_entries_arrive_with_state_waiting_for_download(library: Library, tmp_path: Path) -> None:
    export = pocket_zip(tmp_path / "pocket.zip", 6)
    report = Importer(library).import_sources([str(export)])
    assert [r.outcome for r in report.results] == ["pending"] * 6
    assert library.count(View("archive")) == 2
    assert library.count(View.of_tag("reading")) == 6
    header = library.headers(View.of_tag("t2"))[0]
    assert header.title == "Saved article 2" and header.status == "pending" and not header.read
    assert header.saved_at == "2020-09-13T12:28:40+00:00"


def test_content_exports_are_readable_offline_with_their_state(library: Library, tmp_path: Path) -> None:
    report = Importer(library).import_sources([str(wallabag_json(tmp_path / "wallabag.json"))])
    assert [r.outcome for r in report.results] == ["imported"]
    stored = library.get(report.results[0].article_id or 0)
    assert stored is not None and stored.status == "ready"
    assert "eighteen months of hearings" in stored.article.text
    assert stored.state.favorite and not stored.state.archived
    assert stored.tags == ["policy"]
    assert stored.article.byline == "Ada Writer" and stored.article.lang == "en"
    assert stored.saved_at.startswith("2021-03-01T09:00:00")
    # Placed in the text at once: the words are found where they are.
    assert [(h.quote, h.note, h.placed) for h in stored.highlights] == [("two more years", "generous", True)]
    (highlight,) = stored.highlights
    assert stored.article.text[highlight.start or 0 : highlight.end] == "two more years"


def test_the_same_export_twice_changes_nothing(library: Library, tmp_path: Path) -> None:
    sources = [str(pocket_zip(tmp_path / "pocket.zip", 5)), str(wallabag_json(tmp_path / "w.json"))]
    Importer(library).import_sources(sources)
    library.set_state([1], favorite=True)
    snapshot = [library.get(n) for n in range(1, 7)]
    again = Importer(library).import_sources(sources)
    assert {r.outcome for r in again.results} == {"duplicate"}
    assert [library.get(n) for n in range(1, 7)] == snapshot


def test_an_import_stopped_halfway_resumes_without_duplicates(library: Library, tmp_path: Path) -> None:
    export = str(pocket_zip(tmp_path / "pocket.zip", 40))
    seen: list[int] = []

    def stop_after_15() -> bool:
        seen.append(1)
        return len(seen) > 15

    first = Importer(library).import_sources([export], should_stop=stop_after_15)
    assert first.cancelled and len(first.results) == 15 and library.count() == 15
    second = Importer(library).import_sources([export])
    assert second.count("duplicate") == 15 and second.count("pending") == 25
    assert library.count() == 40


@pytest.mark.parametrize(
    "bad_line", ["not,a,valid,row,at,all,really", "No address,javascript:alert(1),1600000000,,unread"]
)
def test_one_bad_entry_never_stops_the_rest(library: Library, tmp_path: Path, bad_line: str) -> None:
    export = tmp_path / "part_000000.csv"
    export.write_text(
        "title,url,time_added,tags,status\n"
        "First,https://example.com/1,1600000000,,unread\n"
        f"{bad_line}\n"
        "Third,https://example.com/3,1600000000,,unread\n"
    )
    report = Importer(library).import_sources([str(export)])
    assert [r.outcome for r in report.results].count("pending") == 2
    failure = report.failures[0]
    assert "line 3" in failure.source and failure.reason
