"""Highlights through the real window, offscreen: keys, the bar, the panel, undo, the Highlights view,
search, every export's highlights drawn, and a re-import that loses one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from desktop.highlights_colors import highlight_colour
from desktop.highlights_layer import HighlightLayer
from desktop.highlights_panel import NOT_FOUND
from desktop.sidebarmodel import HIGHLIGHTS_ROW
from library.highlights.storage import article_highlights
from library.importer import Importer
from library.sources.web import Fetcher, FetchLimits
from library.store import Library
from tests.desktop.conftest import WindowFactory, long_article
from tests.library.highlight_exports import (
    BODY,
    INSTAPAPER_MARKS,
    OMNIVORE_MARKS,
    PAGE,
    POCKET_MARKS,
    WALLABAG_MARKS,
    instapaper_csv,
    omnivore_zip,
    pocket_zip,
    wallabag_json,
)
from tests.library.httpserver import LocalHTTPServer, Reply


@pytest.fixture
def window(make_window: WindowFactory, library: Library) -> Any:
    library.save(long_article(1, paragraphs=12), source_kind="html", saved_at="2024-04-01T00:01:00+00:00")
    library.save(long_article(2, paragraphs=3), source_kind="html", saved_at="2024-04-01T00:02:00+00:00")
    made = make_window(library)
    made.open_article(1)
    return made


def drawn(window: Any) -> list[tuple[str, str]]:
    """What the reading pane draws over its text, all of it."""
    for layer in window.reader.findChildren(HighlightLayer):
        layer.finish()
    return [
        (s.cursor.selectedText(), s.format.background().color().name())
        for s in window.reader.extraSelections()
    ]


def select(window: Any, words: str, occurrence: int = 1) -> None:
    """Select `words` in the reading pane with its text cursor, as the keyboard does."""
    document = window.reader.document()
    cursor = QTextCursor(document)
    for _ in range(occurrence):
        cursor = document.find(words, cursor)
    assert not cursor.isNull(), words
    window.reader.setTextCursor(cursor)
    window.reader.setFocus()


def test_h_n_recolour_delete_and_ctrl_z_in_the_window(qtbot: QtBot, window: Any, library: Library) -> None:
    select(window, "the proposal at length", occurrence=3)
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    (made,) = article_highlights(library, 1)
    assert made.quote == "the proposal at length"
    assert drawn(window) == [("the proposal at length", highlight_colour("light", "yellow"))]
    sidebar = window.library_pane.sidebar_model
    assert sidebar.index(HIGHLIGHTS_ROW).data(sidebar.CountRole) == 1

    cursor = window.reader.textCursor()
    cursor.setPosition(window.highlights.highlighting.layer.span_of(made.id)[0] + 2)
    window.reader.setTextCursor(cursor)
    qtbot.keyClick(window.reader, Qt.Key.Key_N)
    editor = window.highlights.highlighting.note_editor
    assert editor is not None and editor.isVisible()
    editor.editor.setPlainText("Raise at the next meeting")
    editor.accept()
    assert article_highlights(library, 1)[0].note == "Raise at the next meeting"

    menu = window.highlights.highlighting.context_menu(window.reader.cursorRect(cursor).center())
    colours = next(a for a in menu.actions() if a.text() == "Highlight Colour").menu()
    next(a for a in colours.actions() if a.text() == "Green").trigger()
    assert drawn(window) == [("the proposal at length", highlight_colour("light", "green"))]

    next(a for a in menu.actions() if a.text() == "Delete Highlight").trigger()
    assert article_highlights(library, 1) == [] and drawn(window) == []
    assert window.highlights.undo_bar.isVisible() and window.action("undo").isEnabled()
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    (back,) = article_highlights(library, 1)
    assert (back.id, back.note, back.color) == (made.id, "Raise at the next meeting", "green")
    assert drawn(window) == [("the proposal at length", highlight_colour("light", "green"))]


def test_undo_puts_back_the_latest_delete_first(qtbot: QtBot, window: Any, library: Library) -> None:
    select(window, "Residents who spoke")
    window.highlights.highlighting.highlight_selection()
    window.highlights.highlighting.delete_highlight()
    window.open_article(2)
    window.commands.delete_selected()
    assert library.get(2) is None
    window.action("undo").trigger()
    assert library.get(2) is not None and article_highlights(library, 1) == []
    window.action("undo").trigger()
    assert [h.quote for h in article_highlights(library, 1)] == ["Residents who spoke"]
    assert not window.action("undo").isEnabled()


def test_reopened_and_through_size_read_mode_and_themes(qtbot: QtBot, window: Any) -> None:
    select(window, "when more evidence is available", occurrence=5)
    window.highlights.highlighting.highlight_selection("blue")
    window.open_article(2)
    assert drawn(window) == []
    window.open_article(1)
    assert drawn(window) == [("when more evidence is available", highlight_colour("light", "blue"))]
    window.action("zoom_in").trigger()
    window.action("zoom_in").trigger()
    window.reader.settle()
    window.action("read_mode").trigger()
    window.reader.settle()
    assert [text for text, _ in drawn(window)] == ["when more evidence is available"]
    window.action("read_mode").trigger()
    for theme in ("sepia", "dark", "light"):
        window.look.set_theme(theme)
        assert drawn(window) == [("when more evidence is available", highlight_colour(theme, "blue"))], theme


def test_shift_h_shows_the_panel_and_choosing_scrolls_there(qtbot: QtBot, window: Any) -> None:
    select(window, "Paragraph 12 of article 1")
    window.highlights.highlighting.highlight_selection()
    select(window, "Paragraph 3 of article 1")
    window.highlights.highlighting.highlight_selection("pink")
    qtbot.keyClick(window.reader, Qt.Key.Key_H, Qt.KeyboardModifier.ShiftModifier)
    panel = window.highlights.highlighting.panel
    assert panel.isVisible()
    rows = panel.rows()
    assert [text for _id, text in rows] == ["“Paragraph 3 of article 1”", "“Paragraph 12 of article 1”"]
    window.reader.verticalScrollBar().setValue(0)
    panel.chosen.emit(rows[1][0])
    assert window.reader.verticalScrollBar().value() > 0
    qtbot.keyClick(window.reader, Qt.Key.Key_H, Qt.KeyboardModifier.ShiftModifier)
    assert not panel.isVisible()


def test_the_highlights_view_lists_them_and_opens_one(qtbot: QtBot, window: Any, library: Library) -> None:
    select(window, "others said it would change", occurrence=7)
    window.highlights.highlighting.highlight_selection()
    window.highlights.highlighting.set_note(article_highlights(library, 1)[0].id, "Which others?")
    window.open_article(2)
    sidebar = window.library_pane.sidebar
    entry = sidebar.visualRect(window.library_pane.sidebar_model.index(HIGHLIGHTS_ROW))
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=entry.center())
    assert sidebar.currentIndex().row() == HIGHLIGHTS_ROW
    view = window.highlights.view
    assert window.highlights.is_showing_highlights() and view.count.text() == "1 highlight"
    assert (
        view.model.index(0)
        .data()
        .startswith("“others said it would change”\nWhich others?\n— Article number 1")
    )
    view.list.activated.emit(view.model.index(0))
    assert window.current_article_id() == 1
    assert window.reader.verticalScrollBar().value() > 0
    # The status bar does not count the articles of a list that is not shown.
    assert window.library_pane.count_label.isHidden()
    # Back to the articles: any view in the sidebar, or a search of all articles.
    window.library_pane.sidebar.clicked.emit(window.library_pane.sidebar_model.index(0))
    assert window.library_pane.count_label.isVisible()
    assert not window.highlights.is_showing_highlights()
    window.highlights.show_highlights_view()
    qtbot.keyClicks(window.library_pane.search_box, "council")
    assert not window.highlights.is_showing_highlights()


def test_a_search_found_in_a_note_says_so_in_the_list(qtbot: QtBot, window: Any, library: Library) -> None:
    select(window, "Residents who spoke")
    made = window.highlights.highlighting.highlight_selection()
    window.highlights.highlighting.set_note(made.id, "Ask the zoning board")
    qtbot.keyClicks(window.library_pane.search_box, "zoning")
    qtbot.keyClick(window.library_pane.search_box, Qt.Key.Key_Return)
    model = window.library_pane.article_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=3000)
    assert model.index(0).data(model.SnippetRole).startswith("<i>In your note: </i>Ask the <b>zoning</b>")


@pytest.fixture
def page_url() -> Iterator[str]:
    with LocalHTTPServer() as server:
        yield server.route(
            "/findings", Reply(200, {"content-type": "text/html; charset=utf-8"}, PAGE.encode())
        )


def test_every_exports_highlights_are_drawn_where_they_belong(
    make_window: WindowFactory, library: Library, tmp_path: Path, page_url: str
) -> None:
    with Fetcher(FetchLimits(connect_timeout=2, read_timeout=2)) as fetcher:
        importer = Importer(library, fetcher)
        exports = {
            "wallabag": (wallabag_json(tmp_path), WALLABAG_MARKS),
            "omnivore": (omnivore_zip(tmp_path), OMNIVORE_MARKS),
            "pocket": (pocket_zip(tmp_path, page_url), POCKET_MARKS),
        }
        ids = {
            name: importer.import_sources([str(path)]).results[0].article_id
            for name, (path, _) in exports.items()
        }
        importer.fetch_pending()
    window = make_window(library)
    for name, (_path, marks) in exports.items():
        window.open_article(ids[name])
        assert [words for words, _ in drawn(window)] == [quote for quote, _ in marks], name
    # Instapaper's selection names the same page as Pocket's export: it joins that article's highlights.
    Importer(library).import_sources([str(instapaper_csv(tmp_path, page_url))])
    window.open_article(ids["pocket"])
    expected = sorted(quote for quote, _ in POCKET_MARKS + INSTAPAPER_MARKS)
    assert sorted(words for words, _ in drawn(window)) == expected


def test_a_re_import_with_changed_text_draws_what_it_finds_and_lists_the_rest(
    make_window: WindowFactory, library: Library, tmp_path: Path
) -> None:
    article_id = Importer(library).import_sources([str(omnivore_zip(tmp_path))]).results[0].article_id
    changed = BODY.replace("the rules be simplified", "the rulebook be rewritten")
    Importer(library).import_sources(
        [str(wallabag_json(tmp_path, body=changed, url="https://example.com/omnivore/findings"))]
    )
    window = make_window(library)
    window.open_article(article_id)
    assert [words for words, _ in drawn(window)] == ["Industry groups welcomed the report", "two more years"]
    window.action("highlights_panel").trigger()
    texts = [text for _id, text in window.highlights.highlighting.panel.rows()]
    assert texts[-2:] == [NOT_FOUND, "“the rules be simplified”\nFinally."]


def highlight_on_screen(window: Any, highlight_id: int) -> bool:
    """The reading pane shows highlight `highlight_id`, its keyboard cursor at the highlight's start."""
    span = window.highlights.highlighting.layer.span_of(highlight_id)
    reader = window.reader
    where = reader.cursorRect(reader.textCursor())
    return (
        span is not None
        and reader.textCursor().position() == span[0]
        and reader.viewport().rect().contains(where)
    )


def test_j_k_and_return_move_through_the_highlights_view_while_it_is_shown(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    from library.article import Highlight

    for n, quotes in (
        (1, ["Paragraph 11 of article 1", "Paragraph 9 of article 1"]),
        (2, ["Paragraph 2 of article 2"]),
    ):
        library.save(
            long_article(n, paragraphs=12),
            source_kind="pocket",
            saved_at=f"2024-04-01T00:0{n}:00+00:00",
            highlights=[
                Highlight(quote, "", f"2024-05-0{n}T00:0{i}:00+00:00") for i, quote in enumerate(quotes)
            ],
        )
    window = make_window(library)
    window.open_article(2)
    pane = window.library_pane
    entry = pane.sidebar.visualRect(pane.sidebar_model.index(HIGHLIGHTS_ROW))
    qtbot.mouseClick(pane.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=entry.center())
    view = window.highlights.view
    qtbot.waitUntil(view.list.hasFocus, timeout=2000)
    rows = [view.model.row(n).highlight for n in range(view.model.rowCount())]
    # Newest first: article 2's, then article 1's second and first.
    assert [h.quote for h in rows] == [
        "Paragraph 2 of article 2",
        "Paragraph 9 of article 1",
        "Paragraph 11 of article 1",
    ]
    assert window.action("next").text() == "&Next Highlight"

    def chosen_row() -> int:
        return int(view.list.currentIndex().row())

    for expected in (0, 1, 2, 2):  # at the end, j stays put
        qtbot.keyClick(view.list, Qt.Key.Key_J)
        assert chosen_row() == expected
        assert window.current_article_id() == rows[expected].article_id
        assert highlight_on_screen(window, rows[expected].id)
        # The keyboard stays in the list, to go on.
        assert view.list.hasFocus()
    assert window.reader.verticalScrollBar().value() > 0
    qtbot.keyClick(view.list, Qt.Key.Key_K)
    assert chosen_row() == 1 and highlight_on_screen(window, rows[1].id)

    # Arrows choose a row; Return reads it, the keyboard going to the article.
    qtbot.keyClick(view.list, Qt.Key.Key_Up)
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert window.current_article_id() == rows[0].article_id and highlight_on_screen(window, rows[0].id)
    qtbot.waitUntil(window.reader.hasFocus, timeout=2000)

    # / searches the highlights while they are shown; Return there chooses the first one found.
    qtbot.keyClick(window.reader, Qt.Key.Key_Slash)
    qtbot.waitUntil(view.search.hasFocus, timeout=2000)
    qtbot.keyClicks(view.search, "Paragraph 11")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert [view.model.row(n).highlight.id for n in range(view.model.rowCount())] == [rows[2].id]
    assert view.list.hasFocus() and highlight_on_screen(window, rows[2].id)

    # Back to a view of articles: j and k move through the articles again.
    qtbot.mouseClick(
        pane.sidebar.viewport(),
        Qt.MouseButton.LeftButton,
        pos=pane.sidebar.visualRect(pane.sidebar_model.index(0)).center(),
    )
    assert not window.highlights.is_showing_highlights()
    assert window.action("next").text() == "&Next Article"
    with qtbot.waitSignal(window.article_opened):
        qtbot.keyClick(pane.sidebar, Qt.Key.Key_K)
    assert window.current_article_id() == 2 and pane.article_list.currentIndex().row() == 0
    assert chosen_row() == 0  # the highlights list stayed where it was


def point_at(window: Any, position: int) -> QPoint:
    """Where document `position` is on the reading pane's viewport (the middle of the caret there)."""
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(position)
    return window.reader.cursorRect(cursor).center()


def drag(qtbot: QtBot, window: Any, start: int, end: int) -> None:
    """Select from document `start` to `end` as a person does: press, move with the button down, release."""
    viewport = window.reader.viewport()
    pressed, released = point_at(window, start), point_at(window, end)
    assert viewport.rect().contains(pressed) and viewport.rect().contains(released)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=pressed)
    middle = (pressed + released) / 2
    for point in (middle, released):
        qtbot.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=released)


WORDS = "members said they would return"


@pytest.mark.parametrize(
    ("from_offset", "to_offset", "selected", "quote"),
    [
        (0, len(WORDS), WORDS, WORDS),
        # From inside "members" to inside "return": the first and last words are made whole.
        (3, len(WORDS) - 2, "bers said they would retu", WORDS),
        # Backwards, from inside "would" to inside "said".
        (len(WORDS) - 9, 10, "id they wou", "said they would"),
    ],
    ids=["whole words", "inside the first and last words", "backwards inside words"],
)
def test_a_mouse_drag_and_h_highlight_whole_words(
    qtbot: QtBot, window: Any, library: Library, from_offset: int, to_offset: int, selected: str, quote: str
) -> None:
    found = window.reader.document().find(WORDS)
    assert not found.isNull()
    start = found.selectionStart()
    drag(qtbot, window, start + from_offset, start + to_offset)
    # The mouse selected exactly what it went over.
    assert window.reader.textCursor().selectedText() == selected
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    (made,) = article_highlights(library, 1)
    assert made.quote == quote
    assert drawn(window) == [(quote, highlight_colour("light", "yellow"))]


def test_the_bar_follows_its_words_when_the_page_narrows(qtbot: QtBot, window: Any) -> None:
    select(window, "Paragraph 3 of article 1")
    bar = window.highlights.highlighting.bar
    qtbot.waitUntil(bar.isVisible)
    window.highlights.highlighting.highlight_selection()
    words = window.reader.cursorRect(window.reader.textCursor())

    def over_its_words() -> bool:
        rect = window.reader.cursorRect(window.reader.textCursor())
        return bar.isVisible() and 0 < rect.top() - bar.geometry().bottom() < 20

    assert over_its_words()
    # The panel takes room from the page: its lines wrap again, the words move, the bar with them.
    qtbot.keyClick(window.reader, Qt.Key.Key_H, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.reader.cursorRect(window.reader.textCursor()) != words)
    qtbot.waitUntil(over_its_words)
