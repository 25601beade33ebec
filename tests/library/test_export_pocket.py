"""Pocket exports: the 2025 zip with its CSV parts and annotations, a lone part, and ril_export.html."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from library.article import Entry, Highlight, ReadingState, Rejected
from library.sources.exports.common import ArchiveBudgetSpent, ExportProblem, ExportZip
from tests.library.exportfiles import detect, read_export, write_text, write_zip

# Timestamps used below and what they are in UTC.
T1 = 1700000000  # 2023-11-14T22:13:20+00:00
T2 = 1600000000  # 2020-09-13T12:26:40+00:00
T3 = 1650000000  # 2022-04-15T05:20:00+00:00
T4 = 1710000000  # 2024-03-09T16:00:00+00:00

PART_0 = (
    "title,url,time_added,tags,status\n"
    f"An essay on tea,https://example.com/tea,{T1},drinks|Tea|drinks| ,unread\n"
    f"https://example.org/untitled,https://example.org/untitled,{T2},,archive\n"
    f'"A title, with a comma\nand a line break",https://example.net/q?a=1&b=2,{T3},long read,archive\n'
)
# Some exports carry a `cursor` column; columns are read by name.
PART_1 = f"title,url,time_added,cursor,tags,status\nSecond part,https://example.com/second,{T4},42,,unread\n"
ANNOTATIONS = [
    {
        "url": "https://example.com/tea",
        "title": "An essay on tea",
        "highlights": [
            {"quote": "Tea is a drink.", "created_at": T1 + 100},
            {"quote": " Steep it briefly. ", "created_at": T1 + 200},
        ],
    },
    {
        "url": "https://example.com/gone",
        "title": "Only highlighted",
        "highlights": [{"quote": "Kept anyway", "created_at": T1 + 300}],
    },
]


def pocket_zip(tmp_path: Path) -> Path:
    return write_zip(
        tmp_path / "pocket.zip",
        {
            "part_000000.csv": PART_0,
            "part_000001.csv": PART_1,
            "annotations/part_000000.json": json.dumps(ANNOTATIONS),
            # A zip re-made on a Mac: resource forks that are neither CSV nor UTF-8.
            "__MACOSX/._part_000000.csv": b"\x00\x05\x16\x07\xff\xfe",
            "._part_000001.csv": b"\xff\xfe\x00",
        },
    )


def test_zip_export_every_field(tmp_path: Path) -> None:
    assert read_export(pocket_zip(tmp_path)) == [
        Entry(
            source="pocket.zip: part_000000.csv line 2",
            source_kind="pocket",
            url="https://example.com/tea",
            hints={"title": "An essay on tea"},
            tags=["drinks", "Tea"],
            state=ReadingState(read=False, archived=False),
            saved_at="2023-11-14T22:13:20+00:00",
            highlights=[
                Highlight("Tea is a drink.", "", "2023-11-14T22:15:00+00:00"),
                Highlight("Steep it briefly.", "", "2023-11-14T22:16:40+00:00"),
            ],
        ),
        Entry(
            source="pocket.zip: part_000000.csv line 3",
            source_kind="pocket",
            url="https://example.org/untitled",
            hints={},  # Pocket wrote the address as the title: no title known
            state=ReadingState(read=True, archived=True),
            saved_at="2020-09-13T12:26:40+00:00",
        ),
        Entry(
            source="pocket.zip: part_000000.csv line 4",
            source_kind="pocket",
            url="https://example.net/q?a=1&b=2",
            hints={"title": "A title, with a comma and a line break"},
            tags=["long read"],
            state=ReadingState(read=True, archived=True),
            saved_at="2022-04-15T05:20:00+00:00",
        ),
        Entry(
            source="pocket.zip: part_000001.csv line 2",
            source_kind="pocket",
            url="https://example.com/second",
            hints={"title": "Second part"},
            state=ReadingState(read=False, archived=False),
            saved_at="2024-03-09T16:00:00+00:00",
        ),
        # Highlights of an address no CSV row has are kept as an entry of their own.
        Entry(
            source="pocket.zip: annotations/part_000000.json entry 2",
            source_kind="pocket",
            url="https://example.com/gone",
            hints={"title": "Only highlighted"},
            highlights=[Highlight("Kept anyway", "", "2023-11-14T22:18:20+00:00")],
        ),
    ]


def test_zip_with_a_folder_inside_and_parts_in_number_order(tmp_path: Path) -> None:
    # Re-zipped by hand: everything under one folder, parts listed out of order.
    row = "title,url,time_added,tags,status\nPart {n},https://example.com/{n},{T1},,unread\n"
    path = write_zip(
        tmp_path / "export.zip",
        {f"Pocket/part_{n:06d}.csv": row.format(n=n, T1=T1) for n in (10, 2, 9)},
    )
    assert [entry.source for entry in read_export(path)] == [
        "export.zip: Pocket/part_000002.csv line 2",
        "export.zip: Pocket/part_000009.csv line 2",
        "export.zip: Pocket/part_000010.csv line 2",
    ]


BAD_ROWS = (
    "title,url,time_added,tags,status\n"
    f"Good one,https://example.com/a,{T1},,unread\n"
    f"Too few fields,https://example.com/b,{T1}\n"
    f"A bookmarklet,javascript:alert(1),{T1},,unread\n"
    f"No address,,{T1},,unread\n"
    "A date nobody can read,https://example.com/c,yesterday-ish,,archive\n"
    "\n"
    f"Last,https://example.com/d,{T1},,mystery\n"
)


def test_lone_part_csv_with_bad_rows(tmp_path: Path) -> None:
    assert read_export(write_text(tmp_path / "part_000000.csv", BAD_ROWS)) == [
        Entry(
            source="part_000000.csv line 2",
            source_kind="pocket",
            url="https://example.com/a",
            hints={"title": "Good one"},
            state=ReadingState(read=False, archived=False),
            saved_at="2023-11-14T22:13:20+00:00",
        ),
        Rejected("part_000000.csv line 3", "3 fields where the header has 5"),
        Rejected("part_000000.csv line 4", "not a web address: 'javascript:alert(1)'"),
        Rejected("part_000000.csv line 5", "no web address"),
        # An unreadable date loses the date, not the entry.
        Entry(
            source="part_000000.csv line 6",
            source_kind="pocket",
            url="https://example.com/c",
            hints={"title": "A date nobody can read"},
            state=ReadingState(read=True, archived=True),
            saved_at=None,
        ),
        # The blank line 7 is skipped; an unknown status says nothing about reading.
        Entry(
            source="part_000000.csv line 8",
            source_kind="pocket",
            url="https://example.com/d",
            hints={"title": "Last"},
            state=ReadingState(),
            saved_at="2023-11-14T22:13:20+00:00",
        ),
    ]


def test_member_that_is_not_utf8_is_rejected_and_the_rest_imports(tmp_path: Path) -> None:
    latin = "title,url,time_added,tags,status\nCaf\xe9,https://example.com/x,1,,unread\n".encode("cp1252")
    path = write_zip(
        tmp_path / "pocket.zip",
        {"part_000000.csv": PART_0, "part_000001.csv": latin, "annotations/part_000000.json": "{not json"},
    )
    results = read_export(path)
    assert results[0] == Rejected(
        "pocket.zip: annotations/part_000000.json",
        "not valid JSON (line 1 column 2: Expecting property name enclosed in double quotes)",
    )
    assert [r.source for r in results if isinstance(r, Entry)] == [
        "pocket.zip: part_000000.csv line 2",
        "pocket.zip: part_000000.csv line 3",
        "pocket.zip: part_000000.csv line 4",
    ]
    assert results[-1] == Rejected(
        "pocket.zip: part_000001.csv", "not UTF-8 text (byte 36 cannot be decoded)"
    )


def test_bad_annotation_entries_are_rejected_one_by_one(tmp_path: Path) -> None:
    annotations = [
        "a string, not an entry",
        {"url": "not an address", "highlights": []},
        {"url": "https://example.com/tea", "highlights": "none"},
        {
            "url": "https://example.com/tea",
            # Dates nobody can read, one of them a number too large for a float.
            "highlights": [
                {"quote": "Fine", "created_at": "garbage"},
                {},
                {"quote": "Big", "created_at": 10**400},
            ],
        },
    ]
    path = write_zip(
        tmp_path / "pocket.zip",
        {"part_000000.csv": PART_0, "annotations/part_000000.json": json.dumps(annotations)},
    )
    results = read_export(path)
    where = "pocket.zip: annotations/part_000000.json"
    assert results[:3] == [
        Rejected(f"{where} entry 1", "expected an object, found a string"),
        Rejected(f"{where} entry 2", "not a web address: 'not an address'"),
        Rejected(f"{where} entry 3", "no list of highlights"),
    ]
    tea = results[3]
    assert isinstance(tea, Entry) and tea.highlights == [
        Highlight("Fine", "", None),
        Highlight("Big", "", None),
    ]


def test_corrupt_zip_is_one_rejection(tmp_path: Path) -> None:
    # A download cut short: the end of the archive, where its directory lives, is missing.
    whole = pocket_zip(tmp_path).read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[: len(whole) // 2])
    results = read_export(path)
    assert len(results) == 1
    assert isinstance(results[0], Rejected)
    assert results[0].source == "cut.zip"
    assert results[0].reason.startswith("damaged or incomplete zip archive")


def test_damaged_member_is_rejected_and_the_rest_imports(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "pocket.zip",
        {"part_000000.csv": PART_0, "part_000001.csv": PART_1},
        method=zipfile.ZIP_STORED,
    )
    data = bytearray(path.read_bytes())
    at = data.index(b"Second part")
    data[at] = ord("Z")  # one flipped byte: the member's checksum no longer matches
    path.write_bytes(bytes(data))
    results = read_export(path)
    assert len([r for r in results if isinstance(r, Entry)]) == 3
    assert isinstance(results[-1], Rejected)
    assert results[-1].source == "pocket.zip: part_000001.csv"
    assert results[-1].reason.startswith("damaged in the archive (Bad CRC-32")


def test_zip_members_are_capped_one_by_one_and_in_total(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bomb.zip", {"a.csv": "x" * 1000, "b.csv": "y" * 600, "c.csv": "z" * 600})
    with ExportZip(path, member_limit=800, total_limit=1000) as archive:
        with pytest.raises(
            ExportProblem, match=r"too large \(1000 bytes uncompressed; the limit is 800 bytes\)"
        ):
            archive.read("a.csv")
        assert archive.read("b.csv") == b"y" * 600
        with pytest.raises(ArchiveBudgetSpent, match=r"the archive inflates to more than 1000 bytes in all"):
            archive.read("c.csv")


def test_a_member_that_lies_about_its_size_is_not_inflated_past_it(tmp_path: Path) -> None:
    # A hostile archive: the directory claims 100 bytes for a member that inflates to 5,000.
    path = write_zip(tmp_path / "liar.zip", {"a.csv": "x" * 5000})
    data = bytearray(path.read_bytes())
    directory = data.index(b"PK\x01\x02")
    data[directory + 24 : directory + 28] = (100).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    with (
        ExportZip(path, member_limit=1000) as archive,
        pytest.raises(ExportProblem, match="damaged in the archive"),
    ):
        archive.read("a.csv")


def test_reading_twice_gives_identical_entries(tmp_path: Path) -> None:
    path = pocket_zip(tmp_path)
    assert read_export(path) == read_export(path)


def test_ten_thousand_rows_all_arrive_in_order(tmp_path: Path) -> None:
    # The size of a long-time user's export; speed is measured in bench/, not here.
    rows = "".join(f"Article {n},https://example.com/{n},{T1 + n},a|b,unread\n" for n in range(10_000))
    path = write_zip(
        tmp_path / "pocket.zip", {"part_000000.csv": "title,url,time_added,tags,status\n" + rows}
    )
    results = read_export(path)
    assert len(results) == 10_000
    assert all(isinstance(r, Entry) for r in results)
    assert results[-1].source == "pocket.zip: part_000000.csv line 10001"
    assert isinstance(results[-1], Entry) and results[-1].url == "https://example.com/9999"


RIL_EXPORT = """<!DOCTYPE html>
<html>
\t<!--So long and thanks for all the fish-->
\t<head>
\t\t<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
\t\t<title>Pocket Export</title>
\t</head>
\t<body>
\t\t<h1>Unread</h1>
\t\t<ul>
\t\t\t<li><a href="https://example.com/one" time_added="1700000000" tags="news,long read,news">One &amp; only</a></li>
\t\t\t<li><a href="mailto:someone@example.com" time_added="1700000000" tags="">Mail</a></li>
\t\t</ul>

\t\t<h1>Read Archive</h1>
\t\t<ul>
\t\t\t<li><a href="https://example.com/two" time_added="1600000000" tags="">https://example.com/two</a></li>
\t\t\t<li><a href="https://example.com/three" time_added="" tags="">Caf\u00e9 cr\u00e8me</a></li>
\t\t</ul>
\t</body>
</html>
"""


def test_ril_export_html_every_field(tmp_path: Path) -> None:
    assert read_export(write_text(tmp_path / "ril_export.html", RIL_EXPORT)) == [
        Entry(
            source="ril_export.html line 11",
            source_kind="pocket",
            url="https://example.com/one",
            hints={"title": "One & only"},
            tags=["news", "long read"],
            state=ReadingState(read=False, archived=False),
            saved_at="2023-11-14T22:13:20+00:00",
        ),
        Rejected("ril_export.html line 12", "not a web address: 'mailto:someone@example.com'"),
        Entry(
            source="ril_export.html line 17",
            source_kind="pocket",
            url="https://example.com/two",
            hints={},
            state=ReadingState(read=True, archived=True),
            saved_at="2020-09-13T12:26:40+00:00",
        ),
        Entry(
            source="ril_export.html line 18",
            source_kind="pocket",
            url="https://example.com/three",
            hints={"title": "Café crème"},
            state=ReadingState(read=True, archived=True),
            saved_at=None,
        ),
    ]


def test_ril_export_html_with_unclosed_items_and_a_cut_off_end(tmp_path: Path) -> None:
    # A hand-edited or truncated file: <li> never closed, the last link cut off in its title.
    path = write_text(
        tmp_path / "ril_export.html",
        "<!DOCTYPE html>\n<html><body>\n<h1>Unread</h1>\n<ul>\n"
        '<li><a href="https://example.com/a" time_added="1700000000">A\n'
        '<li><a href="https://example.com/b" time_added="1700000000" tags="x">B</a>\n'
        "<h1>Read Archive</h1>\n<ul>\n"
        '<li><a href="https://example.com/c" time_added="1600000000">Cut sh',
    )
    assert [
        (entry.source, entry.url, entry.hints, entry.tags, entry.state) for entry in read_export(path)
    ] == [
        (
            "ril_export.html line 5",
            "https://example.com/a",
            {"title": "A"},
            [],
            ReadingState(read=False, archived=False),
        ),
        (
            "ril_export.html line 6",
            "https://example.com/b",
            {"title": "B"},
            ["x"],
            ReadingState(read=False, archived=False),
        ),
        (
            "ril_export.html line 9",
            "https://example.com/c",
            {"title": "Cut sh"},
            [],
            ReadingState(read=True, archived=True),
        ),
    ]


def test_ril_export_html_headings_in_comments_are_no_sections(tmp_path: Path) -> None:
    # Only headings the page shows name a list; a commented-out one does not move the links under it.
    path = write_text(
        tmp_path / "ril_export.html",
        "<!DOCTYPE html>\n<html><body>\n<h1>Unread</h1>\n<!-- <h1>Read Archive</h1> -->\n<ul>\n"
        '<li><a href="https://example.com/a" time_added="1700000000">A</a></li>\n</ul></body></html>\n',
    )
    (entry,) = read_export(path)
    assert isinstance(entry, Entry) and entry.state == ReadingState(read=False, archived=False)


def test_html_whose_pocket_heading_is_only_in_a_comment_is_no_pocket_export(tmp_path: Path) -> None:
    # Recognised by the headings the page shows, not by text that looks like one.
    path = write_text(
        tmp_path / "links.html",
        "<!DOCTYPE html>\n<html><body>\n<!-- <h1>Unread</h1> -->\n<h1>My links</h1>\n<ul>\n"
        '<li><a href="https://example.com/a" time_added="1700000000">A</a></li>\n</ul></body></html>\n',
    )
    assert detect(path) is None
