"""Saved web pages: plain .html, "complete" saves, MHTML, SingleFile and Safari web archives."""

from __future__ import annotations

from pathlib import Path

from library.article import Document
from library.sources.decode import decode_bytes


def read_saved_page(path: Path, data: bytes, name: str) -> Document | None:
    """The page in a saved-page file, recognised by content; None when it is not one.

    Placeholder: only plain HTML, without its `_files` folder.
    """
    if Path(name).suffix.lower() in {".html", ".htm"}:
        return Document(source=str(path), content=decode_bytes(data), kind="html")
    return None
