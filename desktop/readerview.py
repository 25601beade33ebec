"""The reading pane: one library article in a calm column, with font scale, themes, read mode and progress."""

from __future__ import annotations

import contextlib
import functools
import html
import logging
import math
import re
from collections.abc import Callable, Iterator
from urllib.parse import urldefrag

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractSlider, QFrame, QTextBrowser, QTextEdit, QWidget

from desktop import dialogs, pictures
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
from desktop.pages import PAGE_IMAGE, article_page, message_page
from desktop.themes import THEMES, effective_theme, theme_colours, theme_sheet
from library.errors import ReaderError
from library.records import StoredArticle
from resources import resource_text

log = logging.getLogger("reader.view")

ImageSource = Callable[[int, str], tuple[bytes, str] | None]

# The body text at 100%: 12 pt is about 16 px on a standard screen, where reading views settle.
BASE_POINT_SIZE = 12.0
# Characters a line: read mode's comfortable measure, and a looser cap for the pane beside the list.
READ_MODE_MEASURE = 66
NORMAL_MEASURE = 80
# The page's margin (px) around the text on every side, so also the least space beside the column.
READ_MODE_MARGIN, NORMAL_MARGIN = 48, 24
# Lists are indented this many em a level.
INDENT_EM = 1.8
# The narrowest column worth laying out, however small the window.
MIN_TEXT_WIDTH = 120
# Spacing written in em follows the text size this long after the last zoom step, so zooming stays instant.
RESTYLE_DELAY_MS = 250
# Laying text out costs about 0.35 ms per thousand characters. After a change of size or width, the
# text above the paragraph being read is hidden while the page is laid out again when it is longer
# than this, and shown again in steps of UNFOLD_CHARACTERS once the page is on screen.
FOLD_MIN_CHARACTERS = 16_000
UNFOLD_CHARACTERS = 12_000
# Between an image and its caption: close enough to read as one.
IMAGE_CAPTION_GAP_EM = 0.35
# Images are re-fitted this long after the column stops changing width (window resizing).
REFIT_DELAY_MS = 150

_EM_LENGTH = re.compile(r"(?<![\w.#-])(\d*\.?\d+)em\b")

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
        self._images = images
        self._article_id: int | None = None
        self._article_url: str | None = None
        self._page = ""
        self._library_images: list[str] = []
        self._fitted: dict[str, tuple[int, QImage]] = {}
        self._scale = self.DEFAULT_SCALE
        self._theme = "system"
        self._applied_theme = ""
        self._typeface = "serif"
        self._line_spacing = DEFAULT_LINE_SPACING
        self._read_mode = False
        self._text_width = 0
        self._styled_scale = self._scale
        self._styled_em = 0.0
        self._leading = 0
        self._images_fitted_to = 0
        # While the text above the place being read is hidden: the first block shown, and the block
        # that must stay where it is on the screen with its distance from the top of the page.
        self._fold_front: int | None = None
        self._fold_hold: tuple[int, float, int] | None = None
        # How far down the page is surely laid out while text is hidden.
        self._laid_out_to = 0
        self._quiet = 0
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
        self._unfold_timer = QTimer(self)
        self._unfold_timer.setSingleShot(True)
        self._unfold_timer.setInterval(0)
        self._unfold_timer.timeout.connect(self._unfold_some)

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
        # Qt reads the page's addresses with the HTML entities resolved; so are they kept here.
        self._library_images = list(
            dict.fromkeys(html.unescape(url) for url in PAGE_IMAGE.findall(self._page))
        )
        self._fitted.clear()
        self._render(None, new_page=True)

    def show_message(self, title: str, html_body: str) -> None:
        """Show a page of the application's own (the welcome page, "not downloaded yet"); `html_body` is trusted HTML."""
        self._article_id = None
        self._article_url = None
        self._page = message_page(title, html_body)
        self._library_images = []
        self._fitted.clear()
        self._render(None, new_page=True)

    def set_image_source(self, images: ImageSource) -> None:
        """Take images from `images` from now on (another library was opened)."""
        self._images = images
        self._fitted.clear()

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
        self._relayout(self._reading_anchor(), self._apply_body_font)
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
        with self._quietly():
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

        self._relayout(self._reading_anchor(), change_column)
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
        if self._fold_front is not None:
            self._unfold_all()
            self._report_progress()

    # -- reading progress --------------------------------------------------------------

    def progress(self) -> float:
        """How far down the article the page is: 0 at the top, 1 at the end."""
        value = self.verticalScrollBar().value()
        if value <= 0 and self._fold_front is None:
            return 0.0  # without laying out the whole page to know its height
        maximum = self._scroll_maximum()
        if maximum <= 0:
            return 0.0
        return min(1.0, max(0.0, self.verticalScrollBar().value() / maximum))

    def restore_progress(self, progress: float) -> None:
        """Scroll to `progress` (0..1) of the article, as `progress()` reported it earlier."""
        progress = min(1.0, max(0.0, progress)) if math.isfinite(progress) else 0.0
        with self._quietly():
            if progress == 0.0 and self._fold_front is None:
                # The top needs no layout of the rest of the page: Qt lays it out while the reader reads.
                self.verticalScrollBar().setValue(0)
                return
            maximum = self._scroll_maximum()
            bar = self.verticalScrollBar()
            bar.setRange(0, maximum)
            bar.setValue(round(progress * maximum))

    def _scroll_maximum(self) -> int:
        """The scroll bar's range once the whole page is laid out (Qt lays out the end of a page lazily)."""
        self._unfold_all()
        height = self.document().documentLayout().documentSize().height()
        return max(0, math.ceil(height) - self.viewport().height())

    # -- resources and links -----------------------------------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Images of the current article from the library, fitted to the column, and placeholders for
        those still to be downloaded; nothing else, from nowhere."""
        name = QUrl(name) if isinstance(name, str) else name
        if int(type) != int(QTextDocument.ResourceType.ImageResource.value) or self._article_id is None:
            return None
        return self._fitted_image(name.toString())

    def _fitted_image(self, address: str) -> QImage | None:
        cached = self._fitted.get(address)
        if cached is not None and cached[0] == self._text_width:
            return cached[1]
        request = pictures.parse_request(QUrl(address))
        if request is None or self._article_id is None:
            return None
        if request.scheme == pictures.PLACEHOLDER_SCHEME:
            colours = theme_colours(self._applied_theme)
            image = pictures.placeholder(
                request, self._text_width, colours["background"], colours["text"], self.font(),
                self.devicePixelRatioF(),
            )  # fmt: skip
        else:
            decoded = self._library_image(request.key)
            if decoded is None:
                return None
            image = pictures.fit(decoded, request, self._text_width, self.devicePixelRatioF())
        self._fitted[address] = (self._text_width, image)
        return image

    def _library_image(self, sha256: str) -> QImage | None:
        assert self._article_id is not None
        try:
            found = self._images(self._article_id, sha256)
        except ReaderError as error:
            log.warning("image %s of article %s left out: %s", sha256[:12], self._article_id, error)
            return None
        if found is None:
            log.info("image %s of article %s is not in the library", sha256[:12], self._article_id)
            return None
        data, mime = found
        # A PNG that is broken from its first chunk on: libpng would print its complaint to the terminal.
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] != b"IHDR":
            log.info("image %s of article %s is not a readable PNG", sha256[:12], self._article_id)
            return None
        image = QImage.fromData(data)
        if image.isNull():
            log.info("image %s of article %s cannot be decoded (%s)", sha256[:12], self._article_id, mime)
            return None
        return image

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
        self._unfold_all()
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if name in fragment.charFormat().anchorNames():
                    self._scroll_to_position(fragment.position())
                    return True
                fragments += 1
            block = block.next()
        return False

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

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """Scrolling done inside is ours, not the reader's: it reports no progress."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _scrolled(self, _value: int) -> None:
        if not self._quiet:
            self._report_progress()

    def _report_progress(self) -> None:
        # Hidden text makes the scroll bar lie; the progress is told once it is shown again.
        if self._article_id is None or self._fold_front is not None:
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
        return READ_MODE_MARGIN if self._read_mode else NORMAL_MARGIN

    def _column_geometry(self) -> tuple[int, int, int]:
        """The text column's width, the page's width (column and margins) and the space beside the page."""
        # The font to be, not the widget's: this also runs inside setFont() and resize events.
        font = self._body_font()
        bar = self.verticalScrollBar()
        always_off = self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        available = self.contentsRect().width() - (0 if always_off else bar.sizeHint().width())
        margin = self._page_margin()
        measure = (READ_MODE_MEASURE if self._read_mode else NORMAL_MEASURE) * QFontMetricsF(
            font
        ).averageCharWidth()
        text_width = max(MIN_TEXT_WIDTH, math.floor(min(measure, available - 2 * margin)))
        # The page is the text and its margins; what is left of the window is split evenly beside it.
        page_width = text_width + 2 * margin
        return text_width, page_width, max(0, (available - page_width) // 2)

    def _fit_column(self, anchor: int | None) -> None:
        """Fit the column to the widget's size now, keeping the line at text position `anchor` at the top."""
        if self._column_geometry()[0] != self._text_width:
            self._relayout(anchor, self._update_column)
            return
        # Only the space beside the column changed: nothing to lay out again.
        self._update_column()
        if anchor is not None:
            with self._quietly():
                self._scroll_to_position(anchor)

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
        if changed and self._library_images:
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
        colours = theme_colours(self._applied_theme)
        palette = QPalette(self.palette())
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Base, colours["background"])
            palette.setColor(group, QPalette.ColorRole.Window, colours["background"])
            palette.setColor(group, QPalette.ColorRole.Text, colours["text"])
            palette.setColor(group, QPalette.ColorRole.Highlight, colours["selection"])
            palette.setColor(group, QPalette.ColorRole.HighlightedText, colours["selected_text"])
        self.setPalette(palette)

    def _stylesheet(self) -> str:
        font = self.font()
        em = self._em_px(font)
        layout = _EM_LENGTH.sub(lambda m: f"{round(float(m.group(1)) * em)}px", _reader_css())
        colours = theme_sheet(self._applied_theme)
        # Qt's percentage line-height is of the font's own line height, not of its size as in CSS.
        leading = self._leading_percent(font)
        spacing = f"p, li, dd, dt, blockquote, td, th, div {{ line-height: {leading}%; }}\n"
        return f"{layout}\n{colours}\n{spacing}"

    def _render(self, anchor: int | None, *, new_page: bool = False) -> None:
        """Lay the page out with the current style, with the text at `anchor` at the top (None: the top)."""
        if new_page:
            self._reported_progress = -1.0
            self.setCursorWidth(0)
        self._restyle_timer.stop()
        self._unfold_timer.stop()
        self._fold_front = self._fold_hold = None
        with self._quietly():
            # Settings that lay the document out again cost nothing on an empty one.
            self.clear()
            document = self.document()
            document.setDefaultStyleSheet(self._stylesheet())
            document.setIndentWidth(round(self._em_px() * INDENT_EM))
            document.setDocumentMargin(self._page_margin())
            self._styled_scale = self._scale
            self._styled_em = self._em_px()
            self._leading = self._leading_percent(self.font())
            self._images_fitted_to = self._text_width
            self.setHtml(self._page)
            if self._library_images:
                pictures.lay_out_images(document, self.font(), round(IMAGE_CAPTION_GAP_EM * self._em_px()))
            if anchor is not None:
                self._scroll_to_position(anchor)
            else:
                self.verticalScrollBar().setValue(0)

    def _restyle_for_scale(self) -> None:
        """The reader stopped zooming: the spacing follows the text size, and the progress is told."""
        if self._page and self._styled_scale != self._scale:
            self._relayout(self._reading_anchor(), self._rescale_spacing)
        # At once, or once the text above the reader is shown again.
        self._report_progress()

    def _rescale_spacing(self) -> None:
        """Make the spacing that reader.css writes in em fit the text size now, in place.

        Every length of the page's formats grows with the em; line heights made from the
        line spacing are worked out again for the new size's own line height.
        """
        document = self.document()
        em = self._em_px()
        ratio = em / self._styled_em if self._styled_em else 1.0
        leading = self._leading_percent(self.font())
        proportional = int(QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        scaled: dict[int, QTextBlockFormat] = {}
        block = document.begin()
        while block.isValid():
            index = block.blockFormatIndex()
            new_format = scaled.get(index)
            if new_format is None:
                new_format = block.blockFormat()
                _scale_lengths(new_format, _BLOCK_LENGTHS, ratio)
                if new_format.lineHeightType() == proportional and new_format.lineHeight() == self._leading:
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
        if self._library_images:
            # Icons in lines of text are as tall as the letters: as tall as the letters now.
            pictures.lay_out_images(document, self.font(), round(IMAGE_CAPTION_GAP_EM * em))
        self._styled_scale = self._scale
        self._styled_em = em
        self._leading = leading

    def _leading_percent(self, font: QFont) -> int:
        """The line height, in percent of the font's own (as Qt takes it), that spaces lines as chosen."""
        em = self._em_px(font)
        # Qt's percentage line-height is of the font's own line height, not of its size as in CSS.
        natural = QFontMetricsF(font).height() / em if em else 1.0
        return round(100 * self._line_spacing / natural)

    def _refit_images(self) -> None:
        """Fit the article's images to a column that changed width (larger, up to their own size)."""
        if self._article_id is None or not self._library_images or self._images_fitted_to == self._text_width:
            return
        document = self.document()

        def replace_images() -> None:
            for address in self._library_images:
                image = self._fitted_image(address)
                if image is not None:
                    url = QUrl(address)
                    document.addResource(int(QTextDocument.ResourceType.ImageResource.value), url, image)
            self._images_fitted_to = self._text_width

        self._relayout(self._reading_anchor(), replace_images)

    def _relayout(self, anchor: int | None, change: Callable[[], object]) -> None:
        """Make `change` (to the font, the column or the formats) and lay the page out again, keeping
        the line at text position `anchor` at the top (None: the top).

        The page is laid out from the top down, so the text above the anchor would all be laid out
        before anything could be shown; past FOLD_MIN_CHARACTERS it is hidden for now and shown
        again in steps once the page is on screen (see `_unfold_some`).
        """
        document = self.document()
        with self._quietly():
            if anchor is not None:
                self._fold_above(anchor)
            # One layout for everything `change` does, however many settings it touches.
            document.setLayoutEnabled(False)
            try:
                change()
            finally:
                document.setLayoutEnabled(True)
            if anchor is not None:
                self._scroll_to_position(anchor)
                self._hold_in_place(document.findBlock(anchor))
            else:
                self.verticalScrollBar().setValue(0)

    def _fold_above(self, position: int) -> None:
        """Hide the blocks above the one holding text `position`, when there is much text above it."""
        block = self.document().findBlock(position)
        if not block.isValid() or block.position() < FOLD_MIN_CHARACTERS:
            self._unfold_all()
            return
        # Blocks above the first one shown are hidden already (an earlier change, not yet undone).
        above = block.previous()
        while above.isValid() and above.isVisible():
            above.setVisible(False)
            above = above.previous()
        self._fold_front = block.blockNumber()
        self._laid_out_to = position
        self._unfold_timer.start()

    def _hold_in_place(self, block: QTextBlock) -> None:
        """Remember where `block` is on the screen, so that showing the text above it moves nothing."""
        if self._fold_front is None or not block.isValid():
            return
        bar = self.verticalScrollBar()
        top = self.document().documentLayout().blockBoundingRect(block).top()
        self._fold_hold = (block.blockNumber(), bar.value() - top, bar.value())

    def _unfold_some(self) -> None:
        """One more step of laying out the page again; the progress is told once all the text is shown."""
        if self._unfold_step(UNFOLD_CHARACTERS):
            self._report_progress()
        else:
            self._unfold_timer.start()

    def _unfold_all(self) -> None:
        """Show all the hidden text now (before measuring the whole page, for instance)."""
        self._unfold_timer.stop()
        while not self._unfold_step(self.document().characterCount()):
            pass

    def _unfold_step(self, limit: int) -> bool:
        """Lay out about `limit` more characters of the page below the place being read, or once
        that is done, show as many of the hidden text above it; True when no text is hidden."""
        if self._fold_front is None:
            return True
        document = self.document()
        layout = document.documentLayout()
        end = document.characterCount() - 1
        if self._laid_out_to < end:
            # Qt lays the end of a page out lazily, and would take the text below as laid out
            # once the text above is: the rest is laid out first.
            self._laid_out_to = min(end, self._laid_out_to + limit)
            layout.blockBoundingRect(document.findBlock(self._laid_out_to))
            return False
        front = document.findBlockByNumber(self._fold_front)
        first, shown = front, 0
        above = front.previous()
        while above.isValid() and shown < limit:
            above.setVisible(True)
            shown += above.length()
            first = above
            above = above.previous()
        bar = self.verticalScrollBar()
        with self._quietly():
            if self._fold_hold is not None:
                number, offset, value = self._fold_hold
                held = document.findBlockByNumber(number)
                if bar.value() != value:  # the reader scrolled meanwhile: hold the page where it is now
                    offset = bar.value() - layout.blockBoundingRect(held).top()
            document.markContentsDirty(first.position(), front.position() - first.position())
            if self._fold_hold is not None:
                target = round(layout.blockBoundingRect(held).top() + offset)
                if bar.maximum() < target:
                    bar.setMaximum(target)
                bar.setValue(target)
                self._fold_hold = (number, offset, bar.value())
        if above.isValid():
            self._fold_front = first.blockNumber()
            return False
        self._fold_front = self._fold_hold = None
        return True

    def _reading_anchor(self) -> int | None:
        """The text position at the top of the page, or None at the very top (which stays the top)."""
        if not self._page or (self.verticalScrollBar().value() <= 0 and self._fold_front is None):
            return None
        # The middle of the column, just below the top edge: the line the reader has reached.
        middle = round(self.document().documentMargin()) + self._text_width // 2
        return self.cursorForPosition(QPoint(middle, 1)).position()

    def _scroll_to_position(self, position: int) -> None:
        """Scroll so that the line holding text `position` is at the top of the page."""
        document = self.document()
        layout = document.documentLayout()
        block = document.findBlock(position)
        if not block.isValid():
            return
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        if lines is not None and lines.lineCount():
            line = lines.lineForTextPosition(position - block.position())
            if line.isValid():
                top += line.y()
        # Lay out a page beyond the target, so that the scroll range reaches it.
        bottom = top + self.viewport().height()
        later = block
        while later.isValid() and layout.blockBoundingRect(later).bottom() < bottom:
            later = later.next()
        bar = self.verticalScrollBar()
        target = round(top)
        if bar.maximum() < target:
            bar.setMaximum(target)
        bar.setValue(target)


# The lengths of a format that reader.css writes in em.
_BLOCK_LENGTHS = ("topMargin", "bottomMargin", "leftMargin", "rightMargin", "textIndent")
_FRAME_LENGTHS = ("topMargin", "bottomMargin", "leftMargin", "rightMargin", "padding")
_CELL_LENGTHS = ("topPadding", "bottomPadding", "leftPadding", "rightPadding")


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
