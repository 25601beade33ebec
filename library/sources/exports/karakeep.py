"""Karakeep's (formerly Hoarder's) JSON export: `{"bookmarks": [...], "lists": [...]}`.

Each bookmark has `createdAt` (Unix seconds), `title`, `tags` (names), `lists` (ids
of the `lists` at the end of the file), `content` (a `link` with its `url`, a `text`
note with its `text`, or an uploaded `asset` the export leaves out), `note`,
`archived` and `favourited`; newer exports add `description` and `summary`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Document, Entry, ReadingState, Rejected
from library.sources.exports.common import (
    ExportProblem,
    address_problem,
    clean_tags,
    flag,
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

SOURCE_KIND = "karakeep"


def is_karakeep_json(sample: Sample) -> bool:
    """True for an object whose `bookmarks` list holds Karakeep's `content` and `createdAt`."""
    shape = sample.json
    return (
        shape is not None
        and shape.top == "object"
        and shape.has("bookmarks.item.createdAt", "bookmarks.item.content")
    )


def read_karakeep_json(path: Path) -> Iterator[Entry | Rejected]:
    """Entries of a Karakeep export, streamed; its lists become tags."""
    lists = _list_names(path)
    return read_json_export(
        path, lambda record, source: _entry(record, source, lists), prefix="bookmarks.item"
    )


FORMAT = FileFormat(
    "Karakeep (Hoarder) JSON", is_karakeep_json, read_karakeep_json, may_open_with_markup=False
)


def _list_names(path: Path) -> dict[str, str]:
    """The names of the lists, by id: they come after the bookmarks, so a first pass reads them."""
    names: dict[str, str] = {}
    try:
        for record in json_records(path, "lists.item"):
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                name = text_value(record.get("name"))
                if name:
                    names[record["id"]] = name
    except ExportProblem:
        pass  # the bookmarks' own pass says where the file is damaged
    return names


def _entry(record: object, source: str, lists: dict[str, str]) -> Entry | Rejected:
    if not isinstance(record, dict):
        return Rejected(source, f"expected an object, found {kind_of(record)}")
    content = record.get("content")
    content = content if isinstance(content, dict) else {}
    kind = content.get("type")
    url = web_address(content.get("url")) if kind == "link" else None
    document = None
    if kind == "text" and isinstance(content.get("text"), str) and content["text"].strip():
        document = Document(source=source, content=content["text"], kind="text")
    elif kind == "asset":
        return Rejected(source, "an uploaded file (an image or a PDF), which the export does not include")
    elif url is None:
        return Rejected(source, address_problem(content.get("url")))
    archived = flag(record.get("archived"))
    list_ids = record.get("lists")
    in_lists = [lists.get(str(list_id)) for list_id in list_ids] if isinstance(list_ids, list) else []
    tags = record.get("tags")
    return Entry(
        source=source,
        source_kind=SOURCE_KIND,
        document=document,
        url=url,
        hints=hints_of(
            title=text_value(record.get("title")),
            excerpt=text_value(
                record.get("description") or content.get("description") or record.get("summary")
            ),
            byline=text_value(content.get("author")),
            site_name=text_value(content.get("publisher")),
            lead_image=web_address(record.get("imageUrl") or content.get("imageUrl")),
        ),
        tags=clean_tags([*(tags if isinstance(tags, list) else []), *in_lists]),
        state=ReadingState(
            read=True if archived else None, archived=archived, favorite=flag(record.get("favourited"))
        ),
        saved_at=iso_date(record.get("createdAt")),
        highlights=note_highlights(record.get("note")),
    )
