"""Browser bookmarks in the Netscape bookmark file format that every browser exports and imports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from library.article import Entry, ReadingState, Rejected
from library.sources.decode import decode_bytes
from library.sources.exports.common import (
    address_problem,
    clean_tags,
    feed_html,
    hints_of,
    iso_date,
    read_loose_export,
    text_value,
    web_address,
)

SOURCE_KIND = "bookmarks"
DOCTYPE = "<!doctype netscape-bookmark-file-1>"
# Folders the browser itself keeps (Firefox's toolbar and "Other Bookmarks", Chrome's
# bookmarks bar) say where a bookmark sits on screen, not what it is about: not tags.
_BROWSER_FOLDER_FLAGS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")


def is_bookmark_file(text: str) -> bool:
    """True when the text starts with the Netscape bookmark file's doctype, as the format requires."""
    return text.lstrip().lower().startswith(DOCTYPE)


def read_bookmarks(path: Path) -> Iterator[Entry | Rejected]:
    """Entries for the bookmarks in a Netscape bookmark file; the folders around each become its tags."""
    return read_loose_export(path, decode_bytes, _entries)


def _entries(text: str, name: str) -> Iterator[Entry | Rejected]:
    parser = _BookmarkParser()
    stopped = feed_html(parser, text, name)
    for bookmark in parser.bookmarks:
        yield _entry(bookmark, f"{name} line {bookmark.line}")
    if stopped:
        yield stopped


@dataclass
class _Bookmark:
    line: int
    attrs: dict[str, str]
    folders: list[str]
    title: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)


def _entry(bookmark: _Bookmark, source: str) -> Entry | Rejected:
    href = bookmark.attrs.get("href")
    url = web_address(href)
    if url is None:
        return Rejected(source, address_problem(href))
    title = text_value("".join(bookmark.title))
    description = text_value("".join(bookmark.description))
    return Entry(
        source=source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(title=None if title == url else title, excerpt=description),
        tags=clean_tags([*bookmark.folders, *bookmark.attrs.get("tags", "").split(",")]),
        # Firefox's "read later" flag; without it the file says nothing about reading.
        state=ReadingState(read=False) if bookmark.attrs.get("toread", "").strip() == "1" else ReadingState(),
        saved_at=iso_date(bookmark.attrs.get("add_date")),
    )


class _BookmarkParser(HTMLParser):
    """Walks the format's loose markup (`<DT>` and `<p>` never closed) as a stream of tags.

    A folder is `<DT><H3>name</H3>` followed by a `<DL>` holding its contents; a
    bookmark is `<DT><A HREF=...>title</A>`, optionally followed by `<DD>description`.

    A stream of tags from Python's parser, not a tree: libxml2 (lxml, and BeautifulSoup
    on it) nests each unclosed `<DT>` inside the one before, so a tree of a folder of
    5,000 bookmarks is 5,000 levels deep; lxml stops at 2,048 and BeautifulSoup takes
    seconds (`BENCHMARKS.md`).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bookmarks: list[_Bookmark] = []
        self._folders: list[str | None] = []  # one per open <DL>: its folder's name, if it is a folder
        self._folder_name: list[str] | None = None  # text of the <H3> being read
        self._folder_is_browsers = False
        self._next_folder: str | None = None  # the last <H3>, waiting for its <DL>
        self._bookmark: _Bookmark | None = None  # the <A> being read
        self._described: _Bookmark | None = None  # the bookmark a <DD> would describe
        self._in_description = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"dt", "dl", "h3", "a", "hr"}:
            self._in_description = False
        if tag == "h3":
            self._finish_bookmark()
            self._described = None
            self._folder_name = []
            self._folder_is_browsers = any(name in _BROWSER_FOLDER_FLAGS for name, _ in attrs)
        elif tag == "dl":
            self._folders.append(self._next_folder)
            self._next_folder = None
        elif tag == "a":
            self._finish_bookmark()
            folders = [folder for folder in self._folders if folder]
            self._bookmark = _Bookmark(self.getpos()[0], {key: value or "" for key, value in attrs}, folders)
        elif tag == "dd":
            self._in_description = self._described is not None

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self._folder_name is not None:
            name = text_value("".join(self._folder_name))
            self._next_folder = None if self._folder_is_browsers else name
            self._folder_name = None
        elif tag == "a":
            self._finish_bookmark()
        elif tag == "dl":
            self._in_description = False
            self._described = None
            if self._folders:
                self._folders.pop()

    def handle_data(self, data: str) -> None:
        if self._bookmark is not None:
            self._bookmark.title.append(data)
        elif self._folder_name is not None:
            self._folder_name.append(data)
        elif self._in_description and self._described is not None:
            self._described.description.append(data)

    def close(self) -> None:
        """Finish parsing, keeping a last bookmark whose `</A>` is missing."""
        super().close()
        self._finish_bookmark()

    def _finish_bookmark(self) -> None:
        if self._bookmark is not None:
            self.bookmarks.append(self._bookmark)
            self._described = self._bookmark
            self._bookmark = None
