"""Finding highlights again: the library's list (newest first, by colour, searched) and the article search."""

from __future__ import annotations

import pytest

from library.article import Article, Highlight
from library.highlights.finding import count_highlights, library_highlights
from library.highlights.storage import make_highlight, set_color
from library.records import View
from library.store import Library

ARTICLES = [
    ("Tea", "Green tea is steeped briefly in water below boiling, or it turns bitter."),
    ("Bread", "A slow rise overnight in the cold gives bread its flavour and an open crumb."),
    ("Rivers", "The river rose two metres overnight, flooding the lower town near the bridge."),
]


@pytest.fixture
def filled(library: Library) -> Library:
    for n, (title, text) in enumerate(ARTICLES, start=1):
        library.save(
            Article(title=title, text=text, html=f"<p>{text}</p>", url=f"https://example.com/{n}"),
            source_kind="wallabag",
            highlights=[
                Highlight(
                    text.split()[1] + " " + text.split()[2], f"note {n}", f"2024-0{n}-01T00:00:00+00:00"
                )
            ],
        )
    return library


def test_every_highlight_newest_first_with_its_article(filled: Library) -> None:
    rows = library_highlights(filled)
    assert [(row.article_title, row.highlight.quote) for row in rows] == [
        ("Rivers", "river rose"),
        ("Bread", "slow rise"),
        ("Tea", "tea is"),
    ]
    assert count_highlights(filled) == 3


def test_highlights_without_a_date_come_last_and_pages_follow_on(filled: Library) -> None:
    filled.save(
        Article(title="Tea", text=ARTICLES[0][1], html="", url="https://example.com/1"),
        source_kind="omnivore",
        highlights=[Highlight("below boiling")],  # Omnivore's Markdown gives no dates
    )
    made_now = make_highlight(filled, 2, 0, 6)
    first = library_highlights(filled, limit=2)
    rest = library_highlights(filled, after=first[-1].cursor, limit=2)
    last = library_highlights(filled, after=rest[-1].cursor, limit=2)
    assert [row.highlight.quote for row in first + rest + last] == [
        made_now.quote,
        "river rose",
        "slow rise",
        "tea is",
        "below boiling",
    ]
    assert library_highlights(filled, after=last[-1].cursor) == []


def test_the_list_by_colour_and_by_article(filled: Library) -> None:
    set_color(filled, 2, "pink")
    assert [row.highlight.quote for row in library_highlights(filled, color="pink")] == ["slow rise"]
    assert count_highlights(filled, "pink") == 1 and count_highlights(filled, "yellow") == 2
    assert [row.highlight.quote for row in library_highlights(filled, article_id=3)] == ["river rose"]


def test_the_list_searched_by_words_and_notes(filled: Library) -> None:
    assert [row.highlight.quote for row in library_highlights(filled, query="RISE")] == ["slow rise"]
    assert [row.highlight.quote for row in library_highlights(filled, query="note 3")] == ["river rose"]
    assert library_highlights(filled, query="note", color="pink") == []
    assert library_highlights(filled, query='"*') == []


def test_a_search_found_in_a_note_says_so(filled: Library) -> None:
    make_highlight(filled, 1, 0, 9, note="Remember the kettle temperature")
    (hit,) = filled.search("kettle")
    assert (hit.id, hit.found_in) == (1, "note")
    assert hit.snippet == "Remember the \ue000kettle\ue001 temperature"
    assert hit.highlight_id is not None


def test_a_search_found_in_highlighted_words_says_so_and_text_matches_stay(filled: Library) -> None:
    hits = {hit.id: hit for hit in filled.search("overnight")}
    assert set(hits) == {2, 3}
    assert hits[3].found_in is None and hits[2].found_in is None
    hits = {hit.id: hit for hit in filled.search("rose")}
    assert hits[3].found_in == "highlight" and "\ue000rose\ue001" in (hits[3].snippet or "")


def test_a_search_of_notes_keeps_to_the_view(filled: Library) -> None:
    filled.set_state([1], archived=True)
    everywhere = filled.search("note")
    assert sorted(hit.id for hit in everywhere) == [1, 2, 3] and {hit.found_in for hit in everywhere} == {
        "note"
    }
    assert sorted(hit.id for hit in filled.search("note", View("archive"))) == [1]
    assert sorted(hit.id for hit in filled.search("note", View("unread"))) == [2, 3]
