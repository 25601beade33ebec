"""Images read like a page: their own shape at every size, in their own block, captions under them, placeholders."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QUrl
from PySide6.QtGui import QColor, QImage, QImageWriter, QTextDocument

from desktop.readerview import ReaderView
from library.article import Article
from library.records import StoredImage
from library.store import Library
from tests.desktop.conftest import ReaderViewFactory

IMAGE = int(QTextDocument.ResourceType.ImageResource.value)
PHOTO_COLOUR = "#d0103a"


def png(width: int, height: int, colour: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(b"PNG")).write(image)
    return bytes(data.data())


def stored(data: bytes) -> StoredImage:
    return StoredImage(hashlib.sha256(data).hexdigest(), None, "image/png", data)


@pytest.fixture
def view(make_reader_view: ReaderViewFactory) -> ReaderView:
    return make_reader_view(900, 1000)


def show(view: ReaderView, library: Library, body: str, images: list[StoredImage]) -> None:
    article = Article(title="Pictures", url="https://news.example.org/pictures", html=body, text="Words.")
    article_id = library.save(article, source_kind="html", images=images).article_id
    found = library.get(article_id)
    assert found is not None
    view.show_article(found)
    view.settle()
    view.document().size()


def drawn(view: ReaderView, colour: str) -> QRect:
    """Where pixels of `colour` are on the screen: the drawn image."""
    shot = view.viewport().grab().toImage()
    xs, ys = [], []
    for y in range(shot.height()):
        for x in range(0, shot.width()):
            if shot.pixelColor(x, y).name() == colour:
                xs.append(x)
                ys.append(y)
    assert xs, f"nothing drawn in {colour}"
    return QRect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def first_line_height(view: ReaderView, text: str) -> float:
    block = view.document().begin()
    while text not in block.text():
        block = block.next()
    return float(block.layout().lineAt(0).height())


def block_rect(view: ReaderView, text: str) -> tuple[float, float]:
    block = view.document().begin()
    while block.isValid():
        if text in block.text():
            rect = view.document().documentLayout().blockBoundingRect(block)
            return rect.top(), rect.bottom()
        block = block.next()
    raise AssertionError(text)


@pytest.mark.parametrize("scale", [50, 100, 300])
def test_a_photo_keeps_its_shape_and_its_caption_sits_under_it(
    view: ReaderView, library: Library, scale: int
) -> None:
    # An 800x450 photo as pages write it, with its size; it was drawn 648x450 at 100%.
    photo = stored(png(800, 450, PHOTO_COLOUR))
    body = (
        f'<div><img src="{photo.reference}" width="800" height="450" alt="A bridge">'
        '<p class="caption">The bridge at dawn.</p></div><p>After the picture, the story goes on.</p>'
    )
    view.set_font_scale(scale)
    show(view, library, body, [photo])
    rect = drawn(view, PHOTO_COLOUR)
    expected_width = min(800, view.text_width())
    assert rect.width() == pytest.approx(expected_width, abs=2)
    assert rect.height() == pytest.approx(expected_width * 450 / 800, abs=2)
    assert rect.width() <= view.text_width() + 1
    # The caption starts right under the picture: no empty lines between them.
    _top, image_bottom = block_rect(view, "\ufffc")
    caption_top, _bottom = block_rect(view, "The bridge at dawn.")
    em = view.font().pointSizeF() * view.logicalDpiY() / 72
    assert 0 <= caption_top - image_bottom <= 0.6 * em


def test_an_icon_in_a_line_of_text_leaves_the_line_its_height_at_every_size(
    view: ReaderView, library: Library
) -> None:
    icon = stored(png(48, 48, "#10a040"))
    body = (
        "<p>A line of plain words, long enough to be a line of an article and nothing more.</p>"
        f'<p>A line with an icon <img src="{icon.reference}"> in it, otherwise just as plain.</p>'
    )
    show(view, library, body, [icon])
    heights = []
    for zoom in (100, 200):
        # Zoomed after opening: the icon grows with the letters once the zooming stops.
        view.set_font_scale(zoom)
        view.settle()
        plain = first_line_height(view, "A line of plain words")
        assert first_line_height(view, "A line with an icon") == pytest.approx(plain, abs=1)
        heights.append(drawn(view, "#10a040").height())
        assert heights[-1] < plain
    assert heights[1] == pytest.approx(2 * heights[0], abs=3)


@pytest.mark.parametrize(
    ("attributes", "size"),
    [('width="400" height="300"', (400, 300)), ("", (480, 270))],
    ids=["of its size", "without a size"],
)
def test_an_image_not_downloaded_yet_is_a_placeholder_with_its_caption(
    view: ReaderView, library: Library, attributes: str, size: tuple[int, int]
) -> None:
    body = (
        f'<div><img src="library-pending:7" {attributes} alt="A bridge">'
        '<p class="caption">The bridge at dawn.</p></div><p>The story.</p>'
    )
    show(view, library, body, [])
    text = view.toPlainText()
    assert "\ufffc" in text and "The bridge at dawn." in text
    address = "library-placeholder:7?" + ("w=400&h=300&" if attributes else "") + "alt=A%20bridge"
    placeholder = view.document().resource(IMAGE, QUrl(address))
    assert isinstance(placeholder, QImage)
    shown = placeholder.deviceIndependentSize()
    assert (round(shown.width()), round(shown.height())) == size
    _top, image_bottom = block_rect(view, "\ufffc")
    caption_top, _bottom = block_rect(view, "The bridge at dawn.")
    assert caption_top - image_bottom < 20


def test_a_placeholder_is_never_wider_than_the_column(view: ReaderView, library: Library) -> None:
    view.resize(420, 800)
    show(view, library, '<p><img src="library-pending:9" width="1600" height="900"></p>', [])
    placeholder = view.document().resource(IMAGE, QUrl("library-placeholder:9?w=1600&h=900"))
    assert isinstance(placeholder, QImage)
    shown = placeholder.deviceIndependentSize()
    assert shown.width() <= view.text_width()
    assert shown.width() / shown.height() == pytest.approx(16 / 9, rel=0.01)
