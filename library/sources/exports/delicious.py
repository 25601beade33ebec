"""Delicious' JSON export: a list of bookmarks with `url`, `title`, `tags` (a list), `description`
(the person's notes), `created` (Unix seconds, as text) and `private`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, Rejected
from library.sources.exports.common import (
    address_problem,
    clean_tags,
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

SOURCE_KIND = "delicious"


def is_delicious_json(sample: Sample) -> bool:
    """True for a list of objects with `url`, `title` and `created`, and Delicious' `private` or `owner`."""
    shape = sample.json
    return (
        shape is not None
        and shape.top == "list"
        and shape.has("item.url", "item.title", "item.created")
        and shape.has_any("item.private", "item.owner", "item.others")
    )


def read_delicious_json(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a Delicious JSON export, streamed."""
    return read_json_export(path, _entry)


FORMAT = FileFormat("Delicious JSON", is_delicious_json, read_delicious_json, may_open_with_markup=False)


def _entry(record: object, source: str) -> Entry | Rejected:
    if not isinstance(record, dict):
        return Rejected(source, f"expected an object, found {kind_of(record)}")
    url = web_address(record.get("url"))
    if url is None:
        return Rejected(source, address_problem(record.get("url")))
    tags = record.get("tags")
    return Entry(
        source=source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(title=text_value(record.get("title"))),
        tags=clean_tags(tags)
        if isinstance(tags, list)
        else split_tags(tags if isinstance(tags, str) else ""),
        saved_at=iso_date(record.get("created")),
        highlights=note_highlights(record.get("description")),
    )
