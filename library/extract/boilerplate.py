"""In-article boilerplate: short blocks recognised by what they say, link lists and share boxes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import islice

from lxml.html import HtmlElement

from library.extract.hints import EMBED_HINT, NEGATIVE_HINT, POSITIVE_HINT, SHARE_HINT, has_hint
from library.extract.phrases import PHRASES, normalised
from library.extract.tags import BLOCK_TAGS, HEADING_TAGS
from library.extract.tree import (
    block_ancestor,
    drop,
    has_ancestor,
    holds_only,
    in_reverse_order,
    leaf_blocks,
    link_density,
    text_of,
)


@dataclass(frozen=True)
class TextRule:
    """A class of boilerplate recognised by what a short block says, whatever the site."""

    name: str
    pattern: re.Pattern[str]
    max_chars: int
    # Words one of which the text must contain before the pattern is tried (a cheap first test:
    # unanchored patterns cost tens of microseconds per paragraph). Both read lower-cased text.
    keywords: tuple[str, ...] = ()

    @cached_property
    def keyword_pattern(self) -> re.Pattern[str] | None:
        """The keywords as one pattern: a single search finds whether the text holds any of them."""
        return re.compile("|".join(map(re.escape, self.keywords))) if self.keywords else None


TEXT_RULES = (
    # "For the latest headlines, follow our Google News channel online or via the app." (the seed page)
    TextRule(
        "promotion",
        re.compile(
            r"\bfollow (us|our\b.{0,40}\b(channel|page|account))|for the latest (news|headlines|updates|stories)\b|"
            r"\bfollow (me|him|her|them|\S+( \S+)?) on (twitter|facebook|instagram|linkedin|tiktok|youtube)\b|"
            r"\bdownload (our|the) .{0,30}\bapps?\b|\bget (the|our) .{0,30}\b(app|newsletter)\b|"
            # "Follow AP's full coverage of Brexit at apnews.com/Brexit"
            r"\bfollow (our|the|\w+['’]s) (full |complete |live |latest )?coverage\b",
        ),
        300,
        ("follow", "latest", "download", "get the", "get our"),
    ),
    # "This post may contain affiliate and/or referral links." (theantijunecleaver.com)
    TextRule(
        "disclosure",
        re.compile(
            r"\b(contains?|includes?|uses?) (affiliate|referral|sponsored)\b.{0,30}\blinks?\b|"
            r"\b(we|i) (may )?(earn|receive) (a )?(small )?(commission|compensation)",
        ),
        300,
        ("affiliate", "referral", "sponsored", "commission", "compensation"),
    ),
    # "This slideshow requires JavaScript." (morebikes.co.uk)
    TextRule(
        "script notice",
        re.compile(r"\b(requires?|enable|turn on) javascript\b|\bjavascript (is )?(disabled|required)\b"),
        200,
        ("javascript",),
    ),
    # "[button link=... ] Send us YOUR kit review[/button]": a CMS shortcode printed as text (morebikes.co.uk)
    TextRule("shortcode", re.compile(r"^\[\w+[^\]]*\].*\[/\w+\]$"), 400),
    # "GET FOX BUSINESS ON THE GO BY CLICKING HERE"; "Click here for more information." (foxbusiness.com)
    TextRule(
        "call to action",
        re.compile(
            r"\b(click|clicking|tap) here\b|^(tell|let) us (what|know)\b|"
            r"\b(delivered|straight) (to|through) your (inbox|door|letterbox)\b",
        ),
        200,
        ("click", "tap here", "tell us", "let us", "deliver", "straight"),
    ),
    TextRule(
        "newsletter",
        re.compile(
            r"\b(sign up|subscribe|register)\b.{0,80}\b(newsletters?|e-?mails?|inbox|updates|alerts)\b|"
            r"\bnewsletters?\b.{0,40}\b(sign up|subscribe)\b|^subscribe( now| today)?\b",
        ),
        250,
        ("sign up", "subscribe", "register", "newsletter"),
    ),
    TextRule(
        "advertisement",
        re.compile(
            r"^(advertisement|advertising|advert|sponsored( content)?|ad|ads|paid (content|post)|anzeige|werbung|"
            r"publicité|publicidad|pubblicità|reklama|reklame|advertentie|annons|mainos|iklan|"
            r"(story|article) continues below( this)?( advertisement| ad)?|continue reading below|"
            r"skip advertisement|scroll to continue( with content)?)\s*[:.]?$",
        ),
        80,
    ),
    TextRule(
        "share",
        re.compile(
            r"^(share|tweet|email|print|pin( it)?|copy link|whatsapp|facebook|twitter|linkedin|reddit)"
            r"(\s*(this|the)?\s*(article|story|page|post)?\s*(on|via|with)?\s*"
            r"(facebook|twitter|email|linkedin|whatsapp)?)?\s*:?$",
        ),
        60,
    ),
    TextRule(
        "comments",
        re.compile(
            r"^(\d+\s+)?comments?$|^(view|show|load|read|post|leave|add|see) (a |the |all |our )?(\d+ )?"
            r"(comments?|reply|replies)\b|^join the (conversation|discussion)",
        ),
        120,
    ),
    # "SOURCE: News agencies" (aljazeera.com); "Image copyright Getty Images" (bbc.com);
    # "Image 1 of / 8" (chron.com); "1 of 6" (therepublic.com)
    TextRule(
        "credit line",
        re.compile(
            r"^(source|sources|via|credits?|photos?|images?|pictures?)\s*:\s*\S|"
            r"^(image|photo|picture|video) (copyright|credit|source|courtesy)\b|"
            r"^((image|photo|picture|slide)s? )?\d+ (of|/)( ?/)? ?\d*$",
        ),
        80,
    ),
    # "Augusta National/Getty Images", "Foto: picture alliance / dpa": a photo's credit left as a line.
    TextRule(
        "agency credit",
        re.compile(
            r"^[^.!?]{0,60}(/|©|\(c\)|\|)\s*(getty images|afp|reuters|ap|dpa|epa|imago|picture alliance|istock|"
            r"shutterstock|keystone|ansa|efe|reuters/[^.!?]*|ap photo|xinhua|wenn(\.com)?)\s*\)?$",
        ),
        80,
        ("/", "©", "(c)", "|"),
    ),
    # "Enlarge Image" (nypost.com): the buttons of an image viewer, left as text.
    TextRule(
        "viewer label",
        re.compile(
            r"^((enlarge|expand|view|open|close|show|hide) (this )?(image|photo|picture|gallery|video|slideshow)s?|"
            r"(play|watch) (the )?video|(next|previous|prev) (slide|image|photo)|full ?screen)$",
        ),
        40,
    ),
    TextRule(
        "cookie notice",
        re.compile(r"\b(we use cookies|uses cookies|cookie (policy|settings|preferences))\b"),
        400,
        ("cookie",),
    ),
    TextRule(
        "copyright",
        re.compile(r"^(©|copyright\b|\(c\) ?\d{4})|\ball rights reserved\b"),
        200,
        ("©", "copyright", "(c)", "rights reserved"),
    ),
    # "This document is subject to copyright. Apart from any fair dealing ..." (phys.org)
    TextRule(
        "rights notice",
        re.compile(
            r"\bsubject to copyright\b|\bmay not be (re)?(published|reproduced|redistributed|rewritten)\b",
        ),
        300,
        ("copyright", "may not be"),
    ),
)


# Longest line each kind of phrase-list furniture can be (a label with a short text after it).
PROMPT_MAX_CHARS = 100
# What a prompt may carry after its phrase: a count, a network's name ("Kommentare (3)").
PROMPT_REST_CHARS = 25
CREDIT_MAX_CHARS = 120
LABEL_MAX_CHARS = 150
META_MAX_CHARS = 200
# A long phrase ("Der Beitrag wurde am") is furniture even with categories and tags after it.
LONG_META_MAX_CHARS = 400
RELATED_MAX_CHARS = 200
AUTHOR_HEADING_MAX_CHARS = 40
ADVERT_MAX_CHARS = 120
PROMOTION_MAX_CHARS = 250
DISCLOSURE_MAX_CHARS = 300
NOTICE_MAX_CHARS = 300
_PHRASE_MAX_CHARS = max(DISCLOSURE_MAX_CHARS, LONG_META_MAX_CHARS)
_RULE_MAX_CHARS = max(_PHRASE_MAX_CHARS, *(rule.max_chars for rule in TEXT_RULES))


_DIGIT = re.compile(r"\d")


def phrase_kind(text: str) -> str | None:
    """The kind of furniture a short line is by the phrase lists of every language (see phrases.py)."""
    size = len(text)
    if size > _PHRASE_MAX_CHARS:
        return None
    found = PHRASES.match(
        text, within=size <= max(PROMOTION_MAX_CHARS, DISCLOSURE_MAX_CHARS, NOTICE_MAX_CHARS)
    )
    leads = found.leads
    lead = leads.get("prompts")
    if lead and size <= PROMPT_MAX_CHARS and len(lead.rest) <= PROMPT_REST_CHARS:
        return "prompt"
    lead = leads.get("credits")
    if lead and lead.delimited and size <= CREDIT_MAX_CHARS:
        return "credit line"
    lead = leads.get("labels")
    if lead and lead.delimited and size <= LABEL_MAX_CHARS:
        return "label line"
    lead = leads.get("meta")
    # "Posted on 3 May", "Der Beitrag wurde am ..." but not "Posted on social media, the video ...".
    if lead and (
        (size <= META_MAX_CHARS and (lead.delimited or _DIGIT.search(lead.rest[:30])))
        or (size <= LONG_META_MAX_CHARS and lead.words >= 3)
    ):
        return "publication line"
    lead = leads.get("related")
    # "Lea también: <headline>"; a lead-in alone is left to the rule that takes its links with it.
    if lead and lead.delimited and lead.rest and size <= RELATED_MAX_CHARS:
        return "related lead-in"
    lead = leads.get("authors")
    if lead and not lead.rest and size <= AUTHOR_HEADING_MAX_CHARS:
        return "author heading"
    lead = leads.get("adverts")
    if lead and (not lead.rest or lead.delimited) and size <= ADVERT_MAX_CHARS:
        return "advertisement"
    if size <= PROMOTION_MAX_CHARS and "promotions" in found.within:
        return "promotion"
    if "disclosures" in found.within:
        return "disclosure"
    if size <= NOTICE_MAX_CHARS and "notices" in found.within:
        return "notice"
    return None


# Short lines repeat within a page and across its attempts ("Share", "Facebook", "Anzeige").
@lru_cache(maxsize=8192)
def matching_rule(text: str) -> str | None:
    """The kind of boilerplate a short block's text is, by the rules above or the phrase lists; None for prose."""
    if len(text) > _RULE_MAX_CHARS:
        return None
    lowered = text.lower()
    size = len(text)
    for rule in TEXT_RULES:
        if size > rule.max_chars:
            continue
        keywords = rule.keyword_pattern
        if keywords is not None and not keywords.search(lowered):
            continue
        if rule.pattern.search(lowered):
            return rule.name
    return phrase_kind(text)


# A box named for sharing is a share bar up to this size, and something else beyond it.
SHARE_MAX_CHARS = 500


def remove_boilerplate(container: HtmlElement) -> None:
    """Share boxes, boilerplate lines, "Read more" leads with their links, trailing link lists."""
    _remove_share_blocks(container)
    _remove_boilerplate_text(container)
    _remove_boilerplate_lines(container)
    _remove_read_more_lists(container)
    _remove_link_lists(container)
    _remove_negative_headings(container)
    _remove_trailing_labels(container)


def _remove_share_blocks(container: HtmlElement) -> None:
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if has_hint(el, SHARE_HINT) and not has_hint(el, EMBED_HINT) and len(text_of(el)) < SHARE_MAX_CHARS:
            drop(el)


# A paragraph that is one link and nothing else, in the middle of prose, is a headline of another story.
LINK_PARAGRAPH_MAX_CHARS = 160
LINK_PARAGRAPH_DENSITY = 0.9


def _remove_boilerplate_text(container: HtmlElement) -> None:
    for el in leaf_blocks(container):
        if el.getparent() is None:
            continue
        text = text_of(el)
        if not text or len(text) > 400:
            continue
        if (
            el.tag in ("p", "div")
            and len(text) <= LINK_PARAGRAPH_MAX_CHARS
            and not has_ancestor(el, ("li", "td", "dd", "blockquote"))
            and link_density(el, len(text)) >= LINK_PARAGRAPH_DENSITY
            and el.find(".//img") is None
        ):
            drop(el)
            continue
        if matching_rule(text) is not None:
            # Take the wrapper too when the block is all it holds (a promo box around one line).
            target = el
            parent = target.getparent()
            while (
                parent is not None
                and parent is not container
                and parent.tag not in ("li", "td")
                and holds_only(parent, target)
            ):
                target = parent
                parent = target.getparent()
            drop(target)


def _remove_boilerplate_lines(container: HtmlElement) -> None:
    """Boilerplate lines inside blocks that mix text with `<br>` or with blocks of their own.

    Pages write "War der Artikel nützlich?" or "Folge uns auf Facebook | Instagram" as a bold
    run between line breaks, or a "back to the list" link after the last paragraph: a line of
    the block, not a block, so the rule for leaf blocks never sees it.
    """
    # Any element may hold lines: tag soup puts <hr> and <br> inside a <span>.
    elements = list(container.iter())
    # The elements with a break or a block among their children, found in one walk. Taking a
    # line out of a block removes only inline children, so no later element's answer changes.
    holding_lines = {el.getparent() for el in elements if el.tag == "br" or el.tag in BLOCK_TAGS}
    for block in elements:
        if not isinstance(block.tag, str) or (block.getparent() is None and block is not container):
            continue
        if block not in holding_lines:
            continue  # one line: a leaf block, judged whole above
        for line in _lines(block):
            text = " ".join("".join(part.text for part in line).split())
            if text and len(text) <= _RULE_MAX_CHARS and matching_rule(text) is not None:
                _remove_line(block, line)


@dataclass(frozen=True)
class _LinePart:
    """One piece of a line: an inline element whole, or a run of loose text."""

    text: str
    # The inline element; for loose text, the child whose tail it is (None: the block's own text).
    element: HtmlElement | None
    inline: bool


def _lines(block: HtmlElement) -> list[list[_LinePart]]:
    """The lines of `block`'s own content: runs of text and inline elements between `<br>`s and blocks."""
    lines: list[list[_LinePart]] = []
    line: list[_LinePart] = []
    if block.text and block.text.strip():
        line.append(_LinePart(block.text, None, inline=False))
    for child in block:
        if isinstance(child.tag, str):
            if child.tag == "br" or child.tag in BLOCK_TAGS:
                if line:
                    lines.append(line)
                line = []
            else:
                line.append(_LinePart(child.text_content(), child, inline=True))
        if child.tail and child.tail.strip():
            line.append(_LinePart(child.tail, child, inline=False))
    if line:
        lines.append(line)
    return lines


def _remove_line(block: HtmlElement, line: list[_LinePart]) -> None:
    """Take the loose text and the inline elements of one line out of `block`."""
    for part in line:
        if part.inline and part.element is not None:
            part.element.tail = None
            block.remove(part.element)
        elif part.element is None:
            block.text = None
        else:
            part.element.tail = None


# A lead-in with words after its phrase ("Lesen Sie auch die folgenden Beiträge") is this short,
# or ends with a colon.
READ_MORE_LEAD_MAX_CHARS = 60
READ_MORE_MAX_CHILDREN = 4
_READ_MORE_TAGS = HEADING_TAGS | {"p", "div", "strong", "b", "span", "li"}


def _remove_read_more_lists(container: HtmlElement) -> None:
    """A "Read more" / "Related" lead-in and the list of links that follows it."""
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        # A lead-in is a line: an element of many children is a box, and measuring it costs.
        if el.tag not in _READ_MORE_TAGS or len(el) > READ_MORE_MAX_CHILDREN:
            continue
        first = _first_word(el)
        if first is not None and not PHRASES.may_lead(first):
            continue  # no phrase begins so: the element's text need not be read
        text = text_of(el)
        if not text or len(text) > RELATED_MAX_CHARS:
            continue
        lead = PHRASES.leads(text).get("related")
        if lead is None or not (lead.delimited or lead.words > 1):
            continue
        if link_density(el, len(text)) > 0.5:
            drop(el)  # "Read more: <headline>" as one linked line
            continue
        if el.tag in ("span", "strong", "b"):
            continue
        if lead.rest and lead.delimited:
            drop(el)  # "Lesen Sie auch: <headline>": a pointer to another article, linked or not
            continue
        if lead.rest and not (len(text) <= READ_MORE_LEAD_MAX_CHARS or text.endswith(":")):
            continue  # a sentence that begins like a lead-in
        following = el.getnext()
        drop(el)
        while following is not None and link_density(following) > 0.5:
            after = following.getnext()
            drop(following)
            following = after


def _first_word(el: HtmlElement) -> str | None:
    """The first word of `el`'s text as the phrase lists read it, when its own text holds that word
    and another after it; None when the word may run on into a child's text.
    """
    own = el.text
    if not own:
        return None
    words = normalised(" ".join(own.split())).split(None, 1)
    return words[0] if len(words) == 2 else None


# Prose after a list of links that makes it part of the article rather than its trailer.
TRAILING_PROSE_CHARS = 200


def _remove_link_lists(container: HtmlElement) -> None:
    """A list at the end whose every item is one link: headlines of other stories, however named.

    Lists of links inside the article (a "See also" in an encyclopedia entry,
    sources in a post) are followed by more prose and stay.
    """
    for el in list(container.iter("ul", "ol")):
        if el.getparent() is None:
            continue
        items = [li for li in el if li.tag == "li"]
        if len(items) < 2 or not all(
            text_of(li) and link_density(li) >= LINK_PARAGRAPH_DENSITY for li in items
        ):
            continue
        if _text_after(el, container, TRAILING_PROSE_CHARS) <= TRAILING_PROSE_CHARS:
            drop(el)


def _text_after(el: HtmlElement, container: HtmlElement, enough: int) -> int:
    """Characters of text that follow `el` inside `container`, counted until there are over `enough`."""
    total = 0
    node: HtmlElement | None = el
    while node is not None and node is not container:
        total += len((node.tail or "").strip())
        for sibling in node.itersiblings():
            if total > enough:
                return total
            total += len(text_of(sibling)) + len((sibling.tail or "").strip())
        node = node.getparent()
    return total


# An inline run with this many links and next to no words between them is a card, not a sentence.
CARD_MIN_LINKS = 3
CARD_MIN_CHARS = 80
# The sentence around a card: without this much text of its own the paragraph is a list of links.
CARD_SENTENCE_CHARS = 40


def remove_inline_cards(container: HtmlElement) -> None:
    """Hover cards inside a sentence: a name that opens a box of other headlines when pointed at.

    thehill.com puts a person's latest stories in a `<span>` right after the
    name, shown by CSS on hover; without CSS they run into the sentence.
    """
    for paragraph in list(container.iter("p")):
        if paragraph.getparent() is None:
            continue
        # A card holds that many links: a paragraph with fewer holds no card (most hold none).
        if sum(1 for _ in islice(paragraph.iter("a"), CARD_MIN_LINKS)) < CARD_MIN_LINKS:
            continue
        total = len(text_of(paragraph))
        # Innermost first: the card is the box of headlines, not the name it hangs on ("Gov.
        # <span>Kristi Noem<span>...3 headlines...</span></span> (R) is defending").
        for span in reversed(list(paragraph.iter("span", "div"))):
            if span.getparent() is None:
                continue
            links = sum(1 for _ in span.iter("a"))
            text = len(text_of(span))
            if (
                links >= CARD_MIN_LINKS
                and text >= CARD_MIN_CHARS
                and total - text >= CARD_SENTENCE_CHARS
                and link_density(span, text) > 0.8
            ):
                drop(span)


# A heading or label this short, with nothing after it, labels something that is not there.
TRAILING_LABEL_MAX_CHARS = 80
TRAILING_LABELS = 3


def _remove_trailing_labels(container: HtmlElement) -> None:
    """Headings and "Themen:"-style labels left at the very end of the article.

    A heading says what follows; at the end, what followed was a list of other stories,
    a gallery or a form that the rules above removed, so the heading goes too.
    """
    for _ in range(TRAILING_LABELS):
        block = _last_text_block(container)
        if block is None or block is container:
            return
        text = text_of(block)
        if len(text) > TRAILING_LABEL_MAX_CHARS:
            return
        label = block.tag in HEADING_TAGS or text.endswith(":") or _all_bold(block, text)
        if not label or block.find(".//img") is not None:
            return
        # Only what is left of a box of its own (a teaser box's heading, its teasers gone); a
        # heading standing in the article's own flow may close it on purpose.
        box = block.getparent()
        alone = False
        while box is not None and box is not container and text_of(box) == text:
            block, box, alone = box, box.getparent(), True
        if not alone:
            return
        drop(block)


def _last_text_block(container: HtmlElement) -> HtmlElement | None:
    """The block that holds the last text of `container`."""
    for el in in_reverse_order(container):
        if not isinstance(el.tag, str):
            continue
        if (el.text or "").strip() and el.tag in BLOCK_TAGS and not (el.tail or "").strip():
            return el
        if (el.text or "").strip() or (el.tail or "").strip():
            block = block_ancestor(el, container)
            return container if block is None else block
    return None


def _all_bold(block: HtmlElement, text: str) -> bool:
    """True when every word of `block` is inside `<strong>` or `<b>`."""
    bold = sum(len(text_of(el)) for el in block.iter("strong", "b") if not has_ancestor(el, ("strong", "b")))
    return bold >= len(text)


def _remove_negative_headings(container: HtmlElement) -> None:
    for el in list(container.iter(*HEADING_TAGS)):
        if has_hint(el, NEGATIVE_HINT) and not has_hint(el, POSITIVE_HINT):
            drop(el)
