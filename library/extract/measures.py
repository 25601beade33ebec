"""Text measures of every element of a page, in one linear pass, and the scores candidates get from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from library.extract.tags import INLINE_TAGS

_WIDE_COMMAS = re.compile(r"[\u060c\u3001\uff0c\ufe50\ufe51\ufe10\ufe11\u2e41\u2e34\u2e32]")
WORD = re.compile(r"\w{3,}")
# A region agrees with the page's JSON-LD articleBody when it holds this share of its words.
AGREEMENT = 0.6


def text_length(text: str | None) -> int:
    """Characters of `text` once whitespace runs count as one space and the ends are trimmed."""
    if not text or text.isspace():
        return 0
    return len(" ".join(text.split()))


def comma_count(text: str) -> int:
    """Commas in `text`, in the scripts that write them differently too."""
    count = text.count(",")
    # The other scripts' commas all lie above U+060C: most text holds no character that high.
    if text.isascii() or max(text) < "\u060c":
        return count
    return count + len(_WIDE_COMMAS.findall(text))


@dataclass
class PageStats:
    """Text measures for every element of a tree, indexed in document order, in one linear pass."""

    elements: list[HtmlElement]
    index: dict[HtmlElement, int]
    parent: list[int]
    text: list[int] = field(default_factory=list)
    links: list[float] = field(default_factory=list)
    flow: list[int] = field(default_factory=list)
    flow_commas: list[int] = field(default_factory=list)
    has_block_child: list[bool] = field(default_factory=list)

    def link_density(self, i: int) -> float:
        """Share of element `i`'s text that sits inside links."""
        return self.links[i] / self.text[i] if self.text[i] else 0.0


@dataclass
class OwnText:
    """What each element itself holds, read once from the tree: its text and tail, their commas, its links."""

    text: list[int]
    tail: list[int]
    text_commas: list[int]
    tail_commas: list[int]
    # 1 for a link, 0.3 for an in-page anchor (footnotes, tables of contents), 0 for the rest.
    link_weight: list[float]
    inline: list[bool]


def read_own_text(elements: list[HtmlElement]) -> OwnText:
    """The own text of every element, in one walk: the measures of every attempt are sums of these."""
    count = len(elements)
    text, tail = [0] * count, [0] * count
    text_commas, tail_commas = [0] * count, [0] * count
    link_weight = [0.0] * count
    inline = [False] * count
    for i, el in enumerate(elements):
        own = el.text
        if own and not own.isspace():
            text[i] = len(" ".join(own.split()))
            text_commas[i] = comma_count(own)
        after = el.tail
        if after and not after.isspace():
            tail[i] = len(" ".join(after.split()))
            tail_commas[i] = comma_count(after)
        tag = el.tag
        if tag == "a":
            link_weight[i] = 0.3 if (el.get("href") or "").startswith("#") else 1.0
        inline[i] = tag in INLINE_TAGS
    return OwnText(text, tail, text_commas, tail_commas, link_weight, inline)


def measure(
    elements: list[HtmlElement],
    index: dict[HtmlElement, int],
    parent: list[int],
    skipped: list[bool] | None,
    own: OwnText | None = None,
) -> PageStats:
    """Text length, link text, running ("flow") text and commas of every element, in one pass.

    `elements` are in document order, `parent[i]` is the index of element i's
    parent (-1 for the root). Flow text is the text of an element that is not
    inside one of its block descendants: a `<p>`'s words, or the loose words of
    a `<div>` that holds text directly, as many pages write paragraphs.
    Elements marked in `skipped` (furniture the scoring ignores) add nothing to
    their ancestors' measures. `own` is the elements' own text when it was read already.
    """
    if own is None:
        own = read_own_text(elements)
    count = len(elements)
    stats = PageStats(elements, index, parent)
    text = own.text.copy()
    flow = own.text.copy()
    commas = own.text_commas.copy()
    links = [0.0] * count
    block_child = [False] * count
    tail, tail_commas, link_weight, inline = own.tail, own.tail_commas, own.link_weight, own.inline
    # Children come after their parent in document order: walking backwards, every element is
    # complete when it is added to its parent.
    for i in range(count - 1, -1, -1):
        if link_weight[i]:
            links[i] = text[i] * link_weight[i]
        p = parent[i]
        if p < 0:
            continue
        n = tail[i]
        if n:
            text[p] += n
            flow[p] += n
            commas[p] += tail_commas[i]
        if skipped is not None and skipped[i]:
            continue
        text[p] += text[i]
        links[p] += links[i]
        if inline[i]:
            flow[p] += flow[i]
            commas[p] += commas[i]
        else:
            block_child[p] = True
    stats.text, stats.links, stats.flow = text, links, flow
    stats.flow_commas, stats.has_block_child = commas, block_child
    return stats


@dataclass
class Ranking:
    """Candidate scores of one attempt, by element index: paragraph points damped by link density."""

    final: dict[int, float]


def agreement(el: HtmlElement, reference: set[str]) -> tuple[float, float]:
    """Share of the reference's words found in `el`, and share of `el`'s words in the reference."""
    words = set(WORD.findall(el.text_content().lower()))
    if not words:
        return 0.0, 0.0
    common = len(words & reference)
    return common / len(reference), common / len(words)


def ancestors(stats: PageStats, i: int) -> list[int]:
    """Indexes of the ancestors of element `i`, nearest first."""
    chain = []
    j = stats.parent[i]
    while j >= 0:
        chain.append(j)
        j = stats.parent[j]
    return chain
