"""The top of the article: the title, byline and date lines that repeat what the metadata says."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from library.extract.hints import BYLINE_HINT, has_hint
from library.extract.tags import BLOCK_TAGS, HEADING_TAGS
from library.extract.tree import block_ancestor, drop, text_of

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
_BYLINE_PREFIX = re.compile(r"^(by|written by|words by|von|par|por)\s+(?=\S)", re.IGNORECASE)
_LINE_TAGS = (*HEADING_TAGS, "p", "div", "span", "time", "address", "header", "section")


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
    if _BYLINE_PREFIX.match(text) and (len(text.split()) <= 12 or _HAS_DATE.search(text)):
        return True
    if byline:
        # The metadata's byline may carry the "By" the line leaves out ("By ROBERT BURNS, AP ...").
        words, name = _words(text), _words(_BYLINE_PREFIX.sub("", byline))
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
        if any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el.iterdescendants()):
            continue
        text = text_of(el)
        if not text:
            continue
        if el.tag in ("span", "time"):
            # An inline element is a line of its own only when it is all its block says (once
            # the headline beside it is gone); otherwise its block is the line.
            block = block_ancestor(el, container)
            if block is not None and text_of(block) != text and not _alone_on_its_line(el):
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
        if (
            (heading and repeats_title(text, title))
            or is_dateline(text)
            or is_byline(text, byline)
            or is_meta_line(el, byline)
        ):
            drop(el)


def _alone_on_its_line(el: HtmlElement) -> bool:
    """True when inline `el` is a line of its parent by itself: only blocks or `<br>` beside it.

    ("<h1>Headline</h1> <span>22 de outubro de 2010 às 20:13</span> <div>...": the date's
    block holds the whole article, yet the date is a line of its own.)
    """
    parent = el.getparent()
    if parent is None or parent.tag not in BLOCK_TAGS or (el.tail or "").strip():
        return False
    previous, following = el.getprevious(), el.getnext()
    if previous is None and following is None:
        return False
    before = (previous.tail if previous is not None else parent.text) or ""
    return (
        not before.strip()
        and (previous is None or previous.tag == "br" or previous.tag in BLOCK_TAGS)
        and (following is None or following.tag == "br" or following.tag in BLOCK_TAGS)
    )


# Words that label a byline or a date in a meta line ("Published:", "Updated", "By", "am").
_META_LABEL = re.compile(
    r"^(by|from|von|par|por|di|door|przez|published|updated|posted|modified|last updated|first published|"
    r"veröffentlicht|aktualisiert|zuletzt aktualisiert|erstellt|stand|am|um|publié|mis à jour|publicado|"
    r"actualizado|pubblicato|aggiornato|publicado em|atualizado|gepubliceerd|bijgewerkt|opublikowano|"
    r"aktualizacja|on|at|le|el|il|em|op)\s*:?$",
    re.IGNORECASE,
)
_SEPARATORS = " \t\n|·•–—-,:;/"


def is_meta_line(line: HtmlElement, byline: str | None = None) -> bool:
    """True for a line whose every part is a date, a `<time>`, the byline or a label of theirs.

    "Reuters Published: 19 February ,2022: 02:05 PM GST Updated: ..." in one box (a byline
    span and two `<time>` elements) is too long for the byline or the date rule as a whole,
    and is nothing but those parts.
    """
    parts: list[tuple[HtmlElement | None, str]] = [(None, line.text or "")]
    for child in line:
        if isinstance(child.tag, str):
            parts.append((child, child.text_content()))
        parts.append((None, child.tail or ""))
    dated = False
    for child, raw in parts:
        piece = " ".join(raw.split()).strip(_SEPARATORS)
        if not piece:
            continue
        if (child is not None and child.tag == "time") or is_dateline(piece):
            dated = True
        elif not (
            _META_LABEL.match(piece)
            or is_byline(piece, byline)
            or (child is not None and has_hint(child, BYLINE_HINT))
        ):
            return False
    return dated
