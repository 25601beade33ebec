"""Highlights drawn over the reading pane: made from its selection, kept through size, read mode and themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from pytestqt.qtbot import QtBot

from desktop.highlights_colors import highlight_colour
from desktop.highlights_layer import HighlightLayer, whole_words
from desktop.readerview import ReaderView
from library.highlights.storage import article_highlights, make_highlight
from library.store import Library
from tests.desktop.conftest import ReaderViewFactory, long_article

Drawn = list[tuple[str, str, bool]]


@pytest.fixture
def view(make_reader_view: ReaderViewFactory) -> ReaderView:
    return make_reader_view(800, 600)


@pytest.fixture
def layer(view: ReaderView, library: Library) -> HighlightLayer:
    article_id = library.save(long_article(1, paragraphs=12), source_kind="html").article_id
    stored = library.get(article_id)
    assert stored is not None
    view.show_article(stored)
    drawn = HighlightLayer(view)
    drawn.show(article_id, stored.article.text, stored.highlights)
    return drawn


def drawn(view: ReaderView) -> Drawn:
    """What the pane draws over its text: (the words, the colour, dotted underline for a note), in order."""
    for layer in view.findChildren(HighlightLayer):
        layer.finish()
    selections = view.extraSelections()
    return [
        (
            s.cursor.selectedText(),
            s.format.background().color().name(),
            s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine,
        )
        for s in selections
    ]


def select(view: ReaderView, words: str, occurrence: int = 1) -> None:
    """Select `words` in the pane as the keyboard would: with the text cursor."""
    document = view.document()
    cursor = QTextCursor(document)
    for _ in range(occurrence):
        cursor = document.find(words, cursor)
    assert not cursor.isNull(), words
    view.setTextCursor(cursor)


def highlight_selection(layer: HighlightLayer, library: Library, **fields: str) -> int:
    passage = layer.selected_passage()
    assert passage is not None
    made = make_highlight(library, layer.article_id() or 0, *passage, **fields)  # type: ignore[arg-type]
    layer.put(made)
    return made.id


def test_a_selection_becomes_a_highlight_drawn_over_those_words(
    view: ReaderView, layer: HighlightLayer, library: Library
) -> None:
    select(view, "members said they would return", occurrence=3)
    made = highlight_selection(layer, library, note="Why?")
    (stored,) = article_highlights(library, 1)
    assert stored.quote == "members said they would return" and stored.id == made
    # The third paragraph's words, not the first ones.
    text = library.get(1).article.text  # type: ignore[union-attr]
    assert stored.start == text.index("Paragraph 3") + text[text.index("Paragraph 3") :].index("members said")
    assert drawn(view) == [("members said they would return", highlight_colour("light", "yellow"), True)]
    assert layer.highlight_at((layer.span_of(made) or (0, 0))[0] + 3) == stored


def test_highlights_stay_through_font_size_read_mode_and_every_theme(
    view: ReaderView, layer: HighlightLayer, library: Library
) -> None:
    select(view, "Residents who spoke at the meeting", occurrence=2)
    highlight_selection(layer, library, color="green")
    select(view, "divided: some welcomed", occurrence=5)
    highlight_selection(layer, library, color="purple")
    words = ["Residents who spoke at the meeting", "divided: some welcomed"]

    def words_and_colours() -> list[tuple[str, str]]:
        return [(text, colour) for text, colour, _ in drawn(view)]

    for percent in (150, 300, 50):
        view.set_font_scale(percent)
        view.settle()
        assert words_and_colours() == [(words[0], "#cdeec0"), (words[1], "#e8daf8")], percent
    view.set_read_mode(True)
    view.settle()
    assert [text for text, _ in words_and_colours()] == words
    for theme in ("sepia", "dark", "light"):
        view.set_theme(theme)
        assert words_and_colours() == [
            (words[0], highlight_colour(theme, "green")),
            (words[1], highlight_colour(theme, "purple")),
        ], theme
    view.set_typeface("sans")
    view.set_line_spacing(2.0)
    assert [text for text, _ in words_and_colours()] == words


def test_another_page_clears_them_and_the_same_article_brings_them_back(
    view: ReaderView, layer: HighlightLayer, library: Library
) -> None:
    select(view, "after the summer recess")
    highlight_selection(layer, library)
    view.show_message("Welcome", "<p>Nothing here after the summer recess.</p>")
    layer.paint()
    assert drawn(view) == []
    stored = library.get(1)
    assert stored is not None
    view.show_article(stored)
    layer.show(1, stored.article.text, stored.highlights)
    assert [text for text, _, _ in drawn(view)] == ["after the summer recess"]


def test_a_selection_outside_the_article_text_is_no_passage(view: ReaderView, layer: HighlightLayer) -> None:
    select(view, "Article number 1")  # the title, in the page's header
    assert layer.selected_passage() is None
    view.setTextCursor(QTextCursor(view.document()))
    assert layer.selected_passage() is None


def test_highlights_far_down_a_long_page_are_drawn_once_it_is_shown(
    view: ReaderView, library: Library, qtbot: QtBot
) -> None:
    article_id = library.save(long_article(7, paragraphs=80), source_kind="html").article_id
    stored = library.get(article_id)
    assert stored is not None
    text = stored.article.text
    for number in (1, 40, 80):
        start = text.index(f"Paragraph {number} of")
        make_highlight(library, article_id, start, start + len(f"Paragraph {number}"))
    stored = library.get(article_id)
    assert stored is not None
    view.show_article(stored)
    layer = HighlightLayer(view)
    layer.show(article_id, text, stored.highlights)
    # The first screen's at once; the rest follow from the event loop, without being asked.
    assert [s.cursor.selectedText() for s in view.extraSelections()][:1] == ["Paragraph 1"]
    qtbot.waitUntil(lambda: len(view.extraSelections()) == 3, timeout=2000)
    assert sorted(s.cursor.selectedText() for s in view.extraSelections()) == [
        "Paragraph 1",
        "Paragraph 40",
        "Paragraph 80",
    ]


WORDY = "They don't know.\n東京は日本の首都です。\nA well-known 3.5 km walk"


@pytest.mark.parametrize(
    ("selected", "whole"),
    [
        ("n'", "don't"),  # an apostrophe inside a word keeps it one word
        ("hey don't kn", "They don't know"),
        ("They", "They"),  # whole words already: nothing changes
        (" know.", " know."),  # nor at spaces and punctuation
        ("京は", "京は"),  # each ideograph is a word of its own: nothing more is taken
        ("ell-k", "well-known"),
        (".5", "3.5"),  # a number is one word
        ("y don't know.\n東京は日本の首都です。\nA we", "They don't know.\n東京は日本の首都です。\nA well"),
    ],
)
def test_a_selection_is_made_whole_words(qtbot: QtBot, selected: str, whole: str) -> None:
    document = QTextDocument()
    document.setPlainText(WORDY)
    start = WORDY.index(selected)
    # Paragraphs are one position apart in the document, as "\n" is one character in the text.
    widened = whole_words(document, start, start + len(selected))
    assert WORDY[widened[0] : widened[1]] == whole
