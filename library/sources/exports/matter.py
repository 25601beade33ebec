"""Matter's CSV export: `Title,Author,Publisher,URL,Tags,Word Count,In Queue,Favorited,Read,...`.

"In Queue" is Matter's reading queue (False once archived), "Favorited" its star,
"Read" (in some files "Read Count") whether it was finished; tags are separated by
semicolons. "Last Interaction Date" is when the item was last opened, not saved:
the library has no place for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, ReadingState, Rejected
from library.sources.exports.common import (
    CsvRecord,
    flag,
    hints_of,
    read_csv_export,
    split_tags,
    text_value,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "matter"
COLUMNS = ("title", "url", "in queue", "favorited")


def is_matter_header(sample: Sample) -> bool:
    """True for the header row of a Matter export."""
    return sample.has_columns(*COLUMNS)


def read_matter_csv(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a Matter CSV export, one a row."""
    return read_csv_export(path, _entry)


FORMAT = FileFormat("Matter CSV", is_matter_header, read_matter_csv)


def _entry(record: CsvRecord) -> Entry:
    url = record.address()
    in_queue = flag(record.get("in queue"))
    read = flag(record.get("read"))
    if read is None and record.get("read count").strip().isdigit():
        read = int(record.get("read count")) > 0
    return Entry(
        source=record.source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(
            title=text_value(record.get("title")),
            byline=text_value(record.get("author")),
            site_name=text_value(record.get("publisher")),
        ),
        tags=split_tags(record.get("tags"), ";"),
        state=ReadingState(
            read=read,
            archived=None if in_queue is None else not in_queue,
            favorite=flag(record.get("favorited")),
        ),
    )
