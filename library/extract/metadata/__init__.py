"""What a page says about its article: title, byline, dates, site, language, image and address.

This module reads each field from its sources, strongest first; the sources are read by
`jsonld` (schema.org JSON-LD), `declared` (`<meta>` and microdata), `titles` (the headline
in `<title>`), `bylines` (the byline element of the page) and `direction` (`dir`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html

from library.dates import to_iso8601
from library.extract.metadata.bylines import byline_in_page, valid_byline
from library.extract.metadata.declared import MetaValues, read_microdata
from library.extract.metadata.direction import text_direction
from library.extract.metadata.jsonld import JsonLd
from library.extract.metadata.text import absolute_url, attribute, element_text, first_text, is_web_url
from library.extract.metadata.titles import clean_document_title

__all__ = ["PageMetadata", "clean_document_title", "read_metadata"]


@dataclass
class PageMetadata:
    """Everything `read_metadata` found; None where the page says nothing usable.

    Dates are ISO 8601; `lead_image`, `canonical_url` and `url` are absolute.
    `article_body` is JSON-LD's `articleBody`, a cross-check for the body finder.
    """

    title: str | None = None
    byline: str | None = None
    site_name: str | None = None
    section: str | None = None
    published: str | None = None
    updated: str | None = None
    lang: str | None = None
    dir: str | None = None
    excerpt: str | None = None
    lead_image: str | None = None
    canonical_url: str | None = None
    url: str | None = None
    article_body: str | None = None


# Tags read by name: one pass over the tree, filtered in C, finds them all.
_TAGS_READ = ("meta", "link", "script", "title", "base", "time", "h1", "h2")
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
# "publishdate", "publish_date", "article:publicationdate", "datePublished" in <meta>.
_PUBLISHED_KEY = re.compile(r"publi(?:sh|cation)[\w:-]*(?:date|time)|date[\w:-]*publi")
_PUBLISHED_HINT = re.compile(r"publish|posted|created", re.IGNORECASE)


def read_metadata(root: lxml.html.HtmlElement, url: str | None) -> PageMetadata:
    """The metadata `root` declares, read from its markup without changing the tree.

    `root` is the parsed page's `<html>` element; `url` the address it was read
    from (relative addresses resolve against `<base href>`, then `url`).
    Sources, strongest first: JSON-LD, Dublin Core, OpenGraph, Twitter cards
    and other `<meta>` names, microdata, and finally the visible page (`<title>`,
    the `h1`, byline elements, `<time datetime>`).
    """
    return _MetadataReader(root, url).read()


class _PageParts:
    """The elements metadata comes from, gathered in one pass over the tree."""

    def __init__(self, root: lxml.html.HtmlElement) -> None:
        self.metas: list[lxml.html.HtmlElement] = []
        self.links: list[lxml.html.HtmlElement] = []
        self.json_ld_scripts: list[lxml.html.HtmlElement] = []
        self.titles: list[lxml.html.HtmlElement] = []
        self.base_hrefs: list[str] = []
        self.times: list[lxml.html.HtmlElement] = []
        self.h1s: list[lxml.html.HtmlElement] = []
        self.headings: list[lxml.html.HtmlElement] = []
        for element in root.iter(*_TAGS_READ):
            tag = element.tag
            if tag == "meta":
                self.metas.append(element)
            elif tag == "link":
                self.links.append(element)
            elif tag == "script":
                if "ld+json" in (element.get("type") or "").lower():
                    self.json_ld_scripts.append(element)
            elif tag == "title":
                self.titles.append(element)
            elif tag == "base":
                if element.get("href"):
                    self.base_hrefs.append(element.get("href"))
            elif tag == "time":
                if element.get("datetime"):
                    self.times.append(element)
            else:
                self.headings.append(element)
                if tag == "h1":
                    self.h1s.append(element)

    def document_title_element(self) -> lxml.html.HtmlElement | None:
        """The page's `<title>`: the one in `<head>`, else the first outside an SVG drawing."""
        for title in self.titles:
            if any(ancestor.tag == "head" for ancestor in title.iterancestors()):
                return title
        for title in self.titles:
            if not any(ancestor.tag == "svg" for ancestor in title.iterancestors()):
                return title
        return None


class _MetadataReader:
    """One page's sources, gathered once and consulted field by field."""

    def __init__(self, root: lxml.html.HtmlElement, url: str | None) -> None:
        self.root = root
        self.url = url
        self.parts = _PageParts(root)
        self.meta = MetaValues(self.parts.metas)
        self.json_ld = JsonLd.from_scripts(self.parts.json_ld_scripts)
        self._microdata: dict[str, str] | None = None
        self._document_title: str | None = None
        self._document_title_read = False

    @property
    def microdata(self) -> dict[str, str]:
        """Microdata is the last resort for every field, so it is only gathered when asked for."""
        if self._microdata is None:
            self._microdata = read_microdata(self.root)
        return self._microdata

    def read(self) -> PageMetadata:
        base = self._base_url()
        canonical = self._canonical(base)
        published = self._date(
            self.json_ld.get_text("datePublished"),
            self.meta.get("article:published_time"),
            self.meta.get("parsely-pub-date"),
            self.microdata.get("datepublished"),
            self.meta.get("og:published_time"),
            self.meta.get("dc:date"),
            self.meta.get("dcterms:created"),
            self.meta.get("dcterms:issued"),
            self.meta.get("dc:date:issued"),
            self.meta.get("date"),
            self.meta.get("pubdate"),
            self.meta.get("publish-date"),
            self.meta.get("sailthru:date"),
            self.meta.first_matching(_PUBLISHED_KEY),
            self.json_ld.get_text("dateCreated"),
            self._publication_time_element(),
        )
        updated = self._date(
            self.json_ld.get_text("dateModified"),
            self.meta.get("article:modified_time"),
            self.meta.get("og:updated_time"),
            self.microdata.get("datemodified"),
            self.meta.get("dcterms:modified"),
            self.meta.get("last-modified"),
        )
        return PageMetadata(
            title=self._title(),
            byline=self._byline(),
            site_name=self._site_name(),
            section=self._section(),
            published=published,
            updated=updated,
            lang=self._lang(),
            dir=text_direction(self.root),
            excerpt=self._excerpt(),
            lead_image=self._lead_image(base),
            canonical_url=canonical,
            url=absolute_url(self.url, None) or canonical,
            article_body=self.json_ld.article_body(),
        )

    # --- title ---------------------------------------------------------------------------------------------

    def document_title(self) -> str | None:
        """The `<title>`, with the site name around the headline removed."""
        if not self._document_title_read:
            self._document_title_read = True
            raw = element_text(self.parts.document_title_element())
            if raw:
                h1s = [element_text(h) or "" for h in self.parts.headings if h.tag == "h1"]
                h2s = [element_text(h) or "" for h in self.parts.headings if h.tag == "h2"]
                self._document_title = clean_document_title(raw, h1s, h2s)
        return self._document_title

    def _title(self) -> str | None:
        structured = first_text(
            self.json_ld.title(self.document_title),
            self.meta.get("dc:title"),
            self.meta.get("dcterms:title"),
            self.meta.get("og:title"),
            self.meta.get("weibo:article:title"),
            self.meta.get("weibo:webpage:title"),
            self.meta.get("title"),
            self.meta.get("twitter:title"),
            self.meta.get("parsely-title"),
        )
        if structured:
            return structured
        single_h1 = element_text(self.parts.h1s[0]) if len(self.parts.h1s) == 1 else None
        return self.document_title() or self.microdata.get("headline") or single_h1

    # --- byline --------------------------------------------------------------------------------------------

    def _byline(self) -> str | None:
        for candidate in (
            self.json_ld.authors(),
            self.meta.names("dc:creator"),
            self.meta.names("dcterms:creator"),
            self.meta.names("author"),
            self.meta.names("parsely-author"),
            self.meta.names("sailthru:author"),
            # Usually a profile URL (which valid_byline refuses), sometimes the name itself.
            self.meta.names("article:author"),
            self.meta.names("og:article:author"),
        ):
            byline = valid_byline(candidate)
            if byline:
                return byline
        return byline_in_page(self.root) or valid_byline(self.microdata.get("author"))

    # --- the rest ------------------------------------------------------------------------------------------

    def _site_name(self) -> str | None:
        return first_text(
            self.json_ld.publisher(),
            self.meta.get("og:site_name"),
            self.json_ld.website_name(),
            self.meta.get("application-name"),
            self.meta.get("apple-mobile-web-app-title"),
            self.microdata.get("publisher"),
        )

    def _section(self) -> str | None:
        return first_text(
            self.json_ld.section(),
            self.meta.get("article:section"),
            self.microdata.get("articlesection"),
            self.meta.get("section"),
            self.meta.get("parsely-section"),
            self.meta.get("category"),
        )

    def _excerpt(self) -> str | None:
        return first_text(
            self.json_ld.get_text("description"),
            self.meta.get("dc:description"),
            self.meta.get("dcterms:description"),
            self.meta.get("og:description"),
            self.meta.get("weibo:article:description"),
            self.meta.get("weibo:webpage:description"),
            self.meta.get("description"),
            self.meta.get("twitter:description"),
        )

    def _lang(self) -> str | None:
        root = self.root
        locale = self.meta.get("og:locale")
        body = root.find("body")
        for value in (
            root.get("lang"),
            root.get("xml:lang"),
            root.get("{http://www.w3.org/XML/1998/namespace}lang"),
            self.meta.get("content-language"),
            self.meta.get("language"),
            self.meta.get("dc:language"),
            self.meta.get("dcterms:language"),
            self.json_ld.get_text("inLanguage"),
            locale.replace("_", "-") if locale else None,
            body.get("lang") if body is not None else None,
        ):
            # "en-US, fr" in a Content-Language header names several; the first is the main one.
            lang = (value or "").split(",")[0].strip()
            if lang and _LANG_TAG.match(lang):
                return lang
        return None

    def _lead_image(self, base: str | None) -> str | None:
        for candidate in (
            self.meta.get("og:image"),
            self.meta.get("og:image:url"),
            self.meta.get("og:image:secure_url"),
            self.meta.get("twitter:image"),
            self.meta.get("twitter:image:src"),
            self.json_ld.image(),
            self._link("image_src"),
            self.meta.get("parsely-image-url"),
            self.microdata.get("image"),
        ):
            image = absolute_url(candidate, base)
            if image:
                return image
        return None

    def _canonical(self, base: str | None) -> str | None:
        return absolute_url(self._link("canonical"), base) or absolute_url(self.meta.get("og:url"), base)

    def _link(self, rel: str) -> str | None:
        for link in self.parts.links:
            if rel in (link.get("rel") or "").lower().split():
                href = (link.get("href") or "").strip()
                if href:
                    return href
        return None

    def _base_url(self) -> str | None:
        if self.parts.base_hrefs:
            href = self.parts.base_hrefs[0].strip()
            try:
                resolved = urljoin(self.url, href) if self.url else href
            except ValueError:
                return self.url
            if is_web_url(resolved):
                return resolved
        return self.url

    def _publication_time_element(self) -> str | None:
        """The `<time datetime>` that dates the article, when the markup shows which one does.

        A `<time>` marked as the publication time (`pubdate`, an `itemprop` or
        class saying "published"), else the first inside an `<article>` or a
        `<header>`: the first `<time>` on a whole page is as often a clock in the
        site's banner or a comment's date.
        """
        for element in self.parts.times:
            hints = f"{element.get('itemprop') or ''} {element.get('class') or ''}"
            if "pubdate" in element.attrib or _PUBLISHED_HINT.search(hints):
                return attribute(element, "datetime")
        for element in self.parts.times:
            if any(ancestor.tag in {"article", "header"} for ancestor in element.iterancestors()):
                return attribute(element, "datetime")
        return None

    @staticmethod
    def _date(*candidates: str | None) -> str | None:
        for candidate in candidates:
            iso = to_iso8601(candidate) if candidate else None
            if iso:
                return iso
        return None
