"""Turn what a person names (files, folders, exports, web addresses) into entries for the library."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, Rejected
from library.errors import SourceError, reason_of
from library.sources.exports import detect_export
from library.sources.files import file_entry, walk_folder

_WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#].\S*$", re.IGNORECASE)
_HEAD_BYTES = 64 * 1024


def is_web_address(text: str) -> bool:
    """True for an http(s) address, the only kind the importer fetches."""
    return bool(_WEB_ADDRESS.match(text.strip()))


def read_source(location: str) -> Iterator[Entry | Rejected]:
    """Entries for a file, a folder (recursively), an export file or a web address.

    Nothing here raises for bad input: a problem becomes a `Rejected` with its
    place and reason, and the next entry follows.
    """
    if is_web_address(location):
        address = location.strip()
        yield Entry(source=address, source_kind="web", url=address)
        return
    path = Path(location).expanduser()
    if not path.exists():
        yield Rejected(location, "no such file or folder")
        return
    if path.is_dir():
        try:
            for child in walk_folder(path):
                yield from read_file(child)
        except SourceError as error:
            yield Rejected(location, reason_of(error, location))
        return
    yield from read_file(path)


def read_file(path: Path) -> Iterator[Entry | Rejected]:
    """Entries for one file: every entry of an export, or the one page or text it holds."""
    try:
        if not path.is_file():
            # Opening a pipe would wait forever, a socket cannot be read: refuse them by kind.
            yield Rejected(str(path), "not a regular file (a device, socket or pipe)")
            return
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
        reader = detect_export(path, head)
        if reader is not None:
            yield from reader(path)
            return
        yield file_entry(path)
    except SourceError as error:
        yield Rejected(str(path), reason_of(error, str(path)))
    except PermissionError:
        yield Rejected(str(path), "permission denied")
    except OSError as error:
        yield Rejected(str(path), f"cannot be read ({error.strerror or error})")


def count_entries(location: str) -> int:
    """How many entries `location` will give, for a progress bar: pages are counted, not read.

    Only exports are read through (they hold many entries a file); a page or a
    text file counts one without being opened, so counting costs no decoding.
    """
    if is_web_address(location):
        return 1
    path = Path(location).expanduser()
    try:
        files = list(walk_folder(path)) if path.is_dir() else [path]
    except SourceError:
        return 1
    total = 0
    for file in files:
        reader = None
        if file.is_file():
            try:
                with file.open("rb") as handle:
                    reader = detect_export(file, handle.read(_HEAD_BYTES))
            except OSError:
                reader = None
        total += sum(1 for _ in reader(file)) if reader is not None else 1
    return total
