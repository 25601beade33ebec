"""The reading pane over a real library: font scale, links, themes, progress, the header, keys, right to left."""

from __future__ import annotations

import math
import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QPalette,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import dialogs
from desktop.readerview import ReaderView
from desktop.themes import theme_colours
from library.article import Article
from library.store import Library
from tests.conftest import REPO
from tests.desktop.conftest import top_block
from tests.desktop.reader.conftest import (
    IMAGE,
    PARAGRAPH,
    Show,
    article,
    block_with,
    click_text,
    in_view,
    png,
    stored,
    wheel,
)

# -- font scale --------------------------------------------------------------------------


def test_font_scale_starts_at_100_and_steps_through_the_zoom_steps(view: ReaderView) -> None:
    assert view.font_scale() == 100
    seen_up = []
    for _ in range(10):
        view.zoom_in()
        seen_up.append(view.font_scale())
    assert seen_up == [110, 120, 133, 150, 170, 200, 240, 300, 300, 300]
    seen_down = []
    for _ in range(15):
        view.zoom_out()
        seen_down.append(view.font_scale())
    assert seen_down == [240, 200, 170, 150, 133, 120, 110, 100, 90, 80, 75, 67, 50, 50, 50]
    view.reset_zoom()
    assert view.font_scale() == 100


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        (20, 50),  # a settings file edited by hand: below the smallest size
        (50, 50),
        (300, 300),
        (1000, 300),  # above the largest
        (115, 115),  # between steps: kept as asked; the zoom keys go on from there
    ],
)
def test_font_scale_is_clamped_to_50_to_300(view: ReaderView, asked: int, kept: int) -> None:
    view.set_font_scale(asked)
    assert view.font_scale() == kept


def test_zoom_from_between_steps_goes_to_the_next_step(view: ReaderView) -> None:
    view.set_font_scale(115)
    view.zoom_in()
    assert view.font_scale() == 120
    view.set_font_scale(115)
    view.zoom_out()
    assert view.font_scale() == 110


def test_font_scale_changes_the_text_size_and_signals_once(
    qtbot: QtBot, view: ReaderView, show: Show
) -> None:
    show(article())
    size_at_100 = view.font().pointSizeF()
    with qtbot.waitSignal(view.font_scale_changed) as changed:
        view.set_font_scale(200)
    assert changed.args == [200]
    assert view.font().pointSizeF() == pytest.approx(2 * size_at_100)
    with qtbot.assertNotEmitted(view.font_scale_changed):
        view.set_font_scale(200)  # no change, no signal


def test_ctrl_wheel_zooms_and_plain_wheel_scrolls(qtbot: QtBot, view: ReaderView, show: Show) -> None:
    show(article())
    with qtbot.waitSignal(view.font_scale_changed) as changed:
        wheel(view, 120, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == [110]
    sizes: list[int] = []
    view.font_scale_changed.connect(sizes.append)
    # A fast turn brings two notches in one event: one change of size, not two layouts.
    wheel(view, -240, Qt.KeyboardModifier.ControlModifier)
    assert sizes == [90]
    # A touchpad sends small steps: two halves make one notch.
    wheel(view, 60, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 90
    wheel(view, 60, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 100

    wheel(view, -120, Qt.KeyboardModifier.NoModifier)
    assert view.font_scale() == 100
    assert view.verticalScrollBar().value() > 0


def test_zoom_keys(view: ReaderView, show: Show) -> None:
    show(article())
    QTest.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 110
    QTest.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 120
    QTest.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 110
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 100


# -- links -----------------------------------------------------------------------------


def test_in_page_links_scroll_to_their_target(view: ReaderView, show: Show) -> None:
    paragraphs = "".join(f"<p>Paragraph {n}. {PARAGRAPH}</p>" for n in range(1, 60))
    show(
        article(
            body=f'<p>See <a href="#notes">the notes</a>.</p>{paragraphs}<h2 id="notes">Notes</h2><p>End.</p>'
        )
    )
    assert view.verticalScrollBar().value() == 0
    click_text(view, "the notes")
    notes = block_with(view, "Notes")
    assert in_view(view, notes)
    assert view.verticalScrollBar().value() > 0


def test_links_to_the_article_itself_scroll_too(
    view: ReaderView, show: Show, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Extraction makes links absolute: a table of contents then points at the page's own address.
    paragraphs = "".join(f"<p>Paragraph {n}. {PARAGRAPH}</p>" for n in range(1, 60))
    own = "https://news.example.org/council#history"
    show(article(body=f'<p><a href="{own}">History</a></p>{paragraphs}<h2 id="history">Past</h2>'))
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_url", lambda url: opened.append(url.toString()))
    view.anchorClicked.emit(QUrl(own))
    assert opened == []
    assert in_view(view, block_with(view, "Past"))


def test_web_links_open_in_the_system_browser(
    qtbot: QtBot, view: ReaderView, show: Show, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_url", lambda url: opened.append(url.toString()))
    show(article(body='<p>Read <a href="https://example.org/report">the report</a> and write.</p>'))
    click_text(view, "the report")
    assert opened == ["https://example.org/report"]
    assert view.current_article_id() is not None  # the pane itself never navigates


@pytest.mark.parametrize(
    ("href", "opens"),
    [
        ("mailto:editor@example.org", True),  # "write to the editor" links
        ("http://example.org/", True),
        ("javascript:alert(1)", False),  # left in by a careless page
        ("file:///etc/passwd", False),
        ("library-image:" + "ab" * 32, False),
        ("ftp://example.org/file", False),
    ],
)
def test_only_web_and_mail_links_leave_the_application(
    view: ReaderView, show: Show, monkeypatch: pytest.MonkeyPatch, href: str, opens: bool
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_url", lambda url: opened.append(url.toString()))
    show(article())
    view.anchorClicked.emit(QUrl(href))
    assert bool(opened) == opens


# -- look ------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "sepia", "dark"])
def test_theme_colours_the_page(view: ReaderView, show: Show, theme: str) -> None:
    show(article(body='<p>Text with <a href="https://example.org/">a link</a>.</p>'))
    view.set_theme(theme)
    colours = theme_colours(theme)
    assert view.palette().color(QPalette.ColorRole.Base) == colours["background"]
    assert view.palette().color(QPalette.ColorRole.Text) == colours["text"]
    # The page as drawn: paper in the corner, and the link in the theme's link colour.
    corner = view.viewport().grab().toImage().pixelColor(2, 2)
    assert corner == colours["background"]
    sheet = (REPO / "resources" / "themes" / f"{theme}.css").read_text()
    link_colour = re.search(r"\ba \{ color: (#[0-9a-f]{6}); \}", sheet)
    assert link_colour is not None
    link = view.document().find("a link")
    assert link.charFormat().foreground().color().name() == link_colour.group(1)


def test_themes_differ(view: ReaderView, show: Show) -> None:
    show(article())
    backgrounds = set()
    for theme in ("light", "sepia", "dark"):
        view.set_theme(theme)
        backgrounds.add(view.viewport().grab().toImage().pixelColor(2, 2).name())
    assert backgrounds == {"#ffffff", "#f4ecd8", "#1e1f21"}


def test_system_theme_follows_the_palette(view: ReaderView, show: Show) -> None:
    show(article())
    view.set_theme("system")
    original = QGuiApplication.palette()
    try:
        # The desktop turns dark, then light again.
        for window_colour, theme in (("#202124", "dark"), ("#f0f0f0", "light")):
            palette = QPalette(original)
            palette.setColor(QPalette.ColorRole.Window, QColor(window_colour))
            QApplication.setPalette(palette)
            QApplication.processEvents()
            assert view.effective_theme() == theme
            assert view.palette().color(QPalette.ColorRole.Base) == theme_colours(theme)["background"]
    finally:
        QApplication.setPalette(original)


@pytest.mark.parametrize(
    ("call", "value"),
    [
        ("set_theme", "neon"),  # a settings file from somewhere else
        ("set_typeface", "comic"),
        ("set_line_spacing", math.nan),
    ],
)
def test_unknown_looks_are_refused_with_a_reason(view: ReaderView, call: str, value: object) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        getattr(view, call)(value)


# -- progress --------------------------------------------------------------------------


@pytest.mark.parametrize("progress", [0.0, 0.25, 0.5, 0.9, 1.0])
def test_progress_round_trips(view: ReaderView, show: Show, progress: float) -> None:
    show(article(paragraphs=80))
    view.restore_progress(progress)
    assert view.progress() == pytest.approx(progress, abs=0.005)


@pytest.mark.parametrize("bad", [-0.5, 7.0, math.nan, math.inf])
def test_progress_out_of_range_is_clamped(view: ReaderView, show: Show, bad: float) -> None:
    show(article(paragraphs=80))
    view.restore_progress(bad)
    assert 0.0 <= view.progress() <= 1.0


def test_scrolling_reports_progress_but_opening_does_not(
    qtbot: QtBot, view: ReaderView, show: Show, library: Library
) -> None:
    with qtbot.assertNotEmitted(view.progress_changed):
        show(article(paragraphs=80))
        view.restore_progress(0.5)
    bar = view.verticalScrollBar()
    with qtbot.waitSignal(view.progress_changed) as reported:
        bar.setValue(bar.maximum() // 4)
    assert reported.args[0] == pytest.approx(0.25, abs=0.01)
    # A welcome page is nobody's progress.
    view.show_message("Welcome", "<p>" + "Import some articles. " * 400 + "</p>")
    with qtbot.assertNotEmitted(view.progress_changed):
        bar.setValue(bar.maximum() // 2)


# -- header, text, direction -----------------------------------------------------------


def test_header_shows_title_byline_site_date_and_reading_time(view: ReaderView, show: Show) -> None:
    article_id = show(article(paragraphs=60, section="Local politics"))
    text = view.toPlainText()
    header = text[: text.index("Paragraph 1.")]
    for expected in (
        "LOCAL POLITICS",
        "A council divided",
        "Ann Writer",
        "The Daily Example",
        "2024",
        "min read",
    ):
        assert expected.lower() in header.lower(), expected
    assert view.current_article_id() == article_id
    site = view.document().find("The Daily Example")
    assert site.charFormat().anchorHref() == "https://news.example.org/council"


def test_an_article_not_downloaded_yet_says_so(view: ReaderView, library: Library) -> None:
    saved = library.save(
        Article(title="Later", url="https://news.example.org/later"),
        source_kind="pocket",
        status="failed",
        fetch_error="the server answered 503",
    )
    found = library.get(saved.article_id)
    assert found is not None
    view.show_article(found)
    text = view.toPlainText()
    assert "not been downloaded" in text
    assert "503" in text


def test_text_can_be_selected_and_copied(view: ReaderView, show: Show) -> None:
    show(article(paragraphs=2))
    flags = view.textInteractionFlags()
    for flag in (
        Qt.TextInteractionFlag.TextSelectableByMouse,
        Qt.TextInteractionFlag.TextSelectableByKeyboard,
        Qt.TextInteractionFlag.LinksAccessibleByMouse,
        Qt.TextInteractionFlag.LinksAccessibleByKeyboard,
    ):
        assert flags & flag
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert "Paragraph 2. The council met on Tuesday" in copied


def test_reading_keys_move_the_page_without_a_caret(view: ReaderView, show: Show) -> None:
    show(article(paragraphs=80))
    bar = view.verticalScrollBar()
    assert view.cursorWidth() == 0  # no blinking caret in the text while reading
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert bar.value() == bar.singleStep()
    QTest.keyClick(view, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    QTest.keyClick(view, Qt.Key.Key_Home)
    assert bar.value() == 0
    QTest.keyClick(view, Qt.Key.Key_PageDown)
    assert bar.value() == bar.pageStep()


def test_keyboard_selection_starts_where_the_reader_is(view: ReaderView, show: Show) -> None:
    show(article(paragraphs=80))
    view.restore_progress(0.5)
    reading = top_block(view)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert view.cursorWidth() > 0
    selected = view.textCursor()
    assert selected.hasSelection()
    assert view.document().findBlock(selected.selectionStart()).blockNumber() in {
        reading.blockNumber(),
        reading.blockNumber() + 1,
    }


def test_right_to_left_articles_read_right_to_left(view: ReaderView, show: Show) -> None:
    # Like the rtl-1 .. rtl-4 pages of the Readability corpus: dir="rtl" on the article.
    hebrew = "שלום עולם, זהו מאמר קצר."
    show(article(body=f"<p>{hebrew}</p><p>{hebrew} {hebrew} {hebrew}</p>", title="כותרת המאמר", dir="rtl"))
    for text in (hebrew, "כותרת המאמר"):
        block = block_with(view, text)
        assert block.textDirection() == Qt.LayoutDirection.RightToLeft
    short = block_with(view, hebrew)
    line = short.layout().lineAt(0)
    # A short line hugs the right edge of the column, not the left.
    assert line.naturalTextRect().right() == pytest.approx(line.width(), abs=2)
    assert line.naturalTextRect().left() > line.width() / 3


def test_show_message_is_not_an_article(view: ReaderView, show: Show) -> None:
    image = stored(png(4, 4, "#123456"))
    show(article(body=f'<p><img src="{image.reference}"></p>'), [image])
    view.show_message("Welcome to Article Reader", "<p>Import articles with <b>File › Import</b>.</p>")
    assert view.current_article_id() is None
    assert "Welcome to Article Reader" in view.toPlainText()
    assert view.loadResource(IMAGE, QUrl(image.reference)) is None
