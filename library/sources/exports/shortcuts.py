"""Shortcut files: Windows' `.url` (`[InternetShortcut]` then `URL=`) and macOS' `.webloc` (a property
list with a `URL`). Each is one address; the file's name is the title it was saved under."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, Rejected
from library.sources.exports.common import (
    ExportProblem,
    address_problem,
    hints_of,
    read_export_file,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "shortcut"
# A shortcut is a few hundred bytes; icons embedded in some reach a few kilobytes.
_MAX_SHORTCUT_BYTES = 1024 * 1024
_SECTION = re.compile(r"^\s*\[InternetShortcut\]\s*$", re.IGNORECASE | re.MULTILINE)
# The URL line of the [InternetShortcut] section, whichever sections come before or after it.
_URL_LINE = re.compile(
    r"^\s*\[InternetShortcut\]\s*$(?:(?!^\s*\[).)*?^\s*URL\s*=\s*(\S*)", re.I | re.M | re.S
)


def is_internet_shortcut(sample: Sample) -> bool:
    """True for a Windows Internet Shortcut: an INI file with an `[InternetShortcut]` section."""
    return bool(_SECTION.search(sample.text[:4096]))


def is_webloc(sample: Sample) -> bool:
    """True for a macOS web location: a property list that is a dictionary with a `URL`."""
    if b"URL" not in sample.head[:4096]:
        return False
    shortcut = sample.plist_dict()
    return shortcut is not None and isinstance(shortcut.get("URL"), str)


def read_internet_shortcut(path: Path) -> Iterator[Entry | Rejected]:
    """The one address of a `.url` file."""
    try:
        text = read_export_file(path, _MAX_SHORTCUT_BYTES).decode("utf-8", "replace")
    except ExportProblem as problem:
        yield Rejected(str(path), problem.reason)
        return
    match = _URL_LINE.search(text)
    yield _entry(path, match.group(1) if match else None)


def read_webloc(path: Path) -> Iterator[Entry | Rejected]:
    """The one address of a `.webloc` file."""
    try:
        head = read_export_file(path, _MAX_SHORTCUT_BYTES)
    except ExportProblem as problem:
        yield Rejected(str(path), problem.reason)
        return
    shortcut = Sample(path, head).plist_dict()
    yield _entry(path, shortcut.get("URL") if shortcut else None)


def _entry(path: Path, value: object) -> Entry | Rejected:
    # One file, one entry: named by its path, as a saved page is.
    url = web_address(value)
    if url is None:
        return Rejected(str(path), address_problem(value))
    return Entry(
        source=str(path), source_kind=SOURCE_KIND, url=url, hints=hints_of(title=path.stem.strip() or None)
    )


INTERNET_SHORTCUT = FileFormat(
    "Windows Internet Shortcut (.url)", is_internet_shortcut, read_internet_shortcut
)
WEBLOC = FileFormat("macOS web location (.webloc)", is_webloc, read_webloc, may_open_with_markup=False)
