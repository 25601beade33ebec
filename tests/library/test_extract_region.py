"""Which parts of a page make up the article: the lead beside the body, split boxes, whole regions."""

from __future__ import annotations

from tests.library.article_page import FOOTER, MENU, PROSE, SIDEBAR, extract_page

LEAD = (
    "Nach dem Hochwasser im Winter bauen die Orte im Tal ihre Kais wieder auf, und der Streit darüber, "
    "wer die Pumpen bezahlt, ist noch lange nicht vorbei."
)


def article_page(header: str, body: str = PROSE) -> str:
    """A page whose article has a header box (headline, lead, furniture) before the body box."""
    return (
        "<!DOCTYPE html><html lang='de'><head><title>Die Orte im Tal | Tageblatt</title></head>"
        f"<body>{MENU}<main><article class='story'><header class='story-header'><h1>Die Orte im Tal</h1>"
        f"{header}</header><div class='story-body'>{body}</div></article>{SIDEBAR}</main>{FOOTER}</body></html>"
    )


def test_a_lead_in_an_intro_box_before_the_body_is_kept_first() -> None:
    article = extract_page(
        article_page(f"<div class='intro'><p>{LEAD}</p></div><p class='byline'>Von Anna Berg</p>")
    )
    assert article.text.startswith(LEAD)
    assert "river towns along the valley" in article.text
    assert "Anna Berg" not in article.text
    assert "Die Orte im Tal" not in article.text  # the headline is the title, not the text


def test_a_lead_written_as_a_plain_paragraph_in_the_header_is_kept() -> None:
    article = extract_page(article_page(f"<p>{LEAD}</p>"))
    assert article.text.startswith(LEAD)


def test_captions_dates_and_teaser_cards_before_the_body_are_not_leads() -> None:
    header = (
        f"<figure><img src='/flut.jpg'><figcaption>{LEAD}</figcaption></figure>"
        "<div class='date'>Veröffentlicht am 12. März 2022, aktualisiert um 14:05 Uhr nach der Sitzung des Rates</div>"
        f"<a class='card' href='/anderer-artikel'><p>{LEAD.replace('Hochwasser', 'Sturm')}</p></a>"
    )
    article = extract_page(article_page(header))
    assert "Hochwasser" not in article.text and "Sturm" not in article.text
    assert "aktualisiert" not in article.text
    assert article.text.startswith("The river towns along the valley")


def test_prose_in_a_sidebar_or_further_up_the_page_is_not_a_lead() -> None:
    for before in (
        f"<div class='sidebar-left'><p>{LEAD}</p></div>",
        # Not right before the article: the menu stands between.
        f"<div class='welcome'><div class='box'><p>{LEAD}</p></div></div>{MENU}",
    ):
        page = (
            "<!DOCTYPE html><html><head><title>Die Orte im Tal</title></head><body>"
            f"<div class='layout'>{before}<div class='column-main'><div class='text'>{PROSE}{PROSE}</div></div>"
            "</div></body></html>"
        )
        article = extract_page(page)
        assert "Hochwasser" not in article.text, before
        assert "river towns along the valley" in article.text


SHORT = (
    "<p>The ferry to the island runs again from Monday, the harbour office said, after the storm "
    "damaged the pier in March and the repairs took longer than planned.</p>"
    "<p>Tickets bought for the cancelled crossings stay valid until the end of the year.</p>"
)
COOKIE_NOTICE = (
    "<div class='cookie-consent'><h2>Ihre Privatsphäre</h2>"
    + "<p>Wir verwenden Cookies und ähnliche Technologien, um Inhalte zu personalisieren, die Nutzung "
    "zu analysieren und Werbung anzuzeigen, und geben Informationen an Partner weiter.</p>" * 4 + "</div>"
)
AUTHOR_BOX = (
    "<div class='author-bio'><h3>Über den Autor</h3>"
    + "<p>Anna Berg schreibt seit zwanzig Jahren über Häfen, Fähren und die Menschen, die dort arbeiten, "
    "und lebt mit ihrer Familie an der Küste.</p>" * 4 + "</div>"
)


def test_a_short_article_is_not_traded_for_a_cookie_notice_or_an_author_box() -> None:
    for box in (COOKIE_NOTICE, AUTHOR_BOX):
        page = (
            "<!DOCTYPE html><html><head><title>Ferry runs again</title></head><body>"
            f"{MENU}<main><article><h1>Ferry runs again</h1>{SHORT}</article></main>{box}{FOOTER}</body></html>"
        )
        article = extract_page(page)
        assert "The ferry to the island runs again from Monday" in article.text
        assert "Cookies" not in article.text and "zwanzig Jahren" not in article.text


def test_article_text_only_in_noscript_is_used_when_the_page_has_no_other() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>River towns rebuild</title></head><body>"
        f"{MENU}<div id='app'></div><noscript><article><h1>River towns rebuild</h1>{PROSE}</article></noscript>"
        "</body></html>"
    )
    article = extract_page(page)
    assert "river towns along the valley" in article.text
    assert "let alone the furniture that floated away" in article.text


def test_noscript_notices_stay_out_of_a_page_with_an_article() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>River towns rebuild</title></head><body>"
        "<noscript><p>Please enable JavaScript in your browser to use every part of this site.</p></noscript>"
        f"<article>{PROSE}</article></body></html>"
    )
    article = extract_page(page)
    assert "enable JavaScript" not in article.text
    assert "river towns along the valley" in article.text


def test_the_whole_main_region_when_no_block_dominates() -> None:
    # An event's page: one box of four paragraphs, three of two; none is the page alone.
    paragraphs = [part + "</p>" for part in PROSE.split("</p>")[:-1]]
    boxes = f"<section class='details'><h2>Details</h2><div class='text'>{PROSE}</div></section>" + "".join(
        f"<section class='box-{name}'><h2>{name.title()}</h2><div class='text'>{first}{second}</div></section>"
        for name, first, second in (
            ("program", paragraphs[0], paragraphs[1]),
            ("location", paragraphs[2], paragraphs[3]),
            ("tickets", paragraphs[1], paragraphs[2]),
        )
    )
    page = (
        "<!DOCTYPE html><html><head><title>Harbour festival</title></head><body>"
        f"{MENU}<main>{boxes}</main>{FOOTER}</body></html>"
    )
    article = extract_page(page)
    assert "Details" in article.text and "Location" in article.text and "Tickets" in article.text


def test_an_advertisers_disclosure_is_not_the_article_even_when_it_is_long_enough() -> None:
    disclosure = (
        "<section class='advertiser-disclosure-body'>"
        + "<p>This site may be compensated by its partners, which can affect how and where offers "
        "appear, and does not include every offer available in the market today.</p>" * 4 + "</section>"
    )
    # The article sits in a box whose name the strict rules read as furniture ("extra").
    page = (
        "<!DOCTYPE html><html><head><title>River towns rebuild</title></head><body>"
        f"{disclosure}<div class='post-extra-wrap'>{PROSE}{PROSE}</div></body></html>"
    )
    article = extract_page(page)
    assert "river towns along the valley" in article.text
    assert "let alone the furniture that floated away" in article.text
