"""Linkwarden's backup (Settings ▸ Migrate data ▸ Export): the account as JSON, its links inside `collections`.

Each collection has a `name` and `links`; each link `name` (the title), `url`,
`description` (the person's), `tags` (objects with a `name`), `createdAt` and, for
links brought from elsewhere, `importDate`. `pinnedLinks`, after the collections,
lists the links the person pinned: ids are left out of the backup, so they are
matched by address.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, ReadingState, Rejected
from library.sources.exports.common import (
    ExportProblem,
    address_problem,
    clean_tags,
    hints_of,
    iso_date,
    json_records,
    kind_of,
    note_highlights,
    read_json_export,
    text_value,
    web_address,
)
from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "linkwarden"


def is_linkwarden_backup(sample: Sample) -> bool:
    """True for an object whose `collections` hold `links` with addresses."""
    shape = sample.json
    return (
        shape is not None
        and shape.top == "object"
        and shape.has_any("collections.item.links.item.url", "collections.item.links")
        and shape.has("collections.item.name")
    )


def read_linkwarden_backup(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a Linkwarden backup, one a link, read a collection at a time; its name becomes a tag."""
    pinned = _pinned_addresses(path)
    return read_json_export(
        path, lambda record, source: _entries(record, source, pinned), prefix="collections.item"
    )


FORMAT = FileFormat(
    "Linkwarden backup JSON", is_linkwarden_backup, read_linkwarden_backup, may_open_with_markup=False
)


def _pinned_addresses(path: Path) -> set[str]:
    pinned: set[str] = set()
    try:
        for record in json_records(path, "pinnedLinks.item"):
            url = web_address(record.get("url")) if isinstance(record, dict) else None
            if url:
                pinned.add(url)
    except ExportProblem:
        pass  # the links' own pass says where the file is damaged
    return pinned


def _entries(collection: object, source: str, pinned: set[str]) -> Iterator[Entry | Rejected]:
    """The links of one collection; their sources read "backup.json collection 2 link 5"."""
    where = source.replace(" entry ", " collection ")
    if not isinstance(collection, dict):
        yield Rejected(where, f"expected an object, found {kind_of(collection)}")
        return
    folder = text_value(collection.get("name"))
    links = collection.get("links")
    for number, link in enumerate(links if isinstance(links, list) else [], start=1):
        yield _entry(link, f"{where} link {number}", folder, pinned)


def _entry(link: object, source: str, folder: str | None, pinned: set[str]) -> Entry | Rejected:
    if not isinstance(link, dict):
        return Rejected(source, f"expected an object, found {kind_of(link)}")
    url = web_address(link.get("url"))
    if url is None:
        return Rejected(source, address_problem(link.get("url")))
    tags = link.get("tags")
    tag_names = [tag.get("name") for tag in tags if isinstance(tag, dict)] if isinstance(tags, list) else []
    return Entry(
        source=source,
        source_kind=SOURCE_KIND,
        url=url,
        hints=hints_of(title=text_value(link.get("name"))),
        tags=clean_tags([folder, *tag_names]),
        state=ReadingState(favorite=True) if url in pinned else ReadingState(),
        # A link imported into Linkwarden keeps the date it was first saved elsewhere.
        saved_at=iso_date(link.get("importDate")) or iso_date(link.get("createdAt")),
        highlights=note_highlights(link.get("description")),
    )
