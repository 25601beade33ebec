"""Cleaning rules, one case each: boilerplate inside an article goes, the article's own blocks stay.

Every case names the page (or the situation) that taught the rule. The markup is
put at the top or at the end of a real-looking article, as the pages had it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.library.article_page import PROSE, extract_page, page

LINKS = "".join(f"<li><a href='/story/{n}'>Another story headline number {n}</a></li>" for n in range(1, 5))


@dataclass(frozen=True)
class Case:
    """Boilerplate `markup` at `where` in the article; none of `gone` may reach the text."""

    taught_by: str
    markup: str
    gone: tuple[str, ...]
    where: str = "end"


REMOVED = [
    # --- in-body promotions
    Case(
        "the seed page",
        "<p>For the latest headlines, follow our Google News channel online or via the app.</p>",
        ("Google News channel",),
    ),
    Case(
        "nj.com: the author's contact line",
        "<p>Have a tip? Ana Lind may be reached at ana@example.com. Follow her on Twitter @analind.</p>",
        ("Follow her on Twitter",),
    ),
    Case(
        "foxbusiness.com: an all-capitals call to action",
        "<p><a href='/apps'>GET FOX BUSINESS ON THE GO BY CLICKING HERE</a></p>",
        ("ON THE GO",),
    ),
    Case(
        "morebikes.co.uk: a magazine offer",
        "<p>Get the magazine delivered through your letterbox every month. Click here for more information.</p>",
        ("letterbox",),
    ),
    Case(
        "theantijunecleaver.com: an affiliate disclosure",
        "<p><em>This post may contain affiliate and/or referral links. Please see my disclosure page.</em></p>",
        ("affiliate",),
        "top",
    ),
    Case(
        "morebikes.co.uk: a slideshow that needs scripts",
        "<p>This slideshow requires JavaScript.</p>",
        ("slideshow",),
    ),
    Case(
        "morebikes.co.uk: a CMS shortcode printed as text",
        "<p>[button link=”/submit-kit-review/” type=”big”] Send us YOUR kit review[/button]</p>",
        ("kit review",),
    ),
    # --- newsletter and subscribe boxes
    Case(
        "news sites: a sign-up box with a form",
        "<div class='newsletter-signup'><h3>Morning briefing</h3><p>The day's news in your inbox.</p>"
        "<form><input type='email'><button>Subscribe</button></form></div>",
        ("Morning briefing", "in your inbox"),
    ),
    Case(
        "news sites: a sign-up line",
        "<p><strong>Sign up for our newsletter</strong> to get the best stories by email.</p>",
        ("Sign up",),
    ),
    # --- share bars
    Case(
        "herald-sun-1: a share bar by class",
        "<div class='share-tools'><a href='/fb'>Facebook</a> <a href='/tw'>Twitter</a> <a href='/m'>Email</a></div>",
        ("Facebook", "Twitter"),
        "top",
    ),
    Case("news sites: a share label", "<p>Share this article</p>", ("Share this",)),
    # --- "Read more" and "Related" link lists
    Case(
        "aljazeera.com: a 'More:' list of other stories",
        f"<h3>More:</h3><ul>{LINKS}</ul><p>More of the article follows after the list, long enough "
        "to be prose in its own right, with commas, clauses, and a full stop at the end.</p>",
        ("More:", "Another story headline"),
    ),
    Case(
        "news sites: one 'Read more' line",
        "<p>Read more: <a href='/story/9'>How the valley lost its bridges</a></p>",
        ("lost its bridges",),
        "top",
    ),
    Case(
        "express.co.uk: a 'DON'T MISS' box",
        "<h4>DON'T MISS</h4><p><a href='/1'>First other story [INSIGHT]</a><br><a href='/2'>Second [VIDEO]</a></p>",
        ("DON'T MISS", "INSIGHT"),
    ),
    Case(
        "zdnet.com: a related box whose class also says 'content'",
        "<div class='relatedContent alignRight'><h3>Black Friday</h3><p class='dek'>The best deals.</p>"
        "<p class='read-more'><a href='/deals'>Read More</a></p></div>",
        ("Black Friday", "best deals"),
        "top",
    ),
    Case(
        "foxnews.com: a headline of another story as a paragraph of its own",
        "<p><strong><a href='/other'>'DANCING' STAR OPENS UP ABOUT HEALTH CONDITION</a></strong></p>",
        ("DANCING",),
        "top",
    ),
    Case(
        "livescience.com: a list of other stories after the last paragraph",
        f"<ul>{LINKS}</ul><p><em>Originally published on Live Example.</em></p>",
        ("Another story headline",),
    ),
    # --- ads
    Case(
        "nytimes.com: an advertisement label",
        "<div class='ad'><p>Advertisement</p></div>",
        ("Advertisement",),
        "top",
    ),
    Case("morebikes.co.uk: an 'Advert' label", "<p>Advert</p>", ("Advert",)),
    # --- author boxes and comments
    Case(
        "theantijunecleaver.com: an author box",
        "<div class='author-bio'><p>Ana is a writer from the coast who now lives inland with two cats, "
        "and writes about rivers, bridges, and the people who mind them.</p></div>",
        ("two cats",),
    ),
    Case(
        "blogs: the comments under the article",
        "<div id='comments'><h3>3 Comments</h3><p>Great article, thanks for writing it, really.</p></div>",
        ("Great article",),
    ),
    Case("autoracing.com.br: a comment call", "<p>Leave a reply</p>", ("Leave a reply",)),
    # --- cookie notices, credits, copyright
    Case(
        "news sites: a cookie notice",
        "<div class='consent'><p>We use cookies to improve your experience on our site.</p></div>",
        ("cookies",),
        "top",
    ),
    Case("bbc.com: an image credit line", "<p>Image copyright Getty Images</p>", ("Getty",)),
    Case("aljazeera.com: a source line", "<p>SOURCE: News agencies</p>", ("News agencies",)),
    Case("chron.com: a gallery counter", "<p>Image 1 of / 8</p>", ("Image 1",), "top"),
    Case(
        "ap.org: a copyright line",
        "<p>© 2019 The Associated Press. All rights reserved.</p>",
        ("Associated",),
    ),
    Case(
        "phys.org: a rights notice",
        "<p>This document is subject to copyright. Apart from any fair dealing for the purpose of private "
        "study or research, no part may be reproduced without the written permission.</p>",
        ("fair dealing",),
    ),
    Case(
        "thehill.com: a photo credit by class",
        "<div class='image'><img src='/a.jpg'><div class='credits'>© Ana Lind</div></div>",
        ("Ana Lind",),
        "top",
    ),
    # --- hidden elements
    Case("hidden attribute", "<p hidden>Hidden by attribute</p>", ("Hidden by",)),
    Case(
        "aria-hidden", "<div aria-hidden='true'><p>Hidden from assistive technology</p></div>", ("assistive",)
    ),
    Case("inline display:none", "<p style='display: none'>Hidden by display</p>", ("by display",)),
    Case(
        "inline visibility:hidden",
        "<p style='visibility:hidden'>Hidden by visibility</p>",
        ("by visibility",),
    ),
    Case(
        "bbc.com: screen-reader-only text",
        "<span class='off-screen'>Image Copyright @someone</span>",
        ("@someone",),
    ),
    Case(
        "nytimes.com: visually hidden text",
        "<span class='visually-hidden'>Continue reading</span>",
        ("Continue",),
    ),
    # --- furniture by tag and role inside the article
    Case(
        "news sites: a menu inside the article",
        "<nav><a href='/a'>Section A</a> <a href='/b'>Section B</a></nav>",
        ("Section A",),
        "top",
    ),
    Case(
        "news sites: an aside of other stories", f"<aside><ul>{LINKS}</ul></aside>", ("Another story",), "top"
    ),
    Case(
        "news sites: tags in the article's footer",
        "<footer><a href='/t/rivers'>rivers</a> <a href='/t/floods'>floods</a></footer>",
        ("floods",),
    ),
    Case(
        "nationalreview.com: a call-to-action box, whatever it says",
        "<div class='nrplus-cta-wrap'><h4>Something to Consider</h4><p>If you enjoyed this article, we "
        "have a proposition for you: join us. Members get all of our content, no paywalls, and unique "
        "access to our writers and editors.</p></div>",
        ("Something to Consider", "proposition"),
    ),
    Case(
        "hosted.ap.org: the agency's pointer to its coverage",
        "<p>Follow AP’s full coverage of the floods at https://apnews.com/Floods</p>",
        ("full coverage",),
    ),
    Case(
        "bbc.com: a picture's credit in an element named for copyright",
        "<figure><img src='/quay.jpg'><span class='story-image-copyright'>Getty Images</span></figure>",
        ("Getty Images",),
    ),
    Case(
        "golf.de: a caption that ends with its picture's credit",
        "<div class='formatted-text'>Lee Elder war mit golferischem Talent gesegnet. | © Augusta "
        "National/Getty Images</div>",
        ("golferischem Talent", "Augusta National"),
    ),
    Case(
        "larepublica.pe: a caption that ends with 'Foto:' and its source",
        "<div class='descent'><span>Son tres los periodos de vacaciones durante el año escolar. Foto: "
        "Andina</span></div>",
        ("periodos de vacaciones",),
    ),
    Case(
        "vogelwarte.ch: a caption whose last line is the credit",
        "<div class='legend'>Kastanienselven bildeten sich durch die Doppelnutzung als Fruchthain und "
        "Weide.<br>Foto © Peter Steiger</div>",
        ("Kastanienselven", "Peter Steiger"),
    ),
    # --- the top of the article
    Case(
        "mysanantonio.com: a date line",
        "<p>Updated 11:21 pm CST, Tuesday, November 19, 2019</p>",
        ("11:21",),
        "top",
    ),
    Case(
        "autoracing.com.br: a date line in Portuguese",
        "<p>sexta-feira, 22 de outubro de 2010 às 20:13</p>",
        ("outubro",),
        "top",
    ),
    Case(
        "autoracing.com.br: the date as a line of its own between the headline and the body",
        "<h1>River towns rebuild</h1><span class='data'>sexta-feira, 22 de outubro de 2010 às 20:13</span>",
        ("outubro",),
        "top",
    ),
    Case(
        "express.co.uk: a date line after the standfirst",
        "<p>The towns have raised their walls, and the engineers say they will hold, though the rain may "
        "not be the worst the valley sees, which is what everyone fears.</p>"
        "<p>PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019</p>",
        ("PUBLISHED",),
        "top",
    ),
    Case(
        "thehill.com: a byline with a date",
        "<p>By Ana Lind - 11/18/19 11:04 PM EST</p>",
        ("Ana Lind",),
        "top",
    ),
]


def _page_with(case: Case) -> str:
    if case.where == "top":
        return page(case.markup)
    return page(prose=PROSE + case.markup)


@pytest.mark.parametrize("case", REMOVED, ids=[case.taught_by for case in REMOVED])
def test_boilerplate_is_removed(case: Case) -> None:
    article = extract_page(_page_with(case))
    for phrase in case.gone:
        assert phrase not in article.text, f"{case.taught_by}: {phrase!r} survived"
    assert "river towns along the valley" in article.text
    assert "let alone the furniture that floated away" in article.text


@dataclass(frozen=True)
class Kept:
    """Article markup that a careless rule would remove; all of `kept` must reach the text."""

    taught_by: str
    markup: str
    kept: tuple[str, ...]
    where: str = "end"


KEPT = [
    Kept(
        "nj.com: an embedded tweet is part of the story, links and all",
        "<div class='social-media-embed'><blockquote class='twitter-tweet'><p>Yes this is real: "
        "<a href='https://t.co/x'>https://t.co/x</a></p>— A Person (@aperson) "
        "<a href='https://twitter.com/a/status/1'>November 18, 2019</a></blockquote></div>",
        ("Yes this is real", "@aperson"),
    ),
    Kept(
        "a table of data stays, header row and all",
        "<table><tr><th>Town</th><th>Wall height</th></tr><tr><td>Ashford</td><td>1.5 m</td></tr>"
        "<tr><td>Brook</td><td>1.2 m</td></tr></table>",
        ("Wall height", "Ashford 1.5 m"),
    ),
    Kept(
        "wikipedia: a list of links followed by more prose is the article's",
        f"<ul>{LINKS}</ul>" + PROSE,
        ("Another story headline number 2",),
        "top",
    ),
    Kept(
        "yahoo-1: headings that are links, in a list of games",
        "<h3><a href='https://games.example/rez'>“Rez Infinite” ($30)</a></h3>",
        ("Rez Infinite",),
        "top",
    ),
    Kept(
        "a code sample with links in it",
        "<pre><code>see <a href='https://docs.example/'>docs</a>\nrun(x)</code></pre>",
        ("run(x)",),
    ),
    Kept(
        "287e4d9f (a deals article): 'sign up' inside a long paragraph of prose",
        "<p>Amazon Music Unlimited has a deal for new subscribers, and you don't have to be a Prime "
        "member to get it. Sign up for four months of the service for one dollar; normally you would "
        "pay eight a month, which makes this the cheapest way to try it before the holidays.</p>",
        ("Sign up for four months",),
    ),
    Kept(
        "thehill.com: the name a hover card hangs on stays in its sentence",
        "<p>South Dakota Gov. <span class='rollover-people'><a href='/people/kn'>Kristi Noem</a>"
        "<span class='rollover-people-block'><span><a href='/a'>South Dakota governor doubles down on "
        "the campaign</a> <a href='/b'>South Dakota drops pipeline protest laws after lawsuit</a> "
        "<a href='/c'>New South Dakota law goes into effect</a></span></span></span> (R) is defending the "
        "state's launch of an anti-drug campaign.</p>",
        ("Gov. Kristi Noem (R) is defending",),
    ),
    Kept(
        "a caption-like paragraph without a credit at its end stays",
        "<p>The quay was photographed at dawn by the harbour master, who has kept a picture of it every "
        "morning since the flood (his photo album now fills a shelf).</p>",
        ("photographed at dawn",),
    ),
    Kept(
        "a short sentence that happens to start with 'Related'",
        "<p>Related research from the same team, published last year, found that older walls crack first, "
        "because the mortar was mixed for a drier climate than the valley has today.</p>",
        ("Related research",),
    ),
]


@pytest.mark.parametrize("case", KEPT, ids=[case.taught_by for case in KEPT])
def test_article_blocks_are_kept(case: Kept) -> None:
    html = page(case.markup) if case.where == "top" else page(prose=PROSE + case.markup)
    article = extract_page(html)
    for phrase in case.kept:
        assert phrase in article.text, f"{case.taught_by}: {phrase!r} was removed"
