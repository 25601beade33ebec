"""`json`: every article whole, in one documented and versioned JSON file (docs/export-json.md).

In a zip (the default) the images sit beside the JSON as `images/<sha256>`, their
bytes as they are, and each article's original page as `originals/<id>.html`; in a
lone `.json` file images are inline in base64 (a third larger) and pages as text.
Articles are written one a line, so that both writing and reading hold one article
in memory at a time, and the result is still one ordinary JSON document.
"""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path
from typing import Any, TextIO

from library.export.common import ExportArticle, ExportContext, ExportFormat
from library.sources.exports.article_reader import (
    FORMAT_ID,
    FORMAT_VERSION,
    IMAGE_FOLDER,
    JSON_MEMBER,
    ORIGINAL_FOLDER,
)

# Pictures are compressed already: storing them as they are is as small and much faster.
_COMPRESSIBLE = {"image/svg+xml", "image/bmp", "image/tiff", "image/x-icon"}


def article_record(item: ExportArticle, *, inline_images: bool) -> dict[str, Any]:
    """One article as the export writes it: the keys docs/export-json.md describes."""
    stored = item.stored
    article = stored.article
    images = []
    for image in item.images.values():
        described: dict[str, Any] = {
            "sha256": image.sha256,
            "url": image.url,
            "mime": image.mime,
            "bytes": len(image.data),
        }
        if inline_images:
            described["data"] = base64.b64encode(image.data).decode("ascii")
        else:
            described["file"] = IMAGE_FOLDER + image.sha256
        images.append(described)
    original: dict[str, Any] | None = None
    if item.original is not None:
        page = item.original
        original = {"kind": page.kind, "url": page.url}
        if inline_images:
            original["text"] = page.content
        else:
            original["file"] = f"{ORIGINAL_FOLDER}{stored.id}.{page.kind}"
    return {
        "id": stored.id,
        "title": article.title,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "byline": article.byline,
        "site_name": article.site_name,
        "section": article.section,
        "published": article.published,
        "updated": article.updated,
        "lang": article.lang,
        "dir": article.dir,
        "excerpt": article.excerpt,
        "lead_image": article.lead_image,
        "status": stored.status,
        "fetch_error": stored.fetch_error,
        "source_kind": stored.source_kind,
        "source_path": stored.source_path,
        "saved_at": stored.saved_at,
        "imported_at": stored.imported_at,
        "state": {
            "read": bool(stored.state.read),
            "favorite": bool(stored.state.favorite),
            "archived": bool(stored.state.archived),
            "progress": stored.state.progress or 0.0,
            "last_opened": stored.last_opened,
        },
        "tags": stored.tags,
        "highlights": item.highlight_rows,
        "images": images,
        "pending_images": [{"token": p.token, "url": p.url} for p in item.pending_images],
        "original": original,
        "word_count": stored.word_count,
        "reading_minutes": stored.reading_minutes,
        "text": article.text,
        "html": article.html,
    }


def _json_line(value: object) -> str:
    # U+2028 and U+2029 are valid raw in JSON strings, but many line readers split on them.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class JsonWriter:
    """Writes the export document, and in a zip its images, as articles are added."""

    def __init__(self, path: Path, context: ExportContext) -> None:
        self.inline = context.target.suffix.lower() == ".json"
        self.count = 0
        self.archive: zipfile.ZipFile | None = None
        self.images_written: set[str] = set()
        if self.inline:
            self.document_path = path
        else:
            self.archive = zipfile.ZipFile(path, "w", allowZip64=True)
            # The JSON goes into the zip last, once complete: spooled beside it meanwhile.
            self.document_path = path.with_name(path.name + ".json")
        self.document: TextIO = self.document_path.open("w", encoding="utf-8", newline="\n")
        header = {
            "format": FORMAT_ID,
            "version": FORMAT_VERSION,
            "exported_at": context.exported_at,
            "application": context.application,
            "images": "inline" if self.inline else "files",
        }
        # The header's last key opens the list: `{"format": ..., "articles": [` on line one.
        self.document.write(_json_line(header)[:-1] + ',"articles":[\n')

    def add(self, item: ExportArticle) -> None:
        if self.archive is not None:
            for image in item.images.values():
                if image.sha256 not in self.images_written:
                    self.images_written.add(image.sha256)
                    method = zipfile.ZIP_DEFLATED if image.mime in _COMPRESSIBLE else zipfile.ZIP_STORED
                    self.archive.writestr(IMAGE_FOLDER + image.sha256, image.data, compress_type=method)
            if item.original is not None:
                self.archive.writestr(
                    f"{ORIGINAL_FOLDER}{item.stored.id}.{item.original.kind}",
                    item.original.content.encode("utf-8", "surrogatepass"),
                    compress_type=zipfile.ZIP_DEFLATED,
                )
        prefix = ",\n" if self.count else ""
        self.document.write(prefix + _json_line(article_record(item, inline_images=self.inline)))
        self.count += 1

    def finish(self) -> list[str]:
        self.document.write(f'\n],"count":{self.count}}}\n')
        self.document.close()
        if self.archive is not None:
            self.archive.write(self.document_path, JSON_MEMBER, compress_type=zipfile.ZIP_DEFLATED)
            self.archive.close()
            self.document_path.unlink()
        return []

    def close(self) -> None:
        self.document.close()
        if self.archive is not None:
            self.archive.close()


FORMAT = ExportFormat(
    name="json",
    description="everything, to import again: a zip of one JSON file and the images (or one .json)",
    folder=False,
    suffix=".zip",
    needs_images=True,
    needs_originals=True,
    open=JsonWriter,
    oldest_first=True,
)
