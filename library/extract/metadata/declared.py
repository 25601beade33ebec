"""What `<meta>` elements and microdata (`itemprop`) declare, by normalised key."""

from __future__ import annotations

import functools
import re

import lxml.html
from lxml import etree

from library.extract.metadata.bylines import valid_byline
from library.extract.metadata.text import (
    ITEMPROP_NAME,
    clean_text,
    element_text,
    xpath_elements,
    xpath_strings,
)

# Attribute values come back as strings that know their element: far cheaper than testing every element.
_ITEMPROP_VALUES = etree.XPath("/descendant::*/@itemprop")


class MetaValues:
    """`<meta>` contents by normalised key ("og:title", "dc:creator", "author").

    `property` (RDFa: OpenGraph, Dublin Core) outranks `name` for the same key;
    otherwise values keep page order.
    """

    def __init__(self, metas: list[lxml.html.HtmlElement]) -> None:
        by_property: dict[str, list[str]] = {}
        by_name: dict[str, list[str]] = {}
        for meta in metas:
            content = clean_text(meta.get("content"))
            if not content:
                continue
            for token in (meta.get("property") or "").split():
                by_property.setdefault(_meta_key(token), []).append(content)
            for attribute in ("name", "itemprop", "http-equiv"):
                name = meta.get(attribute)
                if name and name.strip():
                    by_name.setdefault(_meta_key(name), []).append(content)
        for key, values in by_name.items():
            by_property.setdefault(key, values)
        self.values = by_property

    def get(self, key: str) -> str | None:
        """The first value for `key`."""
        values = self.values.get(key)
        return values[0] if values else None

    def first_matching(self, pattern: re.Pattern[str]) -> str | None:
        """The first value whose key matches `pattern`, for the many spellings of one idea."""
        return next((values[0] for key, values in self.values.items() if pattern.search(key)), None)

    def names(self, key: str) -> str | None:
        """Every distinct value for `key`, for pages that name each author in its own `<meta>`."""
        names = [name for name in dict.fromkeys(self.values.get(key, ())) if valid_byline(name)]
        if not names:
            return None
        # "Kooman, F." and "Jong, Michiel de": names written surname first already contain commas.
        return ("; " if any("," in name for name in names) else ", ").join(names)


@functools.lru_cache(maxsize=1024)
def _meta_key(name: str) -> str:
    key = "".join(name.split()).lower().replace(".", ":")
    # DC.creator, dc:creator, dcterm:creator and dcterms.creator are one vocabulary.
    if key.startswith("dcterm:"):
        return "dcterms:" + key[len("dcterm:") :]
    return key


def read_microdata(root: lxml.html.HtmlElement) -> dict[str, str]:
    """Microdata properties of interest (lower-case names) and their first value."""
    wanted = {"headline", "author", "datepublished", "datemodified", "articlesection", "image", "publisher"}
    found: dict[str, str] = {}
    for itemprop in xpath_strings(_ITEMPROP_VALUES, root):
        element = itemprop.getparent()
        if element is None:
            continue
        for name in str(itemprop).lower().split():
            if name not in wanted or name in found:
                continue
            value = _microdata_value(element, name)
            if value:
                found[name] = value
    return found


def _microdata_value(element: lxml.html.HtmlElement, name: str) -> str | None:
    for attribute in ("content", "datetime"):
        if element.get(attribute):
            return clean_text(element.get(attribute))
    if name == "image":
        return (element.get("src") or element.get("href") or "").strip() or None
    if name in {"author", "publisher"}:
        # itemprop="author" wraps a Person; its itemprop="name" is the name without "By".
        named = xpath_elements(ITEMPROP_NAME, element)
        if named:
            return element_text(named[0])
    text = element_text(element)
    return text if text and len(text) <= 300 else None
