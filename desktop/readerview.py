"""The reading pane: one library article in a calm column, with font scale, themes, read mode and progress."""

from __future__ import annotations

import logging
import math
from urllib.parse import urldefrag

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QFont,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractSlider, QFrame, QTextBrowser, QTextEdit, QWidget

from desktop import dialogs
from desktop.look import (
    DEFAULT_LINE_SPACING,
    DEFAULT_SCALE,
    MAX_SCALE,
    MIN_SCALE,
    TYPEFACES,
    Look,
    body_font,
    clamp_line_spacing,
    clamp_scale,
    next_zoom_step,
    previous_zoom_step,
)
from desktop.pages import article_page, message_page
from desktop.reader_images import ArticleImages, ImageSource
from desktop.reader_page import PageStyle, column_geometry, lay_out_images, page_margin
from desktop.reader_relayout import Relayout, anchor_position
from desktop.themes import THEMES, effective_theme, page_palette, theme_colours
from library.records import StoredArticle

log = logging.getLogger("reader.view")

# The body text at 100%: 12 pt is about 16 px on a standard screen, where reading views settle.
BASE_POINT_SIZE = 12.0
# Spacing written in em follows the text size this long after the last zoom step, so zooming stays instant.
RESTYLE_DELAY_MS = 250
# Images are re-fitted this long after the column stops changing width (window resizing).
REFIT_DELAY_MS = 150

# No caret while reading (as in a browser); one appears when the reader selects with the keyboard.
CARET_WIDTH = 1
_KEYPAD = Qt.KeyboardModifier.KeypadModifier
_READING_KEYS = {
    Qt.Key.Key_Up: QAbstractSlider.SliderAction.SliderSingleStepSub,
    Qt.Key.Key_Down: QAbstractSlider.SliderAction.SliderSingleStepAdd,
    Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
    Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
    Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
    Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum,
}


class ReaderView(QTextBrowser):
    """The reading pane: title, byline, site, date and reading time above the article, in a centred column.

    Images come only from the library (`images(article_id, sha256)`); nothing is
    read from the network or from files. Web links open in the system browser,
    in-page links scroll. Font scale, theme, typeface, line spacing and read mode
    change the look without extracting anything again; the line at the top of the
    page stays at the top through every change.

    Signals:
        progress_changed(float): the reader scrolled the article; how far down it is (0..1).
        font_scale_changed(int): the font scale changed (percent), by a call, the zoom keys or Ctrl+wheel.
    """

    progress_changed = Signal(float)
    font_scale_changed = Signal(int)

    MIN_SCALE, MAX_SCALE, DEFAULT_SCALE = MIN_SCALE, MAX_SCALE, DEFAULT_SCALE

    def __init__(self, images: ImageSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._images = ArticleImages(images)
        self._article_id: int | None = None
        self._article_url: str | None = None
        self._page = ""
        self._scale = self.DEFAULT_SCALE
        self._theme = "system"
        self._applied_theme = ""
        self._typeface = "serif"
        self._line_spacing = DEFAULT_LINE_SPACING
        self._read_mode = False
        self._text_width = 0
        self._style = PageStyle(self._scale)
        self._images_fitted_to = 0
        # The line being read stays in place through every change of the layout.
        self._relayout = Relayout(self)
        self._relayout.unfolded.connect(self._report_progress)
        self._adjusting_column = False
        self._reported_progress = -1.0
        self._wheel_remainder = 0

        self._restyle_timer = QTimer(self)
        self._restyle_timer.setSingleShot(True)
        self._restyle_timer.setInterval(RESTYLE_DELAY_MS)
        self._restyle_timer.timeout.connect(self._restyle_for_scale)
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(REFIT_DELAY_MS)
        self._refit_timer.timeout.connect(self._refit_images)

        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setCursorWidth(0)
        # The column's width is ours to set; the space beside it is the widget's own, painted like the page.
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        # Lines wrap in the column and images fit it; a table's borders can still stand out a pixel
        # or two, which is no reason for a scroll bar across the page.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.document().setDocumentMargin(self._page_margin())

        self.anchorClicked.connect(self._follow_link)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

        self.setFont(self._body_font())
        self._apply_palette()
        self._update_column()

    # -- what is shown -----------------------------------------------------------------

    def show_article(self, stored: StoredArticle) -> None:
        """Show `stored` from its top: the header (section, title, byline, site, date, reading time), then the body."""
        self._article_id = stored.id
        self._article_url = stored.article.url
        self._page = article_page(stored)
        self._images.show(stored.id, self._page)
        self._render(None, new_page=True)

    def show_message(self, title: str, html_body: str) -> None:
        """Show a page of the application's own (the welcome page, "not downloaded yet"); `html_body` is trusted HTML."""
        self._article_id = None
        self._article_url = None
        self._page = message_page(title, html_body)
        self._images.show(None, self._page)
        self._render(None, new_page=True)

    def set_image_source(self, images: ImageSource) -> None:
        """Take images from `images` from now on (another library was opened)."""
        self._images.set_source(images)

    def current_article_id(self) -> int | None:
        """The id of the article shown, or None for a message page or nothing."""
        return self._article_id

    # -- font scale --------------------------------------------------------------------

    def font_scale(self) -> int:
        """The text size in percent of the default (100)."""
        return self._scale

    def set_font_scale(self, percent: int) -> None:
        """Make the text `percent` of its default size, clamped to 50..300; the line at the top stays there."""
        percent = clamp_scale(percent)
        if percent == self._scale:
            return
        self._scale = percent
        # Only the document's font and width change: the page is not parsed or styled again.
        self._relayout.relayout(self._reading_anchor(), self._apply_body_font)
        if self._page:
            # The spacing and the progress follow once the reader stops zooming.
            self._restyle_timer.start()
            self._refit_timer.start()
        self.font_scale_changed.emit(percent)

    def zoom_in(self) -> None:
        """One step larger (50, 67, 75, 80, 90, 100, 110, 120, 133, 150, 170, 200, 240, 300)."""
        self.set_font_scale(next_zoom_step(self._scale))

    def zoom_out(self) -> None:
        """One step smaller."""
        self.set_font_scale(previous_zoom_step(self._scale))

    def reset_zoom(self) -> None:
        """Back to 100%."""
        self.set_font_scale(self.DEFAULT_SCALE)

    # -- look --------------------------------------------------------------------------

    def theme(self) -> str:
        return self._theme

    def set_theme(self, theme: str) -> None:
        """Colour the page: "system" (light or dark, as the palette is), "light", "sepia" or "dark".

        Raises:
            ValueError: `theme` is none of those.
        """
        if theme not in THEMES:
            raise ValueError(f"no such reading theme: {theme!r} (system, light, sepia or dark)")
        self._theme = theme
        self._follow_theme()

    def effective_theme(self) -> str:
        """The theme in use: "system" resolved to "light" or "dark" by the application palette."""
        return effective_theme(self._theme)

    def typeface(self) -> str:
        return self._typeface

    def set_typeface(self, typeface: str) -> None:
        """Set the body text in "serif" or "sans".

        Raises:
            ValueError: `typeface` is neither.
        """
        if typeface not in TYPEFACES:
            raise ValueError(f"no such typeface: {typeface!r} (serif or sans)")
        if typeface == self._typeface:
            return
        anchor = self._reading_anchor()
        self._typeface = typeface
        with self._relayout.quietly():
            self._update_column()
            self.setFont(self._body_font())
        # The spacing in em and the line height follow the new font's measurements.
        self._render(anchor)

    def line_spacing(self) -> float:
        return self._line_spacing

    def set_line_spacing(self, factor: float) -> None:
        """Space lines `factor` times the text size apart, as CSS line-height does (clamped to 1.2..2.2)."""
        factor = clamp_line_spacing(factor)
        if factor == self._line_spacing:
            return
        self._line_spacing = factor
        self._render(self._reading_anchor())

    def apply_look(self, look: Look) -> None:
        """Take on every value of `look`; only what differs from now is done again."""
        self.set_theme(look.theme)
        self.set_typeface(look.typeface)
        self.set_line_spacing(look.line_spacing)
        self.set_read_mode(look.read_mode)
        self.set_font_scale(look.font_scale)

    def is_read_mode(self) -> bool:
        return self._read_mode

    def set_read_mode(self, on: bool) -> None:
        """Read mode: a centred column of comfortable measure (about 66 characters) with generous margins."""
        if on == self._read_mode:
            return
        self._read_mode = on

        def change_column() -> None:
            self.document().setDocumentMargin(self._page_margin())
            self._update_column()

        self._relayout.relayout(self._reading_anchor(), change_column)
        self._refit_timer.start()
        if self._page:
            self._restyle_timer.start()

    def text_width(self) -> int:
        """The width of the text column in pixels (lines of body text are at most this long)."""
        return self._text_width

    def settle(self) -> None:
        """Finish the work kept back while the reader zooms or resizes (before a screenshot, for instance)."""
        if self._restyle_timer.isActive():
            self._restyle_timer.stop()
            self._restyle_for_scale()
        if self._refit_timer.isActive():
            self._refit_timer.stop()
            self._refit_images()
        if self._relayout.is_folded():
            self._relayout.unfold_all()
            self._report_progress()

    # -- reading progress --------------------------------------------------------------

    def progress(self) -> float:
        """How far down the article the page is: 0 at the top, 1 at the end."""
        value = self.verticalScrollBar().value()
        if value <= 0 and not self._relayout.is_folded():
            return 0.0  # without laying out the whole page to know its height
        maximum = self._relayout.scroll_maximum()
        if maximum <= 0:
            return 0.0
        return min(1.0, max(0.0, self.verticalScrollBar().value() / maximum))

    def restore_progress(self, progress: float) -> None:
        """Scroll to `progress` (0..1) of the article, as `progress()` reported it earlier."""
        progress = min(1.0, max(0.0, progress)) if math.isfinite(progress) else 0.0
        with self._relayout.quietly():
            if progress == 0.0 and not self._relayout.is_folded():
                # The top needs no layout of the rest of the page: Qt lays it out while the reader reads.
                self.verticalScrollBar().setValue(0)
                return
            maximum = self._relayout.scroll_maximum()
            bar = self.verticalScrollBar()
            bar.setRange(0, maximum)
            bar.setValue(round(progress * maximum))

    # -- resources and links -----------------------------------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Images of the current article from the library, fitted to the column, and placeholders for
        those still to be downloaded; nothing else, from nowhere."""
        name = QUrl(name) if isinstance(name, str) else name
        if int(type) != int(QTextDocument.ResourceType.ImageResource.value) or self._article_id is None:
            return None
        return self._fitted_image(name.toString())

    def _fitted_image(self, address: str) -> QImage | None:
        colours = theme_colours(self._applied_theme)
        return self._images.fitted(
            address, self._text_width, colours["background"], colours["text"], self.font(),
            self.devicePixelRatioF(),
        )  # fmt: skip

    def _follow_link(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if url.hasFragment() and ((not scheme and not url.path()) or self._is_this_article(url)):
            # Footnotes and tables of contents point into the article itself.
            self.scroll_to_anchor(url.fragment(QUrl.ComponentFormattingOption.FullyDecoded))
        elif scheme in {"http", "https", "mailto"}:
            dialogs.open_url(url)
        else:
            log.info("link not followed: %s", url.toString()[:200])

    def scroll_to_anchor(self, name: str) -> bool:
        """Bring the element named `name` (an id or <a name>) to the top of the page; False when there is none."""
        # QTextEdit.scrollToAnchor() finds nothing while the caret is hidden (width 0).
        self._relayout.unfold_all()
        position = anchor_position(self.document(), name)
        if position is None:
            return False
        self._relayout.scroll_to(position)
        return True

    def _is_this_article(self, url: QUrl) -> bool:
        own = self._article_url
        return own is not None and urldefrag(url.toString()).url == urldefrag(own).url

    # -- events ------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # Touchpads send small steps: a notch of a mouse wheel is 120.
            self._wheel_remainder += event.angleDelta().y()
            percent = self._scale
            # A fast turn brings several notches at once: one change of size for all of them.
            while self._wheel_remainder >= 120:
                self._wheel_remainder -= 120
                percent = next_zoom_step(percent)
            while self._wheel_remainder <= -120:
                self._wheel_remainder += 120
                percent = previous_zoom_step(percent)
            self.set_font_scale(percent)
            event.accept()
            return
        self._wheel_remainder = 0
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (control and event.key() == Qt.Key.Key_Equal):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif control and event.key() == Qt.Key.Key_0:
            self.reset_zoom()
        elif event.key() in _READING_KEYS and self.cursorWidth() == 0 and not event.modifiers() & ~_KEYPAD:
            # Reading, not editing: the arrows, Home and End move the page, as in a browser.
            self.verticalScrollBar().triggerAction(_READING_KEYS[Qt.Key(event.key())])
        else:
            if event.key() in _READING_KEYS and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._show_caret()
            super().keyPressEvent(event)
            return
        event.accept()

    def _show_caret(self) -> None:
        """Selecting with the keyboard starts where the reader is: a caret appears at the top of the page."""
        if self.cursorWidth() > 0:
            return
        cursor = self.textCursor()
        if not self.viewport().rect().intersects(self.cursorRect(cursor)):
            cursor = self.cursorForPosition(QPoint(round(self.document().documentMargin()), 1))
            cursor.movePosition(QTextCursor.MoveOperation.StartOfLine)
            self.setTextCursor(cursor)
        self.setCursorWidth(CARET_WIDTH)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The scroll area passes on its viewport's resizes, the ones the window causes and our own.
        if self._adjusting_column:
            super().resizeEvent(event)
            return
        anchor = self._reading_anchor()
        super().resizeEvent(event)
        self._fit_column(anchor)

    def showEvent(self, event: QShowEvent) -> None:
        anchor = self._reading_anchor()
        # QTextEdit scrolls its text cursor into view here, back at the top of the page: the place
        # being read is put back below. The scroll bar's width is known only once the style has
        # polished the widget, so the column is fitted again too.
        super().showEvent(event)
        self._fit_column(anchor)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # The desktop switched between light and dark: "system" follows it.
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.ThemeChange):
            self._follow_theme()
        return handled

    # -- internals ---------------------------------------------------------------------

    def _scrolled(self, _value: int) -> None:
        if not self._relayout.is_quiet():
            self._report_progress()

    def _report_progress(self) -> None:
        # Hidden text makes the scroll bar lie; the progress is told once it is shown again.
        if self._article_id is None or self._relayout.is_folded():
            return
        progress = self.progress()
        # A thousandth is finer than anyone can tell; scrolling would otherwise report every pixel.
        if abs(progress - self._reported_progress) < 0.001 and progress not in (0.0, 1.0):
            return
        if progress != self._reported_progress:
            self._reported_progress = progress
            self.progress_changed.emit(progress)

    def _body_font(self) -> QFont:
        return body_font(self._typeface, BASE_POINT_SIZE * self._scale / 100, self.font())

    def _apply_body_font(self) -> None:
        self._update_column()
        self.setFont(self._body_font())

    def _em_px(self, font: QFont | None = None) -> float:
        """The body text size in pixels: what an em in reader.css means."""
        font = font or self.font()
        return font.pointSizeF() * self.logicalDpiY() / 72

    def _page_margin(self) -> int:
        return page_margin(self._read_mode)

    def _column_geometry(self) -> tuple[int, int, int]:
        """The text column's width, the page's width (column and margins) and the space beside the page."""
        # The font to be, not the widget's: this also runs inside setFont() and resize events.
        font = self._body_font()
        bar = self.verticalScrollBar()
        always_off = self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        available = self.contentsRect().width() - (0 if always_off else bar.sizeHint().width())
        return column_geometry(font, available, read_mode=self._read_mode)

    def _fit_column(self, anchor: int | None) -> None:
        """Fit the column to the widget's size now, keeping the line at text position `anchor` at the top."""
        if self._column_geometry()[0] != self._text_width:
            self._relayout.relayout(anchor, self._update_column)
            return
        # Only the space beside the column changed: nothing to lay out again.
        self._update_column()
        if anchor is not None:
            with self._relayout.quietly():
                self._relayout.scroll_to(anchor)

    def _update_column(self) -> bool:
        """Centre a column of comfortable measure for the text as it is to be; True when its width changed."""
        text_width, page_width, side = self._column_geometry()
        changed = text_width != self._text_width
        self._text_width = text_width
        self._adjusting_column = True
        try:
            if self.viewportMargins().left() != side:
                self.setViewportMargins(side, 0, side, 0)
            if self.lineWrapColumnOrWidth() != page_width:
                self.setLineWrapColumnOrWidth(page_width)
        finally:
            self._adjusting_column = False
        if changed and self._images.addresses:
            self._refit_timer.start()
        return changed

    def _follow_theme(self) -> None:
        """Recolour the page when the theme in use changed (also when "system" turned light or dark)."""
        if self.effective_theme() == self._applied_theme:
            return
        self._apply_palette()
        if self._page:
            self._render(self._reading_anchor())

    def _apply_palette(self) -> None:
        self._applied_theme = self.effective_theme()
        self.setPalette(page_palette(self.palette(), self._applied_theme))

    def _render(self, anchor: int | None, *, new_page: bool = False) -> None:
        """Lay the page out with the current style, with the text at `anchor` at the top (None: the top)."""
        if new_page:
            self._reported_progress = -1.0
            self.setCursorWidth(0)
        self._restyle_timer.stop()
        self._relayout.forget()
        with self._relayout.quietly():
            self.clear()
            document = self.document()
            self._style.prepare(
                document, self.font(), self._em_px(), self._scale, self._applied_theme, self._line_spacing
            )
            document.setDocumentMargin(self._page_margin())
            self._images_fitted_to = self._text_width
            self.setHtml(self._page)
            if self._images.addresses:
                lay_out_images(document, self.font(), self._em_px())
            if anchor is not None:
                self._relayout.scroll_to(anchor)
            else:
                self.verticalScrollBar().setValue(0)

    def _restyle_for_scale(self) -> None:
        """The reader stopped zooming: the spacing follows the text size, and the progress is told."""
        if self._page and self._style.scale != self._scale:
            self._relayout.relayout(self._reading_anchor(), self._rescale_spacing)
        # At once, or once the text above the reader is shown again.
        self._report_progress()

    def _rescale_spacing(self) -> None:
        """Make the spacing that reader.css writes in em fit the text size now, in place."""
        self._style.rescale(
            self.document(), self.font(), self._em_px(), self._scale, self._line_spacing,
            with_images=bool(self._images.addresses),
        )  # fmt: skip

    def _refit_images(self) -> None:
        """Fit the article's images to a column that changed width (larger, up to their own size)."""
        if (
            self._article_id is None
            or not self._images.addresses
            or self._images_fitted_to == self._text_width
        ):
            return
        document = self.document()

        def replace_images() -> None:
            for address in self._images.addresses:
                image = self._fitted_image(address)
                if image is not None:
                    url = QUrl(address)
                    document.addResource(int(QTextDocument.ResourceType.ImageResource.value), url, image)
            self._images_fitted_to = self._text_width

        self._relayout.relayout(self._reading_anchor(), replace_images)

    def _reading_anchor(self) -> int | None:
        """The text position at the top of the page, or None at the very top (which stays the top)."""
        return self._relayout.anchor(self._text_width) if self._page else None
