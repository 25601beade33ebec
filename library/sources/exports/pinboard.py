"""Pinboard's JSON export (`/export/format:json/`): a list of bookmarks as its API writes them.

Each has `href`, `description` (the title), `extended` (the person's notes),
`time` (ISO 8601), `shared` and `toread` ("yes"/"no") and `tags` separated by spaces.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, ReadingState, Rejected
from library.sources.exports.common import (
    address_problem,
    flag,
    hints_of,
    iso_date,
    kind_of,
    note_highlights,
    read_json_export,
    split_tags,
    text_value,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "pinboard"


def is_pinboard_json(sample: Sample) -> bool:
    """True for a list of objects with Pinboard's `href`, `description` and `time`, and its flags or hash."""
    shape = sample.json
    return (
        shape is not None
        and shape.top == "list"
        and shape.has("item.href", "item.description", "item.time")
        and shape.has_any("item.toread", "item.shared", "item.hash")
    )


def read_pinboard_json(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a Pinboard JSON export, streamed."""
    return read_json_export(path, _entry)


FORMAT = FileFormat("Pinboard JSON", is_pinboard_json, read_pinboard_json, may_open_with_markup=False)


def _entry(record: object, source: str) -> Entry | Rejected:
    if not isinstance(record, dict):
        return Rejected(source, f"expected an object, found {kind_of(record)}")
    url = web_address(record.get("href"))
    if url is None:
        return Rejected(source, address_problem(record.get("href")))
    tags = record.get("tags")
    to_read = flag(record.get("toread"))
    return Entry(
        source=source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(title=text_value(record.get("description"))),
        tags=split_tags(tags, " ") if isinstance(tags, str) else [],
        # "To read" is Pinboard's reading list; any other bookmark was read when it was saved.
        state=ReadingState(read=None if to_read is None else not to_read),
        saved_at=iso_date(record.get("time")),
        highlights=note_highlights(record.get("extended")),
    )
