"""Cleaning: the page before scoring (scripts, hidden parts), the article after it (furniture, boilerplate), its images."""

from __future__ import annotations

import re
from typing import cast
from urllib.parse import urljoin

from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlElement

from library.extract.boilerplate import remove_boilerplate, remove_inline_cards
from library.extract.conditional import clean_conditionally
from library.extract.hints import (
    BOX_HINT,
    CAPTION_HINT,
    UNLIKELY_TAGS,
    has_hint,
    hidden_class,
    is_hidden,
    is_unlikely,
)
from library.extract.phrases import PHRASES
from library.extract.tree import drop, drop_empty, has_ancestor, leaf_blocks, text_of, unwrap

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
        # Ruby readings (furigana, pinyin): Qt cannot set them above the text, and inline they
        # split the words they annotate ("漢(かん)字(じ)"); the base text stays.
        "rt",
        "rp",
        "rtc",
    ]
)


# ---------------------------------------------------------------- the whole page, before scoring


# XPath picks the few elements that may be hidden, in C; is_hidden() then decides. Hidden
# classes are found during content scoring, which reads every class anyway. Selecting the
# attributes and taking their elements is twice as fast as testing every element for them.
_HIDDEN_ATTRIBUTES = XPath("//@hidden | //@aria-hidden | //@style")


def prepare_page(root: HtmlElement, *, noscript_text: bool = False) -> None:
    """Remove what is never article: scripts, styles, frames, form controls and hidden elements.

    Runs once on the whole page, after the metadata has been read from it. With
    `noscript_text`, the text a page shows only without scripts stays (for pages that
    have no other); otherwise it goes, as it mostly says "please enable JavaScript".
    """
    _unwrap_noscript_images(root, keep_text=noscript_text)
    doomed = list(root.iter(*JUNK_TAGS))
    attributes = cast("list[etree._ElementUnicodeResult]", _HIDDEN_ATTRIBUTES(root))
    # In document order, each element once (one may carry two of the attributes).
    candidates: dict[HtmlElement, None] = dict.fromkeys(value.getparent() for value in attributes)
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


def _unwrap_noscript_images(root: HtmlElement, *, keep_text: bool = False) -> None:
    """Use the `<noscript>` copy of a lazily loaded image; drop every other `<noscript>` (or keep its text).

    Lazy-loading scripts leave a placeholder `<img>` and put the real one in
    `<noscript>` for browsers without scripts (Readability's rule).
    """
    for noscript in list(root.iter("noscript")):
        images = list(noscript.iter("img"))
        if keep_text and text_of(noscript):
            unwrap(noscript)
            continue
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


# Boxes named like other stories or sign-up forms (BOX_HINT) are dropped below this share of the article.
BOX_MAX_SHARE = 0.3


def clean_content(container: HtmlElement, *, conditional: bool = True, unlikely: bool = True) -> None:
    """Remove boilerplate inside the article region `container`, in place.

    `unlikely` drops furniture by tag, role and class (what the scoring ignored);
    `conditional` applies Readability's shape tests to tables, lists and
    divisions (many images and few words, many links, form fields).
    """
    total = len(text_of(container))
    for el in list(container.iterdescendants(etree.Element)):
        if el.getparent() is None:
            continue
        cls = el.get("class")
        if cls is None and el.get("id") is None:
            # Most elements are named nothing: only their tag or role can make them furniture.
            if unlikely and (el.tag in UNLIKELY_TAGS or el.get("role")) and is_unlikely(el):
                drop(el)
            continue
        if (cls and hidden_class(cls)) or (unlikely and is_unlikely(el)):
            drop(el)
        elif has_hint(el, BOX_HINT) and len(text_of(el)) < BOX_MAX_SHARE * total:
            # Small enough never to be the article, so safe in every attempt.
            drop(el)
    mark_captions(container)
    remove_boilerplate(container)
    if conditional:
        clean_conditionally(container)
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
        if has_ancestor(el, ("figcaption",)) or len(text_of(el)) > CAPTION_MAX_CHARS:
            continue
        paragraphs = [p for p in el.iter("p", "div") if p is not el and p.find(".//p") is None]
        # A caption box holding paragraphs: each paragraph is a caption (no <p> inside a <p>).
        for target in paragraphs or [el]:
            target.tag = "figcaption"
    for el in list(leaf_blocks(container)):
        if el.tag in ("p", "div", "span") and ends_with_credit(text_of(el)):
            el.tag = "figcaption"


# A caption ends with its picture's credit: "... gesegnet. | © Augusta National/Getty Images",
# "...entwickelte.<br>Foto © Peter Steiger".
_TRAILING_CREDIT = re.compile(r"©\s*[^©.!?]{1,60}$")
CREDITED_CAPTION_MAX_CHARS = 300


def ends_with_credit(text: str) -> bool:
    """True for a short block that ends with a picture's credit: a caption, whatever its name."""
    if len(text) > CREDITED_CAPTION_MAX_CHARS:
        return False
    if "©" in text and _TRAILING_CREDIT.search(text):
        return True
    # "... genannt. Foto: Crocs", "... de su hijo. (Foto: Archivo/Soy502)"
    cut = max(text.rfind("("), text.rfind("|"), text.rfind(". "), text.rfind("! "), text.rfind("? "))
    if cut <= 0:
        return False
    tail = text[cut + 1 :].strip(" )")
    lead = PHRASES.leads(tail).get("credits")
    return (
        lead is not None
        and lead.delimited
        and 0 < len(lead.rest) <= 60
        and not _SENTENCE_MARK.search(lead.rest)
    )


_SENTENCE_MARK = re.compile(r"[.!?]\s")


def _remove_empty(container: HtmlElement) -> None:
    """Blocks left with neither text nor an image (after the rules above emptied them)."""
    drop_empty(container, _may_be_empty, ("img",))


def _may_be_empty(el: HtmlElement) -> bool:
    tag = el.tag
    if tag in ("br", "hr", "img", "td", "th", "tr"):
        return False
    # An empty <a name> is a footnote's anchor.
    return not (tag == "a" and (el.get("name") or el.get("id")))
