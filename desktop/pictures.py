"""Images in the reading pane: fitted to the column in their own shape, placeholders for those not downloaded, laid out like a page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)

IMAGE_SCHEME = "library-image"
# An image the importer could not download yet (offline): a quiet box of its size stands in.
PLACEHOLDER_SCHEME = "library-placeholder"
# A placeholder of an image whose size nobody wrote down: a modest landscape box.
DEFAULT_PLACEHOLDER = (480, 270)
# An image in a line of text at most this many lines tall is an icon or an emoji picture: it is
# drawn the height of the text, so the line keeps its height.
ICON_LINES = 4
_OBJECT = "\ufffc"
_SHA256_LENGTH = 64


@dataclass(frozen=True)
class ImageRequest:
    """What an <img> of the page asks for: a library image or a placeholder, with the size the page wrote."""

    scheme: str
    key: str
    width: int | None = None
    height: int | None = None
    alt: str = ""


def parse_request(url: QUrl) -> ImageRequest | None:
    """The request a resource address of the page makes; None for anything that is not ours."""
    scheme = url.scheme()
    key = url.path()
    if scheme == IMAGE_SCHEME:
        if len(key) != _SHA256_LENGTH or any(c not in "0123456789abcdef" for c in key):
            return None
    elif scheme != PLACEHOLDER_SCHEME or not key:
        return None
    query = parse_qs(url.query(QUrl.ComponentFormattingOption.FullyEncoded))

    def number(name: str) -> int | None:
        value = query.get(name, [""])[0]
        return int(value) if value.isdigit() and 0 < int(value) <= 20_000 else None

    return ImageRequest(scheme, key, number("w"), number("h"), query.get("alt", [""])[0])


def display_size(natural: tuple[int, int], request: ImageRequest, column: int) -> tuple[float, float]:
    """The size on screen: the width the page asked for (or the image's own), never wider than the
    column, and the height that keeps the image's own shape."""
    width, height = natural
    if width <= 0 or height <= 0:
        return (0.0, 0.0)
    if request.width:
        shown = float(request.width)
    elif request.height:
        shown = request.height * width / height
    else:
        shown = float(width)
    if column > 0:
        shown = min(shown, float(column))
    return (shown, shown * height / width)


def fit(image: QImage, request: ImageRequest, column: int, device_pixel_ratio: float = 1.0) -> QImage:
    """`image` at its display size (aspect kept), sharp on high-DPI screens."""
    shown_width, _shown_height = display_size((image.width(), image.height()), request, column)
    if shown_width <= 0:
        return image
    wanted = max(1, round(shown_width * device_pixel_ratio))
    if image.width() > wanted:
        image = image.scaledToWidth(wanted, Qt.TransformationMode.SmoothTransformation)
    # The ratio tells Qt the size to draw it at: the image's pixels over its width on screen.
    image.setDevicePixelRatio(image.width() / shown_width)
    return image


def placeholder(
    request: ImageRequest,
    column: int,
    paper: QColor,
    ink: QColor,
    font: QFont,
    device_pixel_ratio: float = 1.0,
) -> QImage:
    """A quiet box of the image's size (or a modest one) saying the picture is still to come."""
    natural = (request.width or 0, request.height or 0)
    if not natural[0] and not natural[1]:
        natural = DEFAULT_PLACEHOLDER
    elif not natural[0] or not natural[1]:
        side = natural[0] or natural[1]
        natural = (side, round(side * DEFAULT_PLACEHOLDER[1] / DEFAULT_PLACEHOLDER[0]))
    plain = ImageRequest(request.scheme, request.key)
    width, height = display_size(natural, plain, column)
    pixels = QSizeF(width, height) * device_pixel_ratio
    image = QImage(max(1, round(pixels.width())), max(1, round(pixels.height())), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(image.width() / width if width else 1.0)
    image.fill(_mix(paper, ink, 0.05))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(_mix(paper, ink, 0.18), 1))
    painter.drawRect(QRectF(0.5, 0.5, width - 1, height - 1))
    small = QFont(font)
    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
    painter.setFont(small)
    painter.setPen(_mix(paper, ink, 0.55))
    words = "Image not downloaded yet" + (f": {request.alt}" if request.alt else "")
    margin = 8.0
    box = QRectF(margin, margin, max(1.0, width - 2 * margin), max(1.0, height - 2 * margin))
    elided = QFontMetricsF(small).elidedText(words, Qt.TextElideMode.ElideRight, box.width() * 2)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), elided)
    painter.end()
    return image


def _mix(one: QColor, other: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        one.redF() + (other.redF() - one.redF()) * amount,
        one.greenF() + (other.greenF() - one.greenF()) * amount,
        one.blueF() + (other.blueF() - one.blueF()) * amount,
    )


def lay_out_images(document: QTextDocument, body: QFont, caption_gap: float) -> None:
    """Images as on a printed page.

    A block holding only images stands on its own: single line height (the line spacing is for
    text; multiplied into a photo's height it opened a gap of several lines) and, when a caption
    follows, `caption_gap` pixels to it. An image inside a line of text no taller than a few
    lines (an icon, an emoji picture) is drawn as tall as the letters, on the baseline.
    """
    # An icon stands on the baseline as tall as the letters rise: the line keeps its height.
    line_height = QFontMetricsF(body).ascent()
    # One edit block for every change: each change on its own lays out the whole document again
    # (17 ms apiece on a long page: 3 s for a page of 190 pictures).
    edit = QTextCursor(document)
    edit.beginEditBlock()
    try:
        _lay_out_blocks(document, edit, body, caption_gap, line_height)
    finally:
        edit.endEditBlock()


def _lay_out_blocks(
    document: QTextDocument, edit: QTextCursor, body: QFont, caption_gap: float, line_height: float
) -> None:
    block = document.begin()
    while block.isValid():
        text = block.text()
        if _OBJECT in text:
            if not text.replace(_OBJECT, "").strip():
                block_format = block.blockFormat()
                block_format.setLineHeight(
                    100, int(QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
                )
                following = block.next()
                if following.isValid() and _is_caption(following.charFormat(), body):
                    block_format.setBottomMargin(caption_gap)
                    caption_format = following.blockFormat()
                    caption_format.setTopMargin(0)
                    edit.setPosition(following.position())
                    edit.setBlockFormat(caption_format)
                edit.setPosition(block.position())
                edit.setBlockFormat(block_format)
            else:
                _fit_icons(document, edit, block, line_height)
        block = block.next()


def _is_caption(char_format: QTextCharFormat, body: QFont) -> bool:
    """Captions are set small (reader.css): a smaller block right after an image is its caption."""
    size = char_format.fontPointSize() or char_format.font().pointSizeF()
    return 0 < size < body.pointSizeF() * 0.95


def _fit_icons(document: QTextDocument, edit: QTextCursor, block: QTextBlock, line_height: float) -> None:
    images = []
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        if fragment.charFormat().isImageFormat():
            images.append((fragment.position(), fragment.length(), fragment.charFormat().toImageFormat()))
        fragments += 1
    for position, length, found in images:
        image_format = QTextImageFormat(found)
        resource = document.resource(
            int(QTextDocument.ResourceType.ImageResource.value), QUrl(image_format.name())
        )
        if not isinstance(resource, QImage) or resource.isNull():
            continue
        size = resource.deviceIndependentSize()
        if size.height() <= line_height or size.height() > ICON_LINES * line_height:
            continue
        image_format.setHeight(line_height)
        image_format.setWidth(line_height * size.width() / size.height())
        edit.setPosition(position)
        edit.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        edit.setCharFormat(image_format)
