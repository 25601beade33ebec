"""The top of the article: byline, date and meta lines go, the first paragraph stays."""

from __future__ import annotations

from tests.library.article_page import extract_page, page


def test_a_story_meta_box_of_byline_and_times_is_removed() -> None:
    meta = (
        "<div class='story-meta'><span class='byline'>Reuters</span> "
        "<time datetime='2022-02-19T14:05'>Published: 19 February ,2022: 02:05 PM GST</time> "
        "<time datetime='2022-02-19T14:05'>Updated: 19 February ,2022: 02:05 PM GST</time></div>"
    )
    article = extract_page(page(meta))
    assert "Reuters" not in article.text
    assert "Published" not in article.text and "Updated" not in article.text
    assert article.text.startswith("The river towns along the valley")


def test_a_meta_line_with_labels_in_german_is_removed() -> None:
    meta = (
        "<p><span class='author'>Anna Berg</span> · <time>12.03.2022, 14:05 Uhr</time> · aktualisiert "
        "<time>13.03.2022, 09:10 Uhr</time></p>"
    )
    article = extract_page(page(meta))
    assert "Anna Berg" not in article.text
    assert article.text.startswith("The river towns along the valley")


def test_a_first_line_that_only_mentions_a_date_stays() -> None:
    line = "<p>On <time>19 February 2022</time> the council met and voted to raise the walls again.</p>"
    article = extract_page(page(line))
    assert "the council met and voted to raise the walls again" in article.text
    assert "river towns along the valley" in article.text


def test_a_byline_the_metadata_writes_with_by_goes_and_the_date_after_it() -> None:
    # chron.com: the byline element leaves out the "By" its <meta> has; the date line after it is
    # a line of its own once the headline and byline are gone.
    head = "<meta name='author' content='By ANA LIND, AP National Security Writer'>"
    top = (
        "<div class='article-title'><h1>River towns rebuild</h1>"
        "<p class='byline'>Ana Lind, AP National Security Writer</p>"
        "<span class='timestamp'>Updated <time datetime='2019-11-20T11:27:27Z'>5:27 am CST, Wednesday, "
        "November 20, 2019</time></span></div>"
    )
    article = extract_page(page(top, head=head))
    assert "Security Writer" not in article.text
    assert "5:27" not in article.text
    assert article.text.startswith("The river towns along the valley")
