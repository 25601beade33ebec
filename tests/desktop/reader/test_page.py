"""The page's column and style: the measure in read mode, line spacing, spacing following the text size, no sideways scroll."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import (
    QFontMetricsF,
    QTextTable,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.readerview import ReaderView
from library.store import Library
from tests.desktop.reader.conftest import PARAGRAPH, Show, article, block_with, resize


@pytest.mark.parametrize("scale", [100, 150, 300])
def test_the_page_never_scrolls_sideways(qtbot: QtBot, view: ReaderView, show: Show, scale: int) -> None:
    # A bordered table as wide as the column, as on the Wikipedia pages, in a window the column fills.
    cells = "".join(f"<tr><td>{PARAGRAPH}</td><td>{PARAGRAPH}</td></tr>" for _ in range(3))
    show(article(body=f'<p>Before.</p><table border="1" width="100%">{cells}</table><p>After.</p>'))
    resize(view, 520, 600)
    view.set_font_scale(scale)
    view.settle()
    QApplication.processEvents()
    assert not view.horizontalScrollBar().isVisible()


def test_typeface_and_line_spacing_change_the_page(view: ReaderView, show: Show) -> None:
    show(article())
    serif = view.font().families()
    view.set_typeface("sans")
    assert view.font().families() != serif
    assert view.font().styleHint() == view.font().StyleHint.SansSerif
    paragraph = block_with(view, "Paragraph 1.")
    before = paragraph.blockFormat().lineHeight()
    view.set_line_spacing(2.0)
    paragraph = block_with(view, "Paragraph 1.")
    assert paragraph.blockFormat().lineHeight() > before


def code_box_padding(view: ReaderView) -> float:
    table = next(
        frame for frame in view.document().rootFrame().childFrames() if isinstance(frame, QTextTable)
    )
    return float(table.cellAt(0, 0).format().toTableCellFormat().topPadding())


# What reader.css writes in em, read back from the laid out page.
SPACING: list[tuple[str, Callable[[ReaderView], float]]] = [
    ("space after a paragraph", lambda v: block_with(v, "Paragraph 2.").blockFormat().bottomMargin()),
    ("quotation indent", lambda v: block_with(v, "Quoted words").blockFormat().leftMargin()),
    ("space inside a code box", code_box_padding),
    ("list indent", lambda v: v.document().indentWidth()),
]
SPACED_BODY = (
    "<p>Paragraph 1.</p><p>Paragraph 2.</p><blockquote><p>Quoted words.</p></blockquote>"
    "<pre>print('code')</pre><ul><li>An item.</li></ul>"
)


@pytest.mark.parametrize("paragraphs", [0, 400], ids=["short page", "page over 100,000 characters"])
@pytest.mark.parametrize("measure", [m for _, m in SPACING], ids=[name for name, _ in SPACING])
def test_spacing_follows_the_text_size_once_zooming_stops(
    view: ReaderView, show: Show, library: Library, measure: Callable[[ReaderView], float], paragraphs: int
) -> None:
    filler = "".join(f"<p>More {n}. {PARAGRAPH}</p>" for n in range(paragraphs))
    article_id = show(article(body=SPACED_BODY + filler))
    at_100 = measure(view)
    assert at_100 > 0
    view.set_font_scale(200)
    view.settle()
    # Lengths are whole pixels at each size: twice a rounded length is within a pixel or two.
    assert measure(view) == pytest.approx(2 * at_100, abs=2)
    # As if the page had been opened at 200%.
    zoomed = measure(view)
    stored = library.get(article_id)
    assert stored is not None
    view.show_article(stored)
    assert measure(view) == pytest.approx(zoomed, abs=2)


@pytest.mark.parametrize("width", [900, 1400, 2600])
@pytest.mark.parametrize("scale", [50, 100, 300])
def test_read_mode_keeps_a_comfortable_measure(view: ReaderView, show: Show, scale: int, width: int) -> None:
    show(article(paragraphs=3))
    view.set_read_mode(True)
    resize(view, width, 700)
    view.set_font_scale(scale)
    average = QFontMetricsF(view.font()).averageCharWidth()
    characters = view.text_width() / average
    room = (view.viewport().width() - 2 * view.document().documentMargin()) / average
    assert characters <= 75
    if room >= 60:
        assert characters >= 60
    else:
        # The window is too narrow for 60 characters at this size: the column takes all there is.
        assert view.text_width() >= room * average - 1
    # The text really is laid out in that column.
    paragraph = block_with(view, "Paragraph 2.")
    lines = paragraph.layout()
    widest = max(lines.lineAt(i).naturalTextWidth() for i in range(lines.lineCount()))
    assert widest <= view.text_width() + 1


def test_read_mode_centres_the_column_with_generous_margins(view: ReaderView, show: Show) -> None:
    show(article(paragraphs=3))
    resize(view, 1400, 700)
    normal_margin = view.document().documentMargin()
    view.set_read_mode(True)
    assert view.is_read_mode()
    assert view.document().documentMargin() > normal_margin
    left = view.viewportMargins().left()
    right = view.viewportMargins().right()
    assert left == right and left > 0
    view.set_read_mode(False)
    assert view.document().documentMargin() == normal_margin
