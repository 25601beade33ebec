"""CSV exports: the header row, each data row with the line it starts on, and bad rows reported."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from library.article import Entry, Rejected
from library.sources.exports.loading import MAX_FILE_BYTES, loose_text, read_loose_export
from library.sources.exports.values import ExportProblem, address_problem, web_address

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

    Blank lines are skipped. A row that is malformed (a field count other than the
    header's, NUL bytes, or what the csv module cannot parse) becomes a Rejected, and
    reading goes on with the next record. When the bad row ran over several lines,
    an unterminated quote took the lines after it for one field: reading starts
    again on the line after the row's first, so one stray quote costs one row, not
    the rest of the file.
    """
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    source = io.StringIO(text, newline="")
    reader = csv.reader(source, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as error:
        yield Rejected(f"{where} line 1", f"the header is not valid CSV ({error})")
        return
    names = [name.strip().lower() for name in header]
    may_hold_nul = "\x00" in text
    lines_before = 0  # lines read by readers before the current one
    while True:
        start = lines_before + reader.line_num + 1
        position = source.tell()
        row: list[str] | None
        problem: str | None
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            row, problem = None, f"not valid CSV ({error})"
        else:
            problem = _row_problem(row, len(names), may_hold_nul)
        if problem is None:
            if row is not None and any(field.strip() for field in row):
                yield CsvRecord(f"{where} line {start}", dict(zip(names, row, strict=True)))
            continue
        end = lines_before + reader.line_num
        if row is None or end > start:
            if end > start:
                problem = f"{problem}; it runs on to line {end}, so reading goes on from line {start + 1}"
            # Start again on the line after this row's first: a fresh reader, no quote open.
            source.seek(position)
            source.readline()
            reader = csv.reader(source, delimiter=delimiter)
            lines_before = start
        yield Rejected(f"{where} line {start}", problem)


def _row_problem(row: list[str], columns: int, may_hold_nul: bool) -> str | None:
    """Why a parsed row is malformed, or None when it is sound (or blank)."""
    if not any(field.strip() for field in row):
        return None
    if may_hold_nul and any("\x00" in field for field in row):
        return "holds NUL bytes (binary data, not text)"
    if len(row) != columns:
        return f"{len(row)} fields where the header has {columns}"
    return None


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
