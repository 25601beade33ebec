"""A file as recognition sees it (its name, first bytes and their shape), and the formats that test it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Self

from library.article import Entry, Rejected
from library.sources.exports.archives import ExportZip, is_zip, open_export_zip
from library.sources.exports.jsondata import JsonShape, json_shape
from library.sources.exports.loading import head_text, read_export_file
from library.sources.exports.tables import header_names
from library.sources.exports.values import ExportProblem

# What the importer reads of every file to recognise it.
HEAD_BYTES = 64 * 1024
# Safari's Bookmarks.plist is a few megabytes even with thousands of bookmarks.
MAX_PLIST_BYTES = 64 * 1024 * 1024
_XML_PLIST_MARKS = (b"<!DOCTYPE plist", b"<plist")
_UTF8_BOM = b"\xef\xbb\xbf"

ExportReader = Callable[[Path], Iterator[Entry | Rejected]]


@dataclass(frozen=True)
class FileFormat:
    """One kind of file the importer reads: its name, how it is recognised, and its reader.

    `recognise` looks only at a Sample (the first bytes, and what they parse to), so
    testing every format on every file of a folder stays cheap. `count`, where given,
    says how many entries `read` will give, faster than reading them (for a progress bar).
    """

    name: str
    recognise: Callable[[Sample], bool]
    read: ExportReader
    count: Callable[[Path], int] | None = None
    # False for a format whose files never open with markup (a zip, JSON, a property list, a list
    # of addresses, Markdown): its test is skipped for a file that does (Sample.opens_with_markup),
    # which is what every page is. A format that may (CSV's first line, HTML exports) keeps True.
    may_open_with_markup: bool = True

    def count_entries(self, path: Path) -> int:
        """How many entries reading `path` gives."""
        if self.count is not None:
            return self.count(path)
        return sum(1 for _ in self.read(path))


class Sample:
    """What recognition knows of a file: its path, its first bytes, and (computed when first asked)
    their text, CSV header, JSON shape, property list and zip archive.

    A Sample holds the zip open once asked for it: use it as a context manager.
    """

    def __init__(self, path: Path, head: bytes) -> None:
        self.path = path
        self.head = head
        self._headers: dict[str, list[str]] = {}
        self._archive: ExportZip | None = None
        self.archive_problem: str | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the zip archive, if it was opened."""
        if self._archive is not None:
            self._archive.close()
            self._archive = None

    @cached_property
    def suffix(self) -> str:
        """The name's suffix in lower case (".csv"), "" when it has none."""
        return self.path.suffix.lower()

    @cached_property
    def text(self) -> str:
        """The first bytes as text, undecodable bytes replaced."""
        return head_text(self.head)

    @cached_property
    def lines(self) -> list[str]:
        """The lines of the first bytes' text, split once for every format that reads lines."""
        return self.text.splitlines()

    def csv_header(self, delimiter: str = ",") -> list[str]:
        """The lower-cased column names of the first line, split at `delimiter`."""
        if delimiter not in self._headers:
            self._headers[delimiter] = header_names(self.text, delimiter)
        return self._headers[delimiter]

    def has_columns(self, *columns: str, delimiter: str = ",") -> bool:
        """True when the first line, read as a CSV header, names every one of `columns`."""
        return set(columns) <= set(self.csv_header(delimiter))

    @cached_property
    def opens_with_markup(self) -> bool:
        """True when the file starts with `<` (past a UTF-8 byte-order mark and spaces) and shows no
        property list's marks: markup, so no zip, JSON, property list, address list or Markdown."""
        start = self.head.removeprefix(_UTF8_BOM).lstrip()
        return start.startswith(b"<") and not self._may_be_plist

    @cached_property
    def _may_be_plist(self) -> bool:
        start = self.head.lstrip()[:1024]
        return self.head.startswith(b"bplist00") or any(mark in start for mark in _XML_PLIST_MARKS)

    @cached_property
    def json(self) -> JsonShape | None:
        """The shape of the file's JSON; None when it is not JSON."""
        return json_shape(self.path, self.head)

    @cached_property
    def plist(self) -> object | None:
        """The property list the file holds (binary or XML), parsed; None when it holds none.

        Safari's web archives are property lists too, but saved pages: they are left
        to the page reader unparsed, since they run to tens of megabytes.
        """
        if not self._may_be_plist:
            return None
        if b"WebMainResource" in self.head:
            return None
        import plistlib  # here: most files are no property list, and never get this far

        try:
            parsed: object = plistlib.loads(read_export_file(self.path, MAX_PLIST_BYTES))
        except Exception:
            # plistlib lets through whatever its parsers meet in a damaged file (expat,
            # struct, index, key and recursion errors): any of them means "not a plist we read".
            return None
        return parsed

    @property
    def archive(self) -> ExportZip | None:
        """The zip archive the file is, opened; None when it is not a zip or cannot be opened
        (then `archive_problem` says why)."""
        if self._archive is None and self.archive_problem is None and is_zip(self.head):
            try:
                self._archive = open_export_zip(self.path)
            except ExportProblem as problem:
                self.archive_problem = problem.reason
        return self._archive

    def zip_holds(self, test: Callable[[ExportZip], bool]) -> bool:
        """True when the file is a zip archive and `test` says its members are the format's."""
        archive = self.archive
        return archive is not None and test(archive)

    def plist_dict(self) -> dict[str, object] | None:
        """The property list when it is a dictionary, else None."""
        value = self.plist
        return value if isinstance(value, dict) else None
