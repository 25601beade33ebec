"""The reader's place through every change of the layout: the line read stays, folded text comes back in place."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desktop.readerview import ReaderView
from tests.conftest import SHARED
from tests.desktop.conftest import top_block
from tests.desktop.reader.conftest import Show, article, in_view, resize


def zoom_in_twice(view: ReaderView) -> None:
    view.zoom_in()
    view.zoom_in()


CHANGES: list[tuple[str, Callable[[ReaderView], None]]] = [
    ("100% to 300%", lambda v: v.set_font_scale(300)),
    ("100% to 50%", lambda v: v.set_font_scale(50)),
    ("zoom in twice", lambda v: zoom_in_twice(v)),
    ("read mode", lambda v: v.set_read_mode(True)),
    ("sans typeface", lambda v: v.set_typeface("sans")),
    ("dark theme", lambda v: v.set_theme("dark")),
    ("wider line spacing", lambda v: v.set_line_spacing(2.0)),
    ("narrower window", lambda v: resize(v, 500, 600)),
    ("wider window", lambda v: resize(v, 1300, 600)),
]


@pytest.mark.parametrize("change", [c for _, c in CHANGES], ids=[name for name, _ in CHANGES])
def test_the_paragraph_being_read_stays_in_view(
    qtbot: QtBot, view: ReaderView, show: Show, change: Callable[[ReaderView], None]
) -> None:
    show(article(paragraphs=120))
    view.restore_progress(0.45)
    reading = top_block(view)
    assert "Paragraph" in reading.text()
    change(view)
    assert in_view(view, reading), reading.text()[:20]
    # Once the reader stops zooming, the spacing catches up with the text size: still in view.
    view.settle()
    assert in_view(view, reading), reading.text()[:20]


def test_the_top_of_the_article_stays_at_the_top(view: ReaderView, show: Show) -> None:
    show(article())
    view.set_font_scale(240)
    assert view.verticalScrollBar().value() == 0


def all_text_shown(view: ReaderView) -> bool:
    block = view.document().begin()
    while block.isValid():
        if not block.isVisible():
            return False
        block = block.next()
    return True


def test_text_above_the_place_read_comes_back_without_moving_the_page(
    qtbot: QtBot, view: ReaderView, show: Show
) -> None:
    # Far down a long page, a change of size lays out the page below the reader first and the
    # text above afterwards, in steps; the reader sees none of it.
    show(article(paragraphs=300))
    view.restore_progress(0.9)
    reading = top_block(view)
    layout = view.document().documentLayout()
    bar = view.verticalScrollBar()
    with qtbot.waitSignal(view.progress_changed, timeout=5000) as reported:
        view.set_font_scale(150)
        assert top_block(view).blockNumber() == reading.blockNumber()
        offset = layout.blockBoundingRect(reading).top() - bar.value()
        assert not all_text_shown(view)
    assert all_text_shown(view)
    assert top_block(view).blockNumber() == reading.blockNumber()
    assert layout.blockBoundingRect(reading).top() - bar.value() == pytest.approx(offset, abs=1)
    # The progress is told once the whole page is there again, and it is where the reader is.
    assert reported.args == [pytest.approx(view.progress())]
    assert view.progress() == pytest.approx(0.9, abs=0.02)


def test_settle_shows_all_the_text_at_once(view: ReaderView, show: Show) -> None:
    show(article(paragraphs=300))
    view.restore_progress(0.7)
    reading = top_block(view)
    view.set_font_scale(200)
    view.settle()
    assert all_text_shown(view)
    assert in_view(view, reading)


@pytest.mark.corpus
def test_longest_corpus_page_zooms_and_keeps_the_place(view: ReaderView, show: Show) -> None:
    pages = SHARED / "corpus" / "readability"
    if not pages.is_dir():
        pytest.skip(f"{pages} is absent: the shared corpus is not checked out beside the project")
    longest = max(pages.glob("*/expected.html"), key=lambda path: path.stat().st_size)
    body = longest.read_text(encoding="utf-8")
    show(article(body=body, title=longest.parent.name, url="http://fakehost/test/page.html"))
    view.restore_progress(0.6)
    reading = top_block(view)
    for scale in (150, 300, 50, 100):
        view.set_font_scale(scale)
        assert in_view(view, reading)
    view.settle()
    assert in_view(view, reading)
