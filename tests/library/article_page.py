"""Pages for extraction tests: a news-site page (menu, sidebar, footer) around the article under test."""

from __future__ import annotations

import lxml.html

from library.article import Article, Document
from library.extract import extract

PAGE_URL = "https://news.example/world/2024/05/river-towns.html"

# Original prose, long enough with commas that scoring takes it for an article.
PROSE = (
    "<p>The river towns along the valley have spent the spring rebuilding their quays, raising "
    "the walls by half a metre, and arguing about who should pay for the pumps that kept the "
    "water out of the old market hall.</p>"
    "<p>Engineers from the regional office say the new walls will hold a flood like last "
    "winter's, although they warn that the rain, which fell for nine days without pause, may "
    "not be the worst the valley sees in the coming decades.</p>"
    "<p>In the meantime the ferry has started running again, the bakery on the quay has "
    "reopened, and the children who were taught in the town hall for a whole term are back "
    "in their own classrooms, which still smell faintly of fresh paint.</p>"
    "<p>Residents who lost their cellars have been offered grants, but many say the forms are "
    "long, the deadlines short, and the money, when it arrives, rarely covers the cost of a "
    "new boiler, let alone the furniture that floated away.</p>"
)

MENU = (
    '<nav class="site-menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
    '<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather menu item</a></li></ul></nav>'
)
SIDEBAR = (
    '<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Sidebar headline one</a></li>'
    '<li><a href="/b">Sidebar headline two</a></li></ul></aside>'
)
FOOTER = '<footer class="site-footer"><p>Footer text: about us, contact, terms of use.</p></footer>'


def page(article: str = "", *, head: str = "", title: str = "River towns rebuild", prose: str = PROSE) -> str:
    """A whole page: head, menu, the `<article>` (given markup, then prose), sidebar and footer."""
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title} | Daily Example</title>{head}</head>"
        f"<body>{MENU}<main><article class='story'>{article}{prose}</article>{SIDEBAR}</main>{FOOTER}"
        "</body></html>"
    )


def extract_page(html: str, url: str | None = PAGE_URL) -> Article:
    """The article extraction finds in `html`, read as a page saved from `url`."""
    return extract(Document(source="test.html", content=html, kind="html", url=url))


def fragment(article: Article) -> lxml.html.HtmlElement:
    """The article's HTML parsed back, for looking at its tags and attributes."""
    return lxml.html.fragment_fromstring(article.html or "<div></div>", create_parent="div")
