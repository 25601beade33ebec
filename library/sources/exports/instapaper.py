"""Instapaper's CSV export: `URL,Title,Selection,Folder,Timestamp`, newer files with `Tags`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, ReadingState, Rejected
from library.sources.exports.common import (
    CsvRecord,
    ExportProblem,
    address_problem,
    clean_tags,
    csv_records,
    display_name,
    export_text,
    hints_of,
    iso_date,
    read_export_file,
    tag_list,
    text_value,
    web_address,
)

SOURCE_KIND = "instapaper"
COLUMNS = ("url", "title", "selection", "folder", "timestamp")


def is_instapaper_header(names: list[str]) -> bool:
    """True for the header row of an Instapaper export."""
    return set(COLUMNS) <= set(names)


def read_instapaper_csv(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of an Instapaper CSV export, one a row."""
    name = display_name(path)
    try:
        text = export_text(read_export_file(path), strict=False)
    except ExportProblem as problem:
        yield Rejected(name, problem.reason)
        return
    for record in csv_records(text, name):
        yield record if isinstance(record, Rejected) else _entry(record)


def _entry(record: CsvRecord) -> Entry | Rejected:
    raw_url = record.get("url")
    url = web_address(raw_url)
    if url is None:
        return Rejected(record.source, address_problem(raw_url))
    state, folder_tag = _folder(record.get("folder"))
    return Entry(
        source=record.source,
        source_kind=SOURCE_KIND,
        url=url,
        # "Selection" is the passage selected when the page was saved: Instapaper shows it as the summary.
        hints=hints_of(title=text_value(record.get("title")), excerpt=text_value(record.get("selection"))),
        tags=clean_tags([folder_tag, *tag_list(record.get("tags"))]),
        state=state,
        saved_at=iso_date(record.get("timestamp")),
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
