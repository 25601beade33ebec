"""wallabag exports: the JSON list with each article's HTML and annotations, and the `;` CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from library.article import Document, Entry, Highlight, ReadingState, Rejected
from library.sources.exports import wallabag
from library.sources.exports.common import ExportProblem, read_export_file
from tests.library.exportfiles import read_export, write_text

# Fields in the order wallabag serialises them (trimmed of the ones we do not read).
ENTRIES: list[object] = [
    {
        "is_archived": 1,
        "is_starred": 0,
        "id": 7,
        "title": " A long read ",
        "url": "https://example.com/long-read",
        "content": "<p>First paragraph.</p><p>Second.</p>",
        "created_at": "2016-04-08T16:56:47+0200",
        "updated_at": "2016-04-09T10:00:00+0200",
        "published_at": "2016-04-01T08:00:00+0200",
        "published_by": ["Ada Writer", "Bo Editor", "Ada Writer"],
        "annotations": [
            {
                "text": "A note on it",
                "quote": "First paragraph.",
                "created_at": "2016-04-10T09:30:00+0200",
                "ranges": [{"start": "/p[1]", "startOffset": 0, "end": "/p[1]", "endOffset": 16}],
            },
            {"text": "", "quote": "  Second. ", "created_at": "not a date", "ranges": []},
            {"text": "A note without a quote", "quote": "", "created_at": None},
        ],
        "mimetype": "text/html",
        "language": "en_GB",
        "reading_time": 1,
        "domain_name": "example.com",
        "preview_picture": "https://example.com/lead.jpg",
        "tags": ["science", "Science", " "],
    },
    {
        "is_archived": False,
        "is_starred": True,
        "title": "Starred, unread, no content yet",
        "url": "https://example.org/starred",
        "content": "",
        "created_at": "2020-01-02T03:04:05+0000",
        "published_at": None,
        "published_by": None,
        "annotations": [],
        "language": None,
        "preview_picture": None,
        # wallabag's API writes tags as objects; an export passed through it may too.
        "tags": [{"id": 1, "label": "later", "slug": "later"}],
    },
    # Content but an address that is not one: readable offline all the same.
    {
        "is_archived": 0,
        "is_starred": 0,
        "title": "Pasted",
        "url": "wallabag:entry/3",
        "content": "<p>Text.</p>",
    },
    ["not", "an", "entry"],
    {"is_archived": 0, "is_starred": 0, "title": "Nothing to read", "url": "", "content": ""},
]


def test_json_export_every_field(tmp_path: Path) -> None:
    name = "All articles.json"
    assert read_export(write_text(tmp_path / name, json.dumps(ENTRIES, indent=4))) == [
        Entry(
            source=f"{name} entry 1",
            source_kind="wallabag",
            document=Document(
                source=f"{name} entry 1",
                content="<p>First paragraph.</p><p>Second.</p>",
                kind="html",
                url="https://example.com/long-read",
            ),
            url="https://example.com/long-read",
            hints={
                "title": "A long read",
                "byline": "Ada Writer, Bo Editor",
                "published": "2016-04-01T08:00:00+02:00",
                "lang": "en_GB",
                "lead_image": "https://example.com/lead.jpg",
            },
            tags=["science"],
            state=ReadingState(read=True, archived=True, favorite=False),
            saved_at="2016-04-08T16:56:47+02:00",
            highlights=[
                # Its range in the page gives the words after it as context.
                Highlight("First paragraph.", "A note on it", "2016-04-10T09:30:00+02:00", suffix="Second."),
                Highlight("Second.", "", None),
            ],
        ),
        Entry(
            source=f"{name} entry 2",
            source_kind="wallabag",
            document=None,
            url="https://example.org/starred",
            hints={"title": "Starred, unread, no content yet"},
            tags=["later"],
            state=ReadingState(read=False, archived=False, favorite=True),
            saved_at="2020-01-02T03:04:05+00:00",
        ),
        Entry(
            source=f"{name} entry 3",
            source_kind="wallabag",
            document=Document(source=f"{name} entry 3", content="<p>Text.</p>", kind="html", url=None),
            url=None,
            hints={"title": "Pasted"},
            state=ReadingState(read=False, archived=False, favorite=False),
        ),
        Rejected(f"{name} entry 4", "expected an object, found a list"),
        Rejected(f"{name} entry 5", "no web address"),
    ]


def test_json_that_is_cut_short_keeps_what_came_before_and_says_where(tmp_path: Path) -> None:
    # The first entry whole, the second cut off inside its address.
    text = json.dumps(ENTRIES[:1])[:-1] + ', {"url": "https://exa'
    first, last = read_export(write_text(tmp_path / "wallabag.json", text))
    assert isinstance(first, Entry) and first.url == ENTRIES[0]["url"]
    assert last == Rejected(
        "wallabag.json entry 2",
        "not valid JSON (it ends too soon: the file was cut short); the rest of the file was skipped",
    )


CSV_EXPORT = (
    'Title;URL;Content;Tags;"MIME Type";Language;"Creation date"\n'
    '"A long read";https://example.com/long-read;"<p>One; two.</p><p>Three ""quoted"".</p>";'
    '"science, reading";text/html;en;"15/03/2024 02:10:00"\n'
    "Only an address;https://example.org/bare;;;text/html;;31/02/2024 01:00:00\n"
    "Missing columns;https://example.org/short\n"
    'No address;"ftp://example.org/file";;;;;\n'
)


def test_csv_export_every_field(tmp_path: Path) -> None:
    assert read_export(write_text(tmp_path / "wallabag.csv", CSV_EXPORT)) == [
        Entry(
            source="wallabag.csv line 2",
            source_kind="wallabag",
            document=Document(
                source="wallabag.csv line 2",
                content='<p>One; two.</p><p>Three "quoted".</p>',
                kind="html",
                url="https://example.com/long-read",
            ),
            url="https://example.com/long-read",
            hints={"title": "A long read", "lang": "en"},
            tags=["science", "reading"],
            # The CSV's hour is on a 12-hour clock without am/pm: only the day is certain.
            saved_at="2024-03-15",
        ),
        # 31 February is no day at all.
        Entry(
            source="wallabag.csv line 3",
            source_kind="wallabag",
            url="https://example.org/bare",
            hints={"title": "Only an address"},
            saved_at=None,
        ),
        Rejected("wallabag.csv line 4", "2 fields where the header has 7"),
        Rejected("wallabag.csv line 5", "not a web address: 'ftp://example.org/file'"),
    ]


def test_older_csv_without_a_creation_date(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "wallabag.csv",
        'Title;URL;Content;Tags;"MIME Type";Language\nOld;https://example.com/old;<p>x</p>;;text/html;fr\n',
    )
    [entry] = read_export(path)
    assert isinstance(entry, Entry)
    assert (entry.url, entry.saved_at, entry.hints) == (
        "https://example.com/old",
        None,
        {"title": "Old", "lang": "fr"},
    )


def test_an_article_larger_than_the_csv_modules_default_field_limit(tmp_path: Path) -> None:
    # wallabag puts a whole article in one field; the csv module refuses fields over 128 KB by default.
    content = "<p>" + "word " * 60_000 + "</p>"
    path = write_text(
        tmp_path / "wallabag.csv",
        f'Title;URL;Content;Tags;"MIME Type";Language\nBig;https://example.com/big;"{content}";;text/html;en\n',
    )
    [entry] = read_export(path)
    assert isinstance(entry, Entry) and entry.document is not None
    assert entry.document.content == content


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # An export of one entry saved by a script as a bare object.
        ('{"url": "https://example.com/", "is_archived": 0}', "expected a list of entries, found an object"),
        # Hostile input: deeper than Python's recursion allows.
        (
            "[" * 100_000 + '{"url": "x", "is_archived": 0}' + "]" * 100_000,
            "not valid JSON (nested too deeply)",
        ),
    ],
)
def test_json_that_cannot_be_read_is_one_rejection(tmp_path: Path, text: str, reason: str) -> None:
    path = write_text(tmp_path / "wallabag.json", text)
    assert list(wallabag.read_wallabag_json(path)) == [Rejected("wallabag.json", reason)]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = write_text(tmp_path / "wallabag.json", "[" + " " * 2000 + "]")
    with pytest.raises(ExportProblem, match=r"too large \(over 1000 bytes, the limit\)"):
        read_export_file(path, limit=1000)


def test_reading_twice_gives_identical_entries(tmp_path: Path) -> None:
    path = write_text(tmp_path / "wallabag.json", json.dumps(ENTRIES))
    assert read_export(path) == read_export(path)
