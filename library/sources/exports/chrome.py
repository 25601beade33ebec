"""Chrome's own `Bookmarks` file (Edge, Brave, Vivaldi and Opera write the same): JSON, no extension.

`roots` holds the browser's folders (`bookmark_bar`, `other`, `synced`); each node is a
`folder` with `children` or a `url` with `name` and `url`; `date_added` counts
microseconds since 1601 as a string. Folders a person made become tags; the
browser's own ("Bookmarks bar", "Other bookmarks", "Mobile bookmarks") say where a
bookmark sits on screen, not what it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, Rejected
from library.sources.exports.common import (
    TreeLeaf,
    address_problem,
    clean_tags,
    count_tree_leaves,
    hints_of,
    microseconds_date,
    text_value,
    tree_leaves,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "bookmarks"


def is_chrome_bookmarks(sample: Sample) -> bool:
    """True for a Chromium `Bookmarks` file: an object whose `roots` hold the bookmark bar or other bookmarks."""
    shape = sample.json
    return (
        shape is not None
        and shape.top == "object"
        and shape.has_any("roots.bookmark_bar", "roots.other", "roots.synced")
    )


def read_chrome_bookmarks(path: Path) -> Iterator[Entry | Rejected]:
    """Entries for the bookmarks in a Chromium `Bookmarks` file, streamed."""
    for leaf in tree_leaves(path, "children", roots="roots"):
        if isinstance(leaf, Rejected):
            yield leaf
        elif leaf.fields.get("type") == "url":
            yield _entry(leaf)


def count_chrome_bookmarks(path: Path) -> int:
    """How many entries `read_chrome_bookmarks` gives, in one pass instead of two."""
    return count_tree_leaves(path, "children", "roots", lambda fields: fields.get("type") == "url")


FORMAT = FileFormat(
    "Chrome, Edge or Brave Bookmarks",
    is_chrome_bookmarks,
    read_chrome_bookmarks,
    count_chrome_bookmarks,
    may_open_with_markup=False,
)


def _entry(leaf: TreeLeaf) -> Entry | Rejected:
    url = web_address(leaf.fields.get("url"))
    if url is None:
        return Rejected(leaf.source, address_problem(leaf.fields.get("url")))
    title = text_value(leaf.fields.get("name"))
    return Entry(
        source=leaf.source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(title=None if title == url else title),
        # The first folder is one of the roots: the browser's own.
        tags=clean_tags(folder.get("name") for folder in leaf.folders[1:]),
        saved_at=microseconds_date(leaf.fields.get("date_added"), since_1601=True),
    )
