"""Plain-text pages: title, section and body from a page's copied text, chrome dropped by general rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.article import Document
from library.errors import ExtractionError
from library.extract.plaintext import extract_text_page

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "seed" / "000_0aaa2a31d96aaafb.txt"

SEED_TITLE = "NATO urges more Russia talks to defuse Ukraine crisis"
SEED_FIRST = "NATO Secretary-General Jens Stoltenberg said on Saturday he had sent a letter"
SEED_LAST = "“The world has been watching in disbelief as we face the largest build-up"
# The seed's chrome, as ../shared/seed/README.md lists it.
SEED_CHROME = [
    "Published: Updated:",
    "Enable Read mode",
    "100% Font Size",
    "For the latest headlines, follow our Google News channel",
    "Read more:",
    "Putin launches nuclear drills",
    "Rebels evacuate residents",
    "Top Content Trending",
]

# A made-up page from another site with the same kinds of chrome in other words: a topic line, a
# headline, a byline and a date, reading controls, a newsletter box, a "Related" list and sidebar
# headings that no vocabulary names ("Around The Web", "Our Partners").
OTHER_SITE = """\
Climate and environment

Rivers run low as Europe faces a third dry summer

Posted: 12 July 2023 Last updated:
By Maria Keller
A A
Listen to this article
12 Comments

Water levels on the Rhine fell to their lowest point in a decade this week, forcing barges to sail half empty.

Shipping companies said they had cut loads by half, and some routes were closed entirely.

Sign up for our weekly climate newsletter.

The agency expects rain later in the month, but warned that the underground reserves would take years to recover.

Related:
Farmers count the cost of a dry spring
Why the Alps are losing their glaciers faster than expected

Around The Web
Our Partners
"""
OTHER_SITE_BODY = [
    "Water levels on the Rhine fell to their lowest point in a decade this week, forcing barges to sail half empty.",
    "Shipping companies said they had cut loads by half, and some routes were closed entirely.",
    "The agency expects rain later in the month, but warned that the underground reserves would take years"
    " to recover.",
]


def read(text: str) -> tuple[str, str | None, list[str]]:
    article = extract_text_page(Document(source="page.txt", content=text, kind="text"))
    return article.title, article.section, article.text.split("\n\n")


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent: the shared corpus is not checked out beside the project")
    return SEED.read_text(encoding="utf-8")


def test_seed(seed_text: str) -> None:
    article = extract_text_page(Document(source=str(SEED), content=seed_text, kind="text"))
    paragraphs = article.text.split("\n\n")
    assert article.title == SEED_TITLE
    assert article.section == "Russia Ukraine conflict"
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith(SEED_FIRST)
    assert paragraphs[-1].startswith(SEED_LAST)
    for chrome in SEED_CHROME:
        assert chrome not in article.text, chrome
    # Each paragraph of the text is one <p> of the HTML, in the same order.
    assert article.html.count("<p>") == 10
    assert article.excerpt and SEED_FIRST in article.excerpt


def test_seed_paragraph_order_matches_the_file(seed_text: str) -> None:
    _, _, paragraphs = read(seed_text)
    positions = [seed_text.index(paragraph) for paragraph in paragraphs]
    assert positions == sorted(positions)


# The seed rewritten the ways copies differ: Windows line endings (a copy saved on Windows), single
# newlines between paragraphs (browsers that copy <p> without a blank line), non-breaking spaces.
@pytest.mark.parametrize(
    "variant",
    [
        lambda text: text.replace("\n", "\r\n"),
        lambda text: text.replace("\n\n", "\n"),
        lambda text: text.replace(" ", "\u00a0", 40),
        lambda text: "\ufeff" + text + "\n\n\n",
    ],
    ids=["crlf", "single newlines", "nbsp", "bom and trailing blank lines"],
)
def test_seed_variants(seed_text: str, variant: object) -> None:
    assert callable(variant)
    title, section, paragraphs = read(variant(seed_text))
    assert (title, section, len(paragraphs)) == (SEED_TITLE, "Russia Ukraine conflict", 10)


def test_another_site_with_similar_chrome() -> None:
    article = extract_text_page(Document(source="river.txt", content=OTHER_SITE, kind="text"))
    assert article.title == "Rivers run low as Europe faces a third dry summer"
    assert article.section == "Climate and environment"
    assert article.byline == "Maria Keller"
    assert article.published == "2023-07-12"
    assert article.text.split("\n\n") == OTHER_SITE_BODY


# (what the page taught, text, expected title, expected paragraphs)
SHAPES = [
    # No structure at all: one paragraph, titled by its first sentence.
    (
        "one paragraph",
        "The meeting ended late. Nobody agreed on anything, and the minutes were never published.",
        "The meeting ended late.",
        ["The meeting ended late. Nobody agreed on anything, and the minutes were never published."],
    ),
    # A headline ending with "?" is still the headline, not the first paragraph.
    (
        "question headline",
        "Is the four-day week here to stay?\n\nCompanies that tried it last year mostly kept it, a survey found.",
        "Is the four-day week here to stay?",
        ["Companies that tried it last year mostly kept it, a survey found."],
    ),
    # Paragraphs hard-wrapped at a fixed width (mail, plain-text documents) come back whole.
    (
        "hard-wrapped",
        "Notes from the field\n\nThe first survey of the valley found more nesting pairs than\n"
        "anyone had expected, and the second confirmed the count a\nmonth later.\n\n"
        "Rangers will repeat the count in spring.",
        "Notes from the field",
        [
            "The first survey of the valley found more nesting pairs than anyone had expected, and the second"
            " confirmed the count a month later.",
            "Rangers will repeat the count in spring.",
        ],
    ),
    # A standfirst under the byline is the article's, not a second title.
    (
        "standfirst",
        "Port strike enters its second week\nBy Tom Reyes\n"
        "Dockers say talks have stalled over pay and night shifts at the container terminal\n\n"
        "Union leaders met the port authority again on Monday.",
        "Port strike enters its second week",
        [
            "Dockers say talks have stalled over pay and night shifts at the container terminal",
            "Union leaders met the port authority again on Monday.",
        ],
    ),
    # Subheadings between paragraphs stay; an inline "Read more: …" link, a photo credit and the
    # copyright line at the end go.
    (
        "inside the body",
        "Town votes on new bridge\n\nThe council approved the plan after a long debate on Tuesday.\n\n"
        "What happens next\n\nPhoto: Reuters\n\nRead more: Council approves budget for the coming year\n\n"
        "Work is due to start in the autumn and last two years.\n\n© 2023 Example Media. All rights reserved.",
        "Town votes on new bridge",
        [
            "The council approved the plan after a long debate on Tuesday.",
            "What happens next",
            "Work is due to start in the autumn and last two years.",
        ],
    ),
    # Reading controls between the headline and the text, in words the seed does not use.
    (
        "reading controls",
        "Skip to main content\nMenu\n\nLibrary opens its doors after a long repair\nListen to this article\n"
        "Share this article\n5 min read\nBack to top\n\nThe new reading room seats two hundred people.",
        "Library opens its doors after a long repair",
        ["The new reading room seats two hundred people."],
    ),
    # Only short lines, no sentence: a list or a note keeps its lines.
    ("a list", "Shopping\nmilk\nbread\neggs", "Shopping", ["milk", "bread", "eggs"]),
]


@pytest.mark.parametrize(("shape", "text", "title", "paragraphs"), SHAPES, ids=[s[0] for s in SHAPES])
def test_text_shapes(shape: str, text: str, title: str, paragraphs: list[str]) -> None:
    found_title, _, found_paragraphs = read(text)
    assert (found_title, found_paragraphs) == (title, paragraphs), shape


def test_a_menu_above_the_title_is_not_its_section() -> None:
    text = "Home\nNews\nSport\nWeather\n\nFloods close the coast road for a week\n\nThe road will reopen on Friday."
    title, section, _ = read(text)
    assert (title, section) == ("Floods close the coast road for a week", None)


def test_html_is_escaped_paragraphs() -> None:
    article = extract_text_page(
        Document(
            source="x.txt", content="Tags & <b>markup</b>\n\nIt said <script>x</script> & more.", kind="text"
        )
    )
    assert article.html == "<p>It said &lt;script&gt;x&lt;/script&gt; &amp; more.</p>"
    assert article.title == "Tags & <b>markup</b>"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "the page is empty"),
        ("  \n\r\n\t \u200b ", "the page is empty"),
        ("PK\x03\x04\x00\x00binary\x00\x01\x02", "binary"),
        ("Share\nPrint\n100% Font Size\nRead more:\nSign up for our newsletter", "only labels"),
    ],
    ids=["empty", "whitespace", "binary", "all chrome"],
)
def test_bad_text_raises_one_clear_error(content: str, reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        extract_text_page(Document(source="bad.txt", content=content, kind="text"))


def test_large_text_is_read() -> None:
    paragraph = "A sentence that goes on for a while, as sentences in long reports do. " * 5
    text = "A very long report\n\n" + "\n\n".join([paragraph.strip()] * 5_000)
    title, _, paragraphs = read(text)
    assert title == "A very long report"
    assert len(paragraphs) == 5_000
