"""Raindrop.io's CSV export: `id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite`.

`folder` is the collection, nested ones written as a path ("Work / Research");
`tags` are separated by commas; `created` is ISO 8601; `note` is the person's own;
`highlights` holds one highlighted passage a line, a line starting "Note:" being
the note on the passage above it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, Highlight, ReadingState, Rejected
from library.sources.exports.common import (
    CsvRecord,
    clean_tags,
    flag,
    hints_of,
    iso_date,
    note_highlights,
    read_csv_export,
    split_tags,
    text_value,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "raindrop"
COLUMNS = ("title", "note", "excerpt", "url", "folder", "tags", "created")
# Raindrop's own collection for what was never filed.
_UNSORTED = "unsorted"


def is_raindrop_header(sample: Sample) -> bool:
    """True for the header row of a Raindrop.io export."""
    return sample.has_columns(*COLUMNS)


def read_raindrop_csv(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a Raindrop.io CSV export, one a row."""
    return read_csv_export(path, _entry)


FORMAT = FileFormat("Raindrop.io CSV", is_raindrop_header, read_raindrop_csv)


def _entry(record: CsvRecord) -> Entry:
    url = record.address()
    return Entry(
        source=record.source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(
            title=text_value(record.get("title")),
            excerpt=text_value(record.get("excerpt")),
            lead_image=web_address(record.get("cover")),
        ),
        tags=clean_tags([*_folders(record.get("folder")), *split_tags(record.get("tags"))]),
        state=ReadingState(favorite=flag(record.get("favorite"))),
        saved_at=iso_date(record.get("created")),
        highlights=[*_highlights(record.get("highlights")), *note_highlights(record.get("note"))],
    )


def _folders(path: str) -> list[str]:
    """The collection and the ones it is inside, each a tag; "Unsorted" is no collection at all."""
    # Raindrop writes the path with " / "; a name of its own may hold a bare "/".
    names = [name.strip() for name in path.split(" / " if " / " in path else "/")]
    return [name for name in names if name and name.casefold() != _UNSORTED]


def _highlights(text: str) -> list[Highlight]:
    highlights: list[Highlight] = []
    for line in text.splitlines():
        passage = line.strip()
        if not passage:
            continue
        if passage.lower().startswith("note:") and highlights:
            highlights[-1].note = passage[5:].strip()
            continue
        if passage.lower().startswith("highlight:"):
            passage = passage[10:].strip()
        highlights.append(Highlight(text=passage))
    return highlights
