"""Export files of read-it-later services and browsers, recognised by content."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from library.article import Entry, Rejected
from library.sources.exports import (
    article_reader,
    bookmarks,
    instapaper,
    omnivore,
    pocket,
    readwise,
    wallabag,
)
from library.sources.exports.common import (
    ExportProblem,
    head_text,
    header_names,
    is_zip,
    open_export_zip,
    rejecting_reader,
)

ExportReader = Callable[[Path], Iterator[Entry | Rejected]]

# CSV exports by their header row: (delimiter, test of the lower-cased column names, reader).
# Readwise's header also holds "title" and "url", so the more specific tests come first.
_CSV_FORMATS: tuple[tuple[str, Callable[[list[str]], bool], ExportReader], ...] = (
    (",", pocket.is_pocket_header, pocket.read_pocket_csv),
    (",", instapaper.is_instapaper_header, instapaper.read_instapaper_csv),
    (",", readwise.is_readwise_header, readwise.read_readwise_csv),
    (wallabag.CSV_DELIMITER, wallabag.is_wallabag_csv_header, wallabag.read_wallabag_csv),
)


def detect_export(path: Path, head: bytes) -> ExportReader | None:
    """The reader for the export in `path` (whose first bytes are `head`), or None for any other file.

    Formats are told apart by what the file holds: a zip's members and their
    first lines, a CSV's header row, a JSON list's keys, an HTML file's doctype or
    headings. A zip that cannot even be opened gets a reader reporting why.
    """
    if is_zip(head):
        return _detect_zip(path)
    text = head_text(head)
    if article_reader.is_export_json(text):
        return article_reader.read_export_json
    if bookmarks.is_bookmark_file(text):
        return bookmarks.read_bookmarks
    if pocket.is_pocket_html(text):
        return pocket.read_pocket_html
    if wallabag.is_wallabag_json(text):
        return wallabag.read_wallabag_json
    headers: dict[str, list[str]] = {}
    for delimiter, is_header, reader in _CSV_FORMATS:
        if delimiter not in headers:
            headers[delimiter] = header_names(text, delimiter)
        if is_header(headers[delimiter]):
            return reader
    return None


def _detect_zip(path: Path) -> ExportReader | None:
    try:
        archive = open_export_zip(path)
    except ExportProblem as problem:
        return rejecting_reader(problem.reason)
    with archive:
        if article_reader.is_export_zip(archive):
            return article_reader.read_export_zip
        if pocket.is_pocket_zip(archive):
            return pocket.read_pocket_zip
        if omnivore.is_omnivore_zip(archive):
            return omnivore.read_omnivore_zip
    return None


__all__ = ["ExportReader", "detect_export"]
