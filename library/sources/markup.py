"""HTML for the sources: parsed as the extractor parses it, and written back so that it parses the same."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Elements HTML or its older versions define as empty, and elements whose text is raw (no tags,
# no character references). Which of them the installed libxml2 treats so has changed between
# its versions (2.14 took HTML's tokenizer, but still nests content in <source> and <wbr>), so
# `_parser_rules` asks it.
_EMPTY_CANDIDATES = (
    "area",
    "base",
    "basefont",
    "bgsound",
    "br",
    "col",
    "embed",
    "frame",
    "hr",
    "img",
    "input",
    "isindex",
    "keygen",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
)
_RAW_TEXT_CANDIDATES = ("iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "xmp")


def parse_page(text: str) -> HtmlElement | None:
    """`text` as the tree the extractor will read (`library.extract.parse_html`); None without markup."""
    from library.errors import ExtractionError
    from library.extract import parse_html

    try:
        return parse_html(text)
    except ExtractionError:
        return None


def parse_start(text: str) -> HtmlElement | None:
    """The start of a document, comments kept, for recognising a format or reading a save's marker."""
    from lxml import etree
    from lxml.html import HTMLParser, document_fromstring

    parser = HTMLParser(encoding="utf-8", remove_pis=True, no_network=True)
    try:
        root: HtmlElement = document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):  # empty, or nothing but space
        return None
    return root


def write_page(root: HtmlElement) -> str:
    """The HTML text of `root` that libxml2, and so the extractor, parses back into the same tree.

    lxml's own HTML writer does not: it percent-encodes `href` and `src` values
    (a space becomes %20, so a key no longer matches), writes raw text such as
    `<iframe>` content with character references the parser then leaves as text,
    and leaves out the end tag of an empty `<li>`, which moves the following space
    inside it. This follows the HTML standard's serialisation with the parser's
    own notion of empty and raw-text elements.
    """
    from lxml import etree

    empty, raw_text = _parser_rules()
    pieces: list[str] = []
    add = pieces.append
    doctype = root.getroottree().docinfo.doctype
    if doctype:
        add(doctype + "\n")
    # Walked with a stack of child iterators, not recursion: pages nest 2,000 levels deep.
    stack: list[tuple[Iterator[HtmlElement], HtmlElement | None]] = [(iter((root,)), None)]
    while stack:
        children, parent = stack[-1]
        for node in children:
            tag = node.tag
            if isinstance(tag, str):
                attributes = node.items()
                if attributes:
                    add(f"<{tag}" + "".join([f' {n}="{_escape_attribute(v)}"' for n, v in attributes]) + ">")
                else:
                    add(f"<{tag}>")
                text = node.text
                if tag == "plaintext" and tag in raw_text:
                    # Everything after <plaintext> is its text, end tags included: nothing can follow.
                    add(text or "")
                    return "".join(pieces)
                if text or len(node) or tag not in empty:
                    if text:
                        add(text if tag in raw_text else _escape_text(text))
                    stack.append((iter(node), node))
                    break  # into its children; its end tag and tail come when they are done
            elif tag is etree.Comment:
                add(f"<!--{node.text or ''}-->")
            # Processing instructions and entity references: the extractor's parse keeps none.
            if node.tail:
                add(_escape_text(node.tail))
        else:
            stack.pop()
            if parent is not None:
                add(f"</{parent.tag}>")
                if parent.tail:
                    add(_escape_text(parent.tail))
    return "".join(pieces)


def _escape_text(text: str) -> str:
    return _escaped(text, _TEXT_ESCAPES)


def _escape_attribute(value: str) -> str:
    return _escaped(value, _ATTRIBUTE_ESCAPES)


# A literal CR would be read back as a line feed, so it is written as a reference too.
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE_ESCAPES = (("&", "&amp;"), ('"', "&quot;"), ("\r", "&#13;"))


def _escaped(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    # Tests before replacing: most text holds none of these, and `in` is far cheaper than translate.
    for character, reference in escapes:
        if character in text:
            text = text.replace(character, reference)
    return text


@functools.cache
def _parser_rules() -> tuple[frozenset[str], frozenset[str]]:
    """The elements the installed libxml2 closes at once, and those whose content it reads as raw text."""
    empty: set[str] = set()
    raw_text: set[str] = set()
    for tag in _EMPTY_CANDIDATES:
        probe = _probe(f"<{tag}>x", tag)
        # An empty element gives the x to its tail; any other keeps it inside.
        if probe is not None and len(probe) == 0 and not probe.text and probe.tail == "x":
            empty.add(tag)
    for tag in _RAW_TEXT_CANDIDATES:
        probe = _probe(f"<{tag}><b>&amp;</b></{tag}>", tag)
        # <plaintext> never ends: its text runs on over the end tags after it.
        if probe is not None and (probe.text or "").startswith("<b>&amp;</b>"):
            raw_text.add(tag)
    return frozenset(empty), frozenset(raw_text)


def _probe(markup: str, tag: str) -> HtmlElement | None:
    """The first `tag` element of `markup` parsed inside a <div>, as the extractor parses pages."""
    for context in ("<body><div>{}</div></body>", "<frameset>{}</frameset>"):
        root = parse_page(context.format(markup))
        found = root.find(f".//{tag}") if root is not None else None
        if found is not None:
            return found
    return None
