"""What a page says about its article: title, byline, dates, site, language, image and address."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from library.dates import to_iso8601

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
# The nearest dir= around each paragraph. (Attribute tests over every element are slow in libxml2;
# walking up from the paragraphs is not.)
_PARAGRAPH_DIRECTIONS = etree.XPath("/descendant::p/ancestor-or-self::*[@dir][1]")
# Attribute values come back as strings that know their element: far cheaper than testing every element.
_ITEMPROP_VALUES = etree.XPath("/descendant::*/@itemprop")
_PARAGRAPH_COUNT = etree.XPath("count(.//p)")
_HAS_SCRIPT = etree.XPath("boolean(.//script|.//style|.//noscript|.//template)")
_VISIBLE_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
_ITEMPROP_NAME = etree.XPath(".//*[contains(@itemprop, 'name')]")

# Containers a reader never shows: a byline inside one is a commenter's or another article's.
# (Headers are not among them: an article's header is where its byline lives.)
_UNLIKELY = re.compile(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|"
    r"legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|"
    r"ad-break|agegate|pagination|pager|popup|yom-remote",
    re.IGNORECASE,
)
_MAYBE_CANDIDATE = re.compile(r"and|article|body|column|content|main|shadow", re.IGNORECASE)
_UNLIKELY_ROLES = frozenset(
    {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"}
)
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "button", "select"}
)

# schema.org's Article family and the postings that read like one.
_ARTICLE_TYPE = re.compile(r"(Article|Posting|^Report|^APIReference)$")
_SITE_TYPES = frozenset({"WebSite", "Organization", "NewsMediaOrganization", "Corporation"})

# ` | `, ` - `, ` – `, ` — `, ` :: `, ` » `, ` / `, ` \ `, ` > `: the marks between a headline and a site name.
_TITLE_SEPARATOR = re.compile(r" (?:[|\-–—\\/>»]|::) ")
_HIERARCHY_SEPARATOR = re.compile(r" (?:[\\/>»]) ")
_SEPARATOR_CHARS = re.compile(r"[|\-–—\\/>»:]+")
_SPACES = re.compile(r"\s+")
_URLISH = re.compile(r"^(?:https?:)?//|^www\.|^[\w.-]+\.(?:com|org|net)(?:/|$)", re.IGNORECASE)
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_TOKEN = re.compile(r"\w+")
_CDATA = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:\]\]>|-->)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# "publishdate", "publish_date", "article:publicationdate", "datePublished" in <meta>.
_PUBLISHED_KEY = re.compile(r"publi(?:sh|cation)[\w:-]*(?:date|time)|date[\w:-]*publi")
_PUBLISHED_HINT = re.compile(r"publish|posted|created", re.IGNORECASE)
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
        self.meta = _MetaValues(self.parts.metas)
        self.json_ld = _JsonLd.from_scripts(self.parts.json_ld_scripts)
        self._microdata: dict[str, str] | None = None
        self._document_title: str | None = None
        self._document_title_read = False

    @property
    def microdata(self) -> dict[str, str]:
        """Microdata is the last resort for every field, so it is only gathered when asked for."""
        if self._microdata is None:
            self._microdata = _microdata(self.root)
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
            dir=_text_direction(self.root),
            excerpt=self._excerpt(),
            lead_image=self._lead_image(base),
            canonical_url=canonical,
            url=_absolute(self.url, None) or canonical,
            article_body=self.json_ld.article_body(),
        )

    # --- title ---------------------------------------------------------------------------------------------

    def document_title(self) -> str | None:
        """The `<title>`, with the site name around the headline removed."""
        if not self._document_title_read:
            self._document_title_read = True
            raw = _element_text(self.parts.document_title_element())
            if raw:
                h1s = [_element_text(h) or "" for h in self.parts.headings if h.tag == "h1"]
                h2s = [_element_text(h) or "" for h in self.parts.headings if h.tag == "h2"]
                self._document_title = clean_document_title(raw, h1s, h2s)
        return self._document_title

    def _title(self) -> str | None:
        structured = _first_text(
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
        single_h1 = _element_text(self.parts.h1s[0]) if len(self.parts.h1s) == 1 else None
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
            # Usually a profile URL (which _valid_byline refuses), sometimes the name itself.
            self.meta.names("article:author"),
            self.meta.names("og:article:author"),
        ):
            byline = _valid_byline(candidate)
            if byline:
                return byline
        return _byline_in_page(self.root) or _valid_byline(self.microdata.get("author"))

    # --- the rest ------------------------------------------------------------------------------------------

    def _site_name(self) -> str | None:
        return _first_text(
            self.json_ld.publisher(),
            self.meta.get("og:site_name"),
            self.json_ld.website_name(),
            self.meta.get("application-name"),
            self.meta.get("apple-mobile-web-app-title"),
            self.microdata.get("publisher"),
        )

    def _section(self) -> str | None:
        return _first_text(
            self.json_ld.section(),
            self.meta.get("article:section"),
            self.microdata.get("articlesection"),
            self.meta.get("section"),
            self.meta.get("parsely-section"),
            self.meta.get("category"),
        )

    def _excerpt(self) -> str | None:
        return _first_text(
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
            image = _absolute(candidate, base)
            if image:
                return image
        return None

    def _canonical(self, base: str | None) -> str | None:
        return _absolute(self._link("canonical"), base) or _absolute(self.meta.get("og:url"), base)

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
            if _is_web_url(resolved):
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
                return _attribute(element, "datetime")
        for element in self.parts.times:
            if any(ancestor.tag in {"article", "header"} for ancestor in element.iterancestors()):
                return _attribute(element, "datetime")
        return None

    @staticmethod
    def _date(*candidates: str | None) -> str | None:
        for candidate in candidates:
            iso = to_iso8601(candidate) if candidate else None
            if iso:
                return iso
        return None


# --- <title> -------------------------------------------------------------------------------------------------


def clean_document_title(raw: str, h1s: Sequence[str] = (), h2s: Sequence[str] = ()) -> str:
    """The headline inside a `<title>`: the site name and section around it removed.

    `h1s` and `h2s` are the texts of the page's headings: a title with a colon
    that one of them repeats is kept whole, and a title too short or too long
    to be a headline gives way to the page's only `h1`. A title that would
    shrink to a few words, or lose more than the site name, is kept whole: a
    short title is more likely to be the headline itself than a fragment of one.
    """
    original = _SPACES.sub(" ", raw).strip()
    title = original
    hierarchical = False
    headings = {_SPACES.sub(" ", text).strip() for text in h1s}
    separators = list(_TITLE_SEPARATOR.finditer(original))
    if separators:
        hierarchical = bool(_HIERARCHY_SEPARATOR.search(original))
        # The site name usually follows the last separator ("Headline | Site")...
        title = original[: separators[-1].start()]
        if title not in headings and _word_count(title) < 3:
            # ...but some sites put it first ("Site | Headline"): a first part too short to be a
            # headline is the site's, unless the page's h1 repeats it.
            title = original[separators[0].end() :]
    elif ": " in original:
        if original not in {_SPACES.sub(" ", text).strip() for text in (*h1s, *h2s)}:
            title = original[original.rfind(":") + 1 :]
            if _word_count(title) < 2:
                title = original[original.find(":") + 1 :]
            elif _word_count(original[: original.find(":")]) > 5:
                # A long phrase before the colon is part of the headline, not a site or section name.
                title = original
    elif (len(original) > 150 or len(original) < 15) and len(h1s) == 1:
        title = _SPACES.sub(" ", h1s[0])
    title = title.strip()
    words = _word_count(title)
    confirmed = bool(separators) and title in headings
    # What is left of a title cut at a separator is more likely a fragment than a headline when
    # it is short, unless the page's h1 says exactly that.
    fragment = not hierarchical or words != _word_count(_SEPARATOR_CHARS.sub("", original)) - 1
    if words <= 4 and fragment and not confirmed:
        title = original
    return title


def _word_count(text: str) -> int:
    return len(text.split())


# --- <meta> and microdata ------------------------------------------------------------------------------------


class _MetaValues:
    """`<meta>` contents by normalised key ("og:title", "dc:creator", "author").

    `property` (RDFa: OpenGraph, Dublin Core) outranks `name` for the same key;
    otherwise values keep page order.
    """

    def __init__(self, metas: list[lxml.html.HtmlElement]) -> None:
        by_property: dict[str, list[str]] = {}
        by_name: dict[str, list[str]] = {}
        for meta in metas:
            content = _clean_text(meta.get("content"))
            if not content:
                continue
            for token in (meta.get("property") or "").split():
                by_property.setdefault(_meta_key(token), []).append(content)
            for attribute in ("name", "itemprop", "http-equiv"):
                name = meta.get(attribute)
                if name and name.strip():
                    by_name.setdefault(_meta_key(name), []).append(content)
        for key, values in by_name.items():
            by_property.setdefault(key, values)
        self.values = by_property

    def get(self, key: str) -> str | None:
        """The first value for `key`."""
        values = self.values.get(key)
        return values[0] if values else None

    def first_matching(self, pattern: re.Pattern[str]) -> str | None:
        """The first value whose key matches `pattern`, for the many spellings of one idea."""
        return next((values[0] for key, values in self.values.items() if pattern.search(key)), None)

    def names(self, key: str) -> str | None:
        """Every distinct value for `key`, for pages that name each author in its own `<meta>`."""
        names = [name for name in dict.fromkeys(self.values.get(key, ())) if _valid_byline(name)]
        if not names:
            return None
        # "Kooman, F." and "Jong, Michiel de": names written surname first already contain commas.
        return ("; " if any("," in name for name in names) else ", ").join(names)


@functools.lru_cache(maxsize=1024)
def _meta_key(name: str) -> str:
    key = "".join(name.split()).lower().replace(".", ":")
    # DC.creator, dc:creator, dcterm:creator and dcterms.creator are one vocabulary.
    if key.startswith("dcterm:"):
        return "dcterms:" + key[len("dcterm:") :]
    return key


def _microdata(root: lxml.html.HtmlElement) -> dict[str, str]:
    """Microdata properties of interest (lower-case names) and their first value."""
    wanted = {"headline", "author", "datepublished", "datemodified", "articlesection", "image", "publisher"}
    found: dict[str, str] = {}
    for itemprop in _xpath_strings(_ITEMPROP_VALUES, root):
        element = itemprop.getparent()
        if element is None:
            continue
        for name in str(itemprop).lower().split():
            if name not in wanted or name in found:
                continue
            value = _microdata_value(element, name)
            if value:
                found[name] = value
    return found


def _microdata_value(element: lxml.html.HtmlElement, name: str) -> str | None:
    for attribute in ("content", "datetime"):
        if element.get(attribute):
            return _clean_text(element.get(attribute))
    if name == "image":
        return (element.get("src") or element.get("href") or "").strip() or None
    if name in {"author", "publisher"}:
        # itemprop="author" wraps a Person; its itemprop="name" is the name without "By".
        named = _xpath_elements(_ITEMPROP_NAME, element)
        if named:
            return _element_text(named[0])
    text = _element_text(element)
    return text if text and len(text) <= 300 else None


# --- JSON-LD -------------------------------------------------------------------------------------------------


class _JsonLd:
    """The JSON-LD objects on a page, and the article among them."""

    def __init__(self, objects: list[dict[str, Any]]) -> None:
        self.objects = objects
        self.by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
        self.article = next((obj for obj in objects if _is_article(obj)), None)

    @classmethod
    def from_scripts(cls, scripts: list[lxml.html.HtmlElement]) -> _JsonLd:
        objects: list[dict[str, Any]] = []
        for script in scripts:
            for value in _parse_json_leniently(script.text or ""):
                objects.extend(_flatten_json_ld(value))
        return cls(objects)

    def get(self, key: str) -> Any:
        return self.article.get(key) if self.article else None

    def get_text(self, key: str) -> str | None:
        value = self.get(key)
        if isinstance(value, list):
            value = next((item for item in value if isinstance(item, str | int | float | dict)), None)
        if isinstance(value, dict):
            value = value.get("name") or value.get("@value")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        return _clean_text(str(value))

    def title(self, document_title: Callable[[], str | None]) -> str | None:
        name = self.get_text("name")
        headline = self.get_text("headline")
        if name and headline and name != headline:
            # Some sites put their own name in "name" and the article's in "headline":
            # trust whichever the page's <title> agrees with, and "name" when both or neither do.
            page_title = document_title() or ""
            if _similarity(headline, page_title) > 0.75 and _similarity(name, page_title) <= 0.75:
                return headline
            return name
        return name or headline

    def authors(self) -> str | None:
        # Not "creator": sites fill it with a user handle or the name of their publishing software.
        names = self._names(self.get("author"))
        unique = list(dict.fromkeys(name for name in names if not _URLISH.search(name)))
        return ", ".join(unique) if unique else None

    def _names(self, value: Any, depth: int = 0) -> list[str]:
        if depth > 3 or value is None:
            return []
        if isinstance(value, str):
            text = _clean_text(value)
            return [text] if text else []
        if isinstance(value, list):
            return [name for item in value for name in self._names(item, depth + 1)]
        if isinstance(value, dict):
            name = value.get("name")
            if name is None and isinstance(value.get("@id"), str) and value["@id"] in self.by_id:
                name = self.by_id[value["@id"]].get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            text = _clean_text(name) if isinstance(name, str) else None
            return [text] if text else []
        return []

    def publisher(self) -> str | None:
        names = self._names(self.get("publisher"))
        return names[0] if names else None

    def website_name(self) -> str | None:
        for obj in self.objects:
            types = _types(obj)
            if types & _SITE_TYPES and isinstance(obj.get("name"), str):
                return _clean_text(obj["name"])
        return None

    def section(self) -> str | None:
        return self.get_text("articleSection")

    def image(self) -> str | None:
        return _json_ld_url(self.get("image")) or _json_ld_url(self.get("thumbnailUrl"))

    def article_body(self) -> str | None:
        body = self.get("articleBody")
        if not isinstance(body, str):
            return None
        text = html.unescape(body).strip()
        return text or None


def _parse_json_leniently(text: str) -> Iterator[Any]:
    """Every JSON value in a script, tolerating comments, CDATA, trailing commas and raw newlines."""
    text = _CDATA.sub("", text).strip()
    if not text:
        return
    decoder = json.JSONDecoder(strict=False)
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        position, found = 0, False
        while position < len(attempt):
            # Several objects back to back (or separated by stray semicolons) are common.
            while position < len(attempt) and attempt[position] in " \t\r\n;,":
                position += 1
            if position >= len(attempt):
                break
            try:
                value, position = decoder.raw_decode(attempt, position)
            except (ValueError, RecursionError):
                break
            found = True
            yield value
        if found:
            return


def _flatten_json_ld(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value:
            yield from _flatten_json_ld(item, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            yield value
        for key in ("@graph", "mainEntity"):
            if isinstance(value.get(key), list | dict):
                yield from _flatten_json_ld(value[key], depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    declared = obj.get("@type")
    values = declared if isinstance(declared, list) else [declared]
    # "http://schema.org/NewsArticle" and "schema:NewsArticle" name the same type.
    return {re.split(r"[/:#]", value)[-1] for value in values if isinstance(value, str)}


def _is_article(obj: dict[str, Any]) -> bool:
    return any(_ARTICLE_TYPE.search(kind) for kind in _types(obj))


def _json_ld_url(value: Any, depth: int = 0) -> str | None:
    if depth > 3:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return next((url for item in value if (url := _json_ld_url(item, depth + 1))), None)
    if isinstance(value, dict):
        found = value.get("url") or value.get("contentUrl") or value.get("@list") or value.get("@id")
        return _json_ld_url(found, depth + 1)
    return None


def _similarity(text_a: str, text_b: str) -> float:
    """How much of `text_b`'s wording also appears in `text_a`: 1 the same words, 0 none."""
    tokens_a = set(_TOKEN.findall(text_a.lower()))
    tokens_b = _TOKEN.findall(text_b.lower())
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [token for token in tokens_b if token not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


# --- bylines in the page -------------------------------------------------------------------------------------


def _byline_in_page(root: lxml.html.HtmlElement) -> str | None:
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
        text = _clean_text(raw, unescape=False)
        if _is_hidden(element) or any(_is_unlikely_container(a) for a in element.iterancestors()):
            continue
        # A byline that marks up the author's name ("By <span itemprop=name>Ann Lee</span>, Rome")
        # says exactly which words are the name.
        named = _xpath_elements(_ITEMPROP_NAME, element)
        name = _visible_text(named[0]) if named else None
        byline = _valid_byline(_without_trailing_date(name or text or ""))
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
    for node in (element, *element.iterancestors()):
        if node.get("hidden") is not None or node.get("aria-hidden") == "true":
            return True
        style = (node.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
    return False


def _is_unlikely_container(element: lxml.html.HtmlElement) -> bool:
    tag = element.tag
    if tag in _SKIPPED_TAGS:
        return True
    if tag in {"body", "html", "a"}:
        return False
    if element.get("role") in _UNLIKELY_ROLES:
        return True
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(_UNLIKELY.search(marks)) and not _MAYBE_CANDIDATE.search(marks)


def _visible_text(element: lxml.html.HtmlElement, collapse: bool = True) -> str | None:
    if _HAS_SCRIPT(element) is True:
        text = "".join(_xpath_strings(_VISIBLE_TEXT, element))
    else:
        text = str(element.text_content())
    return _clean_text(text, unescape=False) if collapse else (text.strip() or None)


def _valid_byline(value: str | None) -> str | None:
    """`value` if it reads as a byline: short, not an address, not a bare "By"."""
    if not value:
        return None
    text = _SPACES.sub(" ", value).strip()
    if not text or len(text) >= _MAX_BYLINE or _URLISH.search(text):
        return None
    if not re.search(r"\w", _BYLINE_PREFIX.sub("", text)):
        return None
    return text


# --- text direction ------------------------------------------------------------------------------------------


def _text_direction(root: lxml.html.HtmlElement) -> str | None:
    """`rtl`/`ltr` as declared by the nearest `dir` around most of the page's paragraphs."""
    holders = [
        (e, (e.get("dir") or "").strip().lower()) for e in _xpath_elements(_PARAGRAPH_DIRECTIONS, root)
    ]
    holders = [(element, value) for element, value in holders if value in {"rtl", "ltr"}]
    if not holders:
        # No paragraphs (or none inside a dir=): the document's own declaration decides.
        body = root.find("body")
        for element in (root, body):
            value = (element.get("dir") or "").strip().lower() if element is not None else ""
            if value in {"rtl", "ltr"}:
                return value
        return None
    if len(holders) == 1:
        return holders[0][1]
    # Several: the one nearest to the most paragraphs speaks for the article.
    counts = [(_xpath_number(_PARAGRAPH_COUNT, element), value) for element, value in holders]
    return max(counts, key=lambda pair: pair[0])[1]


# --- small helpers -------------------------------------------------------------------------------------------


def _attribute(element: etree._Element, name: str) -> str | None:
    value = element.get(name)
    return value if isinstance(value, str) else None


def _xpath_elements(xpath: etree.XPath, node: etree._Element) -> list[etree._Element]:
    result = xpath(node)
    return [item for item in result if isinstance(item, etree._Element)] if isinstance(result, list) else []


def _xpath_strings(xpath: etree.XPath, node: etree._Element) -> list[etree._ElementUnicodeResult]:
    result = xpath(node)
    if not isinstance(result, list):
        return []
    return [item for item in result if isinstance(item, etree._ElementUnicodeResult)]


def _xpath_number(xpath: etree.XPath, node: etree._Element) -> float:
    result = xpath(node)
    return float(result) if isinstance(result, float | int) else 0.0


def _clean_text(value: str | None, unescape: bool = True) -> str | None:
    """`value` with entities decoded (sites often escape twice) and whitespace collapsed."""
    if value is None:
        return None
    text = html.unescape(value) if unescape and "&" in value else value
    text = _SPACES.sub(" ", text).strip()
    return text or None


def _element_text(element: lxml.html.HtmlElement | None) -> str | None:
    if element is None:
        return None
    return _clean_text(element.text_content(), unescape=False)


def _first_text(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


def _is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[::1" and other addresses urllib cannot take apart
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _absolute(value: str | None, base: str | None) -> str | None:
    """`value` resolved against `base`; None unless the result is an http(s) address."""
    if not value:
        return None
    value = value.strip()
    try:
        resolved = urljoin(base, value) if base else value
    except ValueError:
        return None
    return resolved if _is_web_url(resolved) else None
