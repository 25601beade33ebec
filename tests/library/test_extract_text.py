"""The article's characters: composed (NFC), no soft hyphens, ruby readings left out of the text."""

from __future__ import annotations

import unicodedata

from library.article import Document
from library.extract import extract
from tests.library.article_page import extract_page, page


def test_text_is_composed_whatever_the_page_wrote() -> None:
    decomposed = unicodedata.normalize("NFD", "Café crème in Zürich, naïve façade.")
    article = extract_page(page(f"<p>{decomposed} That is the opening line of the story.</p>"))
    assert "Café crème in Zürich, naïve façade." in article.text
    assert unicodedata.is_normalized("NFC", article.text)
    assert unicodedata.is_normalized("NFC", article.html)


def test_soft_hyphens_are_removed_in_every_spelling() -> None:
    line = "Die Bundes&shy;regierung und die Landes\xadregierung, das Verkehrs&#173;ministerium und der Bundes&#xAD;tag."
    article = extract_page(
        page(f"<p>{line} Ein langer Satz über die Politik.</p>", title="Bundes&shy;tag heute")
    )
    assert (
        "Die Bundesregierung und die Landesregierung, das Verkehrsministerium und der Bundestag."
        in article.text
    )
    assert "\xad" not in article.text and "\xad" not in article.html
    assert article.title.startswith("Bundestag heute")


def test_ruby_readings_are_left_out_and_the_base_text_stays_whole() -> None:
    ruby = (
        "<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>を"
        "なくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができました。</p>"
    )
    article = extract_page(page(ruby))
    assert "子どもへの虐待をなくすための法律ができました。" in article.text
    assert "ぎゃくたい" not in article.text


def test_copied_text_is_composed_too() -> None:
    decomposed = unicodedata.normalize(
        "NFD", "Über die Brücke\n\nEine Geschichte über Zürich, erzählt von vorn."
    )
    article = extract(Document(source="copied.txt", content=decomposed, kind="text"))
    assert "Zürich" in article.text and "Über die Brücke" in article.title + article.text
