"""What every export reader needs: addresses, tags, dates, CSV rows and zip members read safely."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar

from library.article import Entry, Rejected
from library.dates import to_iso8601
from library.sources.decode import decode_bytes

MIB = 1024 * 1024
# One CSV or JSON file of an export: a 100,000-entry Pocket CSV is about 15 MB, a Wallabag
# JSON export carries every article's HTML and reaches hundreds of MB for large libraries.
MAX_FILE_BYTES = 256 * MIB
# One member of a zip export (a CSV part, a metadata JSON, one article's HTML).
MAX_MEMBER_BYTES = 64 * MIB
# All members of one zip together: a zip bomb stops here instead of filling memory or the CPU.
MAX_ZIP_TOTAL_BYTES = 4 * 1024 * MIB

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_REASON_VALUE_CHARS = 60
_Loaded = TypeVar("_Loaded")


class ExportProblem(Exception):
    """A reason an export, one of its members or one of its entries cannot be read; becomes a Rejected."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


# --- values -----------------------------------------------------------------------------------


# http(s), optional user info, a host (name, IPv4 or bracketed IPv6), an optional port, then
# anything without spaces. A regex rather than urlsplit: it runs once per entry of 10,000.
_WEB_ADDRESS = re.compile(
    r"https?://(?:[^\s/?#@]*@)?(?:\[[0-9A-Fa-f:.]+\]|[^\s/?#:@\[\]]+)(?::\d*)?(?:[/?#]\S*)?",
    re.IGNORECASE,
)


def web_address(value: object) -> str | None:
    """`value` as an http(s) address with a host, stripped; None for anything else."""
    if not isinstance(value, str):
        return None
    address = value.strip()
    return address if _WEB_ADDRESS.fullmatch(address) else None


def address_problem(value: object) -> str:
    """Why `value` is no usable address, in words for a Rejected."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "no web address"
    return f"not a web address: {quoted(value)}"


def quoted(value: object) -> str:
    """`value` in quotes and shortened, for a one-line reason."""
    text = " ".join(str(value).split())
    if len(text) > _REASON_VALUE_CHARS:
        text = text[: _REASON_VALUE_CHARS - 1] + "…"
    return f"'{text}'"


def text_value(value: object) -> str | None:
    """A string field with its whitespace runs collapsed; None when it is missing, empty or not text."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def hints_of(**fields: str | None) -> dict[str, str]:
    """Article hints from keyword fields, without the empty ones."""
    return {name: value for name, value in fields.items() if value}


def clean_tags(tags: Iterable[object]) -> list[str]:
    """Tags trimmed, empty ones dropped, duplicates (ignoring case) dropped, first spelling kept."""
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        text = text_value(tag)
        if text is None or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        result.append(text)
    return result


def split_tags(text: str, separator: str = ",") -> list[str]:
    """Tags written as one string with a separator."""
    return clean_tags(text.split(separator))


# A list of plainly quoted strings, as Readwise writes tags: read without a parser (ten times faster).
_QUOTED = r"""(?:'[^'\\]*'|"[^"\\]*")"""
_SIMPLE_LIST = re.compile(rf"\[\s*(?:{_QUOTED}\s*(?:,\s*{_QUOTED}\s*)*)?\]")
_SIMPLE_ITEM = re.compile(r"'([^'\\]*)'" + r'|"([^"\\]*)"')


def tag_list(text: str) -> list[str]:
    """Tags written as a JSON or Python list (`["a", "b"]`, `['a', 'b']`) or separated by commas."""
    stripped = text.strip()
    if _SIMPLE_LIST.fullmatch(stripped):
        return clean_tags(single or double for single, double in _SIMPLE_ITEM.findall(stripped))
    if stripped.startswith("["):
        for parse in (json.loads, ast.literal_eval):
            try:
                parsed = parse(stripped)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(parsed, list | tuple):
                return clean_tags(parsed)
    # Not a list either language reads (a quote inside a tag, a bracket lost): take the words.
    stripped = stripped.removeprefix("[").removesuffix("]")
    return clean_tags(part.strip().strip("'\"") for part in stripped.split(","))


_EPOCH_DIGITS = re.compile(r"\s*\d+(\.\d+)?\s*")


def iso_date(value: object) -> str | None:
    """An export's date (ISO 8601 text, Unix seconds or milliseconds) as ISO 8601; None when unreadable."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, str) and not _EPOCH_DIGITS.fullmatch(value):
        # Exports write ISO 8601; the standard library reads it a hundred times faster than
        # dateutil, which matters at 10,000 entries. Anything else goes the lenient way.
        text = value.strip()
        try:
            # A day without a time stays a day: midnight would be a time nobody gave.
            parsed = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parsed.isoformat() if 1900 <= parsed.year <= 2200 else None
    try:
        return to_iso8601(value)
    except (OverflowError, ValueError):  # a number too large for a float: no date
        return None


_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def flag(value: object) -> bool | None:
    """A yes/no field as exports write it (booleans, 0/1, "true"/"False"); None when it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0 if value in (0, 1) else None
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def fraction(value: object, *, percent: bool | None = None) -> float | None:
    """Reading progress as 0-1 from a fraction, a percentage ("35%", or any number above 1) or None.

    `percent=True` reads every number as a percentage (Omnivore's 0-100), so 1 means 1%.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            text, percent = text[:-1].strip(), True
        try:
            number = float(text)
        except ValueError:
            return None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        return None
    if number != number or number < 0:  # NaN or negative: not a position in a text
        return None
    if percent or (percent is None and number > 1):
        number /= 100
    return min(number, 1.0)


# --- files and text -----------------------------------------------------------------------------


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
        raise ExportProblem(f"too large (over {_size(limit)}, the limit)")
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


def is_zip(head: bytes) -> bool:
    """True when the bytes start like a zip archive."""
    return head.startswith(_ZIP_MAGIC)


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


def kind_of(value: object) -> str:
    """What a JSON value is, in JSON's words, for a reason ("expected an object, found a list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


# --- CSV ----------------------------------------------------------------------------------------

# Wallabag puts each article's whole HTML in one field; the csv module's default limit is 128 KB.
_CSV_FIELD_LIMIT = MAX_FILE_BYTES


def header_names(text: str, delimiter: str) -> list[str]:
    """The column names in the first line of `text` read as CSV, trimmed and lower-cased."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    try:
        fields = next(csv.reader([first_line], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [name.strip().lower() for name in fields]


@dataclass(frozen=True)
class CsvRecord:
    """One data row of a CSV export: where it starts, and its values by lower-cased column name."""

    source: str
    values: dict[str, str]

    def get(self, column: str) -> str:
        """The value in `column`, or "" when the file has no such column."""
        return self.values.get(column, "")

    def address(self, column: str = "url") -> str:
        """The web address in `column`, or ExportProblem saying why there is none."""
        value = self.get(column)
        url = web_address(value)
        if url is None:
            raise ExportProblem(address_problem(value))
        return url


def csv_records(text: str, where: str, delimiter: str = ",") -> Iterator[CsvRecord | Rejected]:
    """The data rows of a CSV export, each named "`where` line N" by the line it starts on.

    Blank lines are skipped; a row whose field count differs from the header's, or
    that the csv module cannot parse, becomes a Rejected and the next row follows.
    """
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as error:
        yield Rejected(f"{where} line 1", f"the header is not valid CSV ({error})")
        return
    names = [name.strip().lower() for name in header]
    lines_read = reader.line_num
    while True:
        start = lines_read + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Rejected(f"{where} line {start}", f"not valid CSV ({error})")
            if reader.line_num == lines_read:  # nothing consumed: the reader cannot go on
                return
            lines_read = reader.line_num
            continue
        lines_read = reader.line_num
        if not any(field.strip() for field in row):
            continue
        if len(row) != len(names):
            yield Rejected(f"{where} line {start}", f"{len(row)} fields where the header has {len(names)}")
            continue
        yield CsvRecord(f"{where} line {start}", dict(zip(names, row, strict=True)))


def csv_entries(
    text: str, where: str, entry: Callable[[CsvRecord], Entry], delimiter: str = ","
) -> Iterator[Entry | Rejected]:
    """What `entry` makes of each data row of a CSV export.

    A row the csv module cannot read, or whose ExportProblem `entry` raises, is a Rejected
    named after the row; the next row follows.
    """
    for record in csv_records(text, where, delimiter):
        if isinstance(record, Rejected):
            yield record
            continue
        try:
            entry_of_row = entry(record)
        except ExportProblem as problem:
            yield Rejected(record.source, problem.reason)
            continue
        yield entry_of_row


def read_csv_export(
    path: Path, entry: Callable[[CsvRecord], Entry], delimiter: str = ","
) -> Iterator[Entry | Rejected]:
    """The entries of a CSV export file, one a row, as `entry` makes them (see `csv_entries`)."""
    return read_loose_export(path, loose_text, lambda text, name: csv_entries(text, name, entry, delimiter))


# --- zip ----------------------------------------------------------------------------------------


class ExportZip:
    """A zip export read member by member in memory, never extracted, with size caps.

    Each member may inflate to `member_limit` bytes and all of them together to
    `total_limit`; a member's declared size is checked first, and the bytes
    actually inflated are counted too, since a hostile archive can lie about sizes.
    """

    def __init__(
        self, path: Path, member_limit: int = MAX_MEMBER_BYTES, total_limit: int = MAX_ZIP_TOTAL_BYTES
    ) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile as error:
            raise ExportProblem(f"damaged or incomplete zip archive ({error})") from None
        except PermissionError:
            raise ExportProblem("permission denied") from None
        except OSError as error:
            raise ExportProblem(f"cannot be read ({error.strerror or error})") from None
        self.name = display_name(path)
        self._member_limit = member_limit
        self._total_limit = total_limit
        self._total_left = total_limit
        self.members = {info.filename: info for info in self._zip.infolist() if _is_content(info)}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the archive file."""
        self._zip.close()

    def names(self) -> list[str]:
        """The members that hold content (no folders, no macOS resource forks), in archive order."""
        return list(self.members)

    def read(self, name: str, limit: int | None = None) -> bytes:
        """The inflated bytes of member `name`, or ExportProblem saying why they cannot be had."""
        info = self.members[name]
        limit = self._member_limit if limit is None else limit
        if info.file_size > limit:
            raise ExportProblem(
                f"too large ({_size(info.file_size)} uncompressed; the limit is {_size(limit)})"
            )
        total_problem = (
            f"the archive inflates to more than {_size(self._total_limit)} in all; not read further"
        )
        if info.file_size > self._total_left:
            raise ExportProblem(total_problem)
        allowed = min(limit, self._total_left)
        data = self._inflate(info, allowed + 1)
        self._total_left -= len(data)
        if len(data) > allowed:  # the member is larger than its header said
            if allowed < limit:
                raise ExportProblem(total_problem)
            raise ExportProblem(f"too large (over {_size(limit)} uncompressed, the limit)")
        return data

    def read_head(self, name: str, size: int) -> bytes:
        """The first `size` inflated bytes of member `name` (for recognising it), or b"" if unreadable."""
        try:
            return self._inflate(self.members[name], size)
        except ExportProblem:
            return b""

    def text(self, name: str) -> str:
        """Member `name` as UTF-8 text, or ExportProblem."""
        return export_text(self.read(name), strict=True)

    def _inflate(self, info: zipfile.ZipInfo, size: int) -> bytes:
        try:
            with self._zip.open(info) as member:
                return member.read(size)
        except RuntimeError as error:  # zipfile's word for "encrypted, password required"
            raise ExportProblem(f"cannot be read ({error})") from None
        except NotImplementedError:
            raise ExportProblem("compressed with a method this program cannot read") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise ExportProblem(f"damaged in the archive ({error})") from None


def open_export_zip(path: Path) -> ExportZip:
    """The zip at `path` ready to read, or ExportProblem when it cannot be opened."""
    return ExportZip(path)


def read_zip_export(
    path: Path, entries: Callable[[ExportZip], Iterable[Entry | Rejected]]
) -> Iterator[Entry | Rejected]:
    """The entries `entries` reads from the zip export at `path`; one Rejected if it cannot be opened."""
    try:
        archive = open_export_zip(path)
    except ExportProblem as problem:
        yield Rejected(display_name(path), problem.reason)
        return
    with archive:
        yield from entries(archive)


def member_name(name: str) -> str:
    """The last part of a member's path ("part_000000.csv" of "Pocket/part_000000.csv")."""
    return name.rsplit("/", 1)[-1]


def member_folder(name: str) -> str:
    """The folder part of a member's path, with its trailing slash ("" at the top)."""
    return name[: name.rfind("/") + 1]


def _is_content(info: zipfile.ZipInfo) -> bool:
    if info.is_dir():
        return False
    name = info.filename
    # Archives made on a Mac carry `__MACOSX/` copies and `._name` resource forks of every file.
    return (
        not name.startswith("__MACOSX/")
        and "/__MACOSX/" not in name
        and not member_name(name).startswith("._")
    )


def _size(size: int) -> str:
    return f"{size / MIB:.0f} MB" if size >= MIB else f"{size} bytes"
