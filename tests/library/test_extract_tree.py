"""The tree helpers every cleaning step uses: each one-walk helper agrees with the slow rule it replaces."""

from __future__ import annotations

import random

import lxml.html
from lxml.html import HtmlElement

from library.extract.tags import BLOCK_TAGS
from library.extract.tree import (
    drop,
    drop_empty,
    holds_only,
    in_reverse_order,
    leaf_blocks,
    text_of,
)

# Tags the generated trees are made of: blocks, inline elements and the ones that fill a box.
_TAGS = ("div", "p", "section", "li", "span", "b", "a", "img", "br", "td")
_WORDS = ("", "", " ", "\n  ", "word", " two words ", "\u00a0")


def _random_tree(seed: int, size: int = 60) -> HtmlElement:
    """A tree of nested elements with text, tails, whitespace and images, the same for each seed."""
    rng = random.Random(seed)
    root: HtmlElement = lxml.html.fragment_fromstring("<div></div>")
    nodes = [root]
    for _ in range(size):
        parent = rng.choice([n for n in nodes if n.tag not in ("img", "br")])
        child = parent.makeelement(rng.choice(_TAGS))
        child.text = rng.choice(_WORDS) or None
        child.tail = rng.choice(_WORDS) or None
        parent.append(child)
        nodes.append(child)
    return root


def _markup(el: HtmlElement) -> str:
    return lxml.html.tostring(el, encoding="unicode")


def _drop_empty_by_searching(container: HtmlElement, filling: tuple[str, ...]) -> None:
    """The rule `drop_empty` replaces: every element searched for text and filling, innermost first."""
    for el in reversed(list(container.iterdescendants())):
        if el.tag == "td":
            continue
        if any(el.find(f".//{tag}") is not None for tag in filling) or el.text_content().strip():
            continue
        if el.tag not in filling:
            drop(el)


def test_drop_empty_removes_boxes_that_hold_nothing_and_keeps_text_and_pictures() -> None:
    container = lxml.html.fragment_fromstring(
        "<div><p> </p><p><span><b></b></span>kept words</p><figure><a href='x'><img src='a.jpg'></a>"
        "</figure><section><div> <br> </div></section><td></td><div><i></i></div>after</div>"
    )
    drop_empty(container, lambda el: el.tag != "td", ("img",))
    assert _markup(container) == (
        '<div><p>kept words</p><figure><a href="x"><img src="a.jpg"></a></figure><td></td>after</div>'
    )


def test_drop_empty_agrees_with_searching_every_element() -> None:
    for seed in range(200):
        for filling in (("img",), ("img", "br")):
            walked, searched = _random_tree(seed), _random_tree(seed)
            drop_empty(walked, lambda el: el.tag != "td", filling)
            _drop_empty_by_searching(searched, filling)
            assert _markup(walked) == _markup(searched), (seed, filling)


def test_holds_only_agrees_with_comparing_texts() -> None:
    for seed in range(100):
        root = _random_tree(seed)
        for parent in root.iter():
            for child in parent:
                assert holds_only(parent, child) == (text_of(parent) == text_of(child)), seed


def test_leaf_blocks_are_the_blocks_without_a_block_inside_even_as_the_caller_removes_them() -> None:
    for seed in range(100):
        given, expected = [], []
        for_walk, for_rule = _random_tree(seed), _random_tree(seed)
        for el in leaf_blocks(for_walk):
            given.append(_markup(el))
            drop(el.getparent() if seed % 2 and el.getparent() is not for_walk else el)
        for el in list(for_rule.iterdescendants()):
            if el.getparent() is None or el.tag not in BLOCK_TAGS:
                continue
            if any(child.tag in BLOCK_TAGS for child in el):
                continue
            expected.append(_markup(el))
            drop(el.getparent() if seed % 2 and el.getparent() is not for_rule else el)
        assert given == expected, seed


def test_in_reverse_order_is_document_order_backwards() -> None:
    for seed in range(50):
        root = _random_tree(seed)
        assert list(in_reverse_order(root)) == list(reversed(list(root.iter())))


# What lines begin with: marks, quotes, odd spaces and lead-in phrases ("» Lesen Sie", "- Read more").
_STARTS = ("", " » Lesen Sie", "- Read", "Read more ", "“Quoted”  words", "\u00a0 Mehr", "’Tis so", "•")


def test_the_first_word_read_from_own_text_is_the_first_word_of_the_whole_text() -> None:
    from library.extract.boilerplate import _first_word
    from library.extract.phrases import normalised

    seen = 0
    for seed in range(100):
        rng = random.Random(seed)
        root = _random_tree(seed)
        for el in root.iter():
            el.text = rng.choice(_STARTS) + (el.text or "")
            first = _first_word(el)
            if first is not None:
                seen += 1
                assert first == normalised(text_of(el)).split()[0], seed
    assert seen > 100
