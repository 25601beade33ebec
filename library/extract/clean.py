"""Cleaning rules: drop page furniture and in-body boilerplate, keep the article's blocks and real images."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import cast
from urllib.parse import urljoin

from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlElement

# The lazy-image attributes and the srcset reader are shared with the sources (saved pages).
from library.htmlimages import LAZY_SRC_ATTRIBUTES as _LAZY_SRC_ATTRS
from library.htmlimages import LAZY_SRCSET_ATTRIBUTES as _LAZY_SRCSET_ATTRS
from library.htmlimages import choose_from_srcset

# Elements that never carry article text, removed with everything inside them.
JUNK_TAGS = frozenset(
    [
        "script",
        "style",
        "link",
        "meta",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "applet",
        "frame",
        "frameset",
        "noframes",
        "input",
        "button",
        "select",
        "textarea",
        "option",
        "optgroup",
        "datalist",
        "dialog",
        "audio",
        "video",
        "track",
        "map",
        "area",
        "head",
        "title",
        "base",
        "param",
        "portal",
        "slot",
        # MathML keeps its text (Qt cannot draw formulas, but "a ≠ 0" still reads); its TeX copy goes.
        "annotation",
        "annotation-xml",
    ]
)

# Class and id hints (Readability's lists, widened with the furniture of today's news sites).
# Patterns are matched against the lower-cased hint, so they carry no IGNORECASE (much faster).
UNLIKELY_HINT = re.compile(
    r"-ad-|ai2html|banner|breadcrumb|combx|comment|community|consent|cookie|cover-wrap|disqus|extra|"
    r"footer|gdpr|header|legends|menu|newsletter|related|remark|replies|rss|shoutbox|sidebar|skyscraper|"
    r"social|sponsor|subscribe|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|"
    r"outbrain|taboola|recommend|trending|most-popular|share|signup|sign-up|modal"
)
MAYBE_HINT = re.compile(r"and|article|body|column|content|main|mathjax|shadow")
# Embedded posts (a tweet, an Instagram post) quoted in an article are part of it.
EMBED_HINT = re.compile(
    r"twitter-tweet|instagram-media|tiktok-embed|social-?(media-?)?embed|"
    r"embed-?(social|tweet|twitter|instagram|facebook|post)|(^|\s)tweet(\s|$)"
)
NEGATIVE_HINT = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|"
    r"meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|"
    r"newsletter|subscribe|social|taboola|recommend|byline|author|caption|credit"
)
# The part of NEGATIVE_HINT that names furniture outright. The rest ("media", "meta", "caption",
# "tags", "scroll") also names wrappers of real paragraphs (cnn.com's "el__leafmedia" holds the
# first paragraph), so alone it does not condemn a box that holds prose.
STRONG_NEGATIVE_HINT = re.compile(
    r"-ad-|banner|combx|comment|contact|footer|gdpr|masthead|outbrain|promo|related|share|shoutbox|"
    r"sidebar|skyscraper|sponsor|shopping|widget|newsletter|subscribe|social|taboola|recommend|byline|author"
)
POSITIVE_HINT = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story"
)
# Boxes of other stories and sign-up forms, even when their name also says "content"
# ("relatedContent", "newsletter-body"): small ones inside the article are never the article.
BOX_HINT = re.compile(
    r"related|recommend|newsletter|outbrain|taboola|trending|most-popular|promo|signup|sign-up|author"
)
BOX_MAX_SHARE = 0.3
SHARE_HINT = re.compile(r"(\b|_)(share|sharing|sharedaddy|social|socialmedia)(\b|_)")
CAPTION_HINT = re.compile(r"caption|credit|photo-?desc|image-?desc|img-?desc")
# ARIA roles of page furniture: menus, side panels, notices and pop-ups.
UNLIKELY_ROLES = frozenset(
    {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", "banner"}
)
UNLIKELY_TAGS = frozenset({"nav", "aside", "footer"})
# Inline styles that hide an element from every reader.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
SHARE_MAX_CHARS = 500


def hint_of(el: HtmlElement) -> str:
    """The class and id of `el`, lower-cased, as one string: what the hint patterns read."""
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return ""
    return f"{cls or ''} {ident or ''}".strip().lower()


# Pages repeat the same few hundred class names over thousands of elements: remember the verdicts.
@lru_cache(maxsize=16384)
def unlikely_hint(hint: str) -> bool:
    """True when a class/id hint names furniture and nothing that could hold the article."""
    return bool(UNLIKELY_HINT.search(hint)) and not MAYBE_HINT.search(hint) and not EMBED_HINT.search(hint)


@lru_cache(maxsize=16384)
def _hint_weight(name: str) -> int:
    name = name.lower()
    negative = NEGATIVE_HINT.search(name) and not EMBED_HINT.search(name)
    return (-25 if negative else 0) + (25 if POSITIVE_HINT.search(name) else 0)


def class_weight(el: HtmlElement) -> int:
    """Readability's class/id weight: +25 for an article-like name, -25 for furniture, per attribute."""
    weight = 0
    for name in (el.get("class"), el.get("id")):
        if name:
            weight += _hint_weight(name)
    return weight


@lru_cache(maxsize=16384)
def _hint_matches(pattern: re.Pattern[str], hint: str) -> bool:
    return bool(pattern.search(hint))


def has_hint(el: HtmlElement, pattern: re.Pattern[str]) -> bool:
    """True when the class or id of `el` matches `pattern` (one of the lower-case hint patterns)."""
    hint = hint_of(el)
    return bool(hint) and _hint_matches(pattern, hint)


def is_unlikely(el: HtmlElement) -> bool:
    """True for page furniture by tag, ARIA role or class/id: menus, footers, comments, share bars."""
    tag = el.tag
    if tag in ("body", "html", "a", "article", "main"):
        return False
    if tag in UNLIKELY_TAGS:
        return bool(el.get("itemprop") != "articleBody")
    role = el.get("role")
    if role and role.lower() in UNLIKELY_ROLES:
        return True
    hint = hint_of(el)
    return bool(hint) and unlikely_hint(hint) and el.get("itemprop") != "articleBody"


# Class names of the usual CSS frameworks for "not shown" and "for screen readers only"
# ("Image copyright", "Advertisement", "Share on Facebook (opens in new window)").
HIDDEN_CLASSES = frozenset(
    [
        "hidden",
        "hide",
        "is-hidden",
        "d-none",
        "invisible",
        "sr-only",
        "sr-only-focusable",
        "visually-hidden",
        "visuallyhidden",
        "screen-reader-text",
        "screen-reader-only",
        "screenreader-only",
        "off-screen",
        "offscreen",
        "element-invisible",
        "u-hidden-visually",
        "a11y-hidden",
    ]
)


@lru_cache(maxsize=16384)
def _hidden_class(cls: str) -> bool:
    return not HIDDEN_CLASSES.isdisjoint(cls.lower().split())


def has_hidden_class(el: HtmlElement) -> bool:
    """True when a class of `el` is one the usual CSS frameworks hide or keep for screen readers."""
    cls = el.get("class")
    return bool(cls) and _hidden_class(cls)


def is_hidden(el: HtmlElement) -> bool:
    """True for an element no reader sees: `hidden`, `aria-hidden="true"`, an inline style or a class that hides it."""
    if el.get("hidden") is not None:
        return True
    cls = el.get("class")
    if cls and _hidden_class(cls):
        return True
    if (el.get("aria-hidden") or "").strip().lower() == "true":
        # Wikipedia marks its math fallback images aria-hidden although they are the visible formula.
        return "fallback-image" not in (el.get("class") or "")
    style = el.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


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


# ---------------------------------------------------------------- the whole page, before scoring


# XPath picks the few elements that may be hidden, in C; is_hidden() then decides. Hidden
# classes are found during content scoring, which reads every class anyway.
_HIDDEN_CANDIDATES = XPath("//*[@hidden or @aria-hidden or @style]")


def prepare_page(root: HtmlElement) -> None:
    """Remove what is never article: scripts, styles, frames, form controls and hidden elements.

    Runs once on the whole page, after the metadata has been read from it.
    """
    _unwrap_noscript_images(root)
    doomed = list(root.iter(*JUNK_TAGS))
    candidates = cast("list[HtmlElement]", _HIDDEN_CANDIDATES(root))
    doomed.extend(el for el in candidates if is_hidden(el))
    for el in doomed:
        # An ancestor already removed takes its descendants with it; dropping again is harmless.
        drop(el)
    # Before scoring: a paragraph full of card links would look like a list of links.
    remove_inline_cards(root)


def fix_images(container: HtmlElement, base_url: str | None) -> None:
    """Give every image of the article its real, absolute source; drop placeholders and tracking pixels.

    Done on the article alone, once it is found: most of a page's images are elsewhere.
    """
    for img in list(container.iter("img")):
        if not fix_image(img, base_url):
            parent = img.getparent()
            drop(img)
            # A link or a figure that only held the placeholder goes too.
            while parent is not None and parent is not container and not text_of(parent):
                if parent.find(".//img") is not None:
                    break
                grandparent = parent.getparent()
                drop(parent)
                parent = grandparent


def _unwrap_noscript_images(root: HtmlElement) -> None:
    """Use the `<noscript>` copy of a lazily loaded image; drop every other `<noscript>`.

    Lazy-loading scripts leave a placeholder `<img>` and put the real one in
    `<noscript>` for browsers without scripts (Readability's rule).
    """
    for noscript in list(root.iter("noscript")):
        images = list(noscript.iter("img"))
        if len(images) != 1 or text_of(noscript):
            drop(noscript)
            continue
        real = images[0]
        previous = noscript.getprevious()
        placeholder = None
        if previous is not None:
            placeholder = previous if previous.tag == "img" else None
            if placeholder is None and previous.tag in ("picture", "span", "div", "a", "figure"):
                inner = list(previous.iter("img"))
                placeholder = inner[0] if len(inner) == 1 and not text_of(previous) else None
        if placeholder is not None:
            parent = placeholder.getparent()
            if parent is not None:
                real.tail = placeholder.tail
                parent.replace(placeholder, real)
            drop(noscript)
        else:
            real.tail = noscript.tail
            parent = noscript.getparent()
            if parent is not None:
                parent.replace(noscript, real)


_IMAGE_URL = re.compile(r"^\s*\S+\.(jpe?g|png|webp|gif|avif)(\?\S*)?\s*$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"blank|spacer|placeholder|transparent|pixel|1x1|lazy|loading|grey|gray", re.I)
# A data: URI this short holds a few pixels: a stand-in, unless the page has nothing better.
_TINY_DATA_URI = 200


def fix_image(img: HtmlElement, base_url: str | None) -> bool:
    """Give `img` its real source (lazy attributes, srcset, `<picture>`), resolved; False if it has none."""
    src = (img.get("src") or "").strip()
    # The src of a responsive image is often its smallest size: srcset offers a better one.
    responsive = choose_from_srcset(img.get("srcset") or "")
    if responsive and src and not src.startswith("data:"):
        src = responsive
    if not src or _is_placeholder(src) or _is_tiny_inline(src):
        real = next((c for c in _lazy_candidates(img) if not _is_placeholder(c)), None)
        if real is not None:
            src = real
    if not src or _is_placeholder(src) or _is_spacer(src):
        return False
    width, height = img.get("width") or "", img.get("height") or ""
    if width.strip() in ("0", "1", "2") or height.strip() in ("0", "1", "2"):
        return False  # tracking pixels
    img.set("src", resolve_url(src, base_url))
    return True


def _lazy_candidates(img: HtmlElement) -> list[str]:
    """The sources a lazy loader would have put in `src`, best first."""
    candidates: list[str] = []
    for attr in _LAZY_SRC_ATTRS:
        value = (img.get(attr) or "").strip()
        if value:
            candidates.append(value)
    for attr in ("srcset", *_LAZY_SRCSET_ATTRS):
        chosen = choose_from_srcset(img.get(attr) or "")
        if chosen:
            candidates.append(chosen)
    picture = img.getparent()
    # libxml2 does not know <source> is empty and nests the <img> inside it.
    while picture is not None and picture.tag == "source":
        picture = picture.getparent()
    if picture is not None and picture.tag == "picture":
        for source in picture.iter("source"):
            chosen = choose_from_srcset(source.get("srcset") or source.get("data-srcset") or "")
            if chosen:
                candidates.append(chosen)
    # Any other attribute that holds an image address (Readability's rule for unknown lazy loaders).
    for name, value in img.attrib.items():
        if name not in ("src", "srcset", *_LAZY_SRC_ATTRS, *_LAZY_SRCSET_ATTRS) and _IMAGE_URL.match(value):
            candidates.append(value.strip())
    return candidates


def _is_placeholder(src: str) -> bool:
    """True for a source that is no picture: a non-image data: URI, about:, or a "blank.gif"."""
    if src.startswith("data:"):
        return not src[5:11].lower().startswith("image/")
    name = src.rsplit("/", 1)[-1]
    return (bool(_PLACEHOLDER.search(name)) and not _IMAGE_URL.match(name)) or src.startswith("about:")


def _is_tiny_inline(src: str) -> bool:
    """A data: image too small to be a photo: a lazy loader's stand-in when the real source is elsewhere."""
    return src.startswith("data:") and len(src) < _TINY_DATA_URI


def _is_spacer(src: str) -> bool:
    """The 1x1 inline GIF of old layouts and lazy loaders, shown to nobody."""
    return _is_tiny_inline(src) and src[5:14].lower() == "image/gif"


def resolve_url(url: str, base_url: str | None) -> str:
    """`url` made absolute against `base_url`; as written when there is no base or it is a data: URI."""
    url = url.strip()
    if not base_url or url.startswith(("data:", "#")):
        return url
    try:
        return urljoin(base_url, url)
    except ValueError:
        return url


def text_of(el: HtmlElement) -> str:
    """The text of `el` with whitespace runs collapsed."""
    return " ".join(el.text_content().split())


# ---------------------------------------------------------------- inside the article


@dataclass(frozen=True)
class TextRule:
    """A class of boilerplate recognised by what a short block says, whatever the site."""

    name: str
    pattern: re.Pattern[str]
    max_chars: int
    # Words one of which the text must contain before the pattern is tried (a cheap first test:
    # unanchored patterns cost tens of microseconds per paragraph). Both read lower-cased text.
    keywords: tuple[str, ...] = ()


TEXT_RULES = (
    # "For the latest headlines, follow our Google News channel online or via the app." (the seed page)
    TextRule(
        "promotion",
        re.compile(
            r"\bfollow (us|our\b.{0,40}\b(channel|page|account))|for the latest (news|headlines|updates)\b|"
            r"\bfollow (me|him|her|them|\S+( \S+)?) on (twitter|facebook|instagram|linkedin|tiktok|youtube)\b|"
            r"\bdownload (our|the) .{0,30}\bapp\b|\bget (the|our) .{0,30}\b(app|newsletter)\b",
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
    # "Filed under: Syi'ah |" (kabarislamia.com); "Tags: rivers, floods"
    TextRule(
        "taxonomy line",
        re.compile(r"^(filed under|tags?|tagged( with| as)?|categories|category|posted in|topics?)\s*:"),
        150,
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

# Headings and lead-ins of "more stories" link lists.
READ_MORE = re.compile(
    r"^(read|see|watch|listen)( more| also| next)\b|^related\b|^more (on|from|in|about|stories|news)\b|"
    r"^recommended\b|^you (may|might) (also )?(like|enjoy|be interested)|^(most (read|popular|viewed|shared))|"
    r"^trending\b|^(also|further) read(ing)?\b|^popular (stories|articles|posts)\b|^what to read next|"
    r"^(top|latest) (stories|news|headlines)\b|^in case you missed it|^don'?t miss\b|^also on\b|^more\s*:?$",
    re.IGNORECASE,
)


_RULE_MAX_CHARS = max(rule.max_chars for rule in TEXT_RULES)


def matching_rule(text: str) -> TextRule | None:
    """The boilerplate rule a short block's text falls under, if any."""
    if len(text) > _RULE_MAX_CHARS:
        return None
    lowered = text.lower()
    for rule in TEXT_RULES:
        if len(text) > rule.max_chars:
            continue
        if rule.keywords and not any(word in lowered for word in rule.keywords):
            continue
        if rule.pattern.search(lowered):
            return rule
    return None


_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "li",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "th",
        "form",
        "fieldset",
        "details",
        "summary",
        "address",
        "center",
    ]
)


def clean_content(container: HtmlElement, *, conditional: bool = True, unlikely: bool = True) -> None:
    """Remove boilerplate inside the article region `container`, in place.

    `unlikely` drops furniture by tag, role and class (what the scoring ignored);
    `conditional` applies Readability's shape tests to tables, lists and
    divisions (many images and few words, many links, form fields).
    """
    total = len(text_of(container))
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if has_hidden_class(el) or (unlikely and is_unlikely(el)):
            drop(el)
        elif has_hint(el, BOX_HINT) and len(text_of(el)) < BOX_MAX_SHARE * total:
            # Small enough never to be the article, so safe in every attempt.
            drop(el)
    mark_captions(container)
    _remove_share_blocks(container)
    _remove_boilerplate_text(container)
    _remove_read_more_lists(container)
    _remove_link_lists(container)
    _remove_negative_headings(container)
    if conditional:
        _clean_conditionally(container)
    _remove_empty(container)


CAPTION_MAX_CHARS = 500


def mark_captions(container: HtmlElement) -> None:
    """Turn captions and credits written as classed `div`/`span`/`p` into `<figcaption>`.

    The output keeps captions as their own paragraphs and leaves them out of
    the plain text, wherever the page wrote them.
    """
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str) or el.tag in ("figcaption", "img", "a", "figure", "picture"):
            continue
        if not has_hint(el, CAPTION_HINT):
            continue
        if el.find(".//figcaption") is not None or el.find(".//img") is not None:
            continue
        if _has_ancestor(el, ("figcaption",)) or len(text_of(el)) > CAPTION_MAX_CHARS:
            continue
        paragraphs = [p for p in el.iter("p", "div") if p is not el and p.find(".//p") is None]
        # A caption box holding paragraphs: each paragraph is a caption (no <p> inside a <p>).
        for target in paragraphs or [el]:
            target.tag = "figcaption"


def _remove_share_blocks(container: HtmlElement) -> None:
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if has_hint(el, SHARE_HINT) and not has_hint(el, EMBED_HINT) and len(text_of(el)) < SHARE_MAX_CHARS:
            drop(el)


def _leaf_blocks(container: HtmlElement) -> Iterable[HtmlElement]:
    """Block elements with text of their own and no block inside: the paragraphs of the fragment."""
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str) or el.tag not in _BLOCKS or el.getparent() is None:
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in el):
            continue
        yield el


# A paragraph that is one link and nothing else, in the middle of prose, is a headline of another story.
LINK_PARAGRAPH_MAX_CHARS = 160
LINK_PARAGRAPH_DENSITY = 0.9


def _remove_boilerplate_text(container: HtmlElement) -> None:
    for el in _leaf_blocks(container):
        if el.getparent() is None:
            continue
        text = text_of(el)
        if not text or len(text) > 400:
            continue
        if (
            el.tag in ("p", "div")
            and len(text) <= LINK_PARAGRAPH_MAX_CHARS
            and not _has_ancestor(el, ("li", "td", "dd", "blockquote"))
            and _link_density(el) >= LINK_PARAGRAPH_DENSITY
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
                and text_of(parent) == text
            ):
                target = parent
                parent = target.getparent()
            drop(target)


def _remove_read_more_lists(container: HtmlElement) -> None:
    """A "Read more" / "Related" lead-in and the list of links that follows it."""
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag not in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "strong", "b", "span", "li"):
            continue
        text = text_of(el)
        if not text or len(text) > 120 or not READ_MORE.search(text):
            continue
        if _link_density(el) > 0.5:
            drop(el)  # "Read more: <headline>" as one linked line
            continue
        if el.tag in ("span", "strong", "b") or len(text) > 40:
            continue
        following = el.getnext()
        drop(el)
        while following is not None and _link_density(following) > 0.5:
            after = following.getnext()
            drop(following)
            following = after


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
            text_of(li) and _link_density(li) >= LINK_PARAGRAPH_DENSITY for li in items
        ):
            continue
        if _text_after(el, container) <= TRAILING_PROSE_CHARS:
            drop(el)


def _text_after(el: HtmlElement, container: HtmlElement) -> int:
    """Characters of text that follow `el` inside `container`."""
    total = 0
    node: HtmlElement | None = el
    while node is not None and node is not container:
        total += len((node.tail or "").strip())
        for sibling in node.itersiblings():
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
        total = len(text_of(paragraph))
        for span in list(paragraph.iter("span", "div")):
            if span.getparent() is None:
                continue
            links = sum(1 for _ in span.iter("a"))
            text = len(text_of(span))
            if (
                links >= CARD_MIN_LINKS
                and text >= CARD_MIN_CHARS
                and total - text >= CARD_SENTENCE_CHARS
                and _link_density(span) > 0.8
            ):
                drop(span)


def _remove_negative_headings(container: HtmlElement) -> None:
    for el in list(container.iter("h1", "h2", "h3", "h4", "h5", "h6")):
        if has_hint(el, NEGATIVE_HINT) and not has_hint(el, POSITIVE_HINT):
            drop(el)


def _link_density(el: HtmlElement) -> float:
    total = len(text_of(el))
    if not total:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return linked / total


# A box that says only "Advertisement", in the languages of the corpora ("Iklan": kabarislamia.com).
_AD_WORDS = re.compile(
    r"^(ads?|advert(ising|isement)?|pub(licité|licidad|blicità)?|werb(ung)?|anzeige|reklam[ae]|iklan|"
    r"advertentie|annons|mainos|广告|реклама|anuncio)$",
    re.I,
)
_LOADING_WORDS = re.compile(r"^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$", re.I)


def is_data_table(table: HtmlElement) -> bool:
    """True for a table of data rather than layout (Readability's test)."""
    if (table.get("role") or "") == "presentation" or table.get("datatable") == "0":
        return False
    if table.get("summary") or table.find(".//caption") is not None:
        return True
    for tag in ("thead", "tfoot", "th", "colgroup"):
        if table.find(f".//{tag}") is not None:
            return True
    if table.find(".//table") is not None:
        return False
    rows = table.findall(".//tr")
    columns = max((len(row.findall("td")) + len(row.findall("th")) for row in rows), default=0)
    return len(rows) >= 10 or columns > 4 or len(rows) * columns > 10


def _has_ancestor(el: HtmlElement, tags: Iterable[str]) -> bool:
    wanted = set(tags)
    parent = el.getparent()
    while parent is not None:
        if parent.tag in wanted:
            return True
        parent = parent.getparent()
    return False


_CONDITIONAL_TAGS = ("form", "fieldset", "table", "ul", "ol", "div", "section", "aside")
# What an element sits inside, for the conditional rules: found in one walk rather than by
# climbing from every element (which costs depth x elements on deeply nested pages).
_IN_CODE, _IN_DATA_TABLE, _IN_FIGURE = 1, 2, 4


def _clean_conditionally(container: HtmlElement) -> None:
    """Readability's conditional cleaning of tables, lists and divisions, innermost first."""
    context: dict[HtmlElement, int] = {}
    data_tables: dict[HtmlElement, bool] = {}
    stack = [0]
    for event, el in etree.iterwalk(container, events=("start", "end")):
        if event == "end":
            stack.pop()
            continue
        inherited = stack[-1]
        context[el] = inherited
        tag = el.tag
        if tag in ("code", "pre"):
            inherited |= _IN_CODE
        elif tag == "figure":
            inherited |= _IN_FIGURE
        elif tag == "table" and not inherited & _IN_DATA_TABLE:
            data_tables[el] = is_data_table(el)
            if data_tables[el]:
                inherited |= _IN_DATA_TABLE
        stack.append(inherited)
    for tag in _CONDITIONAL_TAGS:
        for el in reversed(list(container.iter(tag))):
            if el is container or el.getparent() is None:
                continue
            flags = context.get(el, 0)
            if flags & (_IN_CODE | _IN_DATA_TABLE) or data_tables.get(el, False):
                continue
            if _should_remove(el, in_figure=bool(flags & _IN_FIGURE)):
                drop(el)


# A paragraph this long with few links is prose, whatever the box around it is called.
PROSE_PARAGRAPH_CHARS = 80


def _holds_prose(el: HtmlElement) -> bool:
    """True when `el` holds a paragraph of real prose (long, few links)."""
    for paragraph in el.iter("p"):
        text = text_of(paragraph)
        if len(text) >= PROSE_PARAGRAPH_CHARS and _link_density(paragraph) < 0.25:
            return True
    return False


def _should_remove(el: HtmlElement, *, in_figure: bool) -> bool:
    """Readability's conditional cleaning: is this table, list or division furniture by its shape?"""
    tag = el.tag
    if has_hint(el, EMBED_HINT):
        return False  # a quoted post is mostly links (its author, its date) and still the article's
    weight = class_weight(el)
    if weight < 0 and (has_hint(el, STRONG_NEGATIVE_HINT) or not _holds_prose(el)):
        return True
    text = text_of(el)
    if text.count(",") + text.count("，") >= 10:
        return False
    paragraphs = sum(1 for _ in el.iter("p"))
    images = sum(1 for _ in el.iter("img"))
    items = sum(1 for _ in el.iter("li"))
    inputs = sum(1 for _ in el.iter("input"))
    is_list = tag in ("ul", "ol")
    if not is_list and items:
        list_chars = sum(len(text_of(li)) for li in el.iter("li"))
        is_list = bool(text) and list_chars / len(text) > 0.9
    if _AD_WORDS.match(text) or _LOADING_WORDS.match(text):
        return True
    heading_chars = sum(len(text_of(h)) for h in el.iter("h1", "h2", "h3", "h4", "h5", "h6"))
    heading_density = heading_chars / len(text) if text else 0.0
    link_density = _link_density(el)
    remove = (
        (not in_figure and images > 1 and paragraphs / images < 0.5)
        or (not is_list and items - 100 > paragraphs)
        or (inputs > paragraphs // 3)
        or (
            not is_list
            and not in_figure
            and heading_density < 0.9
            and len(text) < 25
            and (images == 0 or images > 2)
            and link_density > 0
        )
        or (not is_list and weight < 25 and link_density > 0.2)
        or (weight >= 25 and link_density > 0.5)
        or (images == 0 and not text)
    )
    # A list of pictures (a gallery) stays: every item holds one image and nothing else.
    gallery = is_list and images == items and all(len(child) <= 1 for child in el)
    return remove and not gallery


def _remove_empty(container: HtmlElement) -> None:
    """Blocks left with neither text nor an image (after the rules above emptied them)."""
    for el in reversed(list(container.iterdescendants())):
        if not isinstance(el.tag, str) or el.tag in ("br", "hr", "img", "td", "th", "tr"):
            continue
        if el.getparent() is None or (el.tag == "a" and (el.get("name") or el.get("id"))):
            continue  # an empty <a name> is a footnote's anchor
        if el.find(".//img") is None and not (el.text_content() or "").strip():
            drop(el)


# ---------------------------------------------------------------- the top of the article

# Lines before the first paragraph of prose that may repeat the title, the byline or the date.
HEADER_LINES = 6
HEADER_LINE_MAX_CHARS = 150
_DATE_WORD = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|"
    r"nov(ember)?|dec(ember)?|mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(rs(day)?)?|fri(day)?|sat(urday)?|"
    r"sun(day)?|today|yesterday|[ap]\.?m\.?|gmt|utc|[ecmp][sd]t|bst|cet|cest|ist|"
    r"updated?|published|posted|last|modified|created|date|on|at|\d+(st|nd|rd|th|[ap]\.?m\.?)?|ago|mins?|minutes?|"
    r"hours?|hrs?|days?|weeks?|months?|years?|an?)\b",
    re.IGNORECASE,
)
_HAS_DATE = re.compile(
    r"\d{1,2}[:/.]\d{1,2}|\b\d{4}\b|\b\d+ (minutes?|hours?|days?) ago\b|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2} (jan|feb|mar|apr|may|jun|"
    r"jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(by|written by|words by|von|par|por)\s+\S", re.IGNORECASE)
_LINE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "time", "address", "header", "section")


_YEAR = re.compile(r"\b(19|20)\d\d\b")
_CLOCK = re.compile(r"\b\d{1,2}[:h.]\d\d\b")


def is_dateline(text: str) -> bool:
    """True for a short line that only states when the article was published or updated.

    English date words are recognised one by one; in other languages a short
    line with a year and a time of day ("sexta-feira, 22 de outubro de 2010 às
    20:13") is a date line too.
    """
    if len(text) > 100 or not _HAS_DATE.search(text):
        return False
    rest = re.sub(r"[\W\d_]+", " ", _DATE_WORD.sub(" ", text)).split()
    if not rest:
        return True
    return len(text.split()) <= 8 and bool(_YEAR.search(text)) and bool(_CLOCK.search(text))


def is_byline(text: str, byline: str | None = None) -> bool:
    """True for a short "By <name>" line, or one that names the known author and little else."""
    if len(text) > 100:
        return False
    if _BYLINE.match(text) and (len(text.split()) <= 12 or _HAS_DATE.search(text)):
        return True
    if byline:
        words, name = _words(text), _words(byline)
        return bool(name) and name in words and len(words.split()) <= len(name.split()) + 8
    return False


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def repeats_title(text: str, title: str | None) -> bool:
    """True when a heading says what the title says (the title may carry a " | Site" suffix)."""
    if not title:
        return False
    words, title_words = _words(text), _words(title)
    if not words or not title_words:
        return False
    if words == title_words:
        return True
    if len(words.split()) >= 3 and len(words) >= 0.5 * len(title_words) and title_words.startswith(words):
        return True
    # The headline and the <title> often differ by a word or a quote mark.
    heading_set, title_set = set(words.split()), set(title_words.split())
    common = len(heading_set & title_set)
    return len(heading_set) >= 3 and common >= 0.8 * len(heading_set) and common >= 0.6 * len(title_set)


def remove_header_lines(container: HtmlElement, *, title: str | None, byline: str | None) -> None:
    """Remove the title, byline and date lines among the first lines of the article.

    A standfirst (a long lead line) may come before the date, so the scan goes
    on past one paragraph of prose and stops at the second.
    """
    seen = 0
    prose = 0
    for el in list(container.iter(*_LINE_TAGS)):
        if el.getparent() is None or el is container:
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in el.iterdescendants()):
            continue
        text = text_of(el)
        if not text:
            continue
        if el.tag in ("span", "time"):
            # An inline element is a line of its own only when it is all its block says (once
            # the headline beside it is gone); otherwise its block is the line.
            block = _block_ancestor(el, container)
            if block is not None and text_of(block) != text:
                continue
        seen += 1
        if seen > HEADER_LINES:
            return
        if len(text) > HEADER_LINE_MAX_CHARS:
            prose += 1
            if prose >= 2:
                return
            continue
        heading = el.tag in ("h1", "h2", "h3")
        if (heading and repeats_title(text, title)) or is_dateline(text) or is_byline(text, byline):
            drop(el)


def _block_ancestor(el: HtmlElement, stop: HtmlElement) -> HtmlElement | None:
    """The nearest block element above `el`, below `stop`; None when there is none."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _BLOCKS:
            return parent
        parent = parent.getparent()
    return None
