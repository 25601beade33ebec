"""elCurator's JSON export: a list of shared links with `url`, `title`, `description` (the person's
comment), `tags` (a list), `created_at` ("2015-09-09 11:10:32 UTC") and `is_saved` (kept for later)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, ReadingState, Rejected
from library.sources.exports.common import (
    address_problem,
    clean_tags,
    flag,
    hints_of,
    iso_date,
    kind_of,
    note_highlights,
    read_json_export,
    text_value,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "elcurator"


def is_elcurator_json(sample: Sample) -> bool:
    """True for a list of objects with `url`, `title`, `created_at` and elCurator's `is_saved`."""
    shape = sample.json
    return (
        shape is not None
        and shape.top == "list"
        and shape.has("item.url", "item.created_at", "item.is_saved")
    )


def read_elcurator_json(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of an elCurator JSON export, streamed."""
    return read_json_export(path, _entry)


FORMAT = FileFormat("elCurator JSON", is_elcurator_json, read_elcurator_json, may_open_with_markup=False)


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
        tags=clean_tags(tags) if isinstance(tags, list) else [],
        # "Saved" is elCurator's star: the links a person kept for themselves.
        state=ReadingState(favorite=flag(record.get("is_saved"))),
        saved_at=iso_date(record.get("created_at")),
        highlights=note_highlights(record.get("description")),
    )
