"""Readwise Reader's CSV export: `Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, ReadingState, Rejected
from library.sources.exports.common import (
    CsvRecord,
    flag,
    fraction,
    hints_of,
    iso_date,
    read_csv_export,
    tag_list,
    text_value,
)
from library.sources.exports.sample import FileFormat

SOURCE_KIND = "readwise"
# The columns that tell Reader's export from any other list of titles and addresses.
REQUIRED_COLUMNS = ("title", "url", "document tags", "saved date")
# Reader's places for a document; "archive" is where finished ones go.
LOCATIONS = {"new", "later", "shortlist", "archive", "feed"}


def is_readwise_header(names: list[str]) -> bool:
    """True for the header row of a Readwise Reader export."""
    return set(REQUIRED_COLUMNS) <= set(names)


def read_readwise_csv(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a Readwise Reader CSV export, one a row."""
    return read_csv_export(path, _entry)


def _entry(record: CsvRecord) -> Entry:
    url = record.address()
    return Entry(
        source=record.source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(title=text_value(record.get("title"))),
        tags=tag_list(record.get("document tags")),
        state=_state(record),
        saved_at=iso_date(record.get("saved date")),
    )


def _state(record: CsvRecord) -> ReadingState:
    location = record.get("location").strip().lower()
    archived = location == "archive" if location in LOCATIONS else None
    # Reader marks a document "seen" once it is opened and shows the unseen ones as new,
    # which is what "unread" means here; an archived document is done with either way.
    seen = flag(record.get("seen"))
    return ReadingState(
        read=True if archived else seen,
        archived=archived,
        progress=fraction(record.get("reading progress")),
    )


FORMAT = FileFormat(
    "Readwise Reader CSV", lambda sample: is_readwise_header(sample.csv_header()), read_readwise_csv
)
