"""The reading pane's images: the article's own from the library, fitted to the column; nothing else, from nowhere."""

from __future__ import annotations

import hashlib

import pytest
import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QImage,
    QTextDocument,
)
from pytestqt.qtbot import QtBot

from desktop.pages import library_images_only
from desktop.pictures import IMAGE_SCHEME, ImageRequest, fit
from desktop.readerview import ReaderView
from library.errors import LibraryError
from library.records import StoredImage, image_reference
from library.store import Library
from tests.desktop.reader.conftest import IMAGE, PARAGRAPH, Show, article, png, resize, stored
from tests.library.httpserver import LocalHTTPServer, Reply


def test_library_images_are_shown_at_their_size(view: ReaderView, show: Show) -> None:
    # A tiny picture in a paragraph of its own, as the importer stores them.
    picture = png(40, 30, "#ff0000")
    image = stored(picture, "https://news.example.org/tiny.png")
    show(article(body=f'<p>Before.</p><p><img src="{image.reference}" alt="red"></p><p>After.</p>'), [image])
    view.document().documentLayout().documentSize()
    loaded = view.document().resource(IMAGE, QUrl(image.reference))
    assert isinstance(loaded, QImage)
    assert (loaded.width(), loaded.height()) == (40, 30)
    # And it is on the screen: red pixels where the picture is.
    shot = view.viewport().grab().toImage()
    reds = sum(
        1
        for x in range(0, shot.width(), 2)
        for y in range(0, shot.height(), 2)
        if shot.pixelColor(x, y).name() == "#ff0000"
    )
    assert reds > 100


@pytest.mark.parametrize("scale", [50, 100, 300])
def test_large_images_are_scaled_to_the_column_keeping_their_shape(
    view: ReaderView, show: Show, scale: int
) -> None:
    picture = png(2400, 600, "#0000ff")
    image = stored(picture)
    view.set_font_scale(scale)
    article_id = show(article(body=f'<p><img src="{image.reference}"></p>'), [image])
    fitted = view.loadResource(IMAGE, QUrl(image.reference))
    assert isinstance(fitted, QImage)
    on_screen = fitted.deviceIndependentSize()
    assert on_screen.width() <= view.text_width()
    assert on_screen.width() / on_screen.height() == pytest.approx(4.0, rel=0.02)
    assert view.current_article_id() == article_id


def test_images_follow_the_column_when_it_grows(view: ReaderView, show: Show) -> None:
    image = stored(png(2400, 600, "#0000ff"))
    resize(view, 400, 600)
    show(article(body=f'<p><img src="{image.reference}"></p>'), [image])
    narrow = view.text_width()
    resize(view, 1000, 600)
    view.settle()
    assert view.text_width() > narrow
    refitted = view.document().resource(IMAGE, QUrl(image.reference))
    assert isinstance(refitted, QImage)
    assert refitted.deviceIndependentSize().width() == pytest.approx(view.text_width(), abs=1)


@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1:9/tracker.png",  # a web image left in the HTML
        "https://example.org/photo.jpg",
        "file:///etc/passwd",  # a local file named by a hostile page
        "data:image/png;base64,iVBORw0KGgo=",  # inline data the importer did not store
        "picture.png",  # relative: the view has no base to resolve it against
        "library-image:not-a-digest",
    ],
)
def test_nothing_but_library_images_is_ever_loaded(view: ReaderView, show: Show, address: str) -> None:
    show(article())
    assert view.loadResource(IMAGE, QUrl(address)) is None
    assert view.loadResource(int(QTextDocument.ResourceType.StyleSheetResource.value), QUrl(address)) is None


def test_web_images_in_an_article_never_reach_the_network(view: ReaderView, show: Show) -> None:
    with LocalHTTPServer() as server:
        address = server.route("/pixel.png", Reply(200, {"Content-Type": "image/png"}, png(5, 5, "#00ff00")))
        show(article(body=f'<p>Look: <img src="{address}"></p><p>{PARAGRAPH}</p>'))
        view.document().documentLayout().documentSize()
        view.viewport().grab()
        assert server.requests == []
    assert "<img" not in view.toHtml()


def test_an_image_of_another_article_is_not_shown(view: ReaderView, show: Show, library: Library) -> None:
    theirs = stored(png(10, 10, "#00ff00"))
    library.save(
        article(url="https://news.example.org/other", body="<p>Other.</p>"),
        source_kind="html",
        images=[theirs],
    )
    show(article(body=f'<p><img src="{theirs.reference}"></p><p>Mine.</p>'))
    assert view.loadResource(IMAGE, QUrl(theirs.reference)) is None


def test_images_that_cannot_be_read_are_left_out(qtbot: QtBot, show: Show, library: Library) -> None:
    broken = StoredImage(
        hashlib.sha256(b"nonsense").hexdigest(), None, "image/png", b"\x89PNG\r\n\x1a\n garbage"
    )

    def failing(_article_id: int, _sha256: str) -> tuple[bytes, str] | None:
        raise LibraryError(library.path, "the library is in use by another program (locked)")

    pane = ReaderView(failing)
    article_id = library.save(
        article(body=f'<p><img src="{broken.reference}"></p>'), source_kind="html"
    ).article_id
    found = library.get(article_id)
    assert found is not None
    pane.show_article(found)
    assert pane.loadResource(IMAGE, QUrl(broken.reference)) is None
    shiboken6.delete(pane)

    show(
        article(url="https://news.example.org/broken", body=f'<p><img src="{broken.reference}"></p>'),
        [broken],
    )


def test_library_images_only_keeps_library_references() -> None:
    keep = image_reference("ab" * 32)
    body = (
        f'<p><img src="{keep}" alt="kept"><img src="https://example.org/a.png">'
        "<img src='file:///etc/passwd'><IMG SRC=data:image/gif;base64,R0lGOD></p>"
    )
    assert library_images_only(body) == f'<p><img src="{keep}" alt="kept"></p>'


def test_fit_never_enlarges_unasked_and_is_sharp_on_high_dpi() -> None:
    plain = ImageRequest(IMAGE_SCHEME, "ab" * 32)
    small = QImage(100, 50, QImage.Format.Format_RGB32)
    assert fit(QImage(small), plain, 600).deviceIndependentSize().width() == 100
    large = QImage(2000, 1000, QImage.Format.Format_RGB32)
    fitted = fit(QImage(large), plain, 500, device_pixel_ratio=2.0)
    assert fitted.deviceIndependentSize().width() == 500
    assert fitted.width() == 1000  # two device pixels to each pixel on screen
