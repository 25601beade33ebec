"""Find the article in a page: score blocks by text, commas and link density, then take the best region."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml.html import Element, HtmlElement

from library.extract import clean, hints
from library.extract.tags import HEADING_TAGS, INLINE_TAGS

# A block with less running text than this is a label, a caption or a button, not prose.
MIN_PARAGRAPH_CHARS = 25
# An extraction shorter than this means the rules probably removed the article; try gentler ones.
MIN_ARTICLE_CHARS = 500
# Readability's propagation: a paragraph feeds its parent fully, its grandparent half, then less.
ANCESTOR_LEVELS = 5
# A candidate must earn at least this share of the best paragraph points to count by its score.
MIN_POINTS_SHARE = 0.15

_WIDE_COMMAS = re.compile(r"[\u060c\u3001\uff0c\ufe50\ufe51\ufe10\ufe11\u2e41\u2e34\u2e32]")
_SENTENCE_END = re.compile(r"[.!?。！？]['\"”’)]?(\s|$)")

# Starting scores by tag (Readability's, which hold up well): containers of prose score up,
# list and form parts down, headings further down since a heading alone is never the article.
_TAG_BASE = {
    "div": 5.0,
    "article": 8.0,
    "main": 5.0,
    "section": 3.0,
    "pre": 3.0,
    "td": 3.0,
    "blockquote": 3.0,
    "address": -3.0,
    "ol": -3.0,
    "ul": -3.0,
    "dl": -3.0,
    "dd": -3.0,
    "dt": -3.0,
    "li": -3.0,
    "form": -3.0,
    "h1": -5.0,
    "h2": -5.0,
    "h3": -5.0,
    "h4": -5.0,
    "h5": -5.0,
    "h6": -5.0,
    "th": -5.0,
}


def text_length(text: str | None) -> int:
    """Characters of `text` once whitespace runs count as one space and the ends are trimmed."""
    if not text or text.isspace():
        return 0
    return len(" ".join(text.split()))


def comma_count(text: str) -> int:
    """Commas in `text`, in the scripts that write them differently too."""
    count = text.count(",")
    return count if text.isascii() else count + len(_WIDE_COMMAS.findall(text))


@dataclass
class Attempt:
    """Which of the risky rules one extraction attempt applies (gentler attempts follow a failure)."""

    strip_unlikely: bool = True
    weigh_classes: bool = True
    clean_conditionally: bool = True


ATTEMPTS = (Attempt(), Attempt(strip_unlikely=False), Attempt(False, False), Attempt(False, False, False))


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


def measure(
    elements: list[HtmlElement], index: dict[HtmlElement, int], parent: list[int], skipped: list[bool] | None
) -> PageStats:
    """Text length, link text, running ("flow") text and commas of every element, in one pass.

    `elements` are in document order, `parent[i]` is the index of element i's
    parent (-1 for the root). Flow text is the text of an element that is not
    inside one of its block descendants: a `<p>`'s words, or the loose words of
    a `<div>` that holds text directly, as many pages write paragraphs.
    Elements marked in `skipped` (furniture the scoring ignores) add nothing to
    their ancestors' measures.
    """
    count = len(elements)
    stats = PageStats(elements, index, parent)
    text = [0] * count
    links = [0.0] * count
    flow = [0] * count
    commas = [0] * count
    block_child = [False] * count
    # Children come after their parent in document order: walking backwards, every element is
    # complete when it is added to its parent.
    for i in range(count - 1, -1, -1):
        el = elements[i]
        tag = el.tag
        own = el.text
        if own:
            n = text_length(own)
            text[i] += n
            flow[i] += n
            commas[i] += comma_count(own)
        if tag == "a":
            href = el.get("href") or ""
            # In-page anchors (footnotes, tables of contents) are part of the text, mostly.
            links[i] = text[i] * (0.3 if href.startswith("#") else 1.0)
        p = parent[i]
        if p < 0:
            continue
        tail = el.tail
        if tail:
            n = text_length(tail)
            text[p] += n
            flow[p] += n
            commas[p] += comma_count(tail)
        if skipped is not None and skipped[i]:
            continue
        text[p] += text[i]
        links[p] += links[i]
        if tag in INLINE_TAGS:
            flow[p] += flow[i]
            commas[p] += commas[i]
        else:
            block_child[p] = True
    stats.text, stats.links, stats.flow = text, links, flow
    stats.flow_commas, stats.has_block_child = commas, block_child
    return stats


def find_content(root: HtmlElement, article_body: str | None = None) -> HtmlElement:
    """A new `<div>` holding cleaned copies of the blocks that make up the article in `root`.

    The page tree is left as it is, so gentler attempts can start again from it
    when the strict rules leave too little. `article_body` (schema.org JSON-LD,
    when the page has it) is a second opinion on which region holds the article.
    A page with nothing but links and labels gives an empty `<div>`.
    """
    body = root.find(".//body")
    if body is None:
        body = root
    elements = [el for el in body.iter() if isinstance(el.tag, str)]
    index = {el: i for i, el in enumerate(elements)}
    parent = [index.get(el.getparent(), -1) for el in elements]
    # Hidden by a class ("sr-only", "visually-hidden"): ignored by every attempt. Hidden by an
    # attribute or inline style: already removed by clean.prepare_page().
    hidden = [False] * len(elements)
    # Furniture by tag, role or class: ignored by the strict attempts only.
    unlikely = [False] * len(elements)
    for i, el in enumerate(elements):
        p = parent[i]
        if (p >= 0 and hidden[p]) or hints.has_hidden_class(el):
            hidden[i] = unlikely[i] = True
            continue
        unlikely[i] = (p >= 0 and unlikely[p]) or hints.is_unlikely(el)
    masked = measure(elements, index, parent, unlikely)
    reference = reference_words(article_body)
    plain: PageStats | None = None  # measured only when a gentler attempt needs it
    best: HtmlElement | None = None
    best_chars = -1
    for attempt in ATTEMPTS:
        if attempt.strip_unlikely:
            stats, skipped = masked, unlikely
        else:
            if plain is None:
                plain = measure(elements, index, parent, hidden)
            stats, skipped = plain, hidden
        ranking = rank_candidates(stats, attempt, skipped)
        top = choose_top(stats, ranking)
        overruled = False
        if top is not None and reference:
            checked = cross_check(stats, ranking, top, reference)
            overruled, top = checked is not top, checked
        if top is None:
            content = _whole(body)
        else:
            # Once the articleBody overruled the scores, siblings must agree with it too.
            content = gather(stats, ranking, top, skipped, reference if overruled else None)
        clean.clean_content(content, conditional=attempt.clean_conditionally, unlikely=attempt.strip_unlikely)
        chars = prose_length(content)
        if chars >= MIN_ARTICLE_CHARS:
            return content
        if chars > best_chars:
            best, best_chars = content, chars
    if best is None or best_chars <= 0:
        return Element("div")  # nothing but links and labels: the caller says there is no article
    return best


# A region where links make up more of the text than this is a menu or a list of stories.
MAX_LINK_SHARE = 0.8


def prose_length(content: HtmlElement) -> int:
    """Characters of text in `content`, or 0 when it is mostly links (a menu, not an article)."""
    chars = text_length(content.text_content())
    # Links that go nowhere (javascript:, in-page anchors) do not make a menu.
    linked = sum(
        text_length(a.text_content())
        for a in content.iter("a")
        if not (a.get("href") or "#").strip().lower().startswith(("#", "javascript:"))
    )
    return 0 if chars and linked > MAX_LINK_SHARE * chars else chars


def _whole(body: HtmlElement) -> HtmlElement:
    """A copy of the whole body, for pages too small to have a best block (Readability does the same)."""
    container: HtmlElement = Element("div")
    twin = _detached_copy(body)
    container.text = twin.text
    for child in list(twin):
        container.append(child)
    return container


@dataclass
class Ranking:
    """Candidate scores of one attempt, by element index: paragraph points damped by link density."""

    final: dict[int, float]


def rank_candidates(stats: PageStats, attempt: Attempt, skipped: list[bool]) -> Ranking:
    """Score every paragraph and pass its points to its ancestors (Readability's propagation).

    A paragraph scores 1, plus its commas, plus one per 100 characters (at most 3);
    candidates start from their tag's base and class weight, and end multiplied
    by the share of their text that is not links.
    """
    elements, parent = stats.elements, stats.parent
    scores: dict[int, float] = {}
    points: dict[int, float] = {}
    for i, el in enumerate(elements):
        if skipped[i] or stats.flow[i] < MIN_PARAGRAPH_CHARS:
            continue
        tag = el.tag
        if tag in INLINE_TAGS or tag in HEADING_TAGS or tag in ("li", "th", "body", "html"):
            continue
        score = 1.0 + stats.flow_commas[i] + min(stats.flow[i] // 100, 3)
        # A container with loose text is its own paragraph's parent (Readability wraps such text in <p>).
        j = i if stats.has_block_child[i] else parent[i]
        level = 0
        while j >= 0 and level < ANCESTOR_LEVELS:
            if j not in scores:
                scores[j] = _TAG_BASE.get(elements[j].tag, 0.0) + (
                    hints.class_weight(elements[j]) if attempt.weigh_classes else 0.0
                )
            share = score / (1 if level == 0 else 2 if level == 1 else level * 3)
            scores[j] += share
            points[j] = points.get(j, 0.0) + share
            j = parent[j]
            level += 1
    final = {j: s * (1.0 - stats.link_density(j)) for j, s in scores.items()}
    # A wrapper whose score is its name ("page", "content") and not its paragraphs cannot be
    # the article: the whole page's <div id="page"> would win on the name alone.
    most = max(points.values(), default=0.0)
    for j, earned in points.items():
        if earned < MIN_POINTS_SHARE * most:
            final[j] = min(final[j], earned)
    return Ranking(final)


def choose_top(stats: PageStats, ranking: Ranking) -> HtmlElement | None:
    """The element whose subtree scores best as the article, or None when nothing reads like prose."""
    final = ranking.final
    if not final:
        return None
    ranked = sorted(final, key=final.__getitem__, reverse=True)
    top = ranked[0]
    top = _common_ancestor_of_strong_candidates(stats, final, ranked, top)
    top = _climb(stats, final, top)
    return stats.elements[top]


# The JSON-LD articleBody is trusted as a second opinion only when it is a real text, not a teaser.
REFERENCE_MIN_WORDS = 60
# The chosen region agrees with the articleBody when it holds this share of its words.
AGREEMENT = 0.6
# Another candidate replaces the chosen one only when it covers this much more of the articleBody.
BETTER_BY = 0.2
_WORD = re.compile(r"\w{3,}")


def reference_words(article_body: str | None) -> set[str]:
    """The distinct words of the page's JSON-LD articleBody; empty when it is missing or a teaser."""
    if not article_body:
        return set()
    words = set(_WORD.findall(article_body.lower()))
    return words if len(words) >= REFERENCE_MIN_WORDS else set()


def cross_check(stats: PageStats, ranking: Ranking, top: HtmlElement, reference: set[str]) -> HtmlElement:
    """The candidate that agrees with the articleBody, when the best scoring one does not.

    Scoring can be fooled by a long comment thread or a block of teasers; the
    articleBody the publisher declared says which words the article has. The
    candidates are the best scoring elements and the ancestors of the chosen one;
    the one whose words best match the articleBody (F-measure over distinct
    words) wins if it covers clearly more of it.
    """
    top_recall, _ = _agreement(top, reference)
    if top_recall >= AGREEMENT:
        return top
    ranked = sorted(ranking.final, key=ranking.final.__getitem__, reverse=True)[:CROSS_CHECK_CANDIDATES]
    candidates = {stats.elements[i] for i in ranked}
    candidates.update(stats.elements[i] for i in _ancestors(stats, stats.index[top]))
    best, best_f, best_recall = top, 0.0, top_recall
    for candidate in candidates:
        if candidate.tag in ("body", "html"):
            continue
        recall, precision = _agreement(candidate, reference)
        f = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        if f > best_f:
            best, best_f, best_recall = candidate, f, recall
    return best if best_recall >= top_recall + BETTER_BY else top


CROSS_CHECK_CANDIDATES = 20


def _agreement(el: HtmlElement, reference: set[str]) -> tuple[float, float]:
    """Share of the reference's words found in `el`, and share of `el`'s words in the reference."""
    words = set(_WORD.findall(el.text_content().lower()))
    if not words:
        return 0.0, 0.0
    common = len(words & reference)
    return common / len(reference), common / len(words)


def _ancestors(stats: PageStats, i: int) -> list[int]:
    chain = []
    j = stats.parent[i]
    while j >= 0:
        chain.append(j)
        j = stats.parent[j]
    return chain


def _common_ancestor_of_strong_candidates(
    stats: PageStats, final: dict[int, float], ranked: list[int], top: int
) -> int:
    """Move up when the article is split over several strong blocks (Readability's rule).

    When at least three of the next best candidates score close to the best and
    share an ancestor with it, that ancestor holds the article.
    """
    best = final[top]
    if best <= 0:
        return top
    alternatives = [i for i in ranked[1:5] if final[i] / best >= 0.75]
    if len(alternatives) < 3:
        return top
    alternative_chains = [set(_ancestors(stats, i)) | {i} for i in alternatives]
    for j in _ancestors(stats, top):
        if stats.elements[j].tag in ("body", "html"):
            break
        if sum(1 for chain in alternative_chains if j in chain) >= 3:
            return j
    return top


def _climb(stats: PageStats, final: dict[int, float], top: int) -> int:
    """Take the parent when it is the better article (an only child, or a parent that scores higher)."""
    elements, parent = stats.elements, stats.parent
    threshold = final.get(top, 0.0) / 3
    last = final.get(top, 0.0)
    j = parent[top]
    while j >= 0 and elements[j].tag not in ("body", "html"):
        if j not in final:
            j = parent[j]
            continue
        score = final[j]
        if score < threshold:
            break
        if score > last:
            top = j
            break
        last = score
        j = parent[j]
    # An only child says nothing its parent does not: take the parent, as Readability does.
    while parent[top] >= 0 and elements[parent[top]].tag not in ("body", "html"):
        siblings = [c for c in elements[parent[top]] if isinstance(c.tag, str)]
        if len(siblings) != 1:
            break
        top = parent[top]
    return top


def gather(
    stats: PageStats,
    ranking: Ranking,
    top_el: HtmlElement,
    skipped: list[bool],
    reference: set[str] | None = None,
) -> HtmlElement:
    """A new `<div>` with copies of the top element and the siblings that belong to the article.

    Siblings marked in `skipped` (hidden, or furniture in a strict attempt) never
    join; with a `reference` (the articleBody's words), neither do siblings whose
    words are mostly not the article's.
    """
    container: HtmlElement = Element("div")
    top = stats.index[top_el]
    p = stats.parent[top]
    if p < 0 or stats.elements[p].tag == "html":
        container.append(_detached_copy(top_el))
        return container
    # A sibling counts by the best candidate inside it: an article split into several wrappers
    # has its paragraphs too deep below the wrapper for the wrapper itself to score.
    best_inside = _best_inside(stats, ranking)
    top_score = best_inside[top]
    threshold = max(10.0, top_score * 0.2)
    top, p = _widen_to_split_parts(stats, best_inside, top, threshold)
    top_el = stats.elements[top]
    top_class = top_el.get("class") or ""
    for sibling in stats.elements[p]:
        if not isinstance(sibling.tag, str):
            continue
        if sibling is top_el:
            container.append(_detached_copy(sibling))
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
        if reference and _agreement(sibling, reference)[1] < AGREEMENT:
            continue
        container.append(_detached_copy(sibling))
    return container


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
            for sibling in wrapper.itersiblings(preceding=True)
            if sibling.get("class") == wrapper_class and sibling in stats.index
        ] + [
            stats.index[sibling]
            for sibling in wrapper.itersiblings()
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


def _detached_copy(el: HtmlElement) -> HtmlElement:
    twin: HtmlElement = copy.deepcopy(el)
    twin.tail = None
    return twin
