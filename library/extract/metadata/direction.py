"""The text direction of the article: the `dir` declared around most of its paragraphs."""

from __future__ import annotations

import lxml.html
from lxml import etree

from library.extract.metadata.text import xpath_elements, xpath_number

# The nearest dir= around each paragraph. (Attribute tests over every element are slow in libxml2;
# walking up from the paragraphs is not.)
_PARAGRAPH_DIRECTIONS = etree.XPath("/descendant::p/ancestor-or-self::*[@dir][1]")
_PARAGRAPH_COUNT = etree.XPath("count(.//p)")


def text_direction(root: lxml.html.HtmlElement) -> str | None:
    """`rtl`/`ltr` as declared by the nearest `dir` around most of the page's paragraphs."""
    holders = [(e, (e.get("dir") or "").strip().lower()) for e in xpath_elements(_PARAGRAPH_DIRECTIONS, root)]
    holders = [(element, value) for element, value in holders if value in {"rtl", "ltr"}]
    if not holders:
        # No paragraphs (or none inside a dir=): the document's own declaration decides.
        body = root.find("body")
        for element in (root, body):
            value = (element.get("dir") or "").strip().lower() if element is not None else ""
            if value in {"rtl", "ltr"}:
                return value
        return None
    if len(holders) == 1:
        return holders[0][1]
    # Several: the one nearest to the most paragraphs speaks for the article.
    counts = [(xpath_number(_PARAGRAPH_COUNT, element), value) for element, value in holders]
    return max(counts, key=lambda pair: pair[0])[1]
