"""Any input gives an article or one ExtractionError with a reason: never a crash, never a hang."""

from __future__ import annotations

import base64
import random

import pytest

from library.article import Article, Document
from library.errors import ExtractionError
from library.extract import extract
from library.sources.decode import decode_bytes
from tests.library.article_page import PROSE, extract_page, page


def outcome(content: str, url: str | None = None) -> Article | ExtractionError:
    """What extraction gives for `content`: the article, or the ExtractionError it raised."""
    try:
        return extract(Document(source="robustness.html", content=content, url=url))
    except ExtractionError as error:
        assert str(error), "an ExtractionError must say why"
        return error


# ---------------------------------------------------------------- nesting


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("<div>", "</div>"),  # the classic
        ("<b>", "</b>"),  # inline nesting, which libxml2 treats differently from blocks
        ("<table><tr><td>", "</td></tr></table>"),  # tables inside cells (old layout pages gone wrong)
        ("<ul><li>", "</li></ul>"),
        ("<blockquote>", ""),  # never closed
    ],
)
def test_a_hundred_thousand_levels_of_nesting(opening: str, closing: str) -> None:
    nested = opening * 100_000 + "deep text" + closing * 100_000
    result = outcome(f"<html><body><article>{PROSE}{nested}</article></body></html>")
    assert isinstance(result, Article)
    assert "river towns along the valley" in result.text


def test_nesting_with_nothing_above_it_says_so() -> None:
    result = outcome("<html><body>" + "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "</body></html>")
    assert isinstance(result, ExtractionError)
    assert "nested" in str(result)


# ---------------------------------------------------------------- size


def test_a_50_mb_page_of_inline_images_and_scripts() -> None:
    # SingleFile saves images inline and keeps scripts: 50 MB with a few kilobytes of article.
    image = "data:image/png;base64," + base64.b64encode(bytes(range(256)) * (40 * 4096)).decode()
    script = "<script>var state = '" + "x" * (8 * 1024 * 1024) + "';</script>"
    html = f"<html><head>{script}</head><body><article>{PROSE}<p><img src='{image}'></p>{PROSE}</article></body></html>"
    assert len(html) > 50_000_000
    article = extract_page(html)
    assert "river towns along the valley" in article.text
    # libxml2 cuts attributes over 10 MB unless told otherwise; the image must arrive whole.
    assert article.images == [image]


def test_a_50_mb_page_of_text_is_refused_with_its_size() -> None:
    paragraph = "<p>" + "Words upon words, sentence after sentence, without end. " * 20 + "</p>"
    result = outcome(
        "<html><body><article>" + paragraph * (50_000_000 // len(paragraph)) + "</article></body></html>"
    )
    assert isinstance(result, ExtractionError)
    assert "million characters" in str(result)


# ---------------------------------------------------------------- what is not a page


@pytest.mark.parametrize(
    "content",
    [
        "",
        "   \n\t  ",
        "<!-- only a comment -->",
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><frameset><frame src='a.html'><frame src='b.html'></frameset></html>",
    ],
    ids=["empty", "whitespace", "comment", "empty body", "frameset"],
)
def test_pages_without_text_raise(content: str) -> None:
    assert isinstance(outcome(content), ExtractionError)


def test_binary_data_is_refused() -> None:
    noise = random.Random(3).randbytes(200_000)
    result = outcome(noise.decode("latin-1"))
    assert isinstance(result, ExtractionError)
    assert "binary" in str(result)


def test_binary_data_through_the_decoder_is_refused_too() -> None:
    noise = random.Random(4).randbytes(200_000)
    assert isinstance(outcome(decode_bytes(noise)), ExtractionError)


def test_a_page_that_is_all_navigation_raises_with_a_clear_reason() -> None:
    menu = "".join(f"<li><a href='/section/{n}'>Section number {n} of the site</a></li>" for n in range(60))
    html = f"<html><body><header><nav><ul>{menu}</ul></nav></header><div class='links'><ul>{menu}</ul></div></body></html>"
    result = outcome(html)
    assert isinstance(result, ExtractionError)
    assert "menus, links" in str(result)


# ---------------------------------------------------------------- damaged and hostile markup


@pytest.mark.parametrize("cut", [0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
def test_truncated_html(cut: int) -> None:
    html = page("<figure><img src='/a.jpg'><figcaption>Caption</figcaption></figure>")
    result = outcome(html[: int(len(html) * cut)], url="https://news.example/a")
    assert isinstance(result, Article | ExtractionError)
    if cut >= 0.5:
        assert isinstance(result, Article)


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        # Saved as UTF-8 by an editor, still declaring windows-1252: the bytes win.
        ("Café crème, naïve façade — “quoted”".encode(), "windows-1252"),
        # windows-1252 bytes that claim to be UTF-8: the declaration cannot decode them.
        ("Café crème, naïve façade — “quoted”".encode("cp1252"), "utf-8"),
    ],
)
def test_a_wrong_charset_declaration(data: bytes, declared: str) -> None:
    head = f'<meta charset="{declared}">'.encode()
    body = PROSE.encode()
    raw = (
        b"<html><head>"
        + head
        + b"</head><body><article><p>"
        + data
        + b" and then some more words.</p>"
        + body
    )
    article = extract_page(decode_bytes(raw + b"</article></body></html>"))
    assert "Café crème, naïve façade — “quoted”" in article.text


HOSTILE = [
    # Unclosed and misnested tags, stray end tags.
    "<p><b><i>misnested</b></i></p></div></span><p>unclosed",
    # Tags that switch the parser's text mode.
    "<xmp><p>not markup</p></xmp><plaintext><p>all text from here",
    "<textarea><p>inside a textarea</p></textarea>",
    # Broken and huge character references.
    "<p>&#0; &#xFFFFFFFF; &#55296; &bogus; &amp &lt&gt; &#x110000;</p>",
    # Attributes: thousands of them, duplicated, unquoted, script in names.
    "<p " + " ".join(f"a{n}='{n}'" for n in range(5000)) + ">many attributes</p>",
    "<p class=a class=b id=x id=y onload<script>=1>duplicated</p>",
    # Control characters and a lone surrogate in the text.
    "<p>bell\x07 escape\x1b surrogate\ud800 end</p>",
    # SVG and MathML with scripts and foreign content.
    "<svg><foreignObject><p>foreign</p><script>x()</script></foreignObject></svg><math><mi>x</mi></math>",
    # A <base> pointing at a script, a javascript: image, an <a> without href.
    "<base href='javascript:alert(1)//'><img src='javascript:alert(1)'><a>no href</a>",
    # Thousands of empty elements.
    "<span></span>" * 20_000,
]


@pytest.mark.parametrize("markup", HOSTILE, ids=[str(n) for n in range(len(HOSTILE))])
def test_hostile_markup_never_crashes(markup: str) -> None:
    result = outcome(page(markup), url="https://news.example/a")
    assert isinstance(result, Article)
    assert "javascript" not in result.html
    assert "<script" not in result.html


def test_random_tag_soup_never_crashes() -> None:
    rng = random.Random(20240507)
    pieces = [
        "<div>", "</div>", "<p>", "</p>", "<a href='/x'>", "</a>", "<table>", "<tr>", "<td>", "</table>",
        "<ul>", "<li>", "</ul>", "<img src='/i.jpg'>", "<br>", "<script>", "</script>", "<!--", "-->",
        "<noscript>", "</noscript>", "<article>", "<nav>", "<h1>", "</h1>", "&amp;", "&#", "<", ">", "'", '"',
        "words and more words, ", "a long sentence of prose that goes on for a while. ", "\x00", "\ufffd",
    ]  # fmt: skip
    for _ in range(200):
        soup = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 400)))
        assert isinstance(
            outcome(soup, url=rng.choice([None, "https://news.example/a"])), Article | ExtractionError
        )
