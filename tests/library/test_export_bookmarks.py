"""Browser bookmark files (Netscape format): folders as tags, TAGS, ADD_DATE, TOREAD, descriptions."""

from __future__ import annotations

from pathlib import Path

from library.article import Entry, ReadingState, Rejected
from tests.library.exportfiles import read_export, write_text

# As Firefox writes it: unclosed <DT> and <p>, the toolbar flagged, descriptions in <DD>.
FIREFOX = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'none'; img-src data: *; object-src 'none'"></meta>
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>

<DL><p>
    <DT><H3 ADD_DATE="1600000000" LAST_MODIFIED="1600000001" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>
    <DL><p>
        <DT><A HREF="https://example.com/toolbar" ADD_DATE="1700000000" LAST_MODIFIED="1700000001">On the toolbar</A>
    </DL><p>
    <DT><H3 ADD_DATE="1600000000">Reading</H3>
    <DD>Things to read, some day
    <DL><p>
        <DT><A HREF="https://example.com/essay" ADD_DATE="1650000000" TAGS="longform,Reading" TOREAD="1">An essay &amp; more</A>
        <DD>A description of the essay
        <DT><H3>Science</H3>
        <DL><p>
            <DT><A HREF="https://example.org/physics" ADD_DATE="not a date">Caf\u00e9 physics</A>
            <DT><A HREF="place:sort=8&amp;maxResults=10">Most Visited</A>
        </DL><p>
        <DT><A HREF="https://example.com/after" ADD_DATE="1710000000" TOREAD="0">https://example.com/after</A>
    </DL><p>
    <HR>
    <DT><A HREF="javascript:void(document.title)">A bookmarklet</A>
    <DT><A HREF="https://example.net/top">At the top</A>
</DL>
"""


def test_firefox_file_every_field(tmp_path: Path) -> None:
    assert read_export(write_text(tmp_path / "bookmarks.html", FIREFOX)) == [
        # The toolbar is where the browser shows it, not what it is about: no tag.
        Entry(
            source="bookmarks.html line 14",
            source_kind="bookmarks",
            url="https://example.com/toolbar",
            hints={"title": "On the toolbar"},
            saved_at="2023-11-14T22:13:20+00:00",
        ),
        Entry(
            source="bookmarks.html line 19",
            source_kind="bookmarks",
            url="https://example.com/essay",
            hints={"title": "An essay & more", "excerpt": "A description of the essay"},
            tags=["Reading", "longform"],
            state=ReadingState(read=False),
            saved_at="2022-04-15T05:20:00+00:00",
        ),
        Entry(
            source="bookmarks.html line 23",
            source_kind="bookmarks",
            url="https://example.org/physics",
            hints={"title": "Café physics"},
            tags=["Reading", "Science"],
            saved_at=None,
        ),
        Rejected("bookmarks.html line 24", "not a web address: 'place:sort=8&maxResults=10'"),
        # Back out of "Science": only "Reading" remains around it.
        Entry(
            source="bookmarks.html line 26",
            source_kind="bookmarks",
            url="https://example.com/after",
            hints={},
            tags=["Reading"],
            saved_at="2024-03-09T16:00:00+00:00",
        ),
        Rejected("bookmarks.html line 29", "not a web address: 'javascript:void(document.title)'"),
        Entry(
            source="bookmarks.html line 30",
            source_kind="bookmarks",
            url="https://example.net/top",
            hints={"title": "At the top"},
        ),
    ]


# As Chrome writes it: everything inside the flagged bookmarks bar, each folder closed with </DL><p>.
CHROME = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file. -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1600000000" LAST_MODIFIED="0" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><H3 ADD_DATE="1600000000" LAST_MODIFIED="0">Recipes</H3>
        <DL><p>
            <DT><A HREF="https://example.com/bread" ADD_DATE="1690000000" ICON="data:image/png;base64,AAAA">Bread</A>
        </DL><p>
    </DL><p>
</DL><p>
"""


def test_chrome_file(tmp_path: Path) -> None:
    assert read_export(write_text(tmp_path / "bookmarks_27_11_2026.html", CHROME)) == [
        Entry(
            source="bookmarks_27_11_2026.html line 11",
            source_kind="bookmarks",
            url="https://example.com/bread",
            hints={"title": "Bread"},
            tags=["Recipes"],
            saved_at="2023-07-22T04:26:40+00:00",
        )
    ]


def test_unclosed_link_at_the_end_is_kept(tmp_path: Path) -> None:
    # A file cut off in the middle of the last bookmark.
    path = write_text(
        tmp_path / "bookmarks.html",
        '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><A HREF="https://example.com/x">Cut sh',
    )
    assert read_export(path) == [
        Entry(
            source="bookmarks.html line 3",
            source_kind="bookmarks",
            url="https://example.com/x",
            hints={"title": "Cut sh"},
        )
    ]


def test_markup_the_parser_cannot_read_stops_the_file_with_a_reason(tmp_path: Path) -> None:
    # Python's HTML parser gives up on a `<![keyword[` section it does not know.
    path = write_text(
        tmp_path / "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://example.com/before">Before</A>\n'
        "<![strange[ section ]]>\n"
        '<DT><A HREF="https://example.com/after">After</A>\n',
    )
    results = read_export(path)
    assert results[0] == Entry(
        source="bookmarks.html line 3",
        source_kind="bookmarks",
        url="https://example.com/before",
        hints={"title": "Before"},
    )
    assert isinstance(results[1], Rejected) and results[1].source == "bookmarks.html line 4"
    assert results[1].reason.startswith("markup that cannot be read")
    assert len(results) == 2


def test_reading_twice_gives_identical_entries(tmp_path: Path) -> None:
    path = write_text(tmp_path / "bookmarks.html", FIREFOX)
    assert read_export(path) == read_export(path)


def test_a_folder_of_thousands_of_bookmarks_arrives_whole(tmp_path: Path) -> None:
    # Every <DT> is left open, as browsers write them: a parser that nests them loses the later ones.
    links = "".join(f'    <DT><A HREF="https://example.com/{n}">Bookmark {n}</A>\n' for n in range(5000))
    path = write_text(
        tmp_path / "bookmarks.html",
        f"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n    <DT><H3>Many</H3>\n    <DL><p>\n{links}    </DL><p>\n</DL>\n",
    )
    results = read_export(path)
    assert len(results) == 5000
    assert results[-1] == Entry(
        source="bookmarks.html line 5004",
        source_kind="bookmarks",
        url="https://example.com/4999",
        hints={"title": "Bookmark 4999"},
        tags=["Many"],
    )
