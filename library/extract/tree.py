"""Small operations on lxml trees that every cleaning step uses: remove, unwrap, measure text and links."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

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


def link_density(el: HtmlElement, chars: int | None = None) -> float:
    """Share of the text of `el` that sits inside links; `chars` is the length of its text, when known."""
    total = len(text_of(el)) if chars is None else chars
    if not total:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return linked / total


def has_text(text: str | None) -> bool:
    """True when `text` holds anything but whitespace."""
    return bool(text and not text.isspace())


def drop_empty(
    container: HtmlElement, droppable: Callable[[HtmlElement], bool], filling: Iterable[str]
) -> None:
    """Drop the elements `droppable` accepts that hold neither text nor an element tagged in `filling`.

    One walk, innermost first: what an element holds is known from its children,
    read just before, so no element's subtree is searched again for each of its
    ancestors. An emptied child takes nothing its parent needs with it (`drop`
    keeps its tail), so the parent's answer is the same as if measured afresh.
    """
    filled_tags = frozenset(filling)
    filled: set[HtmlElement] = set()
    for el in reversed(list(container.iterdescendants())):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        holds = tag in filled_tags or has_text(el.text)
        if not holds:
            for child in el:
                if child in filled or has_text(child.tail):
                    holds = True
                    break
        if holds:
            filled.add(el)
        elif droppable(el):
            drop(el)


def holds_only(parent: HtmlElement, child: HtmlElement) -> bool:
    """True when `child` is all the text of `parent`: whatever else `parent` holds is whitespace.

    The same as `text_of(parent) == text_of(child)` for a child of `parent`, without
    reading the text of `parent`: any other word in it would make its text longer.
    """
    if has_text(parent.text):
        return False
    for other in parent:
        if has_text(other.tail):
            return False
        if other is not child and isinstance(other.tag, str) and any(map(has_text, other.itertext())):
            return False
    return True


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
    """Block elements with text of their own and no block inside: the paragraphs of the fragment.

    The blocks are found in one walk before the first is given. A caller may remove a
    block it was given, or an element around it, and go on: those come before the
    blocks still to come, whose children no such removal touches.
    """
    elements = list(container.iterdescendants())
    # Parents of blocks: every block that is no leaf, found once rather than by asking each block.
    outer = {el.getparent() for el in elements if el.tag in BLOCK_TAGS}
    for el in elements:
        if el.tag not in BLOCK_TAGS or el in outer or el.getparent() is None:
            continue
        yield el


def in_reverse_order(root: HtmlElement) -> Iterator[HtmlElement]:
    """`root` and everything inside it, last in document order first, `root` last: read lazily,
    so a search for what ends the tree stops without walking all of it."""
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        node, opened = stack.pop()
        if opened:
            yield node
            continue
        stack.append((node, True))
        # The last child is taken first: its subtree, in reverse, comes before its siblings'.
        stack.extend((child, False) for child in node)


def block_ancestor(el: HtmlElement, stop: HtmlElement) -> HtmlElement | None:
    """The nearest block element above `el`, below `stop`; None when there is none."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in BLOCK_TAGS:
            return parent
        parent = parent.getparent()
    return None
