"""Snippets find what the index finds: case and accents ignored, whole words, phrases in order."""

from __future__ import annotations

import pytest

from library.snippets import MATCH_END, MATCH_START, fold, make_snippet, phrase_pattern, query_phrases


def snippet(text: str, query: str, width: int = 220) -> str:
    marked = make_snippet(text, phrase_pattern(query_phrases(query)), width)
    return marked.replace(MATCH_START, "[").replace(MATCH_END, "]")


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        # Accents and case both ways, as FTS5's remove_diacritics tokenizer matches.
        ("The city of Zürich voted.", "zurich", "The city of [Zürich] voted."),
        ("The city of ZURICH voted.", "Zürich", "The city of [ZURICH] voted."),
        # Whole words only: "art" is not found inside "start" or "artist".
        ("A start, an artist, and art.", "art", "A start, an artist, and [art]."),
        # A quoted phrase is marked as one; its words apart are not.
        (
            "security matters. Security demands rose.",
            '"security demands"',
            "security matters. [Security demands] rose.",
        ),
        # Several words: each is marked wherever it occurs.
        ("Cats chase dogs; dogs chase cats.", "cats dogs", "[Cats] chase [dogs]; [dogs] chase [cats]."),
        # No match in the text (the title matched): the beginning of the text.
        ("Plain text without the word.", "absent", "Plain text without the word."),
        # Words that would be regex syntax are plain words.
        ("Use C++ (or C) daily.", "c++", "Use [C]++ (or [C]) daily."),
    ],
)
def test_matches_are_marked(text: str, query: str, expected: str) -> None:
    assert snippet(text, query) == expected


def test_a_long_text_is_cut_around_the_first_match() -> None:
    text = "Opening words here. " * 40 + "The needle is here. " + "Closing words follow. " * 40
    result = snippet(text, "needle", width=120)
    assert result.startswith("…") and result.endswith("…")
    assert "[needle]" in result and len(result) < 140
    # Cut at spaces, never inside a word.
    assert result[1] != " " and result.split()[0].strip("…") in {"Opening", "words", "here."}


def test_folding_keeps_every_position() -> None:
    text = "İstanbul, Zürich, Ελλάδα, Ёлка, Straße"
    assert len(fold(text)) == len(text)
    assert fold(text) == "istanbul, zurich, ελλαδα, елка, straße"


def test_empty_queries_mark_nothing() -> None:
    assert phrase_pattern(query_phrases('  "" ')) is None
    assert make_snippet("Some text.", None) == "Some text."
