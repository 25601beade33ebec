"""The context of a passage that another reader recorded as a DOM range (Annotator's, which wallabag uses).

Annotator keeps where a highlight is as XPaths from the article's root to the start
and end elements ("/p[3]", "/div[1]/ul[1]/li[2]") and character offsets into their
text. Our article is cleaned again on import, so those paths do not fit it; the text
around the range in the service's own HTML does, as the quote's prefix and suffix,
and tells which of several places with the same words was meant.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring
from rapidfuzz import fuzz

from library.highlights.anchor import CONTEXT_CHARACTERS, folded

_STEP = re.compile(r"/([a-zA-Z][a-zA-Z0-9]*)(?:\[(\d+)\])?")
_SPACES = re.compile(r"\s+")
# How alike the text at the range and the recorded quote must be for the range to be believed.
_QUOTE_AGREEMENT = 90.0
# At most this many elements of the service's page around the article's own.
_MAX_WRAPPERS = 2


def context_from_ranges(html: str, ranges: object, quote: str) -> tuple[str, str]:
    """The text just before and after the first of `ranges` in `html`; empty when it cannot be found.

    A range is believed only where the text it spans is the quote: a path into
    another version of the page gives no context rather than a wrong one.
    """
    if not isinstance(ranges, list) or not ranges or not isinstance(ranges[0], dict):
        return "", ""
    first = ranges[0]
    try:
        root = fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return "", ""
    text, starts = _text_with_element_offsets(root)
    # The service's root may wrap the article in elements of its own: try the paths as
    # they are, then without their first steps.
    for skip in range(_MAX_WRAPPERS + 1):
        start = _position(root, starts, first.get("start"), first.get("startOffset"), skip)
        end = _position(root, starts, first.get("end"), first.get("endOffset"), skip)
        if start is None or end is None or not start < end <= len(text):
            continue
        if fuzz.ratio(folded(text[start:end]), folded(quote)) < _QUOTE_AGREEMENT:
            continue
        before = _SPACES.sub(" ", text[max(0, start - 4 * CONTEXT_CHARACTERS) : start])
        after = _SPACES.sub(" ", text[end : end + 4 * CONTEXT_CHARACTERS])
        return before[-CONTEXT_CHARACTERS:], after[:CONTEXT_CHARACTERS]
    return "", ""


def _text_with_element_offsets(root: HtmlElement) -> tuple[str, dict[HtmlElement, int]]:
    """The text of `root` as a browser's textContent has it, and where each element's text starts."""
    pieces: list[str] = []
    starts: dict[HtmlElement, int] = {}
    length = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            starts[element] = length
            if isinstance(element.tag, str) and element.text:
                pieces.append(element.text)
                length += len(element.text)
        elif element is not root and element.tail:
            pieces.append(element.tail)
            length += len(element.tail)
    return "".join(pieces), starts


def _position(
    root: HtmlElement, starts: dict[HtmlElement, int], path: object, offset: object, skip: int
) -> int | None:
    """The offset in root's text of `offset` characters into the element at `path` (less `skip` steps)."""
    if not isinstance(path, str):
        return None
    try:
        characters = int(str(offset))
    except ValueError:
        return None
    steps = _STEP.findall(path)
    if not steps or "".join(f"/{tag}" + (f"[{n}]" if n else "") for tag, n in steps) != path.rstrip("/"):
        return None
    element = _follow(root, steps[skip:]) if skip < len(steps) else None
    return None if element is None else starts[element] + characters


def _follow(root: HtmlElement, steps: list[tuple[str, str]]) -> HtmlElement | None:
    element = root
    for tag, number in steps:
        children = [child for child in element if isinstance(child.tag, str) and child.tag == tag.lower()]
        index = int(number or 1) - 1
        if not 0 <= index < len(children):
            return None
        element = children[index]
    return element
