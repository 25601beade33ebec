"""Turn what a person names (files, folders, exports, web addresses) into entries for the library."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, Rejected, Skipped
from library.errors import SourceError, reason_of
from library.sources.exports import HEAD_BYTES, Sample, recognise
from library.sources.files import file_entry, may_be_export, refusal_of, walk_folder

_WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#].\S*$", re.IGNORECASE)


def is_web_address(text: str) -> bool:
    """True for an http(s) address, the only kind the importer fetches."""
    return bool(_WEB_ADDRESS.match(text.strip()))


def read_source(location: str) -> Iterator[Entry | Rejected]:
    """Entries for a file, a folder (recursively), an export file or a web address.

    Nothing here raises for bad input: a problem becomes a `Rejected` with its
    place and reason, and the next entry follows. A folder's files that are no
    page, text or export come as `Skipped`.
    """
    if is_web_address(location):
        address = location.strip()
        yield Entry(source=address, source_kind="web", url=address)
        return
    if not location.strip():
        # Path("") is the current folder: an empty argument must not import it.
        yield Rejected(repr(location), "an empty name, no file, folder or address")
        return
    path = Path(location).expanduser()
    if not path.exists():
        yield Rejected(location, "no such file or folder")
        return
    if path.is_dir():
        try:
            for child in walk_folder(path):
                if isinstance(child, Rejected):
                    yield child  # a folder inside that cannot be listed; the rest goes on
                else:
                    yield from read_file(child, in_folder=True)
        except SourceError as error:
            yield Rejected(location, reason_of(error, location))
        return
    yield from read_file(path)


def read_file(path: Path, *, in_folder: bool = False) -> Iterator[Entry | Rejected]:
    """Entries for one file: every entry of an export, or the one page or text it holds.

    A file that is none of those is refused with the reason: `Skipped` when it was
    found in a folder (`in_folder`), `Rejected` when it was named on its own.
    """
    refuse = Skipped if in_folder else Rejected
    try:
        if not path.is_file():
            # Opening a pipe would wait forever, a socket cannot be read: refuse them by kind.
            yield refuse(str(path), "not a regular file (a device, socket or pipe)")
            return
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        with Sample(path, head) as sample:
            found = recognise(sample) if may_be_export(path, in_folder=in_folder) else None
            damaged_zip = sample.archive_problem
            refusal = None if found or damaged_zip else refusal_of(sample, in_folder=in_folder)
        if found is not None:
            yield from found.read(path)
        elif damaged_zip is not None:
            yield Rejected(path.name, damaged_zip)
        elif refusal is not None:
            yield refuse(str(path), refusal)
        else:
            yield file_entry(path)
    except SourceError as error:
        yield Rejected(str(path), reason_of(error, str(path)))
    except PermissionError:
        yield Rejected(str(path), "permission denied")
    except OSError as error:
        yield Rejected(str(path), f"cannot be read ({error.strerror or error})")


def count_entries(location: str) -> int:
    """How many entries `location` will give, for a progress bar: pages are counted, not read.

    Only exports are read through (they hold many entries a file); a page, a text
    file or a skipped file counts one without being opened past its start.
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
        if isinstance(file, Rejected):
            total += 1
            continue
        found = None
        if file.is_file():
            try:
                with file.open("rb") as handle, Sample(file, handle.read(HEAD_BYTES)) as sample:
                    found = recognise(sample)
            except OSError:
                found = None
        total += found.count_entries(file) if found is not None else 1
    return total
