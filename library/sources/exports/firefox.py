"""Firefox's bookmark backups: the `.json` of Bookmarks ▸ Backup, and the automatic `.jsonlz4` ones.

A tree of nodes from the `placesRoot`: containers (`text/x-moz-place-container`,
with `children`) and bookmarks (`text/x-moz-place`, with `uri`, `title`,
`dateAdded` in microseconds since 1970, and `tags` separated by commas). The
`.jsonlz4` files of the profile's `bookmarkbackups` folder hold the same JSON as
an LZ4 block behind a `mozLz40` header. The menu, toolbar, "Other Bookmarks" and
mobile containers are the browser's own; folders inside them become tags.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, Rejected
from library.sources.exports.common import (
    TreeLeaf,
    address_problem,
    clean_tags,
    hints_of,
    microseconds_date,
    split_tags,
    text_value,
    tree_leaves,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "bookmarks"
PLACE = "text/x-moz-place"
ROOT_GUID = "root________"
# Older backups also list every tag as a folder of copies of its bookmarks: `tags` has them already.
_TAGS_ROOT = "tagsFolder"
_DESCRIPTION = "bookmarkProperties/description"


def is_firefox_backup(sample: Sample) -> bool:
    """True for a Firefox bookmark backup: an object with the places root's guid or name, and children."""
    shape = sample.json
    if shape is None or shape.top != "object" or not shape.has("guid", "children"):
        return False
    return shape.values.get("guid") == ROOT_GUID or shape.values.get("root") == "placesRoot"


def read_firefox_backup(path: Path) -> Iterator[Entry | Rejected]:
    """Entries for the bookmarks in a Firefox backup (`.json` or `.jsonlz4`), streamed."""
    for leaf in tree_leaves(path, "children"):
        if isinstance(leaf, Rejected):
            yield leaf
        elif leaf.fields.get("type") == PLACE and not _in_tags_root(leaf):
            uri = leaf.fields.get("uri")
            # `place:` addresses are Firefox's saved searches ("Most Visited"), not pages.
            if not (isinstance(uri, str) and uri.startswith("place:")):
                yield _entry(leaf)


FORMAT = FileFormat(
    "Firefox bookmark backup", is_firefox_backup, read_firefox_backup, may_open_with_markup=False
)


def _entry(leaf: TreeLeaf) -> Entry | Rejected:
    url = web_address(leaf.fields.get("uri"))
    if url is None:
        return Rejected(leaf.source, address_problem(leaf.fields.get("uri")))
    title = text_value(leaf.fields.get("title"))
    tags = leaf.fields.get("tags")
    return Entry(
        source=leaf.source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(title=None if title == url else title, excerpt=_description(leaf.fields.get("annos"))),
        tags=clean_tags(
            [
                *(folder.get("title") for folder in leaf.folders if not folder.get("root")),
                *split_tags(tags if isinstance(tags, str) else ""),
            ]
        ),
        saved_at=microseconds_date(leaf.fields.get("dateAdded")),
    )


def _in_tags_root(leaf: TreeLeaf) -> bool:
    return any(folder.get("root") == _TAGS_ROOT for folder in leaf.folders)


def _description(annotations: object) -> str | None:
    """The description older Firefox versions kept as an annotation on the bookmark."""
    if not isinstance(annotations, list):
        return None
    for annotation in annotations:
        if isinstance(annotation, dict) and annotation.get("name") == _DESCRIPTION:
            return text_value(annotation.get("value"))
    return None
