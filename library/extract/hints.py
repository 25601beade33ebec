"""Class, id, role and tag hints: what a page's own names say about an element (furniture, article, hidden)."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

# Class and id hints: Readability's lists, widened with the furniture of today's news sites.
# Patterns are matched against the lower-cased hint, so they carry no IGNORECASE (much faster).
_READABILITY_UNLIKELY_WORDS = [
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
]
# Notices, sign-ups and recommendation widgets.
_NEWER_UNLIKELY_WORDS = [
    "consent",
    "cookie",
    "newsletter",
    "subscribe",
    "outbrain",
    "taboola",
    "recommend",
    "trending",
    "most-popular",
    "share",
    "signup",
    "sign-up",
    "modal",
    "dialog",
    "login",
]
_UNLIKELY_WORDS = _READABILITY_UNLIKELY_WORDS + _NEWER_UNLIKELY_WORDS
UNLIKELY_HINT = re.compile("|".join(_UNLIKELY_WORDS))
# The same furniture, less the article's header: where a lead lives.
UNLIKELY_BESIDE_LEAD_HINT = re.compile("|".join(word for word in _UNLIKELY_WORDS if word != "header"))
# Readability's furniture, less the header: boxes a byline found in is not the article's. (The
# newer names also wrap bylines: a share bar around the author line, a "modal" layout class, a
# widget vendor's theme on the whole page.)
UNLIKELY_AROUND_BYLINE_HINT = re.compile("|".join(w for w in _READABILITY_UNLIKELY_WORDS if w != "header"))
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
    r"sidebar|skyscraper|sponsor|shopping|newsletter|subscribe|social|taboola|recommend|byline|author"
)
POSITIVE_HINT = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story"
)
# Boxes of other stories and sign-up forms, even when their name also says "content"
# ("relatedContent", "newsletter-body"): small ones inside the article are never the article.
BOX_HINT = re.compile(
    r"related|recommend|newsletter|outbrain|taboola|trending|most-popular|promo|signup|sign-up|author|"
    r"call-to-action|(\b|_)cta(\b|_)"
)
SHARE_HINT = re.compile(r"(\b|_)(share|sharing|sharedaddy|social|socialmedia)(\b|_)")
# Names of the lead or standfirst between a headline and the body.
LEAD_HINT = re.compile(
    r"lead|intro|teaser|summary|excerpt|standfirst|subtitle|sub-title|dek|abstract|description|hook"
)
# Names of what sits between a headline and the body without being its lead: dates, pull quotes.
NOT_LEAD_HINT = re.compile(r"date|time|published|updated|posted|quote")
# Names of the byline's element.
BYLINE_HINT = re.compile(r"byline|author|writer|reporter|creator")
# Names of the page's main region, whatever else the name says ("dialog-off-canvas-main-canvas").
MAIN_HINT = re.compile(r"main|article|content")
# Names of notices and boxes that stand over or beside an article without being one.
NOTICE_HINT = re.compile(
    r"cookie|consent|gdpr|paywall|piano|subscri|newsletter|signup|sign-up|login|log-in|register|dialog|modal|"
    r"popup|overlay|author|disclosure|disclaimer"
)
CAPTION_HINT = re.compile(r"caption|credit|copyright|photo-?desc|image-?desc|img-?desc")
# ARIA roles of page furniture: menus, side panels, notices and pop-ups.
UNLIKELY_ROLES = frozenset(
    {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", "banner"}
)
UNLIKELY_TAGS = frozenset({"nav", "aside", "footer"})
# Inline styles that hide an element from every reader.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def hint_of(el: HtmlElement) -> str:
    """The class and id of `el`, lower-cased, as one string: what the hint patterns read."""
    return names_hint(el.get("class"), el.get("id"))


def names_hint(cls: str | None, ident: str | None) -> str:
    """A class and an id, lower-cased, as one string (see `hint_of`)."""
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
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return _unlikely_names(cls, ident) and el.get("itemprop") != "articleBody"


@lru_cache(maxsize=16384)
def _unlikely_names(cls: str | None, ident: str | None) -> bool:
    # Keyed by the names as written: the verdict comes without building the hint again.
    return unlikely_hint(names_hint(cls, ident))


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
def hidden_class(cls: str) -> bool:
    """True when one of the classes in `cls` is one the usual CSS frameworks hide or keep for screen readers."""
    return not HIDDEN_CLASSES.isdisjoint(cls.lower().split())


def is_hidden(el: HtmlElement) -> bool:
    """True for an element no reader sees: `hidden`, `aria-hidden="true"`, an inline style or a class that hides it."""
    if el.get("hidden") is not None:
        return True
    cls = el.get("class")
    if cls and hidden_class(cls):
        return True
    if (el.get("aria-hidden") or "").strip().lower() == "true":
        # Wikipedia marks its math fallback images aria-hidden although they are the visible formula.
        return "fallback-image" not in (el.get("class") or "")
    style = el.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))
