"""The main window over a real library: views, list, search, reading state, context menu, delete and undo."""

# pytest-qt's QtBot key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.articlemodel import ArticleListModel
from desktop.mainwindow import MainWindow
from library.records import View
from library.store import Library
from tests.desktop.conftest import Dialogs, WindowFactory, long_article


def titles(window: MainWindow) -> list[str]:
    model = window.library_pane.article_model
    return [model.index(row).data(ArticleListModel.TitleRole) for row in range(model.rowCount())]


def row_of_title(window: MainWindow, title: str) -> int:
    return titles(window).index(title)


def select_rows(window: MainWindow, *rows: int) -> None:
    selection = window.library_pane.article_list.selectionModel()
    selection.setCurrentIndex(
        window.library_pane.article_model.index(rows[0]), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    for row in rows[1:]:
        selection.select(
            window.library_pane.article_model.index(row), QItemSelectionModel.SelectionFlag.Select
        )


def click_row(qtbot: QtBot, window: MainWindow, row: int) -> None:
    rect = window.library_pane.article_list.visualRect(window.library_pane.article_model.index(row))
    qtbot.mouseClick(
        window.library_pane.article_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )


def open_title(qtbot: QtBot, window: MainWindow, title: str) -> int:
    with qtbot.waitSignal(window.article_opened) as opened:
        click_row(qtbot, window, row_of_title(window, title))
    article_id: int = opened.args[0]
    return article_id


def test_the_window_lists_the_library_newest_first_with_counts(main_window: MainWindow) -> None:
    assert titles(main_window)[:3] == ["Waiting to be downloaded", "Article number 11", "Article number 10"]
    assert len(titles(main_window)) == 12
    sidebar = main_window.library_pane.sidebar_model
    assert [sidebar.index(r).data() for r in range(sidebar.rowCount())] == [
        "All articles", "Unread", "Favourites", "Archive", "Highlights", "work",
    ]  # fmt: skip
    assert main_window.library_pane.count_label.text() == "All articles: 12 articles"


def test_an_empty_library_shows_the_welcome_page(make_window: WindowFactory, library: Library) -> None:
    window = make_window(library)
    text = window.reader.toPlainText()
    assert "Welcome to Article Reader" in text
    # The menu entries by the names the menu gives them.
    menu_entries = [
        action.text().replace("&", "")
        for action in (window.action("import_files"), window.action("import_folder"))
    ]
    for way in [*menu_entries, "Drag and drop", "Paste", "article-reader import"]:
        assert way in text, way
    assert window.library_pane.article_model.rowCount() == 0


def test_choosing_a_view_in_the_sidebar_lists_its_articles(qtbot: QtBot, main_window: MainWindow) -> None:
    sidebar = main_window.library_pane.sidebar
    for view, expected in [
        (View("favorites"), ["Article number 9"]),
        (View("archive"), ["Article number 10"]),
        (View.of_tag("work"), ["Article number 11"]),
        (
            View("unread"),
            ["Waiting to be downloaded", "Article number 11"]
            + [f"Article number {n}" for n in range(8, 0, -1)],
        ),
    ]:
        rect = sidebar.visualRect(
            main_window.library_pane.sidebar_model.index(main_window.library_pane.sidebar_model.row_of(view))
        )
        qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert main_window.library_pane.view == view
        assert titles(main_window) == expected


def test_opening_an_article_shows_it_and_marks_it_read(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    article_id = open_title(qtbot, main_window, "Article number 3")
    assert "Paragraph 1 of article 3." in main_window.reader.toPlainText()
    assert main_window.windowTitle() == "Article number 3 — Article Reader"
    assert filled_library.header(article_id).read  # type: ignore[union-attr]
    row = row_of_title(main_window, "Article number 3")
    assert main_window.library_pane.article_model.index(row).data(ArticleListModel.UnreadRole) is False
    qtbot.waitUntil(lambda: main_window.library_pane.sidebar_model.count(View("unread")) == 9)


def test_an_article_not_downloaded_says_so(qtbot: QtBot, main_window: MainWindow) -> None:
    open_title(qtbot, main_window, "Waiting to be downloaded")
    text = main_window.reader.toPlainText()
    assert "has not been downloaded yet: only its address is in the library" in text
    assert "https://news.example.org/pending" in text


def test_the_reading_position_is_saved_and_restored(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    article_id = open_title(qtbot, main_window, "Article number 5")
    bar = main_window.reader.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    qtbot.waitUntil(lambda: filled_library.header(article_id).progress > 0.3)  # type: ignore[union-attr]
    open_title(qtbot, main_window, "Article number 4")
    assert bar.value() == 0
    open_title(qtbot, main_window, "Article number 5")
    assert abs(main_window.reader.progress() - 0.5) < 0.05


def test_search_as_you_type_shows_hits_with_highlighted_snippets(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    filled_library.save(
        long_article(
            40, title="Tanuki spotted", text="A tanuki crossed the road.", html="<p>A tanuki crossed.</p>"
        ),
        source_kind="html",
    )
    qtbot.keyClicks(main_window.library_pane.search_box, "tanuki")
    qtbot.waitUntil(lambda: main_window.library_pane.article_model.search_mode)
    assert titles(main_window) == ["Tanuki spotted"]
    snippet = main_window.library_pane.article_model.index(0).data(ArticleListModel.SnippetRole)
    assert "<b>tanuki</b>" in snippet.lower()
    assert main_window.library_pane.count_label.text() == "1 result for “tanuki”"


def test_escape_in_the_search_box_clears_it_and_lists_the_view_again(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    main_window.library_pane.search_box.setText("council")
    qtbot.waitUntil(lambda: main_window.library_pane.article_model.search_mode)
    qtbot.keyClick(main_window.library_pane.search_box, Qt.Key.Key_Escape)
    assert main_window.library_pane.search_box.text() == ""
    assert not main_window.library_pane.article_model.search_mode
    assert len(titles(main_window)) == 12


def test_a_search_that_finds_nothing_says_so(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.library_pane.search_box.setText("xylophone")
    qtbot.keyClick(main_window.library_pane.search_box, Qt.Key.Key_Return)
    assert (
        main_window.library_pane.article_model.search_mode
        and main_window.library_pane.article_model.rowCount() == 0
    )
    assert main_window.library_pane.count_label.text() == "Nothing matches “xylophone”"


def test_favourite_archive_and_unread_keys_change_the_state(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    article_id = open_title(qtbot, main_window, "Article number 2")
    main_window.library_pane.article_list.setFocus()
    qtbot.keyClick(main_window.library_pane.article_list, Qt.Key.Key_S)
    assert filled_library.header(article_id).favorite  # type: ignore[union-attr]
    assert main_window.library_pane.sidebar_model.count(View("favorites")) == 2
    qtbot.keyClick(main_window.library_pane.article_list, Qt.Key.Key_S)
    assert not filled_library.header(article_id).favorite  # type: ignore[union-attr]
    qtbot.keyClick(main_window.library_pane.article_list, Qt.Key.Key_U)
    assert not filled_library.header(article_id).read  # type: ignore[union-attr]
    qtbot.keyClick(main_window.library_pane.article_list, Qt.Key.Key_E)
    assert filled_library.header(article_id).archived  # type: ignore[union-attr]
    assert main_window.library_pane.sidebar_model.count(View("archive")) == 2


def test_archiving_in_the_unread_view_takes_the_row_out_and_opens_the_next(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    main_window.show_view(View("unread"))
    open_title(qtbot, main_window, "Article number 6")
    with qtbot.waitSignal(main_window.article_opened) as opened:
        qtbot.keyClick(main_window.library_pane.article_list, Qt.Key.Key_E)
    assert "Article number 6" not in titles(main_window)
    assert filled_library.header(opened.args[0]).title == "Article number 5"  # type: ignore[union-attr]


def test_multi_selection_acts_on_every_selected_article(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    rows = [row_of_title(main_window, f"Article number {n}") for n in (1, 2, 3)]
    select_rows(main_window, *rows)
    assert len(main_window.library_pane.selected_headers()) == 3
    main_window.action("favorite").trigger()
    assert {h.title for h in filled_library.headers(View("favorites"))} == {
        "Article number 1", "Article number 2", "Article number 3", "Article number 9",
    }  # fmt: skip


def test_delete_then_undo_with_the_keys(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    article_id = open_title(qtbot, main_window, "Article number 7")
    filled_library.add_tags([article_id], ["keep"])
    qtbot.keyClick(main_window.library_pane.article_list, Qt.Key.Key_Delete)
    assert filled_library.get(article_id) is None
    assert "Article number 7" not in titles(main_window)
    assert main_window.commands.undo_bar.isVisible()
    assert main_window.commands.undo_bar.label.text() == "Deleted 1 article"
    assert main_window.library_pane.count_label.text() == "All articles: 11 articles"
    qtbot.keyClick(main_window.library_pane.article_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = filled_library.get(article_id)
    assert restored is not None and restored.tags == ["keep"]
    assert "Article number 7" in titles(main_window)
    assert not main_window.commands.undo_bar.isVisible()
    assert not main_window.action("undo").isEnabled()


def test_delete_several_and_undo_with_the_button(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    select_rows(
        main_window,
        row_of_title(main_window, "Article number 1"),
        row_of_title(main_window, "Article number 2"),
    )
    main_window.action("delete").trigger()
    assert main_window.commands.undo_bar.label.text() == "Deleted 2 articles"
    assert filled_library.count() == 10
    qtbot.mouseClick(main_window.commands.undo_bar.button, Qt.MouseButton.LeftButton)
    assert filled_library.count() == 12
    assert {"Article number 1", "Article number 2"} <= set(titles(main_window))


def test_the_context_menu_offers_the_row_actions_and_runs_them(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library, dialogs: Dialogs
) -> None:
    row = row_of_title(main_window, "Article number 9")  # read and a favourite already
    position = main_window.library_pane.article_list.visualRect(
        main_window.library_pane.article_model.index(row)
    ).center()
    dialogs.menu_choice = "Remove from Favourites"
    main_window.library_pane.article_list.customContextMenuRequested.emit(position)
    assert dialogs.menus[-1] == [
        "Open", "Remove from Favourites", "Move to the Archive", "Mark as Unread", "Tags…",
        "Copy Link", "Open Original", "Extract Again", "Delete",
    ]  # fmt: skip
    assert not filled_library.header(9).favorite  # type: ignore[union-attr]
    for choice, check in [
        ("Move to the Archive", lambda: filled_library.header(9).archived),  # type: ignore[union-attr]
        ("Mark as Unread", lambda: not filled_library.header(9).read),  # type: ignore[union-attr]
        ("Open Original", lambda: dialogs.opened_urls == ["https://news.example.org/9"]),
        ("Copy Link", lambda: QGuiApplication.clipboard().text() == "https://news.example.org/9"),
    ]:
        dialogs.menu_choice = choice
        main_window.library_pane.article_list.customContextMenuRequested.emit(position)
        assert check(), choice
    dialogs.menu_choice = "Open"
    with qtbot.waitSignal(main_window.article_opened):
        main_window.library_pane.article_list.customContextMenuRequested.emit(position)
    dialogs.menu_choice = "Delete"
    main_window.library_pane.article_list.customContextMenuRequested.emit(position)
    assert filled_library.get(9) is None


def test_a_right_click_outside_the_rows_offers_no_menu(main_window: MainWindow, dialogs: Dialogs) -> None:
    main_window.library_pane.article_list.customContextMenuRequested.emit(
        QPoint(5, main_window.library_pane.article_list.height() - 2)
    )
    assert dialogs.menus == []


def test_tags_are_edited_for_the_selection(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library, dialogs: Dialogs
) -> None:
    select_rows(
        main_window,
        row_of_title(main_window, "Article number 11"),
        row_of_title(main_window, "Article number 1"),
    )
    dialogs.tags = ["reading list", "science"]
    qtbot.keyClick(main_window.library_pane.article_list, Qt.Key.Key_T)
    assert dialogs.tag_questions == [["work"]]
    assert filled_library.tags_of(11) == ["reading list", "science"]
    assert filled_library.tags_of(1) == ["reading list", "science"]
    labels = [
        main_window.library_pane.sidebar_model.index(r).data()
        for r in range(main_window.library_pane.sidebar_model.rowCount())
    ]
    assert labels[5:] == ["reading list", "science"]  # "work" went with its last article


def test_a_tag_view_that_loses_its_last_article_falls_back_to_all(
    qtbot: QtBot, main_window: MainWindow, dialogs: Dialogs
) -> None:
    main_window.show_view(View.of_tag("work"))
    select_rows(main_window, 0)
    dialogs.tags = []
    main_window.action("tags").trigger()
    assert main_window.library_pane.view == View()
    assert len(titles(main_window)) == 12


def test_the_open_original_key_opens_the_browser(
    qtbot: QtBot, main_window: MainWindow, dialogs: Dialogs
) -> None:
    open_title(qtbot, main_window, "Article number 8")
    qtbot.keyClick(main_window.library_pane.article_list, Qt.Key.Key_O)
    assert dialogs.opened_urls == ["https://news.example.org/8"]


def test_copy_link_puts_the_address_on_the_clipboard(qtbot: QtBot, main_window: MainWindow) -> None:
    open_title(qtbot, main_window, "Article number 8")
    qtbot.keyClick(
        main_window.library_pane.article_list,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QGuiApplication.clipboard().text() == "https://news.example.org/8"


def test_copy_copies_the_text_selected_in_the_article(qtbot: QtBot, main_window: MainWindow) -> None:
    open_title(qtbot, main_window, "Article number 8")
    main_window.reader.setFocus()
    main_window.reader.find("Paragraph 2 of article 8.")
    main_window.action("copy").trigger()
    assert QGuiApplication.clipboard().text() == "Paragraph 2 of article 8."


def test_the_dark_theme_darkens_the_window(main_window: MainWindow) -> None:
    main_window.look.set_theme("dark")
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert main_window.look_controls.theme_actions["dark"].isChecked()
    main_window.look.set_theme("sepia")
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200
    main_window.look.set_theme("system")
    assert main_window.look.look.theme == "system"


def inked_colours(icon: QIcon) -> set[str]:
    """The colours of an icon's fully drawn pixels."""
    image = icon.pixmap(48, 48).toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_toolbar_icons_are_drawn_in_the_palette_text_colour(main_window: MainWindow, theme: str) -> None:
    # SVG colours written with an alpha channel came out black: on a dark toolbar, invisible.
    main_window.look.set_theme(theme)
    ink = main_window.palette().color(QPalette.ColorRole.ButtonText).name()
    for action in (
        main_window.action("read_mode"),
        main_window.action("zoom_in"),
        main_window.action("favorite"),
    ):
        assert inked_colours(action.icon()) == {ink}, action.text()


def test_the_about_and_shortcuts_dialogs_open_from_the_help_menu(
    main_window: MainWindow, dialogs: Dialogs
) -> None:
    main_window.action("shortcuts").trigger()
    rows = dict(dialogs.shortcut_rows[-1])
    assert rows["Read mode on or off"] == "Ctrl+Alt+R"
    assert rows["Larger Text"] == "Ctrl++ or Ctrl+="
    main_window.action("about").trigger()


def test_download_pending_without_network_work_leaves_the_list_alone(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    # No fetcher: nothing touches the network, the pending article stays pending.
    main_window.runner.fetcher_factory = lambda: None
    with qtbot.waitSignal(main_window.runner.job_finished, timeout=10_000):
        main_window.action("download").trigger()
    assert filled_library.pending()[0].title == "Waiting to be downloaded"


def test_the_window_takes_a_library_error_as_a_message(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library, dialogs: Dialogs
) -> None:
    # Another program holds the write lock: the action fails with the library's reason, and the window lives on.
    blocker = Library.open(filled_library.path)
    blocker.db.execute("PRAGMA busy_timeout = 0")
    filled_library.db.execute("PRAGMA busy_timeout = 0")
    blocker.db.execute("BEGIN IMMEDIATE")
    try:
        select_rows(main_window, 0)
        main_window.action("favorite").trigger()
    finally:
        blocker.db.execute("ROLLBACK")
        blocker.close()
    assert dialogs.errors and "locked" in dialogs.errors[-1][1]


def test_selecting_an_article_not_downloaded_changes_nothing(
    qtbot: QtBot, main_window: MainWindow, filled_library: Library
) -> None:
    before = filled_library.header(12)
    open_title(qtbot, main_window, "Waiting to be downloaded")
    assert filled_library.header(12) == before
    assert main_window.library_pane.sidebar_model.count(View("unread")) in (None, 10)


def test_return_and_down_go_from_the_search_box_into_the_results_and_up_comes_back(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    pane = main_window.library_pane
    pane.search_box.setFocus()
    qtbot.waitUntil(pane.search_box.hasFocus)
    qtbot.keyClicks(pane.search_box, "council")
    with qtbot.waitSignal(main_window.article_opened):
        qtbot.keyClick(pane.search_box, Qt.Key.Key_Return)
    assert pane.article_model.search_mode and pane.article_list.hasFocus()
    assert pane.article_list.currentIndex().row() == 0
    qtbot.keyClick(pane.article_list, Qt.Key.Key_Down)
    assert pane.article_list.currentIndex().row() == 1
    qtbot.keyClick(pane.article_list, Qt.Key.Key_Up)
    qtbot.keyClick(pane.article_list, Qt.Key.Key_Up)
    assert pane.search_box.hasFocus() and pane.search_box.text() == "council"
    qtbot.keyClick(pane.search_box, Qt.Key.Key_Down)
    assert pane.article_list.hasFocus()


def test_the_line_under_a_right_to_left_title_keeps_each_part_readable(
    make_window: WindowFactory, library: Library
) -> None:
    hebrew = "שלום עולם, זהו מאמר קצר על העירייה והתושבים שלה. " * 60
    article_id = library.save(
        long_article(1, title="כותרת", site_name="עיתון", dir="rtl", html=f"<p>{hebrew}</p>", text=hebrew),
        source_kind="html",
    ).article_id
    window = make_window(library)
    window.open_article(article_id)
    document = window.reader.document()
    found = document.find("min read")
    assert not found.isNull()
    block = found.block()
    line = block.layout().lineForTextPosition(found.selectionStart() - block.position())
    digit = block.text().index("min read") - 2  # the number before " min read"
    assert block.text()[digit].isdigit()
    # Read left to right as written: the number, then "min read" (it came out "min read 5").
    # Positions just after a character: inside a run, never on the edge between two directions.
    number_x, _ = line.cursorToX(digit + 1)
    words_x, _ = line.cursorToX(found.selectionStart() - block.position() + 1)
    assert number_x < words_x
