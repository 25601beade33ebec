"""Export files of read-it-later services and browsers, and address lists, recognised by content.

`FORMATS` is every format in the order they are tried: a new format is a module
with a `FileFormat` and one line here. Each format's test looks at a `Sample` of
the file (its first 64 KB, and what they parse to), never at its name alone, since
browsers and mail clients rename downloads.
"""

from __future__ import annotations

from pathlib import Path

from library.sources import markdown
from library.sources.exports import (
    addresses,
    article_reader,
    bookmarks,
    chrome,
    delicious,
    elcurator,
    firefox,
    instapaper,
    karakeep,
    linkwarden,
    matter,
    omnivore,
    pinboard,
    pocket,
    raindrop,
    readability,
    readwise,
    safari,
    shortcuts,
    wallabag,
)
from library.sources.exports.common import rejecting_reader
from library.sources.exports.sample import HEAD_BYTES, ExportReader, FileFormat, Sample
from library.sources.exports.structured import structure_of

FORMATS: tuple[FileFormat, ...] = (
    # Zip archives, by their members.
    article_reader.ZIP,
    FileFormat(
        "Pocket zip",
        lambda sample: sample.zip_holds(pocket.is_pocket_zip),
        pocket.read_pocket_zip,
        may_open_with_markup=False,
    ),
    omnivore.ZIP,
    # JSON, by the keys of its first entries.
    article_reader.JSON,
    chrome.FORMAT,
    firefox.FORMAT,
    omnivore.METADATA,
    wallabag.JSON,
    wallabag.V1_JSON,
    pinboard.FORMAT,
    delicious.FORMAT,
    elcurator.FORMAT,
    readability.FORMAT,
    karakeep.FORMAT,
    linkwarden.FORMAT,
    # Property lists.
    safari.FORMAT,
    shortcuts.WEBLOC,
    # CSV, by its header row; Readwise's and Raindrop's headers also hold "title" and "url",
    # so the more specific tests come first.
    FileFormat(
        "Pocket CSV", lambda sample: pocket.is_pocket_header(sample.csv_header()), pocket.read_pocket_csv
    ),
    instapaper.FORMAT,
    readwise.FORMAT,
    raindrop.FORMAT,
    matter.FORMAT,
    wallabag.CSV,
    # HTML, by its doctype or headings.
    FileFormat(
        "Netscape bookmarks HTML",
        lambda sample: bookmarks.is_bookmark_file(sample.text),
        bookmarks.read_bookmarks,
    ),
    FileFormat(
        "Pocket ril_export.html", lambda sample: pocket.is_pocket_html(sample.text), pocket.read_pocket_html
    ),
    # Text, by its lines; Markdown notes by their name.
    markdown.FORMAT,
    shortcuts.INTERNET_SHORTCUT,
    addresses.FORMAT,
)


def recognise(sample: Sample) -> FileFormat | None:
    """The format of the file `sample` shows, or None when it is no export this application knows."""
    # Every page opens with markup, which most formats' files never do: their tests are skipped.
    markup = sample.opens_with_markup
    for candidate in FORMATS:
        if markup and not candidate.may_open_with_markup:
            continue
        if candidate.recognise(sample):
            return candidate
    return None


def detect_export(path: Path, head: bytes) -> ExportReader | None:
    """The reader for the export in `path` (whose first bytes are `head`), or None for any other file.

    A zip that cannot even be opened gets a reader reporting why.
    """
    with Sample(path, head) as sample:
        found = recognise(sample)
        if found is not None:
            return found.read
        if sample.archive_problem is not None:
            return rejecting_reader(sample.archive_problem)
    return None


__all__ = [
    "FORMATS",
    "HEAD_BYTES",
    "ExportReader",
    "FileFormat",
    "Sample",
    "detect_export",
    "recognise",
    "structure_of",
]
