"""Anchoring: selectors of a passage, and finding a quote again exactly, normalised or approximately."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.highlights.anchor import (
    CONTEXT_CHARACTERS,
    FoldedText,
    anchor_at,
    folded,
    occurrences,
    place,
)
from tests.conftest import SHARED, need_shared

TEXT = (
    "The harbour plan was approved on Monday after a long debate in the council chamber.\n\n"
    "Work on the new quay is to begin next spring and last two years, according to the timetable.\n\n"
    "Fishermen welcomed the decision, saying the old quay had been unsafe for more than a decade."
)


def test_a_passage_has_its_quote_context_and_offsets() -> None:
    start = TEXT.index("the new quay")
    anchor = anchor_at(TEXT, start, start + len("the new quay"))
    assert anchor.quote == "the new quay"
    assert anchor.prefix == TEXT[start - CONTEXT_CHARACTERS : start] and anchor.prefix.endswith("Work on ")
    assert anchor.suffix == TEXT[anchor.end : anchor.end + CONTEXT_CHARACTERS]
    assert len(anchor.prefix) == len(anchor.suffix) == CONTEXT_CHARACTERS


def test_spaces_at_the_ends_of_a_selection_are_left_out() -> None:
    start = TEXT.index("chamber.") + len("chamber")
    anchor = anchor_at(TEXT, start, start + 10)  # ".\n\nWork on"
    assert anchor.quote == ".\n\nWork on"
    anchor = anchor_at(TEXT, start + 1, start + 7)  # "\n\nWork"
    assert (anchor.quote, anchor.start) == ("Work", start + 3)


@pytest.mark.parametrize("span", [(5, 5), (-1, 4), (0, len(TEXT) + 1), (10, 4)])
def test_a_range_outside_the_text_is_refused(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="outside"):
        anchor_at(TEXT, *span)


def test_a_range_of_spaces_is_refused() -> None:
    start = TEXT.index("\n\n")
    with pytest.raises(ValueError, match="only spaces"):
        anchor_at(TEXT, start, start + 2)


def test_an_exact_quote_is_found_where_it_is() -> None:
    found = place(TEXT, "long debate")
    assert found is not None and found.placement == "exact"
    assert TEXT[found.start : found.end] == "long debate"


@pytest.mark.parametrize(
    "quote",
    [
        "LONG   DEBATE in the Council",  # case and spacing
        "Long\ndebate in the\u00a0council",  # line breaks and no-break spaces
        "long de\u00adbate",  # a soft hyphen in the service's copy
        "the old quay had been unsafe for more than a decade.",
    ],
)
def test_case_and_spacing_do_not_matter(quote: str) -> None:
    found = place(TEXT, quote)
    assert found is not None
    assert folded(TEXT[found.start : found.end]) == folded(quote)


def test_typographic_quotes_and_dashes_match_plain_ones() -> None:
    text = "He said “don’t stop” — and then, 2019–2020, nothing."
    found = place(text, '"don\'t stop" - and then, 2019-2020')
    assert found is not None and found.placement == "normalised"
    assert text[found.start : found.end] == "“don’t stop” — and then, 2019–2020"


def test_a_quote_with_a_few_words_changed_is_found_approximately() -> None:
    quote = "Work on the new quay is to begin next spring and last two years"
    changed = TEXT.replace("next spring and last two years", "in the spring and last three years")
    found = place(changed, quote)
    assert found is not None and found.placement == "approximate"
    assert changed[found.start : found.end].startswith("Work on the new quay is to begin in the spring")


def test_a_quote_no_longer_in_the_text_is_not_placed_anywhere() -> None:
    assert place(TEXT, "The minister resigned over the affair, surprising her colleagues") is None
    # Short quotes are never guessed at: "the new quiz" is not "the new quay".
    assert place(TEXT, "the new quiz") is None
    assert place(TEXT, "   ") is None
    assert place("", "anything at all here") is None


def test_a_quote_longer_than_the_text_is_not_placed_on_part_of_it() -> None:
    assert place("the new quay", "Work on the new quay is to begin next spring") is None


def test_context_chooses_among_repeated_words() -> None:
    text = "Stir the sauce. Then rest. Bake the bread. Then rest. Serve it warm."
    second = text.index("Then rest", text.index("Then rest") + 1)
    found = place(text, "Then rest", prefix="Bake the bread. ", suffix=". Serve")
    assert found is not None and found.start == second
    found = place(text, "Then rest", prefix="Stir the sauce. ", suffix=". Bake")
    assert found is not None and found.start == text.index("Then rest")


def test_without_context_the_place_nearest_the_old_one_wins() -> None:
    text = "Then rest. " * 5
    assert place(text, "Then rest", near=34) == place(text, "Then rest", near=33)
    found = place(text, "Then rest", near=34)
    assert found is not None and found.start == 33
    found = place(text, "then REST", near=30)
    assert found is not None and found.start == 33 and found.placement == "normalised"


def test_offsets_count_characters_not_bytes_or_utf16_units() -> None:
    text = "Emoji 🎉 first, then “quoted words” after."
    found = place(text, "quoted words")
    assert found is not None and text[found.start : found.end] == "quoted words"
    found = place(text, 'THEN "QUOTED')
    assert found is not None and text[found.start : found.end] == "then “quoted"


def test_occurrences_are_exact_first_then_normalised_never_approximate() -> None:
    text = "A cat sat. a  CAT ran. A cat slept."
    assert occurrences(text, "A cat") == ([(0, 5), (23, 28)], "exact")
    spans, placement = occurrences(text, "a cat RAN")
    assert placement == "normalised" and [text[s:e] for s, e in spans] == ["a  CAT ran"]
    assert occurrences(text, "A dog sat, a cat ran") == ([], None)
    assert occurrences(text, "") == ([], None)


def test_folded_text_maps_every_character_back_on_corpus_pages() -> None:
    """On real pages: each folded character comes from a character that folds to it."""
    pages = sorted(need_shared(SHARED / "corpus" / "readability").glob("*/source.html"))[:15]
    assert pages
    checked = 0
    for page in pages:
        text = _page_text(page)
        mapped = FoldedText(text)
        for index, char in enumerate(mapped.text):
            start, end = mapped.span(index, index + 1)
            source = text[start:end]
            assert end == start + 1, (page.parent.name, index)
            if char == " ":
                assert source.isspace(), (page.parent.name, index, source)
            else:
                assert FoldedText(source).text == char, (page.parent.name, index, source)
        checked += len(mapped.text)
    assert checked > 10_000


def _page_text(page: Path) -> str:
    from library.article import Document
    from library.extract import extract

    return extract(Document(source=str(page), content=page.read_text(encoding="utf-8"))).text
