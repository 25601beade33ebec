"""Reading an export file: size limits, text decoding, JSON lists, and one Rejected when it cannot be read."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar

from library.article import Entry, Rejected
from library.sources.decode import decode_bytes
from library.sources.exports.values import ExportProblem, kind_of

MIB = 1024 * 1024
# One CSV or JSON file of an export: a 100,000-entry Pocket CSV is about 15 MB, a Wallabag
# JSON export carries every article's HTML and reaches hundreds of MB for large libraries.
MAX_FILE_BYTES = 256 * MIB
_Loaded = TypeVar("_Loaded")


def display_name(path: Path) -> str:
    """The file's name as entry sources start with it ("pocket.zip: part_000000.csv line 12")."""
    return path.name or str(path)


def rejecting_reader(reason: str) -> _RejectingReader:
    """A reader that reports the whole file as unreadable, for files recognised but broken."""
    return _RejectingReader(reason)


@dataclass(frozen=True)
class _RejectingReader:
    reason: str

    def __call__(self, path: Path) -> Iterator[Rejected]:
        yield Rejected(display_name(path), self.reason)


def read_export_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an export file, or ExportProblem when it is unreadable or over `limit`."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise ExportProblem("no such file") from None
    except PermissionError:
        raise ExportProblem("permission denied") from None
    except OSError as error:
        raise ExportProblem(f"cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise ExportProblem(f"too large (over {size_text(limit)}, the limit)")
    return data


def export_text(data: bytes, *, strict: bool) -> str:
    """Text of an export file: UTF-8 (with or without BOM).

    Services write UTF-8, so a member of their zip that is not is damaged (`strict`);
    a loose file may have been re-saved by a spreadsheet in the system's charset,
    so it falls back to the usual charset detection.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if strict:
            raise ExportProblem(f"not UTF-8 text (byte {error.start} cannot be decoded)") from None
    return decode_bytes(data)


def loose_text(data: bytes) -> str:
    """Text of an export file on its own: a spreadsheet may have re-saved it in the system's charset."""
    return export_text(data, strict=False)


def read_loose_export(
    path: Path,
    load: Callable[[bytes], _Loaded],
    entries: Callable[[_Loaded, str], Iterable[Entry | Rejected]],
) -> Iterator[Entry | Rejected]:
    """The entries of one export file: `load` turns its bytes into text or records, `entries` reads those.

    A file that cannot be read or loaded is one Rejected named after it; `entries` gets
    what `load` returned and the file's display name, which each entry's source starts with.
    """
    name = display_name(path)
    try:
        loaded = load(read_export_file(path))
    except ExportProblem as problem:
        yield Rejected(name, problem.reason)
        return
    yield from entries(loaded, name)


def head_text(head: bytes) -> str:
    """The start of a file as text for recognising its format; undecodable bytes replaced."""
    return head.decode("utf-8-sig", errors="replace")


def feed_html(parser: HTMLParser, text: str, where: str) -> Rejected | None:
    """Run `parser` over the whole of `text`; a Rejected ("`where` line N") if it had to stop early, or None.

    html.parser copes with any tag soup but one: a `<![keyword[` section it does
    not know, where it raises AssertionError. What came before still counts.
    """
    try:
        parser.feed(text)
        parser.close()
    except AssertionError as error:
        return Rejected(
            f"{where} line {parser.getpos()[0]}",
            f"markup that cannot be read ({error}); the rest of the file was skipped",
        )
    return None


def json_list(text: str) -> list[object]:
    """The list of entries a JSON export holds, or ExportProblem saying why there is none."""
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportProblem(
            f"not valid JSON (line {error.lineno} column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise ExportProblem("not valid JSON (nested too deeply)") from None
    if not isinstance(records, list):
        raise ExportProblem(f"expected a list of entries, found {kind_of(records)}")
    return records


def size_text(size: int) -> str:
    """A size in bytes for a reason: "64 MB", or "512 bytes" when under a megabyte."""
    return f"{size / MIB:.0f} MB" if size >= MIB else f"{size} bytes"
