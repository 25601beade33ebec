"""Omnivore's export: the zip of `metadata_*.json` lists, `content/<slug>.html` and `highlights/<slug>.md`,
and a `metadata_*.json` list on its own (addresses and state, without the saved articles)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from library.article import Document, Entry, Highlight, ReadingState, Rejected
from library.sources.exports.common import (
    ExportProblem,
    ExportZip,
    address_problem,
    clean_tags,
    export_text,
    fraction,
    head_text,
    hints_of,
    iso_date,
    json_list,
    kind_of,
    member_folder,
    member_name,
    read_json_export,
    read_zip_export,
    text_value,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "omnivore"
_METADATA = re.compile(r"metadata_[^/]*\.json", re.IGNORECASE)
_FIRST_NUMBER = re.compile(r"\d+")
_HEAD_BYTES = 4096
_QUOTE_MARKER = re.compile(r"^\s*> ?")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_LABELS = re.compile(r"#\S+(\s+#\S+)*")


def is_omnivore_zip(archive: ExportZip) -> bool:
    """True when the archive holds `metadata_*.json` lists of Omnivore items."""
    for member in _metadata_members(archive):
        head = head_text(archive.read_head(member, _HEAD_BYTES)).strip()
        if head.startswith("[") and ('"slug"' in head or head == "[]"):
            return True
    return False


def read_omnivore_zip(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of an Omnivore export, each with its saved article and its highlights."""
    return read_zip_export(path, _zip_entries)


def is_omnivore_metadata(sample: Sample) -> bool:
    """True for a lone `metadata_*.json`: a list of items with a slug, an address and Omnivore's dates or state."""
    shape = sample.json
    return (
        shape is not None
        and shape.top == "list"
        and shape.has("item.slug", "item.url")
        and shape.has_any("item.savedAt", "item.readingProgress", "item.state")
    )


def read_omnivore_metadata(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of one `metadata_*.json` taken out of its zip: addresses to download, with their state."""
    return read_json_export(path, lambda record, source: _entry(None, "", record, source))


ZIP = FileFormat(
    "Omnivore zip",
    lambda sample: sample.zip_holds(is_omnivore_zip),
    read_omnivore_zip,
    may_open_with_markup=False,
)
METADATA = FileFormat(
    "Omnivore metadata JSON", is_omnivore_metadata, read_omnivore_metadata, may_open_with_markup=False
)


def parse_highlights(markdown: str) -> list[Highlight]:
    """The highlights in Omnivore's `highlights/<slug>.md`.

    Omnivore writes each highlight as a `> quote` block, then optionally a line of
    `#labels`, then the note, blocks separated by blank lines. A note written
    before any quote (a note on the whole article) becomes a highlight without text.
    """
    highlights: list[Highlight] = []
    current: Highlight | None = None
    after_quote = False
    for block in _BLANK_LINES.split(markdown.replace("\r\n", "\n").replace("\r", "\n")):
        if not block.strip():
            continue
        if block.lstrip().startswith(">"):
            lines = [_QUOTE_MARKER.sub("", line).rstrip() for line in block.split("\n")]
            # Omnivore marks a paragraph break inside a quote with a line holding only ">".
            text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
            current = Highlight(text=text)
            highlights.append(current)
            after_quote = True
            continue
        text = block.strip()
        if after_quote and _LABELS.fullmatch(text):
            after_quote = False
            continue  # the highlight's labels: the library keeps tags per article, not per highlight
        after_quote = False
        if current is None:
            current = Highlight(text="", note=text)
            highlights.append(current)
        else:
            current.note = f"{current.note}\n\n{text}" if current.note else text
    return highlights


def _zip_entries(archive: ExportZip) -> Iterator[Entry | Rejected]:
    for member in _metadata_members(archive):
        where = f"{archive.name}: {member}"
        try:
            records = json_list(archive.text(member))
        except ExportProblem as problem:
            yield Rejected(where, problem.reason)
            continue
        folder = member_folder(member)
        for number, record in enumerate(records, start=1):
            yield from _entry(archive, folder, record, f"{where} entry {number}")


def _entry(archive: ExportZip | None, folder: str, record: object, source: str) -> Iterator[Entry | Rejected]:
    """The entry for one metadata item; its article and highlights come from `archive` when there is one."""
    if not isinstance(record, dict):
        yield Rejected(source, f"expected an object, found {kind_of(record)}")
        return
    url = web_address(record.get("url"))
    slug = record.get("slug") if isinstance(record.get("slug"), str) else ""
    content: str | None = None
    content_member = f"{folder}content/{slug}.html"
    if archive is not None and slug and content_member in archive.members:
        try:
            content = export_text(archive.read(content_member), strict=False)
        except ExportProblem as problem:
            # The entry still imports by its address, to be downloaded later.
            yield Rejected(f"{archive.name}: {content_member}", problem.reason)
    if url is None and not (content and content.strip()):
        yield Rejected(source, address_problem(record.get("url")))
        return
    highlights: list[Highlight] = []
    highlights_member = f"{folder}highlights/{slug}.md"
    if archive is not None and slug and highlights_member in archive.members:
        try:
            highlights = parse_highlights(archive.text(highlights_member))
        except ExportProblem as problem:
            yield Rejected(f"{archive.name}: {highlights_member}", problem.reason)
    yield Entry(
        source=source,
        source_kind=SOURCE_KIND,
        document=(
            Document(source=source, content=content, kind="html", url=url)
            if content and content.strip()
            else None
        ),
        url=url,
        hints=hints_of(
            title=text_value(record.get("title")),
            byline=text_value(record.get("author")),
            excerpt=text_value(record.get("description")),
            published=iso_date(record.get("publishedAt")),
            lead_image=web_address(record.get("thumbnail")),
        ),
        tags=_labels(record.get("labels")),
        state=_state(record),
        saved_at=iso_date(record.get("savedAt")),
        highlights=highlights,
    )


def _state(record: dict[str, object]) -> ReadingState:
    word = text_value(record.get("state"))
    # Omnivore's states: SUCCEEDED and PROCESSING are the inbox, ARCHIVED is done;
    # older exports spell them in other cases.
    archived = word.casefold() == "archived" if word else None
    return ReadingState(
        read=True if archived else None,
        archived=archived,
        progress=fraction(record.get("readingProgress"), percent=True),
    )


def _labels(value: object) -> list[str]:
    """Labels as names, or as objects with a `name` (the API's shape, found in some exports)."""
    if not isinstance(value, list):
        return []
    return clean_tags(label.get("name") if isinstance(label, dict) else label for label in value)


def _metadata_members(archive: ExportZip) -> list[str]:
    members = [name for name in archive.names() if _METADATA.fullmatch(member_name(name))]

    def batch_order(name: str) -> tuple[int, str]:
        # metadata_0_to_20.json, metadata_20_to_40.json, ... metadata_100_to_120.json
        number = _FIRST_NUMBER.search(member_name(name))
        return (int(number.group()) if number else 0, name)

    return sorted(members, key=batch_order)
