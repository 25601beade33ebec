"""Recognising exports by what they hold, and leaving every other file alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from library.article import Entry, Rejected
from library.sources import read_source
from library.sources.exports import (
    ExportReader,
    FileFormat,
    bookmarks,
    instapaper,
    omnivore,
    pocket,
    readwise,
    wallabag,
)
from tests.library.exportfiles import detect, write_text, write_zip

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


# Each format in its smallest documented shape. Saved under a name that says nothing
# ("download"), because browsers and mail clients rename attachments.
TEXT_EXPORTS: list[tuple[str, str, ExportReader]] = [
    (
        "pocket part alone",
        "title,url,time_added,tags,status\nT,https://example.com/,1700000000,,unread\n",
        pocket.read_pocket_csv,
    ),
    (
        "pocket part with a byte-order mark and CRLF",
        "\ufefftitle,url,time_added,tags,status\r\nT,https://example.com/,1700000000,,unread\r\n",
        pocket.read_pocket_csv,
    ),
    (
        "instapaper",
        "URL,Title,Selection,Folder,Timestamp\nhttps://example.com/,T,,Unread,1700000000\n",
        instapaper.read_instapaper_csv,
    ),
    (
        "instapaper with tags",
        "URL,Title,Selection,Folder,Timestamp,Tags\nhttps://example.com/,T,,Unread,1700000000,[]\n",
        instapaper.read_instapaper_csv,
    ),
    (
        "readwise reader",
        "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n"
        "T,https://example.com/,01h,[],2024-01-15 10:00:00+00:00,0,new,False\n",
        readwise.read_readwise_csv,
    ),
    (
        "wallabag csv",
        'Title;URL;Content;Tags;"MIME Type";Language;"Creation date"\n'
        "T;https://example.com/;<p>x</p>;;text/html;en;01/02/2024 03:04:05\n",
        wallabag.read_wallabag_csv,
    ),
    (
        "wallabag json",
        json.dumps(
            [{"is_archived": 0, "is_starred": 0, "title": "T", "url": "https://example.com/", "content": ""}]
        ),
        wallabag.read_wallabag_json,
    ),
    (
        "wallabag json whose first article is longer than the head",
        json.dumps(
            [{"id": 1, "url": "https://example.com/", "is_archived": 1, "content": "<p>x</p>" * 20_000}]
        ),
        wallabag.read_wallabag_json,
    ),
    (
        "netscape bookmarks",
        '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><A HREF="https://example.com/">T</A>\n</DL>\n',
        bookmarks.read_bookmarks,
    ),
    (
        "netscape bookmarks, doctype in lower case after blank lines",
        '\n\n<!doctype netscape-bookmark-file-1>\n<dl><dt><a href="https://example.com/">T</a></dl>\n',
        bookmarks.read_bookmarks,
    ),
    (
        "pocket ril_export.html",
        "<!DOCTYPE html>\n<html><head><title>Pocket Export</title></head><body>\n<h1>Unread</h1>\n"
        '<ul><li><a href="https://example.com/" time_added="1700000000" tags="">T</a></li></ul>\n'
        "<h1>Read Archive</h1>\n<ul></ul></body></html>\n",
        pocket.read_pocket_html,
    ),
]


@pytest.mark.parametrize(("case", "text", "reader"), TEXT_EXPORTS, ids=[case for case, _, _ in TEXT_EXPORTS])
def test_text_exports_are_recognised_by_content(
    tmp_path: Path, case: str, text: str, reader: ExportReader
) -> None:
    path = write_text(tmp_path / "download", text)
    assert detect(path) is reader
    assert any(isinstance(result, Entry) for result in reader(path)), case


ZIP_EXPORTS: list[tuple[str, dict[str, str | bytes], ExportReader]] = [
    (
        "pocket zip",
        {
            "part_000000.csv": "title,url,time_added,tags,status\nT,https://example.com/,1700000000,,unread\n",
            "annotations/part_000000.json": "[]",
        },
        pocket.read_pocket_zip,
    ),
    (
        "pocket zip re-made on a Mac",
        {
            "__MACOSX/._part_000000.csv": b"\x00\x05\x16\x07",
            "Pocket/part_000000.csv": "title,url,time_added,tags,status\n",
        },
        pocket.read_pocket_zip,
    ),
    (
        "omnivore zip",
        {
            "metadata_0_to_20.json": json.dumps(
                [{"slug": "t", "url": "https://example.com/", "state": "SUCCEEDED"}]
            ),
            "content/t.html": "<p>x</p>",
        },
        omnivore.read_omnivore_zip,
    ),
]


@pytest.mark.parametrize(("case", "members", "reader"), ZIP_EXPORTS, ids=[case for case, _, _ in ZIP_EXPORTS])
def test_zip_exports_are_recognised_by_content(
    tmp_path: Path, case: str, members: dict[str, str | bytes], reader: ExportReader
) -> None:
    path = write_zip(tmp_path / "download", members)
    assert detect(path) is reader, case


NOT_EXPORTS: list[tuple[str, str]] = [
    ("an empty file", ""),
    (
        "a saved article",
        "<!DOCTYPE html><html><head><title>Tea</title></head><body><p>Tea.</p></body></html>",
    ),
    # A page about bookmark files quotes the doctype, but does not start with it.
    (
        "a page explaining the bookmark format",
        "<!DOCTYPE html><html><body><pre>&lt;!DOCTYPE NETSCAPE-Bookmark-file-1&gt;\n"
        "<!DOCTYPE NETSCAPE-Bookmark-file-1></pre></body></html>",
    ),
    ("a blog with an Unread heading", "<html><body><h1>Unread</h1><p>My reading list.</p></body></html>"),
    ("copied text", "NATO urges more Russia talks to defuse Ukraine crisis\n\nNATO Secretary-General said"),
    ("a spreadsheet of people", "name,email\nAda,ada@example.com\n"),
    ("a list of links with titles", "title,url\nT,https://example.com/\n"),
    ("a semicolon spreadsheet", "Title;URL;Notes\nT;https://example.com/;x\n"),
    ("a JSON list of links", json.dumps([{"title": "T", "url": "https://example.com/"}])),
    ("a JSON object", json.dumps({"url": "https://example.com/", "is_archived": 1})),
    ("JSON that mentions the keys in a string", json.dumps(['"url": 1, "is_archived": 0'])),
]


@pytest.mark.parametrize(("case", "text"), NOT_EXPORTS, ids=[case for case, _ in NOT_EXPORTS])
def test_other_text_files_are_not_exports(tmp_path: Path, case: str, text: str) -> None:
    path = write_text(tmp_path / "export.csv", text)  # even a name that sounds like one
    assert detect(path) is None, case


NOT_EXPORT_ZIPS: list[tuple[str, dict[str, str | bytes]]] = [
    ("an empty zip", {}),
    ("photos and notes", {"readme.txt": "hello", "photo.jpg": b"\xff\xd8\xff\xe0", "data.csv": "a,b\n1,2\n"}),
    # Another program's data split into parts: the name matches, the header does not.
    ("parts of something else", {"part_000000.csv": "id,value\n1,2\n"}),
    ("metadata of something else", {"metadata_2024.json": '{"camera": "x"}'}),
    ("an office document", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
]


@pytest.mark.parametrize(("case", "members"), NOT_EXPORT_ZIPS, ids=[case for case, _ in NOT_EXPORT_ZIPS])
def test_other_zips_are_not_exports(tmp_path: Path, case: str, members: dict[str, str | bytes]) -> None:
    path = write_zip(tmp_path / "pocket.zip", members)
    assert detect(path) is None, case


def test_binary_data_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "part_000000.csv"
    path.write_bytes(bytes(range(256)) * 10)
    assert detect(path) is None


def test_a_zip_that_cannot_be_opened_is_reported_not_ignored(tmp_path: Path) -> None:
    path = tmp_path / "pocket.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    reader = detect(path)
    assert reader is not None
    [result] = list(reader(path))
    assert isinstance(result, Rejected)
    assert result.source == "pocket.zip"
    assert result.reason.startswith("damaged or incomplete zip archive")


def test_an_export_through_the_importers_entry_point(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "instapaper.csv",
        "URL,Title,Selection,Folder,Timestamp\nhttps://example.com/a,A,,Unread,1700000000\nnope,B,,Unread,1\n",
    )
    results = list(read_source(str(path)))
    assert [type(result) for result in results] == [Entry, Rejected]
    assert isinstance(results[0], Entry) and results[0].source_kind == "instapaper"


@pytest.mark.corpus
def test_saved_pages_of_the_corpus_are_not_exports() -> None:
    pages = sorted((SHARED / "corpus" / "readability").glob("*/source.html"))
    if not pages:
        pytest.skip(f"the shared corpus is not at {SHARED}")
    mistaken = [page.parent.name for page in pages if detect(page) is not None]
    assert mistaken == []


def test_a_web_archive_converted_to_xml_is_a_page_not_data(tmp_path: Path) -> None:
    import plistlib

    from library.sources.exports import Sample, structure_of

    archive = {
        "WebMainResource": {
            "WebResourceData": b"<html><body><p>Saved.</p></body></html>",
            "WebResourceMIMEType": "text/html",
            "WebResourceURL": "https://example.com/saved",
        }
    }
    path = tmp_path / "saved.webarchive"
    path.write_bytes(plistlib.dumps(archive))  # XML, as plutil -convert xml1 leaves it
    with Sample(path, path.read_bytes()) as sample:
        assert detect(path) is None and structure_of(sample) is None


# Files that open with markup but carry what other formats look for further on.
MARKUP_FILES = [
    "<html><body><p>A page.</p></body></html>",
    '\ufeff  \n<html>\n{"format": "article-reader-export"}\n[{"url": "https://example.com/"}]',
    "<p>\nhttps://example.com/\nhttps://example.org/\n",
    "<!-- note -->\n---\ntitle: T\n---\n",
    "<div>\n[InternetShortcut]\nURL=https://example.com/\n</div>",
    "<x>title,url,time_added,tags,status\nT,https://example.com/,1700000000,,unread\n",
    "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p><DT><A HREF='https://example.com/'>A</A>\n</DL>",
]


@pytest.mark.parametrize("text", MARKUP_FILES)
def test_formats_whose_files_never_open_with_markup_never_take_a_file_that_does(
    tmp_path: Path, text: str
) -> None:
    """Recognition skips their tests for such files (every page is one): the skip must change nothing."""
    from library.sources.exports import FORMATS, HEAD_BYTES, Sample

    for name in ("page.html", "download", "notes.md", "link.url", "list.txt", "data.json"):
        path = write_text(tmp_path / name, text)
        with Sample(path, path.read_bytes()[:HEAD_BYTES]) as sample:
            assert sample.opens_with_markup
            skipped = [fmt.name for fmt in FORMATS if not fmt.may_open_with_markup and fmt.recognise(sample)]
        assert skipped == [], (name, text)


def test_exports_that_open_with_markup_are_still_recognised(tmp_path: Path) -> None:
    markup = {
        "Netscape bookmarks HTML": MARKUP_FILES[-1],
        "Windows Internet Shortcut (.url)": "<!-- x -->\n[InternetShortcut]\nURL=https://example.com/\n",
        "Pocket CSV": MARKUP_FILES[-2].replace("<x>", "<x>,"),
    }
    for expected, text in markup.items():
        path = write_text(tmp_path / "download", text)
        reader = detect(path)
        assert reader is not None and expected in {f.name for f in _formats_reading_with(reader)}, expected


def _formats_reading_with(reader: ExportReader) -> list[FileFormat]:
    from library.sources.exports import FORMATS

    return [fmt for fmt in FORMATS if fmt.read is reader]


@pytest.mark.corpus
def test_pages_of_the_corpus_open_with_markup() -> None:
    from library.sources.exports import HEAD_BYTES, Sample

    pages = sorted((SHARED / "corpus" / "readability").glob("*/source.html"))
    if not pages:
        pytest.skip(f"the shared corpus is not at {SHARED}")
    for page in pages:
        with Sample(page, page.read_bytes()[:HEAD_BYTES]) as sample:
            assert sample.opens_with_markup, page.parent.name
