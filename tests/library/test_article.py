"""Word counts and reading times, for spaced and unspaced scripts."""

from __future__ import annotations

import pytest

from library.article import Article, count_words, reading_minutes


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("One two  three\n\nfour.", 4),
        # Chinese has no spaces: two characters count as a word.
        ("你好世界", 2),
        ("你好世界 and more", 4),
        # Japanese mixed with Latin letters in one token: the Latin part is one more word.
        ("日本語のテキストabc", 5),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(("words", "minutes"), [(0, 0), (1, 1), (230, 1), (231, 2), (2300, 10)])
def test_reading_minutes(words: int, minutes: int) -> None:
    assert reading_minutes(words) == minutes


def test_an_article_counts_its_text() -> None:
    article = Article(title="T", text="word " * 461)
    assert (article.word_count, article.reading_minutes) == (461, 3)
