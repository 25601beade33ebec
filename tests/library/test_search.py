"""Full-text search: diacritics, ranking, snippets, and input that is never FTS syntax."""

from __future__ import annotations

import pytest

from library.article import Article
from library.records import View
from library.store import MATCH_END, MATCH_START, Library


@pytest.fixture
def filled(library: Library) -> Library:
    texts = [
        ("Zürich votes", "The city of Zürich voted on Sunday.", "Anna Müller"),
        ("Markets", "Stocks fell in Zurich and London. Security demands rose.", None),
        ("Security demands", "Moscow made security demands the alliance could not meet.", None),
        ("Gardening", "Tomatoes like sun; security is not their concern.", None),
    ]
    for n, (title, text, byline) in enumerate(texts, start=1):
        library.save(
            Article(title=title, text=text, html=f"<p>{text}</p>", byline=byline, url=f"https://e.org/{n}"),
            source_kind="html",
        )
    return library


def ids(hits: list) -> list[int]:
    return [hit.id for hit in hits]


def test_diacritics_are_folded_both_ways(filled: Library) -> None:
    assert set(ids(filled.search("Zurich"))) == {1, 2}
    assert set(ids(filled.search("zürich"))) == {1, 2}
    assert ids(filled.search("Muller")) == [1]


def test_a_title_match_ranks_first(filled: Library) -> None:
    assert ids(filled.search("security demands"))[0] == 3


def test_all_words_must_occur_and_phrases_are_phrases(filled: Library) -> None:
    assert set(ids(filled.search("security demands"))) == {2, 3}
    assert set(ids(filled.search('"demands rose"'))) == {2}


def test_snippets_mark_the_matched_words(filled: Library) -> None:
    hit = filled.search("tomatoes")[0]
    assert hit.snippet is not None and f"{MATCH_START}Tomatoes{MATCH_END}" in hit.snippet


def test_search_within_a_view(filled: Library) -> None:
    filled.set_state([3], archived=True)
    assert ids(filled.search("security", View("archive"))) == [3]
    assert 3 not in ids(filled.search("security", View("unread")))


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR(",
        "-x",
        "AND",
        "OR",
        "NOT",
        "a OR b",
        "title:x",
        "^start",
        "x*",
        '""',
        'x"y',
        "(",
        ")",
        "{a b}",
        "NEAR(a b, 2)",
        "a + b",
        "   ",
        "",
        "\x00",
        "'",
        "%",
        "_",
    ],
)
def test_fts_syntax_never_raises(filled: Library, query: str) -> None:
    hits = filled.search(query)
    assert isinstance(hits, list)


def test_operator_words_are_searched_as_words(library: Library) -> None:
    library.save(
        Article(title="Logic", text="Cats AND dogs, NOT birds.", html="<p>x</p>", url="https://e.org/l"),
        source_kind="html",
    )
    assert len(library.search("AND")) == 1
    assert len(library.search("NOT birds")) == 1
    assert library.search("OR") == []
