"""What every export format shares: the article it is given, how it is opened, images and body trees."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import lxml.html
from lxml.html import HtmlElement

from library.article import Document
from library.records import PendingImage, StoredArticle, StoredImage

# The suffix an image file gets, by the type its bytes were recognised as (library/images.py).
IMAGE_SUFFIXES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
    "image/avif": ".avif",
    "image/heif": ".heic",
    "image/bmp": ".bmp",
    "image/tiff": ".tif",
    "image/x-icon": ".ico",
    "image/jxl": ".jxl",
}


@dataclass
class ExportArticle:
    """One article as an export reads it: the stored article, its images by digest, its highlights."""

    stored: StoredArticle
    images: dict[str, StoredImage] = field(default_factory=dict)
    highlight_rows: list[dict[str, Any]] = field(default_factory=list)
    pending_images: list[PendingImage] = field(default_factory=list)
    original: Document | None = None  # the page it was extracted from, for formats that carry it


@dataclass(frozen=True)
class ExportContext:
    """What a format knows of the export as a whole."""

    title: str  # the selection in words: a book's title, an index page's heading
    exported_at: str  # ISO 8601, UTC
    application: str  # "article-reader 0.1.0"
    total: int  # how many articles will be added
    target: Path  # where the export will be once complete (it is written elsewhere first)


class FormatWriter(Protocol):
    """Writes one export: articles are added one at a time, then the export is finished."""

    def add(self, item: ExportArticle) -> None: ...

    def finish(self) -> list[str]:
        """Complete the export; return notes for the person (what could not be carried, and why)."""
        ...

    def close(self) -> None:
        """Release open files, finished or not (a cancelled export is then removed)."""
        ...


@dataclass(frozen=True)
class ExportFormat:
    """An export format: its name on the command line, what it writes, and how to start writing it."""

    name: str
    description: str
    folder: bool  # writes a folder of files rather than one file
    suffix: str  # the usual suffix of the file it writes ("" for a folder)
    needs_images: bool
    open: Callable[[Path, ExportContext], FormatWriter]
    needs_originals: bool = False
    # Exports in this order; the list order (newest first) otherwise. JSON keeps the library's
    # own order (oldest first), so that importing it into an empty library gives the same ids.
    oldest_first: bool = False


def asset_name(image: StoredImage) -> str:
    """The file name of an image in an export's assets: its digest and the suffix of its type."""
    return image.sha256 + IMAGE_SUFFIXES.get(image.mime, ".img")


def body_tree(html: str) -> HtmlElement:
    """The article body as a `<div>` holding its elements, for rewriting before it is written out."""
    # huge_tree: an inline image can be one attribute of many megabytes.
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    return lxml.html.fragment_fromstring(html or "", create_parent="div", parser=parser)


def tree_html(container: HtmlElement) -> str:
    """The markup inside `container` (the inverse of `body_tree`)."""
    from library.extract.output import inner_html

    return inner_html(container)


def point_images(container: HtmlElement, sources: Mapping[str, str]) -> int:
    """Point each image whose `src` is in `sources` at its new source; others become their alt text.

    The keys are the library's own references (`library-image:<sha256>`, and for a format
    that may refer to the web, `library-pending:<token>`). Anything else (which a stored
    body never has) goes the same way as an image with no source, so an export never
    refers to what it did not mean to. Returns how many images were left out.
    """
    left_out = 0
    for image in list(container.iter("img")):
        new = sources.get((image.get("src") or "").strip())
        if new is not None:
            image.set("src", new)
            for name in ("srcset", "sizes"):
                image.attrib.pop(name, None)
            continue
        left_out += 1
        alt = " ".join((image.get("alt") or "").split())
        tail = image.tail or ""
        parent = image.getparent()
        if parent is None:
            continue
        previous = image.getprevious()
        text = (f"[{alt}]" if alt else "") + tail
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(image)
    return left_out
