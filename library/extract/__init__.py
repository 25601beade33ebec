"""Document -> Article: find the article in a page, read its metadata, clean its body."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from library.article import Article, Document
from library.errors import ExtractionError
from library.extract.characters import as_read

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["ExtractionError", "extract"]

log = logging.getLogger("reader.extract")

# A paragraph this long is prose, not a label, a date or a credit: good enough for an excerpt.
EXCERPT_MIN_CHARS = 80
EXCERPT_MAX_CHARS = 300
_NOSCRIPT = re.compile(r"<noscript", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# C0 controls but tab, newline and carriage return: text has almost none, binary data many.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_REPLACEMENT = "\ufffd".encode()
BINARY_SAMPLE_BYTES = 65536
BINARY_SHARE = 0.05
# More text than this is no article (War and Peace is 3.2 million characters); scoring it
# would take minutes, so the page is refused with its size instead.
MAX_TEXT_CHARS = 5_000_000


def extract(document: Document) -> Article:
    """The article in `document`: metadata, sanitised body HTML, plain text and image sources.

    Raises:
        ExtractionError: the document holds no article text (empty, binary, all navigation,
            or markup nothing can be read from). No other exception escapes for any input.
    """
    try:
        if document.kind == "text":
            return _extract_text(document)
        return _extract_html(document)
    except ExtractionError:
        raise
    except RecursionError:
        raise ExtractionError("the page is nested too deeply to read") from None
    except MemoryError:
        raise ExtractionError("the page is too large to read") from None
    except (ValueError, LookupError) as error:
        # lxml reports markup it cannot hold this way; the page is the problem, so say so.
        raise ExtractionError(f"the page cannot be read as HTML ({error})") from None
    except Exception as error:
        # A bug of ours must not stop an import of a thousand pages: log it loudly, name the page.
        log.exception("extraction failed on %s", document.source)
        raise ExtractionError(
            f"extraction failed (internal error {type(error).__name__}: {error})"
        ) from error


def _extract_text(document: Document) -> Article:
    from library.extract.plaintext import extract_text_page

    return extract_text_page(document)


def parse_html(content: str) -> HtmlElement:
    """The page as an lxml tree; ExtractionError when there is no markup or the text is binary data.

    Characters XML forbids (C0 controls, U+FFFE, U+FFFF) are dropped and lone
    surrogates replaced first: lxml parses them but refuses them in any text we
    later set.
    """
    return _parse(content)[0]


def _parse(content: str) -> tuple[HtmlElement, bool]:
    """The tree, and whether the parser stopped descending at its depth limit (2,048 levels)."""
    from lxml import etree
    from lxml.html import HtmlElement, HTMLParser, document_fromstring

    if not content or content.isspace():
        raise ExtractionError("the page is empty")
    # lxml refuses str input that declares an encoding; the text is decoded already, so drop it.
    content = _XML_DECLARATION.sub("", content, count=1)
    # Lone surrogates cannot be encoded; they become "?" rather than an error.
    data = content.encode("utf-8", "replace")
    sample = data[:BINARY_SAMPLE_BYTES]
    strange = len(sample) - len(sample.translate(None, _CONTROL_BYTES)) + 3 * sample.count(_REPLACEMENT)
    if strange > BINARY_SHARE * len(sample):
        raise ExtractionError("the page is binary data, not text")
    # XML (so lxml) takes no C0 controls or U+FFFE/U+FFFF in text it is given later; drop them now.
    # Working on bytes is safe: these bytes never occur inside a multi-byte UTF-8 sequence.
    data = data.translate(None, _CONTROL_BYTES)
    # (Both begin with the same two bytes, which most pages never hold: one search rules both out.)
    if b"\xef\xbf" in data and (b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data):
        data = data.replace(b"\xef\xbf\xbe", b"").replace(b"\xef\xbf\xbf", b"")
    # No table of ids (collect_ids): nothing looks elements up by id, and building it costs.
    parser = HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=True,
        collect_ids=False,
    )
    # One element class for every tag, chosen in C: lxml.html's own lookup (forms, inputs and
    # labels get classes of their own) runs Python for each element touched, a tenth of the time.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=HtmlElement))
    try:
        root: HtmlElement = document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ExtractionError(f"the page holds no readable markup ({error})") from None
    # huge_tree lifts libxml2's 10 MB cap on one attribute (a SingleFile page's inline image) and
    # lets documents nest 2,048 levels instead of 256. Deeper parts are skipped, not an error:
    # our own walks never recurse, but libxml2's copy does, so a limit must stay.
    too_deep = any("depth" in entry.message for entry in parser.error_log)
    return root, too_deep


def base_url_of(root: HtmlElement, url: str | None) -> str | None:
    """The URL relative references resolve against: `<base href>` (itself resolved), else the page's."""
    from urllib.parse import urljoin

    base = root.find(".//base[@href]")
    href = (base.get("href") or "").strip() if base is not None else ""
    if href and not href.lower().startswith(("javascript:", "data:")):
        try:
            return urljoin(url, href) if url else (href if re.match(r"^https?://", href, re.I) else None)
        except ValueError:
            return url
    return url


def _extract_html(document: Document) -> Article:
    from library.extract import clean, content, header, output
    from library.extract.metadata import read_metadata

    root, too_deep = _parse(document.content)
    # Metadata reads the page as published, before any cleaning changes the tree.
    meta = read_metadata(root, document.url)
    base_url = base_url_of(root, document.url)
    clean.prepare_page(root)
    if len(document.content) > MAX_TEXT_CHARS:
        chars = len(root.text_content())
        if chars > MAX_TEXT_CHARS:
            raise ExtractionError(
                f"the page holds {chars / 1e6:.0f} million characters of text, "
                f"more than one article can ({MAX_TEXT_CHARS / 1e6:.0f} million)"
            )
    body = content.find_content(root, meta.article_body)
    if not body.text_content().strip() and _NOSCRIPT.search(document.content):
        # No article text anywhere: a page that writes its article only for browsers without
        # scripts has it in <noscript>. Rare, so the page is parsed again only then.
        root = _parse(document.content)[0]
        clean.prepare_page(root, noscript_text=True)
        body = content.find_content(root, meta.article_body)
    clean.fix_images(body, base_url)
    header.remove_header_lines(body, title=meta.title, byline=meta.byline)
    rendered = output.render(body, base_url)
    if not rendered.text.strip() and not rendered.images:
        if too_deep:
            raise ExtractionError(
                "the page is nested over 2,000 levels deep and has no article text above that"
            )
        raise ExtractionError("the page has no article text (only menus, links or other page furniture)")
    text = as_read(rendered.text)
    return Article(
        title=as_read(meta.title or ""),
        html=as_read(rendered.html),
        text=text,
        # Where the page came from; a saved file knows only what the page itself declares.
        url=document.url or meta.url,
        canonical_url=meta.canonical_url,
        byline=_as_read(meta.byline),
        site_name=_as_read(meta.site_name),
        section=_as_read(meta.section),
        published=meta.published,
        updated=meta.updated,
        lang=meta.lang,
        dir=meta.dir,
        excerpt=_as_read(meta.excerpt) or first_paragraph(text),
        lead_image=meta.lead_image,
        images=rendered.images,
    )


def _as_read(value: str | None) -> str | None:
    return as_read(value) if value else value


def first_paragraph(text: str) -> str | None:
    """The first paragraph of `text` long enough to be prose, cut at a word near 300 characters."""
    for paragraph in text.split("\n\n"):
        paragraph = " ".join(paragraph.split())
        if len(paragraph) >= EXCERPT_MIN_CHARS:
            if len(paragraph) <= EXCERPT_MAX_CHARS:
                return paragraph
            return paragraph[:EXCERPT_MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return None
