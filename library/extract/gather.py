"""Which blocks around the best candidate belong to the article: its siblings, split parts and lead."""

from __future__ import annotations

import copy
import re

from lxml.html import HtmlElement

from library.extract import boilerplate, header, hints
from library.extract.measures import AGREEMENT, PageStats, Ranking, agreement, ancestors
from library.extract.tags import HEADING_TAGS, INLINE_TAGS

_SENTENCE_END = re.compile(r"[.!?。！？]['\"”’)]?(\s|$)")


def gather(
    stats: PageStats,
    ranking: Ranking,
    top_el: HtmlElement,
    skipped: list[bool],
    hidden: list[bool],
    reference: set[str] | None = None,
) -> HtmlElement:
    """A new `<div>` with copies of the top element and the siblings that belong to the article.

    Siblings marked in `skipped` (hidden, or furniture in a strict attempt) never
    join; with a `reference` (the articleBody's words), neither do siblings whose
    words are mostly not the article's.
    """
    # Made by the page's own document, so it keeps the page parser's fast element lookup.
    container: HtmlElement = top_el.makeelement("div")
    top = stats.index[top_el]
    p = stats.parent[top]
    if p < 0 or stats.elements[p].tag == "html":
        container.append(detached_copy(top_el))
        return container
    # A sibling counts by the best candidate inside it: an article split into several wrappers
    # has its paragraphs too deep below the wrapper for the wrapper itself to score.
    best_inside = _best_inside(stats, ranking)
    top_score = best_inside[top]
    threshold = max(10.0, top_score * 0.2)
    top, p = _widen_to_split_parts(stats, best_inside, top, threshold)
    top_el = stats.elements[top]
    top_class = top_el.get("class") or ""
    taken: list[int] = []
    for sibling in stats.elements[p]:
        if not isinstance(sibling.tag, str):
            continue
        if sibling is top_el:
            taken.append(top)
            continue
        i = stats.index.get(sibling)
        if i is None:
            continue
        if skipped[i]:
            continue
        if stats.link_density(i) > 0.5:
            continue  # a box of links (more stories, a menu) beside the article
        if top_class and sibling.get("class") == top_class:
            # A wrapper like the top one: the next part of an article split into several boxes.
            score = best_inside[i] * (1.0 - stats.link_density(i)) + top_score * 0.2
        else:
            score = ranking.final.get(i, 0.0)
        if not (score >= threshold or _reads_like_paragraph(stats, i)):
            continue
        if reference and agreement(sibling, reference)[1] < AGREEMENT:
            continue
        taken.append(i)
    for i in lead_before(stats, taken[0], sum(stats.text[i] for i in taken), hidden):
        container.append(detached_copy(stats.elements[i]))
    for i in taken:
        container.append(detached_copy(stats.elements[i]))
    return container


# The article's wrapper (header, lead, body) adds at most this much text to the region found.
WRAPPER_EXTRA_CHARS = 1000
WRAPPER_EXTRA_SHARE = 0.3
# A lead is a paragraph of prose: this long, with few links, and all of the leads together
# no longer than this.
LEAD_MIN_CHARS = 40
LEAD_MAX_CHARS = 1500
LEAD_MAX_LINK_DENSITY = 0.3


def lead_before(stats: PageStats, first: int, region_chars: int, hidden: list[bool]) -> list[int]:
    """Prose between the headline and the region found: the lead or teaser in a box of its own.

    News sites put the standfirst in the article's header or an intro box beside the
    body, so the body scores best and the lead is its cousin. The article's wrapper is
    the widest ancestor that adds little text to the region; in it, the prose blocks
    that come before the region (after its `<h1>`, when it has one) are the lead.
    """
    elements, parent = stats.elements, stats.parent
    limit = region_chars + max(WRAPPER_EXTRA_CHARS, WRAPPER_EXTRA_SHARE * region_chars)
    wrapper = parent[first]
    while (
        wrapper >= 0
        and parent[wrapper] >= 0
        and elements[parent[wrapper]].tag not in ("body", "html")
        and stats.text[parent[wrapper]] <= limit
    ):
        wrapper = parent[wrapper]
    if wrapper < 0 or elements[wrapper].tag in ("body", "html"):
        return []
    around_region = set(ancestors(stats, first))
    start = wrapper + 1
    for i in range(wrapper + 1, first):
        if elements[i].tag == "h1":
            start = i + 1
    # Without a headline to start from, the lead must be the block right before the region (at
    # some level): prose further up is as likely a column beside the article.
    adjacent = None if start > wrapper + 1 else _boxes_right_before(stats, first, wrapper)
    leads: list[int] = []
    total = 0
    for i in range(start, first):
        if i in around_region or hidden[i] or stats.flow[i] < LEAD_MIN_CHARS:
            continue
        el = elements[i]
        if el.tag in INLINE_TAGS or el.tag in HEADING_TAGS or el.tag in _NOT_LEAD_TAGS:
            continue
        if stats.link_density(i) > LEAD_MAX_LINK_DENSITY:
            continue
        above = ancestors(stats, i)
        if any(j in leads for j in above):
            continue
        if adjacent is not None and i not in adjacent and adjacent.isdisjoint(above):
            continue
        # Captions, credits, bylines, share bars and link cards are not the lead, whatever they say.
        # (The boxes around it that do not hold the region too: a sidebar's cell, a teaser card.)
        boxes = [i, *(j for j in above if j > wrapper and j not in around_region)]
        if any(_furniture_box(elements[j]) for j in boxes):
            continue
        text = " ".join(el.text_content().split())
        if (
            "©" in text
            or header.is_dateline(text)
            or header.is_byline(text)
            or boilerplate.matching_rule(text)
        ):
            continue
        total += stats.text[i]
        if total > LEAD_MAX_CHARS:
            break
        leads.append(i)
    return leads


def _boxes_right_before(stats: PageStats, first: int, wrapper: int) -> set[int]:
    """The element with text right before `first`, and right before each of its ancestors below `wrapper`."""
    boxes: set[int] = set()
    node = first
    while node > wrapper and node >= 0:
        for sibling in stats.elements[node].itersiblings(preceding=True):
            j = stats.index.get(sibling)
            if j is None or _between_lead_and_body(sibling):
                continue
            # Its own text, furniture included (the measures leave furniture out in strict attempts).
            if sibling.text_content().strip():
                boxes.add(j)
                break
        node = stats.parent[node]
    return boxes


# What may stand between a lead and the body: a picture, a share bar, a label of a few words.
BETWEEN_MAX_CHARS = 15


def _between_lead_and_body(el: HtmlElement) -> bool:
    if el.tag in ("figure", "picture", "img", "hr", "br") or hints.has_hint(el, hints.SHARE_HINT):
        return True
    return len(el.text_content().strip()) <= BETWEEN_MAX_CHARS


_NOT_LEAD_TAGS = frozenset({"li", "td", "th", "dt", "dd", "caption", "address", "time"})
_NOT_LEAD_BOXES = frozenset(
    {"a", "figure", "figcaption", "picture", "nav", "aside", "footer", "form", "li", "td", "th", "table"}
)


def _furniture_box(el: HtmlElement) -> bool:
    """A box whose name says date, quote, caption, byline, meta, share or the like (and not lead or intro)."""
    if el.tag in _NOT_LEAD_BOXES or hints.has_hint(el, hints.NOT_LEAD_HINT):
        return True
    role = el.get("role")
    if role and role.lower() in hints.UNLIKELY_ROLES:
        return True
    if hints.has_hint(el, hints.UNLIKELY_BESIDE_LEAD_HINT) and not hints.has_hint(el, hints.MAYBE_HINT):
        return True
    return hints.has_hint(el, hints.NEGATIVE_HINT) and not hints.has_hint(el, hints.LEAD_HINT)


# The top element is its wrapper's content when it holds this share of the wrapper's text.
WRAPPER_SHARE = 0.8


def _widen_to_split_parts(
    stats: PageStats, best_inside: list[float], top: int, threshold: float
) -> tuple[int, int]:
    """The wrapper to gather from (and its parent) when the article's parts sit in look-alike wrappers.

    nytimes.com puts each part of a story in its own `story-body-supplemental`
    box, each beside an aside: the best part's siblings are asides, its cousins
    are the rest of the story. When the top element is nearly all of its
    wrapper, and the wrapper has a sibling of the same class with a good
    candidate inside, the wrapper is what to gather siblings for.
    """
    parent = stats.parent
    while True:
        p = parent[top]
        if p < 0 or parent[p] < 0 or stats.elements[p].tag in ("body", "html"):
            return top, p
        wrapper = stats.elements[p]
        wrapper_class = wrapper.get("class")
        if not wrapper_class or stats.text[top] < WRAPPER_SHARE * stats.text[p]:
            return top, p
        twins = [
            stats.index[sibling]
            for sibling in (*wrapper.itersiblings(preceding=True), *wrapper.itersiblings())
            if sibling.get("class") == wrapper_class and sibling in stats.index
        ]
        if not any(best_inside[i] * (1.0 - stats.link_density(i)) >= threshold for i in twins):
            return top, p
        top = p


def _best_inside(stats: PageStats, ranking: Ranking) -> list[float]:
    """For every element, the best final score of itself or any candidate inside it."""
    best = [0.0] * len(stats.elements)
    for j, score in ranking.final.items():
        best[j] = score
    for i in range(len(best) - 1, 0, -1):
        p = stats.parent[i]
        if p >= 0 and best[i] > best[p]:
            best[p] = best[i]
    return best


def _reads_like_paragraph(stats: PageStats, i: int) -> bool:
    """Readability's test for a loose sibling paragraph: long with few links, or a short whole sentence."""
    el = stats.elements[i]
    if el.tag != "p" and (el.tag not in ("div", "section") or stats.has_block_child[i]):
        return False
    chars = stats.text[i]
    density = stats.link_density(i)
    if chars > 80:
        return density < 0.25
    return chars > 0 and density == 0 and bool(_SENTENCE_END.search(el.text_content()))


def detached_copy(el: HtmlElement) -> HtmlElement:
    twin: HtmlElement = copy.deepcopy(el)
    twin.tail = None
    return twin
