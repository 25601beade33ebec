"""Article bodies made valid XHTML 5 for an EPUB: what browsers forgive, epubcheck does not."""

from __future__ import annotations

import re
from collections.abc import Collection

from lxml.html import HtmlElement

from library.extract.output import ALLOWED_TAGS
from library.extract.tags import BLOCK_TAGS

# Elements that may hold only phrasing content: a block inside one becomes a <span>.
PHRASING_ONLY = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "span",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "sub",
        "sup",
        "code",
        "small",
    ]
)
_TABLE_PARTS = frozenset(["caption", "colgroup", "thead", "tbody", "tfoot", "tr"])
# The attributes the sanitiser lets through (library/extract/output.py), and the `class` and
# `lang` of our own headers: stored bodies hold no others, but a body typed by another program may.
_ATTRIBUTES = frozenset(
    [
        "id",
        "dir",
        "lang",
        "class",
        "href",
        "title",
        "name",
        "src",
        "alt",
        "width",
        "height",
        "colspan",
        "rowspan",
        "start",
    ]
)


def make_valid(container: HtmlElement) -> None:
    """Repair, in place, the content models and attributes XHTML requires and HTML parsers let by."""
    _fix_attributes(container)
    for element in list(container.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag in PHRASING_ONLY:
            for inner in element.iterdescendants():
                if isinstance(inner.tag, str) and inner.tag in BLOCK_TAGS:
                    inner.tag = "span"
                    inner.attrib.pop("colspan", None)
                    inner.attrib.pop("rowspan", None)
                    inner.attrib.pop("start", None)
    for element in list(container.iter()):
        tag = element.tag
        if tag in ("ul", "ol"):
            _wrap_strays(element, {"li"}, "li")
        elif tag == "dl":
            _wrap_strays(element, {"dt", "dd"}, "dd")
            _fix_definition_list(element)
        elif tag == "table":
            _wrap_strays(element, _TABLE_PARTS, "tr", cell_wrap=True)
        elif tag in ("thead", "tbody", "tfoot"):
            _wrap_strays(element, {"tr"}, "tr", cell_wrap=True)
        elif tag == "tr":
            _wrap_strays(element, {"td", "th"}, "td")


def _fix_definition_list(dl: HtmlElement) -> None:
    """A list XHTML accepts only as groups of terms then definitions; any other becomes plain blocks."""
    shape = "".join("t" if child.tag == "dt" else "d" for child in dl)
    if re.fullmatch(r"(?:t+d+)+", shape):
        return
    dl.tag = "div"
    for child in dl:
        child.tag = "p" if child.tag == "dt" else "div"


def _fix_attributes(container: HtmlElement) -> None:
    seen: set[str] = set()
    anchors: list[HtmlElement] = []
    for element in container.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in ALLOWED_TAGS:
            # Not an element the sanitiser keeps (markup typed as text by some other program).
            element.tag = "span"
        for attribute in [name for name in element.attrib if name not in _ATTRIBUTES]:
            del element.attrib[attribute]
        name = element.attrib.pop("name", None)
        if element.tag == "a" and name and "id" not in element.attrib:
            element.set("id", name)
        element_id = element.get("id")
        if element_id is not None:
            # XML ids must be unique and must not start with a digit or hold spaces.
            fixed = "".join(c if c.isalnum() or c in "-_." else "_" for c in element_id)
            fixed = fixed if fixed[:1].isalpha() else f"id-{fixed}"
            if fixed in seen:
                del element.attrib["id"]
            else:
                seen.add(fixed)
                element.set("id", fixed)
        if element.tag == "img" and "alt" not in element.attrib:
            element.set("alt", "")
        if element.tag == "a":
            href = element.get("href", "")
            if href.startswith("#"):
                target = href[1:]
                fixed = "".join(c if c.isalnum() or c in "-_." else "_" for c in target)
                element.set("href", "#" + (fixed if fixed[:1].isalpha() else f"id-{fixed}"))
                anchors.append(element)
    for anchor in anchors:
        # A link to a place the chapter does not have (a footnote left out) goes nowhere: text only.
        if anchor.get("href", "")[1:] not in seen:
            del anchor.attrib["href"]


def _wrap_strays(
    parent: HtmlElement, allowed: Collection[str], wrapper: str, *, cell_wrap: bool = False
) -> None:
    """Put children and text a container may not hold directly into `wrapper` elements of their own."""
    if (parent.text or "").strip():
        holder = parent.makeelement(wrapper, {})
        _fill(holder, text=parent.text, cell=cell_wrap)
        parent.insert(0, holder)
    parent.text = None
    for child in list(parent):
        if not isinstance(child.tag, str):
            parent.remove(child)  # a comment or processing instruction: nothing to read
            continue
        tail, child.tail = child.tail, None
        if child.tag not in allowed:
            holder = parent.makeelement(wrapper, {})
            parent.replace(child, holder)
            _fill(holder, element=child, cell=cell_wrap)
            child = holder
        if tail and tail.strip():
            holder = parent.makeelement(wrapper, {})
            _fill(holder, text=tail, cell=cell_wrap)
            child.addnext(holder)


def _fill(
    holder: HtmlElement, *, text: str | None = None, element: HtmlElement | None = None, cell: bool
) -> None:
    """Put `text` or `element` into `holder`, inside a <td> when `holder` is a table row."""
    inner = holder
    if cell and holder.tag == "tr":
        inner = holder.makeelement("td", {})
        holder.append(inner)
    if text is not None:
        inner.text = text
    if element is not None:
        inner.append(element)
