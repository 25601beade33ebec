"""The HTML tag sets extraction reasons with, each spelled once: headings, blocks and inline elements."""

from __future__ import annotations

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Elements that start a block of their own when a browser lays the page out (HTML's flow
# containers, lists, tables and their parts); a block holds paragraphs or is one.
BLOCK_TAGS = HEADING_TAGS | frozenset(
    {
        "p",
        "div",
        "main",
        "section",
        "article",
        "aside",
        "nav",
        "header",
        "footer",
        "hgroup",
        "address",
        "blockquote",
        "pre",
        "center",
        "hr",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "form",
        "fieldset",
        "details",
        "summary",
    }
)

# Elements whose text runs on inside the surrounding block (HTML's phrasing content).
INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "nobr",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    }
)
