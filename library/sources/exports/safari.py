"""Safari's `Bookmarks.plist`, with its Reading List: a property list (usually binary) of nested lists.

Each node has a `WebBookmarkType`: `WebBookmarkTypeList` (a folder: `Title`,
`Children`), `WebBookmarkTypeLeaf` (a bookmark: `URLString`, `URIDictionary.title`)
or `WebBookmarkTypeProxy` (History, not a bookmark). The Reading List is the folder
titled `com.apple.ReadingList`; its items carry a `ReadingList` dictionary with
`DateAdded`, `PreviewText` and, once opened, `DateLastViewed`. Folders a person made
become tags; the Favourites bar, the menu and the Reading List are Safari's own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, ReadingState, Rejected
from library.sources.exports.common import (
    ExportProblem,
    address_problem,
    clean_tags,
    display_name,
    hints_of,
    iso_date,
    read_export_file,
    text_value,
    web_address,
)
from library.sources.exports.sample import MAX_PLIST_BYTES, FileFormat, Sample

SOURCE_KIND = "bookmarks"
READING_LIST = "com.apple.ReadingList"
_SAFARI_FOLDERS = {"BookmarksBar", "BookmarksMenu", READING_LIST}
_FOLDER, _BOOKMARK = "WebBookmarkTypeList", "WebBookmarkTypeLeaf"
_MAX_DEPTH = 100


def is_safari_bookmarks(sample: Sample) -> bool:
    """True for Safari's bookmarks: a property list whose root is a bookmark list with children."""
    if b"WebBookmarkType" not in sample.head:
        return False
    root = sample.plist_dict()
    return (
        root is not None and root.get("WebBookmarkType") == _FOLDER and isinstance(root.get("Children"), list)
    )


def read_safari_bookmarks(path: Path) -> Iterator[Entry | Rejected]:
    """Entries for Safari's bookmarks and Reading List, in the order Safari lists them."""
    import plistlib  # here: every file is tested for this format, few are one

    name = display_name(path)
    try:
        root = plistlib.loads(read_export_file(path, MAX_PLIST_BYTES))
    except ExportProblem as problem:
        yield Rejected(name, problem.reason)
        return
    except Exception as error:  # plistlib lets its parsers' own errors through for damaged files
        yield Rejected(name, f"not a readable property list ({type(error).__name__})")
        return
    if not isinstance(root, dict):
        yield Rejected(name, "not Safari's bookmarks (the property list is not a dictionary)")
        return
    counter = itertools.count(1)
    yield from _walk(root, [], name, counter, 0)


FORMAT = FileFormat(
    "Safari Bookmarks.plist", is_safari_bookmarks, read_safari_bookmarks, may_open_with_markup=False
)


def _walk(
    folder: dict[str, object], names: list[str], name: str, counter: Iterator[int], depth: int
) -> Iterator[Entry | Rejected]:
    children = folder.get("Children")
    if not isinstance(children, list) or depth > _MAX_DEPTH:
        return
    for child in children:
        if not isinstance(child, dict):
            continue
        kind = child.get("WebBookmarkType")
        if kind == _FOLDER:
            title = text_value(child.get("Title"))
            inner = names if title is None or title in _SAFARI_FOLDERS else [*names, title]
            if title == READING_LIST:
                inner = [READING_LIST]  # marks the items as the Reading List's; never a tag
            yield from _walk(child, inner, name, counter, depth + 1)
        elif kind == _BOOKMARK:
            yield _entry(child, names, f"{name} entry {next(counter)}")


def _entry(leaf: dict[str, object], folders: list[str], source: str) -> Entry | Rejected:
    url = web_address(leaf.get("URLString"))
    if url is None:
        return Rejected(source, address_problem(leaf.get("URLString")))
    about = leaf.get("URIDictionary")
    title = text_value(about.get("title")) if isinstance(about, dict) else None
    reading = leaf.get("ReadingList")
    in_reading_list = folders == [READING_LIST]
    state = ReadingState()
    excerpt = saved_at = None
    if isinstance(reading, dict) or in_reading_list:
        details = reading if isinstance(reading, dict) else {}
        # The Reading List shows an item as unread until it has been opened.
        state = ReadingState(read=details.get("DateLastViewed") is not None)
        excerpt = text_value(details.get("PreviewText"))
        saved_at = iso_date(details.get("DateAdded"))
    return Entry(
        source=source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(
            title=None if title == url else title,
            excerpt=excerpt,
            lead_image=web_address(leaf.get("imageURL")),
        ),
        tags=[] if in_reading_list else clean_tags(folders),
        state=state,
        saved_at=saved_at,
    )
