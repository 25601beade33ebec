"""Wallabag's exports: the JSON list of entries (with each article's HTML) and the `;`-separated CSV."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from library.article import Document, Entry, Highlight, ReadingState, Rejected
from library.highlights.ranges import context_from_ranges
from library.sources.exports.common import (
    CsvRecord,
    ExportProblem,
    address_problem,
    clean_tags,
    flag,
    hints_of,
    iso_date,
    json_list,
    kind_of,
    loose_text,
    read_csv_export,
    read_loose_export,
    split_tags,
    text_value,
    web_address,
)

SOURCE_KIND = "wallabag"
CSV_DELIMITER = ";"
# The CSV's columns; exports since wallabag 2.3 add "creation date".
CSV_COLUMNS = ("title", "url", "content", "tags", "mime type", "language")
# wallabag serialises an entry's fields in a fixed order with `url` and `is_archived` before
# `content`, so both keys sit in the first bytes of the file however long the first article is.
_JSON_LIST_OF_OBJECTS = re.compile(r"\s*\[\s*\{")
_JSON_KEYS = (re.compile(r'"url"\s*:'), re.compile(r'"is_archived"\s*:'))
_CSV_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\b")


def is_wallabag_json(text: str) -> bool:
    """True for the start of a wallabag JSON export: a list whose first object has `url` and `is_archived`."""
    return bool(_JSON_LIST_OF_OBJECTS.match(text)) and all(key.search(text) for key in _JSON_KEYS)


def is_wallabag_csv_header(names: list[str]) -> bool:
    """True for the header row of a wallabag CSV export (split at `;`)."""
    return set(CSV_COLUMNS) <= set(names)


def read_wallabag_json(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a wallabag JSON export, each with its article's HTML and annotations."""
    return read_loose_export(path, lambda data: json_list(loose_text(data)), _json_entries)


def read_wallabag_csv(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a wallabag CSV export, one a row, each with its article's HTML."""
    return read_csv_export(path, _csv_entry, CSV_DELIMITER)


def _json_entries(records: list[object], name: str) -> Iterator[Entry | Rejected]:
    for number, record in enumerate(records, start=1):
        yield _json_entry(record, f"{name} entry {number}")


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
