"""Omnivore's export zip: metadata batches, saved content, highlights in Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from library.article import Document, Entry, Highlight, ReadingState, Rejected
from library.sources.exports import omnivore
from library.sources.exports.omnivore import parse_highlights
from library.store import Library
from tests.library.exportfiles import by_url, detect, import_into, read_export, write_text, write_zip

FIRST_BATCH: list[object] = [
    {
        "id": "8a1c0e9e-0000-4000-8000-000000000001",
        "slug": "an-essay-on-tea-18c1f0a2b3d",
        "title": "An essay on tea",
        "description": "All about tea.",
        "author": "Ada Writer",
        "url": "https://example.com/tea",
        "state": "SUCCEEDED",
        "readingProgress": 35,
        "thumbnail": "https://example.com/tea.jpg",
        "labels": ["drinks", {"name": "Longform", "color": "#FF0000"}, "Drinks"],
        "savedAt": "2024-03-01T10:00:00.000Z",
        "updatedAt": "2024-03-02T10:00:00.000Z",
        "publishedAt": "2024-02-28T08:00:00.000Z",
    },
    {
        "id": "8a1c0e9e-0000-4000-8000-000000000002",
        "slug": "archived-one-18c1f0a2b3e",
        "title": "Archived",
        "description": None,
        "author": None,
        "url": "https://example.org/archived",
        "state": "Archived",  # older exports wrote states in other cases
        "readingProgress": 100,
        "thumbnail": None,
        "labels": [],
        "savedAt": "2023-01-01T00:00:00.000Z",
        "updatedAt": "2023-01-01T00:00:00.000Z",
        "publishedAt": None,
    },
    # An uploaded file: no address, but its content is in the zip.
    {
        "id": "8a1c0e9e-0000-4000-8000-000000000003",
        "slug": "uploaded-file-18c1f0a2b3f",
        "title": "Uploaded",
        "url": "",
        "state": "PROCESSING",
        "readingProgress": 0,
        "labels": None,
        "savedAt": "the day before yesterday",
    },
    "not an entry",
    {
        "slug": "nothing-18c1f0a2b40",
        "title": "A bookmarklet",
        "url": "javascript:void(0)",
        "state": "SUCCEEDED",
    },
]
SECOND_BATCH = [
    {"slug": "second-batch-18c1f0a2b41", "url": "https://example.com/second", "state": "succeeded"},
]
# What Omnivore writes: a note on the whole article first, then highlights with labels and notes.
TEA_HIGHLIGHTS = (
    "A note on the whole article.\n\n"
    "\n\n"
    "> Tea is a drink. \n\n#fact #drinks\n\nWorth remembering."
    "\n\n"
    "> First paragraph of a long quote.\n> \nSecond paragraph of it. "
    "\n\n"
    "> A quote with no note. "
)


def omnivore_zip(tmp_path: Path) -> Path:
    return write_zip(
        tmp_path / "omnivore.zip",
        {
            # Written in the wrong order on purpose: batches are read by their first number.
            "metadata_20_to_40.json": json.dumps(SECOND_BATCH, indent=2),
            "metadata_0_to_20.json": json.dumps(FIRST_BATCH, indent=2),
            "content/an-essay-on-tea-18c1f0a2b3d.html": '<DIV class="page"><p>Tea, \u2014 hot.</p></DIV>',
            "content/uploaded-file-18c1f0a2b3f.html": "<p>Uploaded text.</p>",
            "highlights/an-essay-on-tea-18c1f0a2b3d.md": TEA_HIGHLIGHTS,
        },
    )


def test_export_every_field(tmp_path: Path) -> None:
    where = "omnivore.zip: metadata_0_to_20.json"
    assert read_export(omnivore_zip(tmp_path)) == [
        Entry(
            source=f"{where} entry 1",
            source_kind="omnivore",
            document=Document(
                source=f"{where} entry 1",
                content='<DIV class="page"><p>Tea, — hot.</p></DIV>',
                kind="html",
                url="https://example.com/tea",
            ),
            url="https://example.com/tea",
            hints={
                "title": "An essay on tea",
                "byline": "Ada Writer",
                "excerpt": "All about tea.",
                "published": "2024-02-28T08:00:00+00:00",
                "lead_image": "https://example.com/tea.jpg",
            },
            tags=["drinks", "Longform"],
            state=ReadingState(read=None, archived=False, progress=0.35),
            saved_at="2024-03-01T10:00:00+00:00",
            highlights=[
                Highlight("", "A note on the whole article."),
                Highlight("Tea is a drink.", "Worth remembering."),
                Highlight("First paragraph of a long quote.\n\nSecond paragraph of it."),
                Highlight("A quote with no note."),
            ],
        ),
        Entry(
            source=f"{where} entry 2",
            source_kind="omnivore",
            document=None,  # no content in the zip: downloaded later
            url="https://example.org/archived",
            hints={"title": "Archived"},
            state=ReadingState(read=True, archived=True, progress=1.0),
            saved_at="2023-01-01T00:00:00+00:00",
        ),
        Entry(
            source=f"{where} entry 3",
            source_kind="omnivore",
            document=Document(
                source=f"{where} entry 3", content="<p>Uploaded text.</p>", kind="html", url=None
            ),
            url=None,
            hints={"title": "Uploaded"},
            state=ReadingState(read=None, archived=False, progress=0.0),
            saved_at=None,
        ),
        Rejected(f"{where} entry 4", "expected an object, found a string"),
        Rejected(f"{where} entry 5", "not a web address: 'javascript:void(0)'"),
        Entry(
            source="omnivore.zip: metadata_20_to_40.json entry 1",
            source_kind="omnivore",
            url="https://example.com/second",
            state=ReadingState(read=None, archived=False),
        ),
    ]


def test_broken_members_are_rejected_and_the_rest_imports(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "omnivore.zip",
        {
            "metadata_0_to_20.json": json.dumps(SECOND_BATCH),
            "metadata_20_to_40.json": '[{"slug": "cut-short", "url": ',
            "highlights/second-batch-18c1f0a2b41.md": "> Caf\xe9\n".encode("cp1252"),
        },
    )
    assert read_export(path) == [
        Rejected(
            "omnivore.zip: highlights/second-batch-18c1f0a2b41.md",
            "not UTF-8 text (byte 5 cannot be decoded)",
        ),
        Entry(
            source="omnivore.zip: metadata_0_to_20.json entry 1",
            source_kind="omnivore",
            url="https://example.com/second",
            state=ReadingState(read=None, archived=False),
        ),
        Rejected(
            "omnivore.zip: metadata_20_to_40.json", "not valid JSON (line 1 column 31: Expecting value)"
        ),
    ]


def test_export_inside_a_folder(tmp_path: Path) -> None:
    # Unzipped and zipped again: every member one folder down; content is still found beside its list.
    path = write_zip(
        tmp_path / "Omnivore.zip",
        {
            "Omnivore/metadata_0_to_20.json": json.dumps(SECOND_BATCH),
            "Omnivore/content/second-batch-18c1f0a2b41.html": "<p>Here.</p>",
        },
    )
    [entry] = read_export(path)
    assert isinstance(entry, Entry) and entry.document is not None
    assert entry.document.content == "<p>Here.</p>"
    assert entry.source == "Omnivore.zip: Omnivore/metadata_0_to_20.json entry 1"


@pytest.mark.parametrize(
    ("markdown", "highlights"),
    [
        # Saved on Windows: CRLF line ends.
        ("> One. \r\n\r\nIts note.\r\n\r\n> Two. ", [Highlight("One.", "Its note."), Highlight("Two.")]),
        # A note of several paragraphs stays one note.
        (
            "> One.\n\nFirst thought.\n\nSecond thought.",
            [Highlight("One.", "First thought.\n\nSecond thought.")],
        ),
        # A note that merely starts with a hash is a note, not labels.
        ("> One.\n\n#1 reason to read this", [Highlight("One.", "#1 reason to read this")]),
        # Every line marked, as Markdown editors write quotes.
        ("> Line one\n> line two", [Highlight("Line one\nline two")]),
        ("", []),
    ],
)
def test_highlights_markdown(markdown: str, highlights: list[Highlight]) -> None:
    assert parse_highlights(markdown) == highlights


def test_reading_twice_gives_identical_entries(tmp_path: Path) -> None:
    path = omnivore_zip(tmp_path)
    assert read_export(path) == read_export(path)


def test_a_metadata_file_on_its_own(library: Library, tmp_path: Path) -> None:
    path = write_text(tmp_path / "metadata_0_to_20.json", json.dumps(FIRST_BATCH[:2] + SECOND_BATCH))
    assert detect(path) is omnivore.read_omnivore_metadata
    report, stored = import_into(library, path)
    assert [r.outcome for r in report.results] == ["pending"] * 3
    articles = by_url(stored)
    tea = articles["https://example.com/tea"]
    assert (tea.article.title, tea.article.byline, tea.article.excerpt) == (
        "An essay on tea",
        "Ada Writer",
        "All about tea.",
    )
    assert tea.article.published == "2024-02-28T08:00:00+00:00"
    assert tea.article.lead_image == "https://example.com/tea.jpg"
    assert tea.tags == ["drinks", "Longform"]
    assert tea.saved_at == "2024-03-01T10:00:00+00:00"
    assert tea.state.progress == 0.35 and not tea.state.archived
    archived = articles["https://example.org/archived"]
    assert archived.state.archived and archived.state.read and archived.state.progress == 1.0
    assert articles["https://example.com/second"].state.archived is False
