"""The reading pane's page: the column's measure and margins, reader.css in pixels, line heights, spacing rescaled after a zoom."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator

from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)

from desktop import pictures
from desktop.themes import theme_sheet
from resources import resource_text

# Characters a line: read mode's comfortable measure, and a looser cap for the pane beside the list.
READ_MODE_MEASURE = 66
NORMAL_MEASURE = 80
# The page's margin (px) around the text on every side, so also the least space beside the column.
READ_MODE_MARGIN, NORMAL_MARGIN = 48, 24
# The narrowest column worth laying out, however small the window.
MIN_TEXT_WIDTH = 120
# Lists are indented this many em a level.
INDENT_EM = 1.8
# Between an image and its caption: close enough to read as one.
IMAGE_CAPTION_GAP_EM = 0.35

_EM_LENGTH = re.compile(r"(?<![\w.#-])(\d*\.?\d+)em\b")

# The lengths of a format that reader.css writes in em.
_BLOCK_LENGTHS = ("topMargin", "bottomMargin", "leftMargin", "rightMargin", "textIndent")
_FRAME_LENGTHS = ("topMargin", "bottomMargin", "leftMargin", "rightMargin", "padding")
_CELL_LENGTHS = ("topPadding", "bottomPadding", "leftPadding", "rightPadding")


def page_margin(read_mode: bool) -> int:
    """The page's margin around the text, in pixels."""
    return READ_MODE_MARGIN if read_mode else NORMAL_MARGIN


def column_geometry(font: QFont, available: int, *, read_mode: bool) -> tuple[int, int, int]:
    """The text column's width for body text in `font`, the page's width (column and margins) and
    the space beside the page, in `available` pixels."""
    margin = page_margin(read_mode)
    measure = (READ_MODE_MEASURE if read_mode else NORMAL_MEASURE) * QFontMetricsF(font).averageCharWidth()
    text_width = max(MIN_TEXT_WIDTH, math.floor(min(measure, available - 2 * margin)))
    # The page is the text and its margins; what is left of the window is split evenly beside it.
    page_width = text_width + 2 * margin
    return text_width, page_width, max(0, (available - page_width) // 2)


def leading_percent(font: QFont, em: float, line_spacing: float) -> int:
    """The line height, in percent of the font's own (as Qt takes it), that spaces lines `line_spacing` ems apart."""
    # Qt's percentage line-height is of the font's own line height, not of its size as in CSS.
    natural = QFontMetricsF(font).height() / em if em else 1.0
    return round(100 * line_spacing / natural)


def stylesheet(font: QFont, em: float, theme: str, line_spacing: float) -> str:
    """reader.css with its ems in pixels of `em`, the colours of `theme` and the chosen line spacing."""
    layout = _EM_LENGTH.sub(lambda m: f"{round(float(m.group(1)) * em)}px", _reader_css())
    colours = theme_sheet(theme)
    leading = leading_percent(font, em, line_spacing)
    spacing = f"p, li, dd, dt, blockquote, td, th, div {{ line-height: {leading}%; }}\n"
    return f"{layout}\n{colours}\n{spacing}"


class PageStyle:
    """What the pane's document was styled for (text size, em, line height), so that a zoom can
    rescale its spacing in place instead of parsing the page again."""

    def __init__(self, scale: int) -> None:
        self.scale = scale
        self.em = 0.0
        self.leading = 0

    def prepare(
        self, document: QTextDocument, font: QFont, em: float, scale: int, theme: str, line_spacing: float
    ) -> None:
        """Style the empty `document` for a page at `scale` percent in `font` (an em of `em` pixels)."""
        # Settings that lay the document out again cost nothing on an empty one.
        document.setDefaultStyleSheet(stylesheet(font, em, theme, line_spacing))
        document.setIndentWidth(round(em * INDENT_EM))
        self.scale = scale
        self.em = em
        self.leading = leading_percent(font, em, line_spacing)

    def rescale(
        self,
        document: QTextDocument,
        font: QFont,
        em: float,
        scale: int,
        line_spacing: float,
        *,
        with_images: bool,
    ) -> None:
        """Make the spacing that reader.css writes in em fit the text size now, in place.

        Every length of the page's formats grows with the em; line heights made from the
        line spacing are worked out again for the new size's own line height.
        """
        ratio = em / self.em if self.em else 1.0
        leading = leading_percent(font, em, line_spacing)
        proportional = int(QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        scaled: dict[int, QTextBlockFormat] = {}
        block = document.begin()
        while block.isValid():
            index = block.blockFormatIndex()
            new_format = scaled.get(index)
            if new_format is None:
                new_format = block.blockFormat()
                _scale_lengths(new_format, _BLOCK_LENGTHS, ratio)
                if new_format.lineHeightType() == proportional and new_format.lineHeight() == self.leading:
                    new_format.setLineHeight(leading, proportional)
                scaled[index] = new_format
            QTextCursor(block).setBlockFormat(new_format)
            block = block.next()
        for frame in _frames(document.rootFrame()):
            frame_format = frame.frameFormat()
            _scale_lengths(frame_format, _FRAME_LENGTHS, ratio)
            frame.setFrameFormat(frame_format)
            if isinstance(frame, QTextTable):
                for row in range(frame.rows()):
                    for column in range(frame.columns()):
                        cell = frame.cellAt(row, column)
                        if cell.row() == row and cell.column() == column:  # once for a spanning cell
                            cell_format = cell.format().toTableCellFormat()
                            _scale_lengths(cell_format, _CELL_LENGTHS, ratio)
                            cell.setFormat(cell_format)
        document.setIndentWidth(round(em * INDENT_EM))
        if with_images:
            # Icons in lines of text are as tall as the letters: as tall as the letters now.
            lay_out_images(document, font, em)
        self.scale = scale
        self.em = em
        self.leading = leading


def lay_out_images(document: QTextDocument, font: QFont, em: float) -> None:
    """Images in paragraphs of their own, captions close below them, icons as tall as the letters."""
    pictures.lay_out_images(document, font, round(IMAGE_CAPTION_GAP_EM * em))


def _scale_lengths(text_format: QTextFormat, names: tuple[str, ...], ratio: float) -> None:
    for name in names:
        value = getattr(text_format, name)()
        if value:
            setter = getattr(text_format, "set" + name[0].upper() + name[1:])
            setter(value * ratio)


def _frames(frame: QTextFrame) -> Iterator[QTextFrame]:
    """Every frame inside `frame` (tables included), nested ones too."""
    for child in frame.childFrames():
        yield child
        yield from _frames(child)


@functools.cache
def _reader_css() -> str:
    return resource_text("reader.css")
