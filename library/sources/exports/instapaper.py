"""Instapaper's CSV export, in each of its generations.

The oldest files have `URL,Title,Selection,Folder`; later ones add `Timestamp`
(Unix seconds), and the newest `Tags` (a JSON list). `Folder` is one of the three
built-in ones (Unread, Archive, Starred) or a folder of the person's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, Highlight, ReadingState, Rejected
from library.sources.exports.common import (
    CsvRecord,
    clean_tags,
    hints_of,
    iso_date,
    read_csv_export,
    tag_list,
    text_value,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "instapaper"
# The columns every generation has; "timestamp" and "tags" came later.
COLUMNS = ("url", "title", "selection", "folder")


def is_instapaper_header(names: list[str]) -> bool:
    """True for the header row of an Instapaper export."""
    return set(COLUMNS) <= set(names)


def read_instapaper_csv(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of an Instapaper CSV export, one a row."""
    return read_csv_export(path, _entry)


def _recognise(sample: Sample) -> bool:
    return is_instapaper_header(sample.csv_header())


FORMAT = FileFormat("Instapaper CSV", _recognise, read_instapaper_csv)


def _entry(record: CsvRecord) -> Entry:
    url = record.address()
    state, folder_tag = _folder(record.get("folder"))
    selection = text_value(record.get("selection"))
    return Entry(
        source=record.source,
        source_kind=SOURCE_KIND,
        url=url,
        # "Selection" is the passage selected when the page was saved: Instapaper shows it as the
        # summary, and it is the person's highlight of the page.
        hints=hints_of(title=text_value(record.get("title")), excerpt=selection),
        tags=clean_tags([folder_tag, *tag_list(record.get("tags"))]),
        state=state,
        saved_at=iso_date(record.get("timestamp")),
        highlights=[Highlight(selection)] if selection else [],
    )


def _folder(folder: str) -> tuple[ReadingState, str | None]:
    """The state Instapaper's three built-in folders mean; any other folder is the person's own: a tag."""
    name = text_value(folder)
    if name is None:
        return ReadingState(), None
    word = name.casefold()
    if word == "unread":
        return ReadingState(read=False, archived=False), None
    if word == "archive":
        return ReadingState(read=True, archived=True), None
    if word == "starred":
        return ReadingState(favorite=True), None
    return ReadingState(), name
