"""Bylines: whether a value reads as one, and the byline element of the visible page."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from library.extract.hints import MAYBE_HINT, UNLIKELY_AROUND_BYLINE_HINT, UNLIKELY_ROLES, has_hint, is_hidden
from library.extract.metadata.text import (
    ITEMPROP_NAME,
    SPACES,
    URLISH,
    clean_text,
    xpath_elements,
    xpath_strings,
)

_HAS_SCRIPT = etree.XPath("boolean(.//script|.//style|.//noscript|.//template)")
_VISIBLE_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "button", "select"}
)


_BYLINE_PREFIX = re.compile(r"^(?:by|von|par|por|door|di|av|af)\s+(?=\S)", re.IGNORECASE)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_GLUED_MONTH = re.compile(rf"(?<=[a-z])(?={_MONTH}\s+\d)")
_TRAILING_DATE = re.compile(
    r"[\s,|•·–—-]*(?:(?:(?:last|first)\s+)?(?:published|updated|posted)\s*:?\s*)?(?:on\s+)?"
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\.?\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)

# Longest a byline can be before it is a paragraph that mentions an author.
_MAX_BYLINE = 100


def byline_in_page(root: lxml.html.HtmlElement) -> str | None:
    """The text of the first visible element marked as a byline (class, id, `rel`, `itemprop`).

    Walks the body in document order and stops at the first good one: bylines
    sit near the headline, so most pages end the walk early.
    """
    body = root.find("body")
    if body is None:
        return None
    for element in body.iter(etree.Element):
        get = element.get
        marks = f"{get('class') or ''} {get('id') or ''}".lower()
        if not (
            "author" in marks
            or "byline" in marks
            or "dateline" in marks
            or "writtenby" in marks
            or get("rel") == "author"
            or "author" in (get("itemprop") or "")
        ):
            continue
        if element.tag in _SKIPPED_TAGS:
            continue
        raw = _visible_text(element, collapse=False)
        # Measured before collapsing whitespace: an element whose markup spreads its text over many
        # indented lines holds more than a name (a byline with dates, a bio, a share bar).
        if not raw or len(raw) >= _MAX_BYLINE:
            continue
        text = clean_text(raw, unescape=False)
        if _is_hidden(element) or any(_is_unlikely_container(a) for a in element.iterancestors()):
            continue
        # A byline that marks up the author's name ("By <span itemprop=name>Ann Lee</span>, Rome")
        # says exactly which words are the name.
        named = xpath_elements(ITEMPROP_NAME, element)
        name = _visible_text(named[0]) if named else None
        byline = valid_byline(_without_trailing_date(name or text or ""))
        if byline:
            return byline
        # Only a date ("Last Updated: January 7, 2025"): a dateline, not a byline; look further.
    return None


def _without_trailing_date(byline: str) -> str:
    """`byline` without the date a byline element often ends with ("By Ann Lee, March 3, 2021").

    Adjacent elements' texts run together in the markup ("Carrie ArnoldNovember 15, 2019"), so a
    month name glued to the name is split off first. Empty when the byline is nothing but a date.
    """
    return _TRAILING_DATE.sub("", _GLUED_MONTH.sub(" ", byline)).strip()


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    return any(is_hidden(node) for node in (element, *element.iterancestors()))


def _is_unlikely_container(element: lxml.html.HtmlElement) -> bool:
    """A container a reader never shows, or page furniture: a byline inside one is a commenter's.

    The furniture names are Readability's, less "header": an article's header is where its
    byline lives.
    """
    tag = element.tag
    if tag in _SKIPPED_TAGS:
        return True
    if tag in {"body", "html", "a"}:
        return False
    role = element.get("role")
    if role and role.lower() in UNLIKELY_ROLES:
        return True
    return has_hint(element, UNLIKELY_AROUND_BYLINE_HINT) and not has_hint(element, MAYBE_HINT)


def _visible_text(element: lxml.html.HtmlElement, collapse: bool = True) -> str | None:
    if _HAS_SCRIPT(element) is True:
        text = "".join(xpath_strings(_VISIBLE_TEXT, element))
    else:
        text = str(element.text_content())
    return clean_text(text, unescape=False) if collapse else (text.strip() or None)


def valid_byline(value: str | None) -> str | None:
    """`value` if it reads as a byline: short, not an address, not a bare "By"."""
    if not value:
        return None
    text = SPACES.sub(" ", value).strip()
    if not text or len(text) >= _MAX_BYLINE or URLISH.search(text):
        return None
    if not re.search(r"\w", _BYLINE_PREFIX.sub("", text)):
        return None
    return text
