"""Readwise Reader's CSV export: locations, seen, progress in both spellings, tag lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.article import Entry, ReadingState, Rejected
from library.sources.exports.common import fraction, tag_list
from tests.library.exportfiles import read_export, write_text

EXPORT = (
    "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n"
    "A new article,https://example.com/new,01h0000000000000000000000a,\"['essays', 'Long reads']\","
    "2022-11-06 04:33:50+00:00,0,new,False\n"
    'Half read,https://example.com/later,01h0000000000000000000000b,"essays, cooking",'
    "2023-01-02T03:04:05Z,0.5,later,True\n"
    "Finished,https://example.com/done,01h0000000000000000000000c,[],2023-02-03,100%,archive,False\n"
    "From a feed,https://example.com/feed,01h0000000000000000000000d,,not a date,37,feed,\n"
    "No address,,01h0000000000000000000000e,[],2023-02-03,0,new,False\n"
    "A shortlisted one,https://example.com/short,01h0000000000000000000000f,\"['x', 'x', ' ']\","
    "2024-05-06 07:08:09+02:00,0.999,shortlist,TRUE\n"
)


def test_export_every_field(tmp_path: Path) -> None:
    name = "Readwise-Reader-export.csv"
    assert read_export(write_text(tmp_path / name, EXPORT)) == [
        Entry(
            source=f"{name} line 2",
            source_kind="readwise",
            url="https://example.com/new",
            hints={"title": "A new article"},
            tags=["essays", "Long reads"],
            state=ReadingState(read=False, archived=False, progress=0.0),
            saved_at="2022-11-06T04:33:50+00:00",
        ),
        Entry(
            source=f"{name} line 3",
            source_kind="readwise",
            url="https://example.com/later",
            hints={"title": "Half read"},
            tags=["essays", "cooking"],
            state=ReadingState(read=True, archived=False, progress=0.5),
            saved_at="2023-01-02T03:04:05+00:00",
        ),
        # Archived means done, whatever "Seen" says.
        Entry(
            source=f"{name} line 4",
            source_kind="readwise",
            url="https://example.com/done",
            hints={"title": "Finished"},
            state=ReadingState(read=True, archived=True, progress=1.0),
            saved_at="2023-02-03",
        ),
        Entry(
            source=f"{name} line 5",
            source_kind="readwise",
            url="https://example.com/feed",
            hints={"title": "From a feed"},
            state=ReadingState(read=None, archived=False, progress=0.37),
            saved_at=None,
        ),
        Rejected(f"{name} line 6", "no web address"),
        Entry(
            source=f"{name} line 7",
            source_kind="readwise",
            url="https://example.com/short",
            hints={"title": "A shortlisted one"},
            tags=["x"],
            state=ReadingState(read=True, archived=False, progress=0.999),
            saved_at="2024-05-06T07:08:09+02:00",
        ),
    ]


@pytest.mark.parametrize(
    ("written", "tags"),
    [
        ("['a', 'b']", ["a", "b"]),  # Reader's own export: a Python list
        ('["a", "b"]', ["a", "b"]),  # the same re-saved by a script that speaks JSON
        ("a, b", ["a", "b"]),  # typed by hand
        ("[]", []),
        ("", []),
        ("['it''s', b", ["it''s", "b"]),  # broken list syntax still yields its words
        ("['Ünïcode', 'ünïcode']", ["Ünïcode"]),  # duplicates differ only in case
    ],
)
def test_document_tags_spellings(written: str, tags: list[str]) -> None:
    assert tag_list(written) == tags


@pytest.mark.parametrize(
    ("written", "progress"),
    [
        ("0", 0.0),
        ("0.25", 0.25),
        ("1", 1.0),  # a fraction: finished
        ("25%", 0.25),
        ("25", 0.25),  # above 1: a percentage without its sign
        ("150", 1.0),  # over 100% is done, not more than done
        ("-3", None),
        ("lots", None),
        ("", None),
        ("nan", None),
    ],
)
def test_reading_progress_spellings(written: str, progress: float | None) -> None:
    assert fraction(written) == progress


def test_reading_twice_gives_identical_entries(tmp_path: Path) -> None:
    path = write_text(tmp_path / "export.csv", EXPORT)
    assert read_export(path) == read_export(path)
