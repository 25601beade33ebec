"""Highlights in the library file: made, changed, deleted and put back; placed and re-placed with the text."""

from __future__ import annotations

import pytest

from library.article import Article, Highlight
from library.highlights.model import HighlightError
from library.highlights.storage import (
    AmbiguousQuote,
    QuoteNotFound,
    article_highlights,
    delete_highlight,
    get_highlight,
    highlight_quote,
    make_highlight,
    restore_highlight,
    set_color,
    set_note,
)
from library.store import Library

TEXT = (
    "The harbour plan was approved on Monday after a long debate in the council chamber.\n\n"
    "Work on the new quay is to begin next spring and last two years, according to the timetable.\n\n"
    "Fishermen welcomed the decision, saying the old quay had been unsafe for more than a decade."
)
URL = "https://example.com/harbour"


def harbour(text: str = TEXT, **fields: object) -> Article:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    values: dict[str, object] = {
        "title": "Harbour plan approved",
        "url": URL,
        "html": paragraphs,
        "text": text,
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def saved(library: Library, text: str = TEXT, highlights: list[Highlight] | None = None) -> int:
    return library.save(harbour(text), source_kind="html", highlights=highlights or []).article_id


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_a_highlight_made_from_a_selection_keeps_both_selectors(library: Library) -> None:
    article_id = saved(library)
    made = make_highlight(library, article_id, *span_of(TEXT, "long debate"), color="green", note=" Why? ")
    assert (made.quote, made.start, made.end, made.color, made.note) == (
        "long debate",
        TEXT.index("long debate"),
        TEXT.index("long debate") + 11,
        "green",
        "Why?",
    )
    assert made.prefix.endswith("after a ") and made.suffix.startswith(" in the council")
    assert made.placed and made.placement == "exact" and made.origin == "reader" and made.created_at
    assert library.get(article_id).highlights == [made]  # type: ignore[union-attr]


def test_notes_and_colours_change_and_bad_ones_are_refused(library: Library) -> None:
    article_id = saved(library)
    made = make_highlight(library, article_id, *span_of(TEXT, "new quay"))
    assert made.color == "yellow" and made.note == ""
    assert set_note(library, made.id, "Spring!").note == "Spring!"
    assert set_color(library, made.id, "purple").color == "purple"
    assert set_note(library, made.id, "").note == ""
    with pytest.raises(
        HighlightError, match="no colour 'red'; choose one of yellow, green, blue, pink, purple"
    ):
        set_color(library, made.id, "red")
    with pytest.raises(HighlightError, match="no highlight with id 999"):
        set_note(library, 999, "x")
    with pytest.raises(HighlightError, match="outside the text"):
        make_highlight(library, article_id, 10, 10_000)
    with pytest.raises(HighlightError, match="no article with id 42"):
        make_highlight(library, 42, 0, 3)
    assert get_highlight(library, made.id) == article_highlights(library, article_id)[0]


def test_delete_and_undo_give_back_the_same_highlight(library: Library) -> None:
    article_id = saved(library)
    made = make_highlight(library, article_id, *span_of(TEXT, "new quay"), note="Quay note")
    removed = delete_highlight(library, made.id)
    assert removed == made and article_highlights(library, article_id) == []
    assert library.search("quay note") == []  # its note no longer finds the article
    restore_highlight(library, removed)
    assert article_highlights(library, article_id) == [made]
    assert library.search("quay note")[0].found_in == "note"


def test_undo_after_the_article_went_says_so(library: Library) -> None:
    article_id = saved(library)
    made = make_highlight(library, article_id, *span_of(TEXT, "new quay"))
    removed = delete_highlight(library, made.id)
    library.delete([article_id])
    with pytest.raises(HighlightError, match="no longer in the library"):
        restore_highlight(library, removed)


def test_highlights_come_in_reading_order_those_not_found_last(library: Library) -> None:
    article_id = saved(library, highlights=[Highlight("A sentence that is nowhere in the article")])
    later = make_highlight(library, article_id, *span_of(TEXT, "old quay"))
    earlier = make_highlight(library, article_id, *span_of(TEXT, "harbour plan"))
    quotes = [h.quote for h in article_highlights(library, article_id)]
    assert quotes == [earlier.quote, later.quote, "A sentence that is nowhere in the article"]


def test_a_highlight_by_quote_finds_the_words_or_says_why_not(library: Library) -> None:
    article_id = saved(library)
    made = highlight_quote(library, article_id, "NEW  quay is", note="n", color="blue")
    assert made.quote == "new quay is" and TEXT[made.start or 0 : made.end] == "new quay is"
    with pytest.raises(QuoteNotFound, match="not in the text of article"):
        highlight_quote(library, article_id, "a bridge")
    with pytest.raises(AmbiguousQuote, match="occurs 2 times") as ambiguous:
        highlight_quote(library, article_id, "quay")
    assert ambiguous.value.count == 2
    second = highlight_quote(library, article_id, "quay", occurrence=2)
    assert second.start == TEXT.index("old quay") + 4
    with pytest.raises(HighlightError, match="no occurrence 3"):
        highlight_quote(library, article_id, "quay", occurrence=3)


def test_imported_highlights_are_placed_when_the_article_is_saved(library: Library) -> None:
    article_id = saved(
        library,
        highlights=[
            Highlight("long debate", "a note", "2021-01-01T00:00:00+00:00"),
            Highlight("THE NEW\nQUAY"),
            Highlight("Words the page never had, in a highlight"),
            Highlight("   "),  # nothing to place: not a highlight
        ],
    )
    placed = {h.quote: h for h in article_highlights(library, article_id)}
    assert set(placed) == {"long debate", "THE NEW\nQUAY", "Words the page never had, in a highlight"}
    assert placed["long debate"].placement == "exact" and placed["long debate"].origin == "html"
    assert TEXT[placed["THE NEW\nQUAY"].start or 0 : placed["THE NEW\nQUAY"].end] == "the new quay"
    assert placed["THE NEW\nQUAY"].placement == "normalised"
    missing = placed["Words the page never had, in a highlight"]
    assert not missing.placed and (missing.start, missing.end, missing.placement) == (None, None, None)


def test_importing_the_same_highlights_again_adds_nothing_but_new_notes(library: Library) -> None:
    first = [Highlight("long debate"), Highlight("new quay", "kept")]
    article_id = saved(library, highlights=first)
    again = library.save(
        harbour(), source_kind="html", highlights=[Highlight("Long  Debate", "now with a note"), *first]
    )
    assert again.outcome == "updated"
    notes = {h.quote: h.note for h in article_highlights(library, article_id)}
    assert notes == {"long debate": "now with a note", "new quay": "kept"}
    assert library.save(harbour(), source_kind="html", highlights=first).outcome == "duplicate"


def test_an_address_saved_first_gets_its_highlights_placed_when_downloaded(library: Library) -> None:
    pending = library.save(
        Article(title="Harbour", url=URL),
        source_kind="instapaper",
        status="pending",
        highlights=[Highlight("the council chamber")],
    )
    (waiting,) = article_highlights(library, pending.article_id)
    assert not waiting.placed
    downloaded = library.save(harbour(), source_kind="instapaper")
    assert downloaded == pending.__class__(pending.article_id, "updated")
    (placed,) = article_highlights(library, pending.article_id)
    assert placed.placed and TEXT[placed.start or 0 : placed.end] == "the council chamber"


def test_changed_text_re_places_highlights_and_keeps_those_it_lost(library: Library) -> None:
    article_id = saved(library)
    moved = make_highlight(library, article_id, *span_of(TEXT, "the old quay had been unsafe"))
    reworded = make_highlight(
        library, article_id, *span_of(TEXT, "Work on the new quay is to begin next spring")
    )
    lost = make_highlight(library, article_id, *span_of(TEXT, "after a long debate in the council chamber"))
    new_text = (
        "An introduction now comes first, pushing everything along.\n\n"
        "Work on the new quay will begin next spring and last two years, according to the timetable.\n\n"
        "Fishermen welcomed the decision, saying the old quay had been unsafe for more than a decade."
    )
    assert library.save(harbour(new_text), source_kind="html").outcome == "updated"
    after = {h.id: h for h in article_highlights(library, article_id)}
    assert new_text[after[moved.id].start or 0 : after[moved.id].end] == "the old quay had been unsafe"
    assert after[moved.id].placement == "exact" and after[moved.id].prefix.endswith("saying ")
    assert after[reworded.id].placement == "approximate"
    assert new_text[after[reworded.id].start or 0 : after[reworded.id].end].startswith(
        "Work on the new quay will"
    )
    # Kept, with its words and context, and known to be missing from this text.
    assert not after[lost.id].placed and after[lost.id].quote == lost.quote
    assert after[lost.id].prefix == lost.prefix and after[lost.id].suffix == lost.suffix

    # The old text again (extracting again, an undone edit): the lost one is found again.
    assert library.save(harbour(), source_kind="html").outcome == "updated"
    assert get_highlight(library, lost.id) == lost


def test_deleting_an_article_and_undoing_brings_its_highlights_back(library: Library) -> None:
    article_id = saved(library)
    made = make_highlight(library, article_id, *span_of(TEXT, "new quay"), note="Concrete pour")
    deleted = library.delete([article_id])
    assert get_highlight(library, made.id) is None
    library.restore(deleted)
    assert get_highlight(library, made.id) == made
    assert library.search("concrete pour")[0].found_in == "note"


def test_a_note_on_the_whole_article_is_kept_once_and_never_placed(library: Library) -> None:
    article_id = saved(library, highlights=[Highlight("", "Read the appendix first")])
    again = library.save(
        harbour(), source_kind="html", highlights=[Highlight("", " Read the  appendix first")]
    )
    (note,) = article_highlights(library, article_id)
    assert note.on_article and not note.placed and note.note == "Read the appendix first"
    assert again.outcome == "duplicate"
    make_highlight(library, article_id, *span_of(TEXT, "long debate"))
    assert [
        h.on_article for h in sorted(article_highlights(library, article_id), key=lambda h: h.reading_order)
    ] == [
        True,
        False,
    ]
