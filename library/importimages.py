"""An article's images: found offline or downloaded, kept in the library, or left pending for later."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from urllib.parse import unquote_to_bytes

from library.article import Article, Document
from library.images import MAX_IMAGE_BYTES, sniff_image_type
from library.records import PendingImage, StoredImage

log = logging.getLogger("reader.import")

# One article's images together; past this the rest are left out rather than bloat the file.
MAX_ARTICLE_IMAGE_BYTES = 50 * 1024 * 1024


class ImageWaits(Exception):
    """An image that cannot be downloaded now (no network, host unreachable) but may be later."""


# Downloads one image: its bytes, None when it is gone for good, or ImageWaits raised.
ImageDownload = Callable[[str], bytes | None]


@dataclass
class ArticleImages:
    """What the importer found of an article's images: stored now, or waiting for the network."""

    stored: list[StoredImage] = field(default_factory=list)
    pending: list[PendingImage] = field(default_factory=list)


def gather_images(article: Article, document: Document, download: ImageDownload | None) -> ArticleImages:
    """Find each image's bytes (offline copies first) and point `article.html` at the library.

    An image on the web that cannot be had now (no `download`, or the network is
    away) is kept as a pending image, drawn as a placeholder until it is fetched;
    one that is gone or unreadable is left out.
    """
    found = ArticleImages()
    stored: dict[str, StoredImage] = {}
    replacements: dict[str, str | None] = {}
    budget = MAX_ARTICLE_IMAGE_BYTES
    for src in dict.fromkeys(article.images):
        try:
            data = _offline_bytes(src, document)
            if data is None and download is not None and _on_the_web(src):
                data = download(src)
            elif data is None and _on_the_web(src):
                raise ImageWaits(src)
        except ImageWaits:
            pending = PendingImage.of(src)
            found.pending.append(pending)
            replacements[src] = pending.reference
            continue
        mime = sniff_image_type(data) if data else None
        if data is None or mime is None or len(data) > min(budget, MAX_IMAGE_BYTES):
            replacements[src] = None
            continue
        budget -= len(data)
        image = stored_image(data, mime, None if src.startswith("data:") else src)
        stored.setdefault(image.sha256, image)
        replacements[src] = image.reference
    if replacements:
        article.html = rewrite_images(article.html, replacements)
        article.images = [r for r in replacements.values() if r]
    found.stored = list(stored.values())
    return found


def stored_image(data: bytes, mime: str, url: str | None) -> StoredImage:
    """An image ready for the library, named by the digest of its bytes."""
    return StoredImage(hashlib.sha256(data).hexdigest(), url, mime, data)


def _on_the_web(src: str) -> bool:
    return src.startswith(("http://", "https://"))


def _offline_bytes(src: str, document: Document) -> bytes | None:
    if src in document.resources:
        return document.resources[src]
    if src.startswith("data:"):
        return decode_data_url(src)
    return None


def decode_data_url(url: str) -> bytes | None:
    """The bytes of a `data:` URL, or None when it is malformed."""
    header, comma, payload = url.partition(",")
    if not comma:
        return None
    try:
        if header.lower().endswith(";base64"):
            return base64.b64decode(payload.strip(), validate=False)
        return unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None


def resolve_pending(html: str, pending: PendingImage, image: StoredImage | None) -> str:
    """`html` with a pending image pointed at its stored copy, or left out when it turned out gone."""
    return rewrite_images(html, {pending.reference: image.reference if image else None}, keep_others=True)


def rewrite_images(html: str, replacements: dict[str, str | None], *, keep_others: bool = False) -> str:
    """`html` with each `<img src>` in `replacements` pointed at its new source, or removed when None.

    Other images are removed too (the importer was not told of them, or could not
    read them), unless `keep_others`.
    """
    import lxml.html

    if not html.strip():
        return html
    # huge_tree: an inline image is one attribute of many megabytes, past libxml2's usual limit.
    parser = lxml.html.HTMLParser(huge_tree=True)
    container = lxml.html.fragment_fromstring(html, create_parent="div", parser=parser)
    for img in list(container.iter("img")):
        src = img.get("src", "")
        if src not in replacements:
            if not src and not keep_others:
                img.drop_tree()
            continue
        new = replacements[src]
        if new is None:
            img.drop_tree()
        else:
            img.set("src", new)
            for attribute in ("srcset", "sizes"):
                img.attrib.pop(attribute, None)
    head = escape(container.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode") for child in container)
