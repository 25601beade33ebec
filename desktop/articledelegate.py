"""How list rows are painted: an article (title, site · date · minutes, star, unread dot) and a sidebar view."""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPolygonF,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.articlemodel import ArticleListModel
from desktop.sidebarmodel import FIRST_TAG_ROW, HIGHLIGHTS_ROW, SidebarModel

AnyIndex = QModelIndex | QPersistentModelIndex

# Spacing in device-independent pixels; Qt scales them on high-DPI screens.
PADDING_X = 14
PADDING_Y = 9
LINE_GAP = 3
DOT_SIZE = 8
STAR_SIZE = 13
SNIPPET_LINES = 2

# Warm gold reads as "favourite" on light and dark backgrounds alike.
STAR_COLOR = QColor("#e0a100")
# A failed download is a problem to notice; a muted red stays legible on light and dark rows.
FAILED_COLOR = QColor("#c8553d")


def draw_row_background(
    delegate: QStyledItemDelegate,
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: AnyIndex,
    rect: QRect,
) -> None:
    """Let the style draw a row's background, selection and focus in `rect`; the text is the delegate's."""
    background = QStyleOptionViewItem(option)
    delegate.initStyleOption(background, index)
    background.text = ""
    background.rect = rect
    style = option.widget.style() if option.widget is not None else None
    if style is not None:
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget)


def row_colours(option: QStyleOptionViewItem) -> tuple[bool, QColor, QColor]:
    """Whether the row is selected, and its text and background colours."""
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    palette = option.palette
    text = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
    return selected, text, base


def _mix(one: QColor, other: QColor, amount: float) -> QColor:
    """`one` moved `amount` (0..1) of the way towards `other`: a muted text colour that suits any palette."""
    return QColor(
        round(one.red() + (other.red() - one.red()) * amount),
        round(one.green() + (other.green() - one.green()) * amount),
        round(one.blue() + (other.blue() - one.blue()) * amount),
    )


def _star(center: QPointF, radius: float) -> QPolygonF:
    points = []
    for corner in range(10):
        length = radius if corner % 2 == 0 else radius * 0.45
        angle = math.pi / 5 * corner - math.pi / 2
        points.append(QPointF(center.x() + length * math.cos(angle), center.y() + length * math.sin(angle)))
    return QPolygonF(points)


class ArticleDelegate(QStyledItemDelegate):
    """Paints an article row: a bold title while unread, a details line, and a snippet for search hits."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.05 if base.pointSizeF() > 0 else 10.5)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.9 if base.pointSizeF() > 0 else 9)
        return base, title, small

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        _base, title_font, small = self._fonts(option)
        bold = QFont(title_font)
        bold.setBold(True)
        height = PADDING_Y * 2 + QFontMetrics(bold).height() + LINE_GAP + QFontMetrics(small).height()
        if index.data(ArticleListModel.SnippetRole):
            height += LINE_GAP + QFontMetrics(small).lineSpacing() * SNIPPET_LINES
        return QSize(240, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        try:
            self._paint(painter, option, index)
        finally:
            painter.restore()

    def _paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        draw_row_background(self, painter, option, index, option.rect)
        selected, text_color, base_color = row_colours(option)
        palette = option.palette
        muted = _mix(text_color, base_color, 0.38)
        _base, title_font, small = self._fonts(option)
        unread = bool(index.data(ArticleListModel.UnreadRole))
        favorite = bool(index.data(ArticleListModel.FavoriteRole))
        if unread:
            title_font.setBold(True)

        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect: QRect = option.rect
        left = rect.left() + PADDING_X + DOT_SIZE + 8
        right = rect.right() - PADDING_X - (STAR_SIZE + 8 if favorite else 0)
        title_metrics = QFontMetrics(title_font)
        top = rect.top() + PADDING_Y

        if unread:
            dot_color = text_color if selected else palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(dot_color)
            center_y = top + title_metrics.height() / 2
            painter.drawEllipse(QRectF(rect.left() + PADDING_X, center_y - DOT_SIZE / 2, DOT_SIZE, DOT_SIZE))
        if favorite:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(text_color if selected else STAR_COLOR)
            center = QPointF(rect.right() - PADDING_X - STAR_SIZE / 2, top + title_metrics.height() / 2)
            painter.drawPolygon(_star(center, STAR_SIZE / 2))

        title = str(index.data(ArticleListModel.TitleRole) or "")
        painter.setFont(title_font)
        painter.setPen(text_color)
        width = max(0, right - left)
        painter.drawText(
            QRect(left, top, width, title_metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, width),
        )
        top += title_metrics.height() + LINE_GAP

        details = [
            str(index.data(ArticleListModel.SiteRole) or ""),
            str(index.data(ArticleListModel.DateRole) or ""),
        ]
        minutes = int(index.data(ArticleListModel.ReadingMinutesRole) or 0)
        if minutes:
            details.append(f"{minutes} min")
        line = " · ".join(d for d in details if d)
        note = str(index.data(ArticleListModel.StatusNoteRole) or "")
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        details_width = max(0, rect.right() - PADDING_X - left)
        if note:
            # The note matters more than the details: it says why the article will not open.
            italic = QFont(small)
            italic.setItalic(True)
            italic_metrics = QFontMetrics(italic)
            separator = "  " if line else ""
            note_width = min(italic_metrics.horizontalAdvance(separator + note) + 2, details_width)
            line_width = max(0, details_width - note_width)
            painter.setPen(muted)
            painter.drawText(
                QRect(left, top, line_width, small_metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                small_metrics.elidedText(line, Qt.TextElideMode.ElideRight, line_width),
            )
            failed = note != "not downloaded"
            painter.setFont(italic)
            painter.setPen(text_color if selected else FAILED_COLOR if failed else muted)
            used = min(small_metrics.horizontalAdvance(line), line_width)
            painter.drawText(
                QRect(left + used, top, note_width, small_metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                italic_metrics.elidedText(separator + note, Qt.TextElideMode.ElideRight, note_width),
            )
        else:
            painter.setPen(muted)
            painter.drawText(
                QRect(left, top, details_width, small_metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                small_metrics.elidedText(line, Qt.TextElideMode.ElideRight, details_width),
            )
        top += small_metrics.height() + LINE_GAP

        snippet = str(index.data(ArticleListModel.SnippetRole) or "")
        if snippet:
            self._paint_snippet(painter, snippet, small, text_color, QRect(left, top, details_width, 0))

    def _paint_snippet(self, painter: QPainter, html: str, font: QFont, color: QColor, area: QRect) -> None:
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(font)
        document.setHtml(html)
        document.setTextWidth(area.width())
        height = QFontMetrics(font).lineSpacing() * SNIPPET_LINES
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, color)
        context.clip = QRectF(0, 0, area.width(), height)
        painter.translate(area.left(), area.top())
        painter.setClipRect(context.clip)
        document.documentLayout().draw(painter, context)


class SidebarDelegate(QStyledItemDelegate):
    """Paints a sidebar view: its name, and its count in a muted colour at the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        height = QFontMetrics(option.font).height() + 12
        # A little air above Highlights and above the first tag separates them from the views.
        if index.row() == HIGHLIGHTS_ROW or (
            index.row() == FIRST_TAG_ROW and bool(index.data(SidebarModel.IsTagRole))
        ):
            height += 10
        return QSize(120, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        try:
            extra = self.sizeHint(option, index).height() - (QFontMetrics(option.font).height() + 12)
            row = option.rect.adjusted(0, extra, 0, 0)
            draw_row_background(self, painter, option, index, row)
            _selected, text_color, base_color = row_colours(option)
            rect = row.adjusted(12, 0, -12, 0)
            number = index.data(SidebarModel.CountRole)
            count = "" if number is None else f"{number:,}"
            metrics = QFontMetrics(option.font)
            count_width = metrics.horizontalAdvance(count) + 8
            painter.setFont(option.font)
            painter.setPen(_mix(text_color, base_color, 0.4))
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), count)
            label = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if bool(index.data(SidebarModel.IsTagRole)):
                label = f"# {label}"
            painter.setPen(text_color)
            label_rect = rect.adjusted(0, 0, -count_width, 0)
            painter.drawText(
                label_rect,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_rect.width()),
            )
        finally:
            painter.restore()
