"""Structured files no format reads (JSON, CSV/TSV, XML, property lists, YAML), named for a refusal.

A file of data is never an article: what it holds is said in words ("a JSON object
with keys version, windows") so the person knows why it was not imported.
"""

from __future__ import annotations

import csv
import re

from library.sources.exports.sample import HEAD_BYTES, Sample

_XML_ROOT = re.compile(
    r"^\s*<\?xml[^>]*\?>\s*(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*\?>\s*)*<([A-Za-z_][\w:.-]*)",
    re.DOTALL,
)
_PAGE_ROOTS = {"html"}
_YAML_SUFFIXES = {".yaml", ".yml"}
_TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
# A table recognised by content: this many columns and rows, every row the header's width.
_MIN_COLUMNS = 3
_MIN_ROWS = 2
_MAX_ROWS_LOOKED_AT = 50
_MAX_HEADER_CHARS = 40


def structure_of(sample: Sample) -> str | None:
    """What the structured data in `sample` is, in words; None when it is no structured data."""
    shape = sample.json
    if shape is not None:
        return shape.describe()
    if b"WebMainResource" in sample.head:
        return None  # a Safari web archive, binary or converted to XML: a saved page
    plist = sample.plist
    if plist is not None:
        if isinstance(plist, dict):
            keys = ", ".join(str(key) for key in list(plist)[:8])
            return f"a property list: a dictionary with keys {keys}" if keys else "an empty property list"
        return "a property list"
    root = _xml_root(sample.text)
    if root is not None and root.lower() not in _PAGE_ROOTS:
        return f"an XML document whose root element is <{root}>"
    if sample.suffix in _YAML_SUFFIXES or sample.text.startswith("%YAML"):
        return "a YAML document"
    return _table(sample)


def _xml_root(text: str) -> str | None:
    match = _XML_ROOT.match(text)
    return match.group(1) if match else None


def _table(sample: Sample) -> str | None:
    named = _TABLE_SUFFIXES.get(sample.suffix)
    for delimiter in (named,) if named else ("\t", ",", ";"):
        columns = _columns(sample, delimiter, by_name=named is not None)
        if columns:
            kind = "TSV" if delimiter == "\t" else "CSV"
            shown = ", ".join(columns[:8]) + (", ..." if len(columns) > 8 else "")
            return f"a {kind} table with columns {shown}"
    return None


def _columns(sample: Sample, delimiter: str, *, by_name: bool) -> list[str] | None:
    """The header of the sample's text when it reads as a table split at `delimiter`; None when not.

    A file named .csv needs only a header. By content alone it takes more: at least
    three short column names and two rows, every row as wide as the header, so that
    prose with commas in it is never taken for a table.
    """
    lines = sample.text.splitlines()
    if len(sample.head) >= HEAD_BYTES and lines:
        lines = lines[:-1]  # the head ends inside a line
    try:
        rows = [row for row in csv.reader(lines[: _MAX_ROWS_LOOKED_AT + 1], delimiter=delimiter) if row]
    except csv.Error:
        return None
    if not rows:
        return None
    header = [name.strip() for name in rows[0]]
    if by_name:
        return header if any(header) else None
    if len(header) < _MIN_COLUMNS or any(not name or len(name) > _MAX_HEADER_CHARS for name in header):
        return None
    data = rows[1:]
    if len(data) < _MIN_ROWS or any(len(row) != len(header) for row in data):
        return None
    return header
