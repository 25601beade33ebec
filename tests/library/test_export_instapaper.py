"""Instapaper's CSV export: folders as state or tags, the newer Tags column, bad rows."""

from __future__ import annotations

from pathlib import Path

from library.article import Entry, Highlight, ReadingState, Rejected
from library.sources.exports import instapaper
from library.store import Library
from tests.library.exportfiles import by_url, detect, import_into, read_export, write_text

NEWER_EXPORT = (
    "URL,Title,Selection,Folder,Timestamp,Tags\n"
    'https://example.com/unread,An unread essay,"The passage selected, when saving",Unread,1700000000,'
    '"[""essays"", ""Longform"", ""essays""]"\n'
    "https://example.com/done,A finished one,,Archive,1600000000,[]\n"
    'https://example.com/star,A starred one,,Starred,1650000000,"[""best""]"\n'
    "https://example.com/own,In a folder of my own,,Recipes To Try,1710000000,\n"
    # Tags written by hand in a spreadsheet, separated by commas.
    'https://example.com/hand,Edited by hand,,unread,1690000000,"kitchen, bread"\n'
    "not-a-url,Not an address,,Unread,1700000000,[]\n"
    "https://example.com/late,A date that is not one,,Unread,soon,[]\n"
)


def test_newer_export_every_field(tmp_path: Path) -> None:
    assert read_export(write_text(tmp_path / "instapaper-export.csv", NEWER_EXPORT)) == [
        Entry(
            source="instapaper-export.csv line 2",
            source_kind="instapaper",
            url="https://example.com/unread",
            hints={"title": "An unread essay", "excerpt": "The passage selected, when saving"},
            tags=["essays", "Longform"],
            state=ReadingState(read=False, archived=False),
            saved_at="2023-11-14T22:13:20+00:00",
            highlights=[Highlight("The passage selected, when saving")],
        ),
        Entry(
            source="instapaper-export.csv line 3",
            source_kind="instapaper",
            url="https://example.com/done",
            hints={"title": "A finished one"},
            state=ReadingState(read=True, archived=True),
            saved_at="2020-09-13T12:26:40+00:00",
        ),
        Entry(
            source="instapaper-export.csv line 4",
            source_kind="instapaper",
            url="https://example.com/star",
            hints={"title": "A starred one"},
            tags=["best"],
            state=ReadingState(favorite=True),
            saved_at="2022-04-15T05:20:00+00:00",
        ),
        # A folder the person made is a tag, and says nothing about reading.
        Entry(
            source="instapaper-export.csv line 5",
            source_kind="instapaper",
            url="https://example.com/own",
            hints={"title": "In a folder of my own"},
            tags=["Recipes To Try"],
            state=ReadingState(),
            saved_at="2024-03-09T16:00:00+00:00",
        ),
        Entry(
            source="instapaper-export.csv line 6",
            source_kind="instapaper",
            url="https://example.com/hand",
            hints={"title": "Edited by hand"},
            tags=["kitchen", "bread"],
            state=ReadingState(read=False, archived=False),
            saved_at="2023-07-22T04:26:40+00:00",
        ),
        Rejected("instapaper-export.csv line 7", "not a web address: 'not-a-url'"),
        Entry(
            source="instapaper-export.csv line 8",
            source_kind="instapaper",
            url="https://example.com/late",
            hints={"title": "A date that is not one"},
            state=ReadingState(read=False, archived=False),
            saved_at=None,
        ),
    ]


def test_older_export_without_tags_and_with_a_short_row(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "instapaper.csv",
        "URL,Title,Selection,Folder,Timestamp\n"
        "https://example.com/a,First,,Unread,1700000000\n"
        "https://example.com/b,Cut short\n"
        "https://example.com/c,Third,,Archive,1700000000\n",
    )
    results = read_export(path)
    assert results[1] == Rejected("instapaper.csv line 3", "2 fields where the header has 5")
    assert [r.url for r in results if isinstance(r, Entry)] == [
        "https://example.com/a",
        "https://example.com/c",
    ]


def test_export_resaved_by_a_spreadsheet_in_windows_1252(tmp_path: Path) -> None:
    # Opened in a spreadsheet and saved again: the text is no longer UTF-8.
    path = tmp_path / "instapaper.csv"
    row = "https://example.com/cafe,Caf\u00e9 \u201cnoir\u201d,,Unread,1700000000\n"
    path.write_bytes(f"URL,Title,Selection,Folder,Timestamp\n{row}".encode("cp1252"))
    [entry] = read_export(path)
    assert isinstance(entry, Entry)
    assert entry.hints == {"title": "Café “noir”"}


def test_reading_twice_gives_identical_entries(tmp_path: Path) -> None:
    path = write_text(tmp_path / "instapaper-export.csv", NEWER_EXPORT)
    assert read_export(path) == read_export(path)


def test_the_oldest_export_of_four_columns_keeps_its_folders(library: Library, tmp_path: Path) -> None:
    # Before Timestamp existed: URL, Title, Selection, Folder and nothing more.
    path = write_text(
        tmp_path / "instapaper-export.csv",
        "URL,Title,Selection,Folder\n"
        "https://example.com/a,Still to read,,Unread\n"
        "https://example.com/b,Finished,,Archive\n"
        "https://example.com/c,Loved,A passage,Starred\n"
        '"https://example.com/d","In my folder",,"Cooking"\n',
    )
    assert detect(path) is instapaper.read_instapaper_csv
    _, stored = import_into(library, path)
    articles = by_url(stored)
    assert len(articles) == 4
    unread, done, loved, cooking = (articles[f"https://example.com/{letter}"] for letter in "abcd")
    assert (unread.article.title, unread.state.read, unread.state.archived) == ("Still to read", False, False)
    assert (done.article.title, done.state.read, done.state.archived) == ("Finished", True, True)
    assert loved.state.favorite and loved.article.excerpt == "A passage"
    assert (cooking.article.title, cooking.tags) == ("In my folder", ["Cooking"])


def test_the_five_column_export_with_a_timestamp(library: Library, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "instapaper-export.csv",
        "URL,Title,Selection,Folder,Timestamp\nhttps://example.com/a,Dated,,Archive,1700000000\n",
    )
    _, [stored] = import_into(library, path)
    assert (stored.article.title, stored.saved_at, stored.state.archived) == (
        "Dated",
        "2023-11-14T22:13:20+00:00",
        True,
    )
