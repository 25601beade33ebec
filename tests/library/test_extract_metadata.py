"""Metadata extraction: each source and rule on a page that shows it, then the readability corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lxml import etree

from library.dates import to_iso8601
from library.extract.metadata import PageMetadata, clean_document_title, read_metadata

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
READABILITY = SHARED / "corpus" / "readability"
# The URL upstream generates the readability corpus with; relative addresses resolve against it.
CORPUS_URL = "http://fakehost/test/page.html"
PAGE_URL = "https://news.example/world/2022/02/19/story.html"


def parse(markup: str) -> lxml.html.HtmlElement:
    """`markup` parsed as the extractor parses pages: bytes, UTF-8, lxml's HTML parser."""
    parser = lxml.html.HTMLParser(encoding="utf-8")
    return lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)


def page(head: str = "", body: str = "<p>Text.</p>", html_attributes: str = "") -> str:
    return f"<!DOCTYPE html><html {html_attributes}><head>{head}</head><body>{body}</body></html>"


def ld(value: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


# (situation that taught the rule, page, expected fields)
CASES: list[tuple[str, str, dict[str, str | None]]] = [
    # JSON-LD: a NewsArticle with a nested Person author and Organization publisher (bbc-1, theverge).
    (
        "json-ld article",
        page(
            ld(
                {
                    "@context": "https://schema.org",
                    "@type": "NewsArticle",
                    "headline": "Rivers run low across Europe",
                    "author": {"@type": "Person", "name": "Maria Keller"},
                    "publisher": {"@type": "Organization", "name": "Daily Example"},
                    "datePublished": "2023-07-12T08:30:00+02:00",
                    "dateModified": "2023-07-13T10:00:00+02:00",
                    "articleSection": "Climate",
                    "description": "Shipping slows on the Rhine.",
                    "image": {"@type": "ImageObject", "url": "/img/rhine.jpg"},
                    "articleBody": "Water levels fell &amp; ships slowed.",
                }
            )
        ),
        {
            "title": "Rivers run low across Europe",
            "byline": "Maria Keller",
            "site_name": "Daily Example",
            "published": "2023-07-12T08:30:00+02:00",
            "updated": "2023-07-13T10:00:00+02:00",
            "section": "Climate",
            "excerpt": "Shipping slows on the Rhine.",
            "lead_image": "https://news.example/img/rhine.jpg",
            "article_body": "Water levels fell & ships slowed.",
        },
    ),
    # JSON-LD inside @graph, next to WebPage and WebSite objects, type given as a list (Yoast SEO pages).
    (
        "json-ld graph",
        page(
            ld(
                {
                    "@context": "https://schema.org",
                    "@graph": [
                        {"@type": "WebSite", "@id": "#site", "name": "Example Blog"},
                        {"@type": "WebPage", "name": "Not the article"},
                        {
                            "@type": ["BlogPosting"],
                            "headline": "A post in a graph",
                            "author": {"@id": "#ann"},
                        },
                        {"@type": "Person", "@id": "#ann", "name": "Ann Lee"},
                    ],
                }
            )
        ),
        {"title": "A post in a graph", "byline": "Ann Lee", "site_name": "Example Blog"},
    ),
    # Several authors in an array, and @context given as an object (schema-org-context-object, NBC News).
    (
        "json-ld author list",
        page(
            ld(
                {
                    "@context": {"@vocab": "http://schema.org/"},
                    "@type": "ReportageNewsArticle",
                    "headline": "Impeachment fails",
                    "author": [{"@type": "Person", "name": "Stella Kim"}, {"name": "Jennifer Jett"}],
                }
            )
        ),
        {"title": "Impeachment fails", "byline": "Stella Kim, Jennifer Jett"},
    ),
    # "name" holds the site's name and "headline" the article's: the <title> decides (aktualne).
    (
        "json-ld name versus headline",
        page(
            "<title>West Ham threatens the giants | Sport</title>"
            + ld(
                {
                    "@context": "http://schema.org",
                    "@type": "Article",
                    "name": "Sport Daily",
                    "headline": "West Ham threatens the giants",
                }
            )
        ),
        {"title": "West Ham threatens the giants"},
    ),
    # Broken JSON-LD (a trailing comma, a raw newline in a string, CDATA markers) still reads.
    (
        "broken json-ld",
        page(
            '<script type="application/ld+json"><![CDATA[ {"@context": "http://schema.org",'
            ' "@type": "Article", "headline": "Broken but\nreadable", "author": {"name": "Ann Lee"},} ]]>'
            "</script>"
        ),
        {"title": "Broken but readable", "byline": "Ann Lee"},
    ),
    # JSON-LD that is not JSON at all is ignored, and the other sources still answer.
    (
        "json-ld beyond repair",
        page(
            '<script type="application/ld+json">{"@type": "Article", "headline": </script><title>A fine title here</title>'
        ),
        {"title": "A fine title here", "byline": None},
    ),
    # OpenGraph and article:* properties when there is no JSON-LD (most WordPress pages).
    (
        "opengraph",
        page(
            '<meta property="og:title" content="The sharing economy is a lie">'
            '<meta property="og:site_name" content="Salon">'
            '<meta property="og:image" content="//cdn.example/lead.jpg">'
            '<meta property="og:url" content="https://www.salon.example/2015/sharing/">'
            '<meta property="article:published_time" content="2015-01-03T12:00:00-05:00">'
            '<meta property="article:modified_time" content="2015-01-04T09:00:00-05:00">'
            '<meta property="article:section" content="Technology">'
        ),
        {
            "title": "The sharing economy is a lie",
            "site_name": "Salon",
            "lead_image": "https://cdn.example/lead.jpg",
            "canonical_url": "https://www.salon.example/2015/sharing/",
            "published": "2015-01-03T12:00:00-05:00",
            "updated": "2015-01-04T09:00:00-05:00",
            "section": "Technology",
        },
    ),
    # Dublin Core outranks OpenGraph and Twitter, property outranks name (003-metadata-preferred).
    (
        "dublin core first",
        page(
            '<meta name="og:title" content="Open Graph name title">'
            '<meta name="DC.title" content="Dublin Core name title">'
            '<meta property="dc:title" content="Dublin Core property title">'
            '<meta property="og:title" content="Open Graph property title">'
            '<meta name="author" content="Meta name author">'
            '<meta property="dc:creator" content="Dublin Core property author">'
        ),
        {"title": "Dublin Core property title", "byline": "Dublin Core property author"},
    ),
    # One property attribute naming several vocabularies (004-metadata-space-separated-properties).
    (
        "space-separated properties",
        page(
            '<meta property="x:title dc:title" content="Preferred title">'
            '<meta property="dc:creator twitter:site_name" content="Creator Name">'
            '<meta name="author" content="FAIL">'
        ),
        {"title": "Preferred title", "byline": "Creator Name"},
    ),
    # Parse.ly's names (parsely-metadata).
    (
        "parsely",
        page(
            '<meta name="parsely-title" content="Some Other Title">'
            '<meta name="parsely-pub-date" content="2024-04-20T04:20:00.000Z">'
            '<meta name="parsely-author" content="Jane Doe">'
        ),
        {"title": "Some Other Title", "byline": "Jane Doe", "published": "2024-04-20T04:20:00+00:00"},
    ),
    # Entities escaped twice in the markup come out as characters (005-unescape-html-entities, Le Monde).
    (
        "double-escaped entities",
        page(
            '<meta property="og:title" content="Tom &amp;amp; Jerry&amp;#039;s   &amp;quot;big&amp;quot; day">'
        ),
        {"title": 'Tom & Jerry\'s "big" day'},
    ),
    # Each author in a <meta> of its own: all of them, not just the first (ietf-1).
    (
        "one meta per author",
        page(
            '<meta name="DC.Creator" content="Kooman, F."><meta name="DC.Creator" content="Jong, Michiel de">'
        ),
        {"byline": "Kooman, F.; Jong, Michiel de"},
    ),
    # article:author holding a profile URL is not a byline; the page's byline element is (buzzfeed-1).
    (
        "author url refused",
        page(
            '<meta property="article:author" content="https://www.facebook.com/someone">',
            '<article><p class="byline">By Jane Doe</p><p>Text of the article, long enough.</p></article>',
        ),
        {"byline": "By Jane Doe"},
    ),
    # The byline element's itemprop=name says which words are the name (ars-1, 001).
    (
        "itemprop name inside a byline",
        page(
            body='<article><p class="byline" itemprop="author"><span itemprop="name">Dan Goodin</span>'
            " - <time>Apr 16, 2015 8:02 pm UTC</time></p><p>Text.</p></article>"
        ),
        {"byline": "Dan Goodin"},
    ),
    # rel=author inside the article's header (firefox-nightly-blog); a commenter's name later is not it.
    (
        "rel author in an article header",
        page(
            body='<header class="entry-header"><h1>These Weeks</h1><a rel="author" href="/a/mc">Mike Conley</a>'
            '</header><p>Text.</p><section id="comments"><cite class="author">Alan</cite></section>'
        ),
        {"byline": "Mike Conley"},
    ),
    # Bylines in comments, hidden elements and sidebars are someone else's (firefox-nightly-blog comments).
    (
        "bylines outside the article skipped",
        page(
            body='<div class="comment"><span class="author">Commenter</span></div>'
            '<div class="author" style="display: none">Hidden Person</div>'
            '<aside class="sidebar"><span class="author">Sidebar Person</span></aside>'
            '<div class="post"><span class="author">Real Author</span><p>Text.</p></div>'
        ),
        {"byline": "Real Author"},
    ),
    # The date after the name goes, even when the markup runs the two together (quanta-1, Quanta on
    # scrapinghub: "By Carrie ArnoldNovember 15, 2019").
    (
        "date glued to a byline",
        page(body='<p class="byline">By Carrie Arnold<span>November 15, 2019</span></p><p>Text.</p>'),
        {"byline": "By Carrie Arnold"},
    ),
    # An element marked "byline" holding only a date is a dateline; the author is further on (spiceworks).
    (
        "dateline before the byline",
        page(
            body='<div class="byline-date">Last Updated: January 7, 2025</div>'
            '<span class="author-name">Lee Park</span><p>Text.</p>'
        ),
        {"byline": "Lee Park"},
    ),
    # A "byline" that is a whole paragraph (quanta-1's comment disclaimer) is not a byline.
    (
        "overlong byline element",
        page(
            body=f'<p class="byline">{"Quanta Magazine moderates comments to facilitate discussion. " * 3}</p>'
        ),
        {"byline": None},
    ),
    # <title> with the site name after " | " (ehow-style pages without og:title).
    (
        "title suffix pipe",
        page("<title>How to Build a Terrarium | eHow</title>"),
        {"title": "How to Build a Terrarium"},
    ),
    # ... after an en dash (title-en-dash).
    (
        "title suffix en dash",
        page("<title>Lorem ipsum dolor sit amet – My website</title>"),
        {"title": "Lorem ipsum dolor sit amet"},
    ),
    # ... and " :: " (pixnet-style blogs).
    (
        "title suffix double colon",
        page("<title>Autumn leaves at the camp site :: My Blog</title>"),
        {"title": "Autumn leaves at the camp site"},
    ),
    # A title that would shrink to a fragment stays whole (wikipedia: "Mozilla - Wikipedia").
    ("short title kept whole", page("<title>Mozilla - Wikipedia</title>"), {"title": "Mozilla - Wikipedia"}),
    # ... unless the page's h1 says the short part is the headline (wikipedia: <h1>Mozilla</h1>).
    (
        "short title confirmed by the h1",
        page("<title>Mozilla - Wikipedia</title>", "<h1>Mozilla</h1><p>Text.</p>"),
        {"title": "Mozilla"},
    ),
    # The site name first: the part before the separator is too short to be the headline.
    (
        "site name first",
        page("<title>Example News | Ministers agree a plan for the river ports</title>"),
        {"title": "Ministers agree a plan for the river ports"},
    ),
    # A colon whose heading on the page shows the whole title is the headline's own (title-and-h1-discrepancy).
    (
        "colon in a long title",
        page("<title>This is a long title with a colon: Hello there</title>", "<h1>Something else</h1>"),
        {"title": "This is a long title with a colon: Hello there"},
    ),
    # A title too short to be a headline gives way to the page's only h1 (dev418-style test pages).
    (
        "single h1 for a short title",
        page("<title>Home</title>", "<h1>The real headline of the page</h1>"),
        {"title": "The real headline of the page"},
    ),
    # No <title> at all: the h1.
    (
        "h1 without title",
        page("", "<h1>Only a heading here</h1><p>Text.</p>"),
        {"title": "Only a heading here"},
    ),
    # An SVG <title> in the body is not the page's title.
    ("svg title ignored", page("", "<svg><title>icon</title></svg><h1>Heading</h1>"), {"title": "Heading"}),
    # Dates in the forms pages write them, always as ISO 8601 (engadget, seattletimes-1).
    (
        "meta date with space",
        page('<meta property="article:published_time" content="2017-11-03 03:01:00.000000">'),
        {"published": "2017-11-03T03:01:00"},
    ),
    (
        "written date",
        page('<meta name="publishdate" content="05/29/2007 09:49:00">'),
        {"published": "2007-05-29T09:49:00"},
    ),
    # A <time> marked as the publication time (wordpress "entry-date published"); an unmarked clock is not.
    (
        "time element",
        page(
            body='<div class="clock"><time datetime="2030-01-01T00:00:00Z">now</time></div>'
            '<time class="entry-date published" datetime="2019-10-18T17:23:34Z">Oct 18</time><p>Text.</p>'
        ),
        {"published": "2019-10-18T17:23:34+00:00"},
    ),
    (
        "no date",
        page(body='<div class="clock"><time datetime="2030-01-01T00:00:00Z">now</time></div>'),
        {"published": None},
    ),
    # Language as declared on <html>, in its own spelling (ars-1 "en-us", folha "pt-BR").
    ("html lang", page(html_attributes='lang="pt-BR"'), {"lang": "pt-BR"}),
    # No lang on <html>: Content-Language, then og:locale with its underscore turned into a dash.
    ("content-language", page('<meta http-equiv="Content-Language" content="fr, en">'), {"lang": "fr"}),
    ("og locale", page('<meta property="og:locale" content="en_GB">'), {"lang": "en-GB"}),
    ("bad lang", page(html_attributes='lang="{{ lang }}"'), {"lang": None}),
    # Right-to-left on <html> (rtl-1), on <body> overriding <html dir=ltr> (rtl-2), on <main> (rtl-3).
    ("rtl html", page(html_attributes='dir="rtl"'), {"dir": "rtl"}),
    ("rtl body", '<html dir="ltr"><body dir="rtl"><p>a</p><p>b</p></body></html>', {"dir": "rtl"}),
    (
        "rtl main",
        page(body='<nav dir="ltr"><p>menu</p></nav><main dir="RTL"><p>a</p><p>b</p><p>c</p></main>'),
        {"dir": "rtl"},
    ),
    ("no dir", page(), {"dir": None}),
    ("dir auto", page(html_attributes='dir="auto"'), {"dir": None}),
    # Canonical URL from <link rel=canonical>, relative to <base href> (base-url-base-element).
    (
        "canonical against base",
        page('<base href="https://cdn.example/base/"><link rel="canonical" href="article.html">'),
        {"canonical_url": "https://cdn.example/base/article.html"},
    ),
    (
        "canonical against page url",
        page('<link rel="canonical" href="/world/story">'),
        {"canonical_url": "https://news.example/world/story"},
    ),
    # A javascript: or data: "image" is no lead image.
    (
        "lead image scheme",
        page('<meta property="og:image" content="javascript:alert(1)">'),
        {"lead_image": None},
    ),
    (
        "twitter image",
        page('<meta name="twitter:image" content="https://img.example/t.png">'),
        {"lead_image": "https://img.example/t.png"},
    ),
    # Site name from JSON-LD's publisher before og:site_name (bbc-1), and from application-name at last.
    (
        "application-name",
        page('<meta name="application-name" content="Example Wiki">'),
        {"site_name": "Example Wiki"},
    ),
    # Microdata when nothing else names the author or the date.
    (
        "microdata",
        page(
            body='<div itemscope itemtype="http://schema.org/Article"><h1 itemprop="headline">Micro</h1>'
            '<span itemprop="author" itemscope><span itemprop="name">Lu Wei</span></span>'
            '<meta itemprop="datePublished" content="2016-03-01"><p>Text.</p></div>'
        ),
        {"byline": "Lu Wei", "published": "2016-03-01"},
    ),
]


@pytest.mark.parametrize(("situation", "markup", "expected"), CASES, ids=[case[0] for case in CASES])
def test_metadata_rule(situation: str, markup: str, expected: dict[str, str | None]) -> None:
    found = read_metadata(parse(markup), PAGE_URL)
    for field, value in expected.items():
        assert getattr(found, field) == value, f"{situation}: {field}"


def test_whitespace_collapsed_everywhere() -> None:
    markup = page(
        "<title>\n   A   title\n on\tthree lines   </title>", '<span class="author">\n  Ann\n   Lee </span>'
    )
    found = read_metadata(parse(markup), None)
    assert (found.title, found.byline) == ("A title on three lines", "Ann Lee")


def test_url_is_the_given_address_else_the_canonical_one() -> None:
    root = parse(page('<link rel="canonical" href="https://news.example/a">'))
    assert read_metadata(root, "https://mirror.example/a?utm=1").url == "https://mirror.example/a?utm=1"
    assert read_metadata(root, None).url == "https://news.example/a"


def test_relative_addresses_without_a_base_are_dropped() -> None:
    found = read_metadata(
        parse(page('<link rel="canonical" href="/a"><meta property="og:image" content="b.jpg">')), None
    )
    assert (found.canonical_url, found.lead_image) == (None, None)


def test_an_empty_page_has_no_metadata() -> None:
    assert read_metadata(parse("<html></html>"), None) == PageMetadata()


def test_hostile_json_ld_does_not_crash() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    markup = page(
        f'<script type="application/ld+json">{deep}</script>'
        + ld({"@type": "Article", "headline": {"not": "a string"}, "author": 42, "image": [[[[["x"]]]]]})
        + ld([None, 1, "text", {"@type": None}])
    )
    found = read_metadata(parse(markup), PAGE_URL)
    assert found.title is None and found.byline is None


def test_the_tree_is_not_changed() -> None:
    markup = page(
        '<meta property="og:title" content="T">' + ld({"@type": "Article", "headline": "H"}),
        '<article dir="rtl"><p class="byline">By <span itemprop="name">Ann</span></p><p>Text.</p></article>',
    )
    root = parse(markup)
    before = etree.tostring(root)
    read_metadata(root, PAGE_URL)
    assert etree.tostring(root) == before


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # The last separator goes; the rest stays even when it holds another one (archive-of-our-own).
        (
            "Chapter 1 - A Story - Author Name | Fandom | Archive",
            "Chapter 1 - A Story - Author Name | Fandom",
        ),
        # Breadcrumb-like separators count only when the result keeps all but one word (hierarchical titles).
        ("News > World > Europe", "News > World > Europe"),
        # No separator, a normal length: as it is.
        ("Minecraft 1.8 - The Bountiful Update", "Minecraft 1.8 - The Bountiful Update"),
        ("", ""),
    ],
)
def test_clean_document_title(raw: str, title: str) -> None:
    assert clean_document_title(raw) == title


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2015-07-24T05:36:09+01:00", "2015-07-24T05:36:09+01:00"),  # bbc-1
        ("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"),  # aktualne: offset without a colon
        ("2024-06-25", "2024-06-25"),  # gitlab-blog: a day stays a day
        ("Sat, 19 Feb 2022 10:00:00 GMT", "2022-02-19T10:00:00+00:00"),  # HTTP dates
        ("Published: 19.02.2022 10:00 CET", "2022-02-19T10:00:00+01:00"),  # European labels and zones
        ("05.03.2022", "2022-03-05"),  # dotted dates are day first
        ("Dec 22, 2016 10:43 AM PST", "2016-12-22T10:43:00-08:00"),  # US zone names dateutil does not know
        ("April 28, 2019 at 6:01 am", "2019-04-28T06:01:00"),  # seattletimes-1
        ("1645264800", "2022-02-19T10:00:00+00:00"),  # Unix seconds
        ("Monday", None),  # no year: would otherwise become a date relative to today
        ("3 hours ago", None),
        ("Thu, 01 Jan 1970 00:00:00 GMT", None),  # an unset Unix time, not a date
        ("", None),
    ],
)
def test_dates(value: str, iso: str | None) -> None:
    assert to_iso8601(value) == iso


# --- the readability corpus ----------------------------------------------------------------------------------

# Reached when written (see BENCHMARKS.md, "Extraction: metadata"); each floor allows one page of slack.
FLOORS = {"title": 124, "byline": 69, "published": 32, "site_name": 61, "lang": 72, "dir": 15}


def _collapse(value: str | None) -> str | None:
    return re.sub(r"\s+", " ", value).strip() or None if value else None


@pytest.mark.corpus
def test_readability_corpus_floors() -> None:
    if not READABILITY.is_dir():
        pytest.skip(f"{READABILITY} is absent: the shared corpus is not checked out beside the project")
    equal = dict.fromkeys(FLOORS, 0)
    parser = lxml.html.HTMLParser(encoding="utf-8")
    for folder in sorted(READABILITY.iterdir()):
        expected = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        root = lxml.html.document_fromstring((folder / "source.html").read_bytes(), parser=parser)
        found = read_metadata(root, CORPUS_URL)
        published = expected.get("publishedTime")
        pairs = {
            "title": (_collapse(expected.get("title")), _collapse(found.title)),
            "byline": (_collapse(expected.get("byline")), _collapse(found.byline)),
            "published": (published[:10] if published else None, (found.published or "")[:10]),
            "site_name": (_collapse(expected.get("siteName")), found.site_name),
            "lang": (expected.get("lang"), found.lang),
            "dir": (expected.get("dir"), found.dir),
        }
        for field, (wanted, got) in pairs.items():
            if wanted is not None and wanted == got:
                equal[field] += 1
    for field, floor in FLOORS.items():
        assert equal[field] >= floor, f"{field}: {equal[field]} pages equal, floor {floor}"
