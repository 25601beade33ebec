"""Readability's JSON export (the service closed in 2016): `{"bookmarks": [...], "recommendations": [...]}`.

Each bookmark has `article__url`, `article__title`, `article__excerpt`, `date_added`,
`archive` and `favorite` (booleans), and the dates they were set.
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
    read_json_export,
    text_value,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "readability"


def is_readability_json(sample: Sample) -> bool:
    """True for an object whose `bookmarks` list holds Readability's `article__url`."""
    shape = sample.json
    return shape is not None and shape.top == "object" and shape.has("bookmarks.item.article__url")


def read_readability_json(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a Readability JSON export, streamed."""
    return read_json_export(path, _entry, prefix="bookmarks.item")


FORMAT = FileFormat(
    "Readability JSON", is_readability_json, read_readability_json, may_open_with_markup=False
)


def _entry(record: object, source: str) -> Entry | Rejected:
    if not isinstance(record, dict):
        return Rejected(source, f"expected an object, found {kind_of(record)}")
    url = web_address(record.get("article__url"))
    if url is None:
        return Rejected(source, address_problem(record.get("article__url")))
    archived = flag(record.get("archive"))
    return Entry(
        source=source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(
            title=text_value(record.get("article__title")), excerpt=text_value(record.get("article__excerpt"))
        ),
        state=ReadingState(
            read=True if archived else None, archived=archived, favorite=flag(record.get("favorite"))
        ),
        saved_at=iso_date(record.get("date_added")),
    )
