"""Shape the cleaned article for the reading pane: Qt's HTML 4 subset, sanitised, and its plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nh3
from lxml import etree
from lxml.html import HtmlElement, tostring

from library.extract.clean import resolve_url
from library.extract.tags import BLOCK_TAGS as PAGE_BLOCK_TAGS
from library.extract.tree import drop, drop_empty, unwrap

# What Qt's rich text renders (QTextBrowser, HTML 4); everything else is renamed or unwrapped.
ALLOWED_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "img",
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "sub",
        "sup",
        "br",
        "hr",
        "dl",
        "dt",
        "dd",
        "span",
        "div",
    ]
)
# Elements Qt does not know, mapped to the nearest one it does.
RENAMED = {
    "article": "div",
    "section": "div",
    "main": "div",
    "header": "div",
    "footer": "div",
    "aside": "div",
    "nav": "div",
    "figure": "div",
    "form": "div",
    "fieldset": "div",
    "details": "div",
    "center": "div",
    "hgroup": "div",
    "address": "p",
    "summary": "p",
    "legend": "p",
    "del": "s",
    "strike": "s",
    "ins": "u",
    "cite": "i",
    "dfn": "i",
    "var": "i",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
}
# Inline wrappers that carry nothing Qt would show: their text stays, the tag goes.
UNWRAPPED = frozenset(
    [
        "font",
        "mark",
        "small",
        "big",
        "abbr",
        "acronym",
        "time",
        "label",
        "nobr",
        "bdi",
        "bdo",
        "data",
        "q",
        "picture",
        "math",
    ]
)
# Blocks of the shaped article: the page's blocks Qt knows, but table cells, which start a
# block only when they hold one.
BLOCK_TAGS = (PAGE_BLOCK_TAGS & ALLOWED_TAGS) - {"td", "th"}
CAPTION_CLASS = "caption"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


@dataclass
class Rendered:
    """The article as the library stores it: sanitised HTML, plain text and the image sources in order."""

    html: str
    text: str
    images: list[str] = field(default_factory=list)


# Browsers ignore controls and spaces inside a URL's scheme; so must the test of the scheme. Only
# the start matters, and an inline image can be megabytes long.
_SCHEME_PREFIX = 64


def _scheme_of(url: str) -> str | None:
    match = _SCHEME.match(_CONTROL.sub("", url[:_SCHEME_PREFIX]))
    return match.group(1).lower() if match else None


def safe_link(url: str) -> bool:
    """True for a link the reader may follow: http(s), mailto or an anchor in the article."""
    if url.startswith("#"):
        return True
    return _scheme_of(url) in ("http", "https", "mailto")


def safe_image(url: str, relative_allowed: bool) -> bool:
    """True for an image source the importer can load: http(s), data:image, or relative when allowed."""
    scheme = _scheme_of(url)
    if scheme is None:
        head = _CONTROL.sub("", url[:_SCHEME_PREFIX])
        return relative_allowed and bool(head) and not head.startswith("//")
    if scheme in ("http", "https"):
        return True
    # SVG can carry scripts; other inline images are plain pictures.
    media = _CONTROL.sub("", url[:_SCHEME_PREFIX]).lower()[5:]
    return scheme == "data" and media.startswith("image/") and not media.startswith("image/svg")


def shape(container: HtmlElement, base_url: str | None) -> None:
    """Reduce `container` in place to the tags and attributes Qt renders, with absolute links."""
    # Anchors the article's own links point at keep their id (or <a name>); no other id survives.
    referenced_ids = {
        href.strip()[1:] for a in container.iter("a") if (href := a.get("href") or "").strip().startswith("#")
    }
    for el in list(container.iterdescendants()):
        if not isinstance(el.tag, str):
            drop(el)
            continue
        if el.getparent() is None:
            continue
        tag = el.tag
        if tag == "figcaption":
            el.tag = "p"
            el.attrib.clear()
            el.set("class", CAPTION_CLASS)
            continue
        if tag in UNWRAPPED or tag in ("wbr", "source"):
            # libxml2 nests the <img> of a <picture> inside its <source>: unwrap, never drop.
            unwrap(el)
            continue
        if tag in RENAMED:
            el.tag = RENAMED[tag]
        elif tag not in ALLOWED_TAGS:
            has_block = any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el.iter())
            el.tag = "div" if has_block else "span"
        _keep_attributes(el, base_url, referenced_ids)
    for el in list(container.iterdescendants()):
        if el.getparent() is None:
            continue
        if (el.tag == "a" and not el.attrib) or (el.tag == "span" and not el.attrib):
            unwrap(el)
        elif el.tag == "img" and not el.get("src"):
            drop(el)
    _drop_empty_blocks(container)
    # A lone wrapper around the whole article says nothing: the article is its content.
    while len(container) == 1 and container[0].tag == "div" and not (container.text or "").strip():
        only = container[0]
        if (only.tail or "").strip() or only.attrib:
            break
        unwrap(only)


def _drop_empty_blocks(container: HtmlElement) -> None:
    """Blocks left without text or image by the shaping (an emptied figure, a stripped link)."""
    drop_empty(container, lambda el: el.tag in BLOCK_TAGS and el.tag != "hr", ("img", "br"))


def _keep_attributes(el: HtmlElement, base_url: str | None, referenced_ids: set[str]) -> None:
    attrib = el.attrib
    if not attrib:
        return  # nothing to keep or to drop (most elements carry no attribute by now)
    tag = el.tag
    kept: dict[str, str] = {}
    if tag == "a":
        href = (attrib.get("href") or "").strip()
        if href:
            href = resolve_url(href, base_url)
            if safe_link(href):
                kept["href"] = href
        title = attrib.get("title")
        if title and kept:
            kept["title"] = title
        # Old pages mark footnotes with <a name>, which is also the anchor Qt scrolls to.
        name = attrib.get("name")
        if name in referenced_ids:
            kept["name"] = name
    elif tag == "img":
        src = attrib.get("src") or ""
        if src and safe_image(src, relative_allowed=base_url is None):
            kept["src"] = src
        for name in ("alt", "title", "width", "height"):
            value = attrib.get(name)
            if value and (name not in ("width", "height") or value.isdigit()):
                kept[name] = value
    elif tag in ("td", "th"):
        for name in ("colspan", "rowspan"):
            value = attrib.get(name)
            if value and value.isdigit():
                kept[name] = value
    elif tag == "ol":
        start = attrib.get("start")
        if start and start.lstrip("-").isdigit():
            kept["start"] = start
    elif tag == "p" and attrib.get("class") == CAPTION_CLASS:
        kept["class"] = CAPTION_CLASS
    element_id = attrib.get("id")
    if element_id and element_id in referenced_ids:
        kept["id"] = element_id
    direction = attrib.get("dir")
    if direction:
        kept["dir"] = direction
    attrib.clear()
    for name, value in kept.items():
        attrib[name] = value


def _attribute_guard(tag: str, name: str, value: str) -> str | None:
    """nh3's last check on every attribute; it must never raise (nh3 would report it as unraisable)."""
    try:
        if name == "href":
            return value if safe_link(value) else None
        if name == "src":
            return value if tag == "img" and safe_image(value, relative_allowed=True) else None
        if name == "dir":
            return value if value.lower() in ("rtl", "ltr", "auto") else None
        return value
    # Any failure must drop the attribute, not reach nh3 (which would only report it).
    except Exception:
        return None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style", "template", "textarea", "iframe", "object", "embed", "noscript"},
    attributes={
        "*": {"id", "dir"},
        "a": {"href", "title", "name"},
        "img": {"src", "alt", "title", "width", "height"},
        "td": {"colspan", "rowspan"},
        "th": {"colspan", "rowspan"},
        "ol": {"start"},
    },
    allowed_classes={"p": {CAPTION_CLASS}},
    attribute_filter=_attribute_guard,
    url_schemes={"http", "https", "mailto", "data"},
    link_rel=None,
    strip_comments=True,
)


def sanitise(html: str) -> str:
    """`html` through nh3 with the reading pane's allow-list: the last line of defence."""
    return str(_CLEANER.clean(html))


def inner_html(container: HtmlElement) -> str:
    """The markup inside `container`, without the container's own tag."""
    parts = [_escape(container.text or "")]
    for child in container:
        parts.append(tostring(child, encoding="unicode", method="html", with_tail=True))
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_text(container: HtmlElement, *, captions: bool = True) -> str:
    """The text of `container`: blocks separated by blank lines, `<br>` kept as a line break.

    Walks the tree with lxml's iterative walker, so no depth of nesting can exhaust the stack.
    """
    blocks: list[str] = []
    pieces: list[str] = []
    pre_depth = 0
    skip_depth = 0

    def flush() -> None:
        if not pieces:
            return
        raw = "".join(pieces)
        pieces.clear()
        if pre_depth:
            block = raw.strip("\n")
            if block.strip():
                blocks.append(block)
            return
        paragraph: list[str] = []
        for line in raw.split("\n"):
            line = " ".join(line.split())
            if line:
                paragraph.append(line)
            elif paragraph:
                blocks.append("\n".join(paragraph))
                paragraph = []
        if paragraph:
            blocks.append("\n".join(paragraph))

    def add(text: str | None) -> None:
        if text and not skip_depth:
            pieces.append(text if pre_depth else text.replace("\n", " "))

    for event, el in etree.iterwalk(container, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if not isinstance(tag, str):
                continue
            if tag in BLOCK_TAGS or (tag in ("td", "th") and _has_block_child(el)):
                flush()
            elif tag in ("td", "th"):
                pieces.append(" ")
            if tag == "pre":
                pre_depth += 1
            if not captions and tag == "p" and el.get("class") == CAPTION_CLASS:
                skip_depth += 1
            if tag == "br" and not skip_depth:
                pieces.append("\n")
            add(el.text)
        else:
            if not isinstance(tag, str):
                add(el.tail)
                continue
            if tag in BLOCK_TAGS or (tag in ("td", "th") and _has_block_child(el)):
                flush()
            if tag == "pre":
                pre_depth -= 1
            if not captions and tag == "p" and el.get("class") == CAPTION_CLASS:
                skip_depth -= 1
            if el is not container:
                add(el.tail)
    flush()
    return "\n\n".join(blocks)


def _has_block_child(el: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el)


def image_sources(container: HtmlElement) -> list[str]:
    """The `src` of every image in `container`, in document order."""
    return [src for img in container.iter("img") if (src := img.get("src"))]


# Inline images above this size skip the sanitiser (once checked to be plain base64): nh3 spends
# seconds on a 40 MB attribute that cannot hold markup anyway.
LARGE_INLINE_IMAGE = 64 * 1024
_BASE64_IMAGE_HEAD = re.compile(r"data:image/(?!svg)[a-z0-9.+-]+;base64,", re.IGNORECASE)


def _plain_inline_image(src: str) -> bool:
    """True for a base64 image URI: nothing in it could close the attribute or start markup."""
    head = _BASE64_IMAGE_HEAD.match(src[:_SCHEME_PREFIX])
    return head is not None and not any(c in src for c in "\"'<>& \t\n\r")


def render(container: HtmlElement, base_url: str | None) -> Rendered:
    """Shape, sanitise and flatten the cleaned article in `container`."""
    shape(container, base_url)
    images = image_sources(container)
    set_aside: dict[str, str] = {}
    for img in container.iter("img"):
        src = img.get("src") or ""
        if len(src) > LARGE_INLINE_IMAGE and _plain_inline_image(src):
            token = f"data:image/png;base64,ARTICLEREADERIMAGE{len(set_aside)}"
            set_aside[token] = src
            img.set("src", token)
    html = sanitise(inner_html(container))
    for token, src in set_aside.items():
        html = html.replace(f'"{token}"', f'"{src}"', 1)
    return Rendered(html=html, text=plain_text(container, captions=False), images=images)
