"""wallabag's exports: the JSON list of entries (with each article's HTML), the `;`-separated CSV,
and wallabag 1's JSON (`is_read`, `is_fav`, tags as one comma-separated string)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from library.article import Document, Entry, Highlight, ReadingState, Rejected
from library.sources.exports.common import (
    CsvRecord,
    ExportProblem,
    address_problem,
    clean_tags,
    flag,
    hints_of,
    iso_date,
    kind_of,
    read_csv_export,
    read_json_export,
    split_tags,
    text_value,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "wallabag"
CSV_DELIMITER = ";"
# The CSV's columns; exports since wallabag 2.3 add "creation date".
CSV_COLUMNS = ("title", "url", "content", "tags", "mime type", "language")
_CSV_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\b")


def is_wallabag_json(sample: Sample) -> bool:
    """True for a wallabag 2 JSON export: a list of entries with `url` and `is_archived`."""
    shape = sample.json
    return shape is not None and shape.top == "list" and shape.has("item.url", "item.is_archived")


def is_wallabag_v1_json(sample: Sample) -> bool:
    """True for a wallabag 1 JSON export: a list of entries with `url`, `is_read` and `is_fav`."""
    shape = sample.json
    return shape is not None and shape.top == "list" and shape.has("item.url", "item.is_read", "item.is_fav")


def is_wallabag_csv_header(names: list[str]) -> bool:
    """True for the header row of a wallabag CSV export (split at `;`)."""
    return set(CSV_COLUMNS) <= set(names)


def read_wallabag_json(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a wallabag JSON export, each with its article's HTML and annotations."""
    return read_json_export(path, _json_entry)


def read_wallabag_v1_json(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a wallabag 1 JSON export, each with its article's HTML."""
    return read_json_export(path, _v1_entry)


def read_wallabag_csv(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a wallabag CSV export, one a row, each with its article's HTML."""
    return read_csv_export(path, _csv_entry, CSV_DELIMITER)


def _json_entry(record: object, source: str) -> Entry | Rejected:
    if not isinstance(record, dict):
        return Rejected(source, f"expected an object, found {kind_of(record)}")
    url = web_address(record.get("url"))
    content = _content(record.get("content"))
    if url is None and content is None:
        return Rejected(source, address_problem(record.get("url")))
    archived = flag(record.get("is_archived"))
    return Entry(
        source=source,
        source_kind=SOURCE_KIND,
        document=_document(source, content, url),
        url=url,
        hints=hints_of(
            title=text_value(record.get("title")),
            byline=_names(record.get("published_by")),
            published=iso_date(record.get("published_at")),
            lang=text_value(record.get("language")),
            lead_image=web_address(record.get("preview_picture")),
        ),
        tags=_tags(record.get("tags")),
        # wallabag's "archive" is its "mark as read".
        state=ReadingState(read=archived, archived=archived, favorite=flag(record.get("is_starred"))),
        saved_at=iso_date(record.get("created_at")),
        highlights=_annotations(record.get("annotations"), content),
    )


def _v1_entry(record: object, source: str) -> Entry | Rejected:
    if not isinstance(record, dict):
        return Rejected(source, f"expected an object, found {kind_of(record)}")
    url = web_address(record.get("url"))
    content = _content(record.get("content"))
    if url is None and content is None:
        return Rejected(source, address_problem(record.get("url")))
    read = flag(record.get("is_read"))
    return Entry(
        source=source,
        source_kind=SOURCE_KIND,
        document=_document(source, content, url),
        url=url,
        hints=hints_of(title=text_value(record.get("title"))),
        tags=split_tags(tags) if isinstance(tags := record.get("tags"), str) else [],
        # wallabag 1's "read" became wallabag 2's "archive".
        state=ReadingState(read=read, archived=read, favorite=flag(record.get("is_fav"))),
    )


def _csv_entry(record: CsvRecord) -> Entry:
    raw_url = record.get("url")
    url = web_address(raw_url)
    content = _content(record.get("content"))
    if url is None and content is None:
        raise ExportProblem(address_problem(raw_url))
    return Entry(
        source=record.source,
        source_kind=SOURCE_KIND,
        document=_document(record.source, content, url),
        url=url,
        hints=hints_of(title=text_value(record.get("title")), lang=text_value(record.get("language"))),
        tags=split_tags(record.get("tags")),
        saved_at=_csv_date(record.get("creation date")),
    )


def _content(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _document(source: str, content: str | None, url: str | None) -> Document | None:
    return Document(source=source, content=content, kind="html", url=url) if content else None


def _names(value: object) -> str | None:
    """Authors as wallabag keeps them (a list, sometimes one string), joined for a byline."""
    names = clean_tags(value if isinstance(value, list) else [value])
    return ", ".join(names) or None


def _tags(value: object) -> list[str]:
    """Tags as the export writes them (names), or as wallabag's API does (objects with a `label`)."""
    if not isinstance(value, list):
        return []
    return clean_tags(tag.get("label") if isinstance(tag, dict) else tag for tag in value)


def _annotations(value: object, content: str | None) -> list[Highlight]:
    if not isinstance(value, list):
        return []
    # Imported here: the fuzzy matcher (rapidfuzz) would cost every page read by `extract` its
    # start-up, and only Wallabag's annotations need it.
    from library.highlights.ranges import context_from_ranges

    highlights = []
    for annotation in value:
        if not isinstance(annotation, dict):
            continue
        quote = annotation.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            continue
        note = annotation.get("text")
        # Where in the page it was, as context that tells repeated words apart.
        prefix, suffix = context_from_ranges(content or "", annotation.get("ranges"), quote)
        highlights.append(
            Highlight(
                text=quote.strip(),
                note=note.strip() if isinstance(note, str) else "",
                created_at=iso_date(annotation.get("created_at")),
                prefix=prefix,
                suffix=suffix,
            )
        )
    return highlights


def _csv_date(value: str) -> str | None:
    """The day of wallabag's CSV date ("15/03/2024 02:10:00").

    wallabag writes the day first and the hour on a 12-hour clock without am or pm,
    so only the day is certain; we keep the day rather than guess the time.
    """
    match = _CSV_DATE.match(value)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


JSON = FileFormat("wallabag JSON", is_wallabag_json, read_wallabag_json, may_open_with_markup=False)
V1_JSON = FileFormat(
    "wallabag 1 JSON", is_wallabag_v1_json, read_wallabag_v1_json, may_open_with_markup=False
)
CSV = FileFormat(
    "wallabag CSV", lambda sample: is_wallabag_csv_header(sample.csv_header(CSV_DELIMITER)), read_wallabag_csv
)
