"""The reading pane's tests: a real pane over a real library, the articles they show, and ways to look at the page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.readerview import ReaderView
from library.article import Article
from library.records import StoredImage
from library.store import Library
from tests.desktop.conftest import PARAGRAPH, ReaderViewFactory

IMAGE = int(QTextDocument.ResourceType.ImageResource.value)


def png(width: int, height: int, colour: str) -> bytes:
    """A real PNG file of one colour."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(b"PNG")).write(image)
    return bytes(data.data())


def stored(data: bytes, url: str | None = None) -> StoredImage:
    return StoredImage(hashlib.sha256(data).hexdigest(), url, "image/png", data)


def article(paragraphs: int = 40, body: str | None = None, **fields: str) -> Article:
    texts = [f"Paragraph {n}. {PARAGRAPH}" for n in range(1, paragraphs + 1)]
    html = body if body is not None else "".join(f"<p>{text}</p>" for text in texts)
    values: dict[str, Any] = {
        "title": "A council divided",
        "url": "https://news.example.org/council",
        "byline": "Ann Writer",
        "site_name": "The Daily Example",
        "published": "2024-03-05T09:00:00+00:00",
        "html": html,
        "text": re.sub(r"<[^>]+>", " ", html),
    }
    values.update(fields)
    return Article(**values)


@pytest.fixture
def view(make_reader_view: ReaderViewFactory) -> ReaderView:
    return make_reader_view(800, 600)


Show = Callable[..., int]


@pytest.fixture
def show(view: ReaderView, library: Library) -> Show:
    """Save an article in the library and show it; return its id."""

    def save_and_show(item: Article, images: Sequence[StoredImage] = ()) -> int:
        article_id = library.save(item, source_kind="html", images=images).article_id
        found = library.get(article_id)
        assert found is not None
        view.show_article(found)
        return article_id

    return save_and_show


def block_with(view: ReaderView, text: str) -> QTextBlock:
    block = view.document().begin()
    while block.isValid():
        if text in block.text():
            return block
        block = block.next()
    raise AssertionError(f"no block holds {text!r}")


def in_view(view: ReaderView, block: QTextBlock) -> bool:
    rect = view.document().documentLayout().blockBoundingRect(block)
    top = view.verticalScrollBar().value()
    return rect.bottom() > top and rect.top() < top + view.viewport().height()


def resize(view: ReaderView, width: int, height: int) -> None:
    """Resize the window and let the resize arrive (a top-level window's resize is delivered later)."""
    view.resize(width, height)
    QApplication.processEvents()


def wheel(view: ReaderView, delta: int, modifiers: Qt.KeyboardModifier) -> None:
    """Turn the wheel over the page, as a mouse does (120 a notch)."""
    position = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        position,
        QPointF(view.viewport().mapToGlobal(position.toPoint())),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def click_text(view: ReaderView, text: str) -> None:
    """Click the middle of the first occurrence of `text` on the page."""
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(view.document())
    cursor.setPosition(found.selectionStart() + len(text) // 2)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
