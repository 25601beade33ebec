"""Find the article in a page: score blocks by text, commas and link density, then take the best region."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml.html import Element, HtmlElement

from library.extract import clean, hints
from library.extract.gather import detached_copy, gather
from library.extract.measures import (
    AGREEMENT,
    WORD,
    PageStats,
    Ranking,
    agreement,
    ancestors,
    measure,
    read_own_text,
    text_length,
)
from library.extract.phrases import PHRASES
from library.extract.tags import HEADING_TAGS, INLINE_TAGS

# A block with less running text than this is a label, a caption or a button, not prose.
MIN_PARAGRAPH_CHARS = 25
# An extraction shorter than this means the rules probably removed the article; try gentler ones.
MIN_ARTICLE_CHARS = 500
# Readability's propagation: a paragraph feeds its parent fully, its grandparent half, then less.
ANCESTOR_LEVELS = 5
# A candidate must earn at least this share of the best paragraph points to count by its score.
MIN_POINTS_SHARE = 0.15


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


@dataclass
class Attempt:
    """Which of the risky rules one extraction attempt applies (gentler attempts follow a failure)."""

    strip_unlikely: bool = True
    weigh_classes: bool = True
    clean_conditionally: bool = True


ATTEMPTS = (Attempt(), Attempt(strip_unlikely=False), Attempt(False, False), Attempt(False, False, False))


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
    # Elements only (no comments or entities), filtered in C.
    elements: list[HtmlElement] = list(body.iter(etree.Element))
    index = {el: i for i, el in enumerate(elements)}
    parent = [index.get(el.getparent(), -1) for el in elements]
    # Hidden by a class ("sr-only", "visually-hidden"): ignored by every attempt. Hidden by an
    # attribute or inline style: already removed by clean.prepare_page().
    hidden = [False] * len(elements)
    # Furniture by tag, role or class: ignored by the strict attempts only.
    unlikely = [False] * len(elements)
    unlikely_tags = hints.UNLIKELY_TAGS
    for i, el in enumerate(elements):
        p = parent[i]
        if p >= 0 and hidden[p]:
            hidden[i] = unlikely[i] = True
            continue
        cls = el.get("class")
        if cls is None and el.get("id") is None:
            # Named nothing: only a tag or a role can make an element furniture.
            unlikely[i] = (p >= 0 and unlikely[p]) or (
                (el.tag in unlikely_tags or el.get("role") is not None) and hints.is_unlikely(el)
            )
            continue
        if cls and hints.hidden_class(cls):
            hidden[i] = unlikely[i] = True
            continue
        unlikely[i] = (p >= 0 and unlikely[p]) or hints.is_unlikely(el)
    own = read_own_text(elements)
    masked = measure(elements, index, parent, unlikely, own)
    reference = reference_words(article_body)
    plain: PageStats | None = None  # measured only when a gentler attempt needs it
    best: HtmlElement | None = None
    best_rank = (False, -1)
    for attempt in ATTEMPTS:
        if attempt.strip_unlikely:
            stats, skipped = masked, unlikely
        else:
            if plain is None:
                plain = measure(elements, index, parent, hidden, own)
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
            content = gather(stats, ranking, top, skipped, hidden, reference if overruled else None)
        clean.clean_content(content, conditional=attempt.clean_conditionally, unlikely=attempt.strip_unlikely)
        chars = prose_length(content)
        # An attempt may land on a notice: a cookie notice, a log-in dialog, a paywall, an
        # advertiser's disclosure or an author box is no article, however long; the gentler
        # attempts land there when the strict one left it out for good reason.
        notice = top is not None and is_notice(top, content)
        if chars >= MIN_ARTICLE_CHARS and not notice:
            return content
        rank = (not notice and chars > 0, chars)
        if rank > best_rank:
            best, best_rank = content, rank
    if best is None or best_rank[1] <= 0:
        return Element("div")  # nothing but links and labels: the caller says there is no article
    return best


# Longest stretch of a region read for notice phrases: a notice says so at its start.
NOTICE_SAMPLE_CHARS = 2000
# How far above the region a notice's own box may be (a dialog's frame, a paywall's overlay).
NOTICE_BOX_LEVELS = 3


def is_notice(top: HtmlElement, content: HtmlElement) -> bool:
    """True when a region is a cookie, consent, log-in or paywall notice or an author box.

    By the names of the region and the boxes around it, or by what its text says.
    """
    for level, el in enumerate((top, *top.iterancestors())):
        if level > NOTICE_BOX_LEVELS or el.tag in ("body", "html"):
            break
        # ("dialog-off-canvas-main-canvas", Drupal's page wrapper, names the main region too.)
        if hints.has_hint(el, hints.NOTICE_HINT) and not hints.has_hint(el, hints.MAIN_HINT):
            return True
    text = content.text_content()[:NOTICE_SAMPLE_CHARS]
    return PHRASES.mentions("notices", text) or bool(PHRASES.leads(text.strip()[:200]).get("authors"))


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
    # Made by the page's own document, so it keeps the page parser's fast element lookup.
    container: HtmlElement = body.makeelement("div")
    twin = detached_copy(body)
    container.text = twin.text
    for child in list(twin):
        container.append(child)
    return container


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
# Another candidate replaces the chosen one only when it covers this much more of the articleBody.
BETTER_BY = 0.2


def reference_words(article_body: str | None) -> set[str]:
    """The distinct words of the page's JSON-LD articleBody; empty when it is missing or a teaser."""
    if not article_body:
        return set()
    words = set(WORD.findall(article_body.lower()))
    return words if len(words) >= REFERENCE_MIN_WORDS else set()


def cross_check(stats: PageStats, ranking: Ranking, top: HtmlElement, reference: set[str]) -> HtmlElement:
    """The candidate that agrees with the articleBody, when the best scoring one does not.

    Scoring can be fooled by a long comment thread or a block of teasers; the
    articleBody the publisher declared says which words the article has. The
    candidates are the best scoring elements and the ancestors of the chosen one;
    the one whose words best match the articleBody (F-measure over distinct
    words) wins if it covers clearly more of it.
    """
    top_recall, _ = agreement(top, reference)
    if top_recall >= AGREEMENT:
        return top
    ranked = sorted(ranking.final, key=ranking.final.__getitem__, reverse=True)[:CROSS_CHECK_CANDIDATES]
    candidates = {stats.elements[i] for i in ranked}
    candidates.update(stats.elements[i] for i in ancestors(stats, stats.index[top]))
    best, best_f, best_recall = top, 0.0, top_recall
    for candidate in candidates:
        if candidate.tag in ("body", "html"):
            continue
        recall, precision = agreement(candidate, reference)
        f = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        if f > best_f:
            best, best_f, best_recall = candidate, f, recall
    return best if best_recall >= top_recall + BETTER_BY else top


CROSS_CHECK_CANDIDATES = 20


def _common_ancestor_of_strong_candidates(
    stats: PageStats, final: dict[int, float], ranked: list[int], top: int
) -> int:
    """Move up when the article is split over several strong blocks (Readability's rule, widened).

    When at least three of the seven next best candidates score at least half as well as
    the best and share an ancestor with it, that ancestor holds the article: no block
    dominates (a shop's, a recipe's or an event's page in boxes), so the region is all of
    them. Readability asks for three within three quarters among four, which leaves such
    pages with one box.
    """
    best = final[top]
    if best <= 0:
        return top
    alternatives = [i for i in ranked[1:8] if final[i] / best >= 0.5]
    if len(alternatives) < 3:
        return top
    alternative_chains = [set(ancestors(stats, i)) | {i} for i in alternatives]
    for j in ancestors(stats, top):
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
