"""Each article's original page, kept compressed so a better extractor can read it again."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from library.article import Document
from library.database import translate_errors

if TYPE_CHECKING:
    from library.store import Library

# The library setting that turns keeping originals off ("false"); on by default.
KEEP_ORIGINALS = "keep_originals"
# zlib at its default level: in the standard library, and 3 to 14 times faster than bz2 or
# lzma on the corpora for 10 to 30 per cent more bytes (BENCHMARKS.md, "Original pages").
_COMPRESSION = "zlib"


@dataclass(frozen=True)
class OriginalPage:
    """A page compressed for keeping: done before the write lock is taken, not while it is held."""

    kind: str
    url: str | None
    data: bytes

    @staticmethod
    def of(document: Document) -> OriginalPage:
        return OriginalPage(
            document.kind, document.url, zlib.compress(document.content.encode("utf-8", "surrogatepass"))
        )


def keeps_originals(library: Library) -> bool:
    return library.setting(KEEP_ORIGINALS, "true") != "false"


def store_original(library: Library, article_id: int, original: OriginalPage) -> None:
    """Keep `original` as the article's (inside the caller's transaction)."""
    library.db.execute(
        "INSERT INTO originals (article_id, kind, url, compression, data) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET kind = excluded.kind, url = excluded.url, "
        "compression = excluded.compression, data = excluded.data",
        [article_id, original.kind, original.url, _COMPRESSION, original.data],
    )


def load_original(library: Library, article_id: int) -> Document | None:
    """The page the article was extracted from, or None when it was not kept."""
    with translate_errors(library.path):
        row = library.db.execute(
            "SELECT kind, url, compression, data FROM originals WHERE article_id = ?", [article_id]
        ).fetchone()
    if row is None:
        return None
    kind, url, compression, data = row
    if compression != _COMPRESSION:
        return None  # written by a newer version with a codec this one does not know
    content = zlib.decompress(data).decode("utf-8", "surrogatepass")
    return Document(source=f"original of article {article_id}", content=content, kind=kind, url=url)


def page_text(document: Document) -> str:
    """The whole page as plain text, chrome and all: for seeing what extraction left out.

    Text, not HTML: nothing of the page is rendered, run or loaded.
    """
    if document.kind == "text":
        return document.content
    from library.extract import parse_html
    from library.extract.output import plain_text

    root = parse_html(document.content)
    for element in list(root.iter("script", "style", "template", "head")):
        element.drop_tree()
    return plain_text(root)
