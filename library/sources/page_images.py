"""A saved page's images: kept within caps under the address the extractor will look each one up by."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, quote, urldefrag, urljoin, urlsplit

from library.htmlimages import LAZY_SRC_ATTRIBUTES, LAZY_SRCSET_ATTRIBUTES, srcset_candidates
from library.images import sniff_image_type

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger("reader.sources")

# A photo in an article is rarely over a few MB; a save holding hundreds of MB of images
# is not an article. Over either cap, images stay references for the importer to fetch.
MAX_IMAGE_BYTES = 16 * 1024 * 1024
MAX_RESOURCE_BYTES = 64 * 1024 * 1024

# Elements that show an image, and their attributes that hold one address: the extractor's
# lazy-loading attributes, and those of SVG images, video posters and image buttons.
IMAGE_ELEMENTS = ("img", "source", "image", "input", "video")
URL_ATTRIBUTES = frozenset({"src", *LAZY_SRC_ATTRIBUTES, "lowsrc", "poster", "href", "xlink:href"})
SRCSET_ATTRIBUTES = frozenset({"srcset", *LAZY_SRCSET_ATTRIBUTES})
# Unknown lazy loaders use attributes of their own; like the extractor, take any of an <img>
# whose value names an image file.
_IMAGE_ADDRESS = re.compile(
    r"^\s*\S+\.(?:jpe?g|png|webp|gif|avif|svg|bmp|ico)(?:[?#]\S*)?\s*$", re.IGNORECASE
)

# Characters a browser's URL parser leaves alone; others (spaces, non-ASCII) it percent-encodes.
_URL_SAFE = "%/:=&?~#+!$,;'@()*[]"

Resolver = Callable[[str], str | None]


def web_address(candidate: str | None) -> str | None:
    """`candidate` when it is an absolute http(s) address, else None."""
    if not candidate:
        return None
    candidate = "".join(candidate.split())
    parts = split_address(candidate)
    if parts is not None and parts.scheme.lower() in {"http", "https"} and parts.netloc:
        return candidate
    return None


def split_address(address: str) -> SplitResult | None:
    """`address` in its parts; None when it is malformed (an unclosed "[" of an IPv6 host, say)."""
    try:
        return urlsplit(address)
    except ValueError:
        return None


def join_address(base: str | None, reference: str) -> str | None:
    """`reference` resolved against `base`, or as written without one; None when either is malformed."""
    if not base:
        return reference
    try:
        return urljoin(base, reference)
    except ValueError:
        return None


@dataclass
class Resources:
    """Images gathered for one page, kept only while they fit the per-image and total caps."""

    images: dict[str, bytes] = field(default_factory=dict)
    total: int = 0
    # The bytes already kept, by identity: the same image under a second address counts once.
    _kept: set[int] = field(default_factory=set)

    def has_room(self, size: int) -> bool:
        return size <= MAX_IMAGE_BYTES and self.total + size <= MAX_RESOURCE_BYTES

    def add(self, key: str, data: bytes) -> bool:
        """Keep `data` under `key` when it is an image that fits; True when it is kept."""
        if key in self.images:
            return True
        if id(data) in self._kept:
            self.images[key] = data
            return True
        if sniff_image_type(data) is None:
            return False
        if not self.has_room(len(data)):
            log.info("%s: image left out (%d bytes, over the size cap)", key, len(data))
            return False
        self.images[key] = data
        self._kept.add(id(data))
        self.total += len(data)
        return True


def image_references(page: HtmlElement) -> Iterator[str]:
    """Every address the page's image elements hold, as written, each once, in document order.

    These are all the sources the extractor may choose for an image (src, srcset
    candidates, lazy loaders' attributes), read from the parsed page: markup inside
    comments, scripts or attribute values names no image.
    """
    seen: set[str] = set()
    for _, name, value in _reference_attributes(page):
        addresses = [url for url, _ in srcset_candidates(value)] if name in SRCSET_ATTRIBUTES else [value]
        for address in addresses:
            if address not in seen:
                seen.add(address)
                yield address


def keep_images(
    page: HtmlElement, url: str | None, resources: Resources, find: Callable[[str], bytes | None]
) -> None:
    """Keep each image `find` has for a reference of the page under the address the extractor computes.

    That address is the reference resolved against the page's <base> and `url` by the
    extractor's own `base_url_of` and `resolve_url`: the importer asks the resources for
    exactly it. Inline images are left to the importer, which decodes them itself.
    """
    from library.extract import base_url_of
    from library.extract.clean import resolve_url

    base = base_url_of(page, url)
    for reference in image_references(page):
        if reference.lstrip()[:5].lower() == "data:":
            continue
        image = find(reference)
        if image is not None:
            resources.add(resolve_url(reference, base), image)


def pointed_at(page: HtmlElement, resolve: Resolver) -> bool:
    """Replace each image reference `resolve` knows by what it returns, in the parsed page; True if any."""
    changed = False
    for element, name, value in _reference_attributes(page):
        if name in SRCSET_ATTRIBUTES:
            candidates = [(resolve(url), url, descriptor) for url, descriptor in srcset_candidates(value)]
            rewritten = value
            if any(new is not None for new, _, _ in candidates):
                rewritten = ", ".join(
                    f"{new or url} {descriptor}".strip() for new, url, descriptor in candidates
                )
        else:
            rewritten = resolve(value) or value
        if rewritten != value:
            element.set(name, rewritten)
            changed = True
    return changed


def _reference_attributes(page: HtmlElement) -> Iterator[tuple[HtmlElement, str, str]]:
    """(element, attribute, value) for each attribute of an image element that holds an address."""
    for element in page.iter(*IMAGE_ELEMENTS):
        for name, value in element.items():
            if not value.strip():
                continue  # a valueless attribute names nothing
            holds_address = name in URL_ATTRIBUTES or name in SRCSET_ATTRIBUTES
            if holds_address or (element.tag == "img" and _IMAGE_ADDRESS.match(value)):
                yield element, name, value


def url_resolver(base: str | None, resources: Resources) -> Resolver:
    """A resolver that finds a reference among resources keyed by absolute address."""
    by_address = {_normal_address(key): key for key in resources.images}

    def resolve(reference: str) -> str | None:
        reference = reference.strip()
        if not reference or reference.startswith("#"):
            return None
        target = join_address(base, reference)
        return None if target is None else by_address.get(_normal_address(target))

    return resolve


def _normal_address(address: str) -> str:
    """`address` percent-encoded as a browser would send it, so "a b.png" finds "a%20b.png"."""
    try:
        return quote(urldefrag(address).url, safe=_URL_SAFE)
    except ValueError:  # a malformed host, or text that is not Unicode (UnicodeError is a ValueError)
        return address


def base_href(page: HtmlElement) -> str | None:
    """The href of the page's first <base> that has one, as written (the one the extractor reads)."""
    base = page.find(".//base[@href]")
    return None if base is None else (base.get("href") or "").strip()
