"""Pocket: the 2025 export zip (`part_*.csv` and `annotations/*.json`), a lone part, and `ril_export.html`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from library.article import Entry, Highlight, ReadingState, Rejected
from library.sources.decode import decode_bytes
from library.sources.exports.common import (
    CsvRecord,
    ExportProblem,
    ExportZip,
    address_problem,
    csv_entries,
    feed_html,
    head_text,
    header_names,
    hints_of,
    iso_date,
    json_list,
    kind_of,
    member_folder,
    member_name,
    read_csv_export,
    read_loose_export,
    read_zip_export,
    split_tags,
    text_value,
    web_address,
)
from library.sources.markup import parse_start

SOURCE_KIND = "pocket"
# Pocket's export service writes these columns (some exports add `cursor`, which we ignore).
COLUMNS = ("title", "url", "time_added", "tags", "status")
_CSV_PART = re.compile(r"part_(\d+)\.csv", re.IGNORECASE)
_ANNOTATIONS_PART = re.compile(r"part_(\d+)\.json", re.IGNORECASE)
# The headings of ril_export.html's two lists, each a <ul> of links.
_SECTIONS = ("unread", "read archive")
_HEAD_BYTES = 4096


def is_pocket_header(names: list[str]) -> bool:
    """True for the header row of a Pocket CSV part."""
    return set(COLUMNS) <= set(names)


def is_pocket_zip(archive: ExportZip) -> bool:
    """True when the archive holds CSV parts whose header is Pocket's."""
    parts = _csv_parts(archive)
    if not parts:
        return False
    first_line = head_text(archive.read_head(parts[0], _HEAD_BYTES))
    return is_pocket_header(header_names(first_line, ","))


def is_pocket_html(text: str) -> bool:
    """True for the start of `ril_export.html`: an "Unread" or "Read Archive" heading and saved links."""
    # Any other HTML file is turned away by the cheap test, before anything is parsed.
    if "time_added=" not in text.lower():
        return False
    start = parse_start(text)
    return start is not None and any(
        " ".join(heading.text_content().split()).lower() in _SECTIONS for heading in start.iter("h1")
    )


def read_pocket_csv(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of one Pocket CSV part on its own."""
    # A lone part comes without the annotations files: no highlights to attach.
    return read_csv_export(path, lambda record: _entry(record, {}))


def read_pocket_zip(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a Pocket export zip: every CSV part in order, with the highlights of each address."""
    return read_zip_export(path, _zip_entries)


def read_pocket_html(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of Pocket's older `ril_export.html`: its "Unread" and "Read Archive" lists."""
    return read_loose_export(path, decode_bytes, _list_entries)


def _zip_entries(archive: ExportZip) -> Iterator[Entry | Rejected]:
    # Highlights live in separate files keyed by address; read them first (they are
    # small) so each row can carry its own as it streams past.
    annotations: dict[str, _Annotated] = {}
    for member in _annotation_parts(archive):
        yield from _read_annotations(archive, member, annotations)
    for member in _csv_parts(archive):
        where = f"{archive.name}: {member}"
        try:
            text = archive.text(member)
        except ExportProblem as problem:
            yield Rejected(where, problem.reason)
            continue
        yield from csv_entries(text, where, lambda record: _entry(record, annotations))
    # Highlights of an address no row mentions still belong in the library.
    for annotated in annotations.values():
        yield Entry(
            source=annotated.source,
            source_kind=SOURCE_KIND,
            url=annotated.url,
            hints=hints_of(title=annotated.title),
            highlights=annotated.highlights,
        )


def _list_entries(text: str, name: str) -> Iterator[Entry | Rejected]:
    parser = _PocketListParser()
    stopped = feed_html(parser, text, name)
    for link in parser.links:
        source = f"{name} line {link.line}"
        href = link.attrs.get("href")
        url = web_address(href)
        if url is None:
            yield Rejected(source, address_problem(href))
            continue
        title = text_value("".join(link.text))
        yield Entry(
            source=source,
            source_kind=SOURCE_KIND,
            url=url,
            hints=hints_of(title=None if title == url else title),
            tags=split_tags(link.attrs.get("tags") or ""),
            state=_state(link.section),
            saved_at=iso_date(link.attrs.get("time_added")),
        )
    if stopped:
        yield stopped


@dataclass
class _Annotated:
    """The highlights an annotations file holds for one address."""

    source: str
    url: str
    title: str | None
    highlights: list[Highlight] = field(default_factory=list)


def _entry(record: CsvRecord, annotations: dict[str, _Annotated]) -> Entry:
    url = record.address()
    title = text_value(record.get("title"))
    annotated = annotations.pop(url, None)
    return Entry(
        source=record.source,
        source_kind=SOURCE_KIND,
        url=url,
        # Pocket writes the address in place of a title it never learned.
        hints=hints_of(title=None if title == url else title),
        tags=split_tags(record.get("tags"), "|"),
        state=_state(record.get("status")),
        saved_at=iso_date(record.get("time_added")),
        highlights=annotated.highlights if annotated else [],
    )


def _state(status: str) -> ReadingState:
    word = " ".join(status.split()).lower()
    if word in {"archive", "read archive"}:
        return ReadingState(read=True, archived=True)
    if word == "unread":
        return ReadingState(read=False, archived=False)
    return ReadingState()


def _read_annotations(
    archive: ExportZip, member: str, annotations: dict[str, _Annotated]
) -> Iterator[Rejected]:
    """Add the highlights in one annotations file to `annotations`; Rejected for what cannot be read."""
    where = f"{archive.name}: {member}"
    try:
        records = json_list(archive.text(member))
    except ExportProblem as problem:
        yield Rejected(where, problem.reason)
        return
    for number, record in enumerate(records, start=1):
        source = f"{where} entry {number}"
        if not isinstance(record, dict):
            yield Rejected(source, f"expected an object, found {kind_of(record)}")
            continue
        url = web_address(record.get("url"))
        if url is None:
            yield Rejected(source, address_problem(record.get("url")))
            continue
        marks = record.get("highlights")
        if not isinstance(marks, list):
            yield Rejected(source, "no list of highlights")
            continue
        annotated = annotations.setdefault(url, _Annotated(source, url, text_value(record.get("title"))))
        for mark in marks:
            if isinstance(mark, dict) and isinstance(mark.get("quote"), str) and mark["quote"].strip():
                annotated.highlights.append(
                    Highlight(text=mark["quote"].strip(), created_at=iso_date(mark.get("created_at")))
                )


def _csv_parts(archive: ExportZip) -> list[str]:
    parts = [
        name
        for name in archive.names()
        if _CSV_PART.fullmatch(member_name(name)) and not _in_annotations(name)
    ]
    return sorted(parts, key=_part_order(_CSV_PART))


def _annotation_parts(archive: ExportZip) -> list[str]:
    parts = [
        name
        for name in archive.names()
        if _ANNOTATIONS_PART.fullmatch(member_name(name)) and _in_annotations(name)
    ]
    return sorted(parts, key=_part_order(_ANNOTATIONS_PART))


def _in_annotations(name: str) -> bool:
    folder = member_folder(name).lower()
    return folder == "annotations/" or folder.endswith("/annotations/")


def _part_order(pattern: re.Pattern[str]) -> Callable[[str], tuple[str, int, str]]:
    """Sort key for `part_N` members: by folder, then by N as a number (part_10 after part_9)."""

    def key(name: str) -> tuple[str, int, str]:
        match = pattern.fullmatch(member_name(name))
        return (member_folder(name), int(match.group(1)) if match else 0, name)

    return key


@dataclass
class _Link:
    line: int
    attrs: dict[str, str]
    section: str
    text: list[str] = field(default_factory=list)


class _PocketListParser(HTMLParser):
    """Collects the links of `ril_export.html` with the `<h1>` section each is under.

    Python's parser rather than lxml, which reads the file nine times faster but counts
    lines only up to 65,535, and a long list (one line a link) runs past that (`BENCHMARKS.md`).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self._section = ""
        self._heading: list[str] | None = None
        self._link: _Link | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self._heading = []
        elif tag == "a":
            self._finish_link()
            self._link = _Link(self.getpos()[0], {key: value or "" for key, value in attrs}, self._section)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._heading is not None:
            self._section = "".join(self._heading)
            self._heading = None
        elif tag == "a":
            self._finish_link()

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.text.append(data)
        elif self._heading is not None:
            self._heading.append(data)

    def close(self) -> None:
        """Finish parsing, keeping a last link left unclosed."""
        super().close()
        self._finish_link()

    def _finish_link(self) -> None:
        if self._link is not None:
            self.links.append(self._link)
            self._link = None
