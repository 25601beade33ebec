"""Small operations on lxml trees that every cleaning step uses: remove, unwrap, measure text and links."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml.html import HtmlElement

from library.extract.tags import BLOCK_TAGS


def drop(el: HtmlElement) -> None:
    """Remove `el` and its content but keep the text that follows it (lxml keeps it in `tail`)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def unwrap(el: HtmlElement) -> None:
    """Replace `el` by its content (children and text), keeping its tail."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    text, tail = el.text or "", el.tail or ""
    children = list(el)
    if index > 0:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    if children:
        last = children[-1]
        last.tail = (last.tail or "") + tail
    else:
        if index > 0:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent[index : index + 1] = children


def text_of(el: HtmlElement) -> str:
    """The text of `el` with whitespace runs collapsed."""
    return " ".join(el.text_content().split())


def link_density(el: HtmlElement) -> float:
    """Share of the text of `el` that sits inside links."""
    total = len(text_of(el))
    if not total:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return linked / total


def has_ancestor(el: HtmlElement, tags: Iterable[str]) -> bool:
    """True when an element above `el` has one of `tags`."""
    wanted = set(tags)
    parent = el.getparent()
    while parent is not None:
        if parent.tag in wanted:
            return True
        parent = parent.getparent()
    return False


def leaf_blocks(container: HtmlElement) -> Iterator[HtmlElement]:
    """Block elements with text of their own and no block inside: the paragraphs of the fragment."""
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str) or el.tag not in BLOCK_TAGS or el.getparent() is None:
            continue
        if any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el):
            continue
        yield el


def block_ancestor(el: HtmlElement, stop: HtmlElement) -> HtmlElement | None:
    """The nearest block element above `el`, below `stop`; None when there is none."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in BLOCK_TAGS:
            return parent
        parent = parent.getparent()
    return None
