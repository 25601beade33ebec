"""Highlighting in the real reading pane, offscreen: make, note, recolour, copy, delete and undo, the panel,
the floating bar, the context menu, and the highlights of every export drawn where they belong."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.highlighting import Highlighting
from desktop.highlights_colors import highlight_colour
from desktop.highlights_layer import HighlightLayer
from desktop.highlights_panel import NOT_FOUND, ON_ARTICLE
from desktop.readerview import ReaderView
from library.highlights.storage import article_highlights
from library.importer import Importer
from library.store import Library
from tests.desktop.conftest import ReaderViewFactory, long_article
from tests.library.highlight_exports import (
    BODY,
    OMNIVORE_MARKS,
    PARAGRAPHS,
    WALLABAG_MARKS,
    omnivore_zip,
    wallabag_json,
)


@pytest.fixture
def view(make_reader_view: ReaderViewFactory) -> ReaderView:
    return make_reader_view(900, 700)


@pytest.fixture
def highlighting(view: ReaderView, library: Library) -> Highlighting:
    controller = Highlighting(library, view, view)
    library.save(long_article(1, paragraphs=12), source_kind="html")
    open_article(controller, 1)
    return controller


def open_article(controller: Highlighting, article_id: int) -> None:
    """What the window does when an article is opened: show it, then its highlights."""
    stored = controller.library.get(article_id)
    assert stored is not None
    controller.view.show_article(stored)
    controller.article_shown(stored)


def select(view: ReaderView, words: str, occurrence: int = 1) -> None:
    document = view.document()
    cursor = QTextCursor(document)
    for _ in range(occurrence):
        cursor = document.find(words, cursor)
    assert not cursor.isNull(), words
    view.setTextCursor(cursor)


def put_cursor_in(view: ReaderView, words: str) -> None:
    cursor = view.document().find(words)
    cursor.setPosition(cursor.selectionStart() + 2)
    view.setTextCursor(cursor)


def drawn(view: ReaderView) -> list[tuple[str, str]]:
    """What the pane draws over its text (all of it: those far down the page are drawn at once)."""
    for layer in view.findChildren(HighlightLayer):
        layer.finish()
    return [(s.cursor.selectedText(), s.format.background().color().name()) for s in view.extraSelections()]


def test_highlight_note_recolour_copy_delete_and_undo(
    view: ReaderView, highlighting: Highlighting, library: Library
) -> None:
    select(view, "the proposal at length", occurrence=2)
    made = highlighting.highlight_selection()
    assert made is not None and made.quote == "the proposal at length"
    assert drawn(view) == [("the proposal at length", highlight_colour("light", "yellow"))]

    put_cursor_in(view, "the proposal at length")  # the first occurrence is not highlighted
    assert highlighting.layer.highlight_at(view.textCursor().position()) is None
    select(view, "the proposal at length", occurrence=2)
    highlighting.edit_note()
    editor = highlighting.note_editor
    assert editor is not None and editor.isVisible()
    editor.editor.setPlainText("Ask about the timetable")
    editor.accept()
    assert [h.note for h in article_highlights(library, 1)] == ["Ask about the timetable"]

    highlighting.set_color("blue")
    assert drawn(view) == [("the proposal at length", highlight_colour("light", "blue"))]
    highlighting.copy_highlight()
    assert QGuiApplication.clipboard().text() == "the proposal at length\n\nAsk about the timetable"

    deleted: list[str] = []
    highlighting.deleted.connect(deleted.append)
    highlighting.delete_highlight()
    assert deleted == ["Highlight deleted"] and article_highlights(library, 1) == [] and drawn(view) == []
    assert highlighting.undo_delete()
    (back,) = article_highlights(library, 1)
    assert (back.id, back.note, back.color) == (made.id, "Ask about the timetable", "blue")
    assert drawn(view) == [("the proposal at length", highlight_colour("light", "blue"))]
    assert not highlighting.undo_delete()


def test_reopened_the_highlight_is_drawn_again(
    view: ReaderView, highlighting: Highlighting, library: Library
) -> None:
    select(view, "when more evidence is available", occurrence=4)
    highlighting.highlight_selection("pink")
    library.save(long_article(2), source_kind="html")
    open_article(highlighting, 2)
    assert drawn(view) == []
    open_article(highlighting, 1)
    assert drawn(view) == [("when more evidence is available", highlight_colour("light", "pink"))]
    view.set_theme("dark")
    assert drawn(view) == [("when more evidence is available", highlight_colour("dark", "pink"))]


def test_nothing_selected_or_a_header_selected_says_why(view: ReaderView, highlighting: Highlighting) -> None:
    problems: list[str] = []
    highlighting.problem.connect(problems.append)
    assert highlighting.highlight_selection() is None
    select(view, "Article number 1")
    assert highlighting.highlight_selection() is None
    assert problems == ["Select some of the article's text to highlight it."] * 2


def test_the_panel_lists_them_in_reading_order_and_scrolls_to_one(
    view: ReaderView, highlighting: Highlighting, qtbot: QtBot
) -> None:
    select(view, "Paragraph 11 of article 1")
    highlighting.highlight_selection()
    select(view, "Paragraph 2 of article 1")
    highlighting.highlight_selection("green")
    highlighting.toggle_panel()
    assert highlighting.panel.isVisible()
    rows = highlighting.panel.rows()
    assert [text for _id, text in rows] == ["“Paragraph 2 of article 1”", "“Paragraph 11 of article 1”"]
    view.verticalScrollBar().setValue(0)
    last_id = rows[1][0]
    assert last_id is not None
    highlighting.panel.chosen.emit(last_id)
    span = highlighting.layer.span_of(last_id)
    assert span is not None
    top = view.cursorRect(view.textCursor()).top()
    assert view.textCursor().position() == span[0] and 0 <= top < view.viewport().height()
    assert view.verticalScrollBar().value() > 0
    highlighting.toggle_panel()
    assert not highlighting.panel.isVisible()


def test_the_bar_offers_itself_near_a_selection_and_a_clicked_highlight(
    view: ReaderView, highlighting: Highlighting, qtbot: QtBot
) -> None:
    select(view, "others said it would change", occurrence=2)
    qtbot.waitUntil(highlighting.bar.isVisible, timeout=2000)
    assert not highlighting.bar.delete_button.isVisible()
    highlighting.bar.colour_buttons["purple"].click()
    assert drawn(view) == [("others said it would change", highlight_colour("light", "purple"))]
    highlighting.bar.hide()
    span = highlighting.layer.span_of(highlighting.layer.highlights()[0].id)
    assert span is not None
    cursor = QTextCursor(view.document())
    cursor.setPosition(span[0] + 3)
    where = view.cursorRect(cursor).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    assert highlighting.bar.isVisible() and highlighting.bar.delete_button.isVisible()
    highlighting.bar.delete_button.click()
    assert drawn(view) == []


def test_the_context_menu_offers_the_highlight_commands(view: ReaderView, highlighting: Highlighting) -> None:
    select(view, "members said they would return")
    names = [a.text() for a in highlighting.context_menu(QPoint(5, 5)).actions()]
    assert "Highlight" in names and "Note…" in names and "Delete Highlight" not in names
    highlighting.highlight_selection()
    span = highlighting.layer.span_of(highlighting.layer.highlights()[0].id) or (0, 0)
    cursor = QTextCursor(view.document())
    cursor.setPosition(span[0] + 1)
    view.setTextCursor(cursor)
    names = [a.text() for a in highlighting.context_menu(view.cursorRect(cursor).center()).actions()]
    assert "Copy Highlight" in names and "Delete Highlight" in names and "Highlight" not in names


def test_imported_highlights_are_drawn_and_lost_ones_listed(
    view: ReaderView, library: Library, tmp_path: Path
) -> None:
    controller = Highlighting(library, view, view)
    wallabag = Importer(library).import_sources([str(wallabag_json(tmp_path))]).results[0].article_id or 0
    omnivore = Importer(library).import_sources([str(omnivore_zip(tmp_path))]).results[0].article_id or 0
    open_article(controller, wallabag)
    ((words, _colour),) = drawn(view)
    assert words == WALLABAG_MARKS[0][0]
    # The fourth paragraph's "two more years", as its range said.
    selections = view.extraSelections()
    position = selections[0].cursor.selectionStart()
    assert view.document().findBlock(position).text().startswith(PARAGRAPHS[3][:20])
    open_article(controller, omnivore)
    assert [w for w, _ in drawn(view)] == [quote for quote, _ in OMNIVORE_MARKS]

    changed = BODY.replace("the rules be simplified", "the rulebook be rewritten")
    Importer(library).import_sources(
        [str(wallabag_json(tmp_path, body=changed, url="https://example.com/omnivore/findings"))]
    )
    open_article(controller, omnivore)
    # Omnivore's other highlight and wallabag's, which came with the new text; not the reworded one.
    assert [w for w, _ in drawn(view)] == ["Industry groups welcomed the report", "two more years"]
    controller.toggle_panel()
    texts = [text for _id, text in controller.panel.rows()]
    assert texts == [
        "“Industry groups welcomed the report”",
        "“two more years”\nthe second time they say it",
        NOT_FOUND,
        "“the rules be simplified”\nFinally.",
    ]


def test_a_note_on_the_whole_article_heads_the_panel(view: ReaderView, library: Library) -> None:
    from library.article import Highlight

    controller = Highlighting(library, view, view)
    article_id = library.save(
        long_article(3, paragraphs=3),
        source_kind="omnivore",
        highlights=[Highlight("", "Worth rereading"), Highlight("after the summer recess")],
    ).article_id
    open_article(controller, article_id)
    assert [w for w, _ in drawn(view)] == ["after the summer recess"]
    controller.toggle_panel()
    assert [text for _id, text in controller.panel.rows()] == [
        ON_ARTICLE,
        "Worth rereading",
        "“after the summer recess”",
    ]
