"""The reading pane over a real library: font scale, images, links, themes, read mode, progress, rtl."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QImageWriter,
    QPalette,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextTable,
    QWheelEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import desktop.readerview as readerview
from desktop import dialogs
from desktop.pages import library_images_only
from desktop.pictures import IMAGE_SCHEME, ImageRequest, fit
from desktop.readerview import ReaderView
from desktop.themes import theme_colours
from library.article import Article
from library.errors import LibraryError
from library.records import StoredImage, image_reference
from library.store import Library
from tests.desktop.conftest import top_block
from tests.library.httpserver import LocalHTTPServer, Reply

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
IMAGE = int(QTextDocument.ResourceType.ImageResource.value)

PARAGRAPH = (
    "The council met on Tuesday to discuss the proposal at length, and members said they would return "
    "to it after the summer recess, when more evidence is available. Residents who spoke at the meeting "
    "were divided: some welcomed the plan as overdue, others said it would change the neighbourhood."
)


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
def view(qtbot: QtBot, library: Library) -> Iterator[ReaderView]:
    pane = ReaderView(library.image)
    pane.resize(800, 600)
    pane.show()
    qtbot.waitExposed(pane)
    yield pane
    pane.close()
    # Gone now, not at some later event loop: a later test's palette change must not reach a pane
    # whose library is closed.
    shiboken6.delete(pane)


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


# -- font scale ------------------------------------------------------------------------


def test_font_scale_starts_at_100_and_steps_through_the_zoom_steps(view: ReaderView) -> None:
    assert view.font_scale() == 100
    seen_up = []
    for _ in range(10):
        view.zoom_in()
        seen_up.append(view.font_scale())
    assert seen_up == [110, 120, 133, 150, 170, 200, 240, 300, 300, 300]
    seen_down = []
    for _ in range(15):
        view.zoom_out()
        seen_down.append(view.font_scale())
    assert seen_down == [240, 200, 170, 150, 133, 120, 110, 100, 90, 80, 75, 67, 50, 50, 50]
    view.reset_zoom()
    assert view.font_scale() == 100


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        (20, 50),  # a settings file edited by hand: below the smallest size
        (50, 50),
        (300, 300),
        (1000, 300),  # above the largest
        (115, 115),  # between steps: kept as asked; the zoom keys go on from there
    ],
)
def test_font_scale_is_clamped_to_50_to_300(view: ReaderView, asked: int, kept: int) -> None:
    view.set_font_scale(asked)
    assert view.font_scale() == kept


def test_zoom_from_between_steps_goes_to_the_next_step(view: ReaderView) -> None:
    view.set_font_scale(115)
    view.zoom_in()
    assert view.font_scale() == 120
    view.set_font_scale(115)
    view.zoom_out()
    assert view.font_scale() == 110


def test_font_scale_changes_the_text_size_and_signals_once(
    qtbot: QtBot, view: ReaderView, show: Show
) -> None:
    show(article())
    size_at_100 = view.font().pointSizeF()
    with qtbot.waitSignal(view.font_scale_changed) as changed:
        view.set_font_scale(200)
    assert changed.args == [200]
    assert view.font().pointSizeF() == pytest.approx(2 * size_at_100)
    with qtbot.assertNotEmitted(view.font_scale_changed):
        view.set_font_scale(200)  # no change, no signal


def test_ctrl_wheel_zooms_and_plain_wheel_scrolls(qtbot: QtBot, view: ReaderView, show: Show) -> None:
    show(article())
    with qtbot.waitSignal(view.font_scale_changed) as changed:
        wheel(view, 120, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == [110]
    sizes: list[int] = []
    view.font_scale_changed.connect(sizes.append)
    # A fast turn brings two notches in one event: one change of size, not two layouts.
    wheel(view, -240, Qt.KeyboardModifier.ControlModifier)
    assert sizes == [90]
    # A touchpad sends small steps: two halves make one notch.
    wheel(view, 60, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 90
    wheel(view, 60, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 100

    wheel(view, -120, Qt.KeyboardModifier.NoModifier)
    assert view.font_scale() == 100
    assert view.verticalScrollBar().value() > 0


def test_zoom_keys(view: ReaderView, show: Show) -> None:
    show(article())
    QTest.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 110
    QTest.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 120
    QTest.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 110
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.font_scale() == 100


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


# -- images ----------------------------------------------------------------------------


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


# -- links -----------------------------------------------------------------------------


def test_in_page_links_scroll_to_their_target(view: ReaderView, show: Show) -> None:
    paragraphs = "".join(f"<p>Paragraph {n}. {PARAGRAPH}</p>" for n in range(1, 60))
    show(
        article(
            body=f'<p>See <a href="#notes">the notes</a>.</p>{paragraphs}<h2 id="notes">Notes</h2><p>End.</p>'
        )
    )
    assert view.verticalScrollBar().value() == 0
    click_text(view, "the notes")
    notes = block_with(view, "Notes")
    assert in_view(view, notes)
    assert view.verticalScrollBar().value() > 0


def test_links_to_the_article_itself_scroll_too(
    view: ReaderView, show: Show, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Extraction makes links absolute: a table of contents then points at the page's own address.
    paragraphs = "".join(f"<p>Paragraph {n}. {PARAGRAPH}</p>" for n in range(1, 60))
    own = "https://news.example.org/council#history"
    show(article(body=f'<p><a href="{own}">History</a></p>{paragraphs}<h2 id="history">Past</h2>'))
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_url", lambda url: opened.append(url.toString()))
    view.anchorClicked.emit(QUrl(own))
    assert opened == []
    assert in_view(view, block_with(view, "Past"))


def test_web_links_open_in_the_system_browser(
    qtbot: QtBot, view: ReaderView, show: Show, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_url", lambda url: opened.append(url.toString()))
    show(article(body='<p>Read <a href="https://example.org/report">the report</a> and write.</p>'))
    click_text(view, "the report")
    assert opened == ["https://example.org/report"]
    assert view.current_article_id() is not None  # the pane itself never navigates


@pytest.mark.parametrize(
    ("href", "opens"),
    [
        ("mailto:editor@example.org", True),  # "write to the editor" links
        ("http://example.org/", True),
        ("javascript:alert(1)", False),  # left in by a careless page
        ("file:///etc/passwd", False),
        ("library-image:" + "ab" * 32, False),
        ("ftp://example.org/file", False),
    ],
)
def test_only_web_and_mail_links_leave_the_application(
    view: ReaderView, show: Show, monkeypatch: pytest.MonkeyPatch, href: str, opens: bool
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_url", lambda url: opened.append(url.toString()))
    show(article())
    view.anchorClicked.emit(QUrl(href))
    assert bool(opened) == opens


# -- look ------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "sepia", "dark"])
def test_theme_colours_the_page(view: ReaderView, show: Show, theme: str) -> None:
    show(article(body='<p>Text with <a href="https://example.org/">a link</a>.</p>'))
    view.set_theme(theme)
    colours = theme_colours(theme)
    assert view.palette().color(QPalette.ColorRole.Base) == colours["background"]
    assert view.palette().color(QPalette.ColorRole.Text) == colours["text"]
    # The page as drawn: paper in the corner, and the link in the theme's link colour.
    corner = view.viewport().grab().toImage().pixelColor(2, 2)
    assert corner == colours["background"]
    sheet = (Path(readerview.__file__).parents[1] / "resources" / "themes" / f"{theme}.css").read_text()
    link_colour = re.search(r"\ba \{ color: (#[0-9a-f]{6}); \}", sheet)
    assert link_colour is not None
    link = view.document().find("a link")
    assert link.charFormat().foreground().color().name() == link_colour.group(1)


def test_themes_differ(view: ReaderView, show: Show) -> None:
    show(article())
    backgrounds = set()
    for theme in ("light", "sepia", "dark"):
        view.set_theme(theme)
        backgrounds.add(view.viewport().grab().toImage().pixelColor(2, 2).name())
    assert backgrounds == {"#ffffff", "#f4ecd8", "#1e1f21"}


def test_system_theme_follows_the_palette(view: ReaderView, show: Show) -> None:
    show(article())
    view.set_theme("system")
    original = QGuiApplication.palette()
    try:
        # The desktop turns dark, then light again.
        for window_colour, theme in (("#202124", "dark"), ("#f0f0f0", "light")):
            palette = QPalette(original)
            palette.setColor(QPalette.ColorRole.Window, QColor(window_colour))
            QApplication.setPalette(palette)
            QApplication.processEvents()
            assert view.effective_theme() == theme
            assert view.palette().color(QPalette.ColorRole.Base) == theme_colours(theme)["background"]
    finally:
        QApplication.setPalette(original)


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


@pytest.mark.parametrize(
    ("call", "value"),
    [
        ("set_theme", "neon"),  # a settings file from somewhere else
        ("set_typeface", "comic"),
        ("set_line_spacing", math.nan),
    ],
)
def test_unknown_looks_are_refused_with_a_reason(view: ReaderView, call: str, value: object) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        getattr(view, call)(value)


# -- read mode -------------------------------------------------------------------------


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


# -- progress --------------------------------------------------------------------------


@pytest.mark.parametrize("progress", [0.0, 0.25, 0.5, 0.9, 1.0])
def test_progress_round_trips(view: ReaderView, show: Show, progress: float) -> None:
    show(article(paragraphs=80))
    view.restore_progress(progress)
    assert view.progress() == pytest.approx(progress, abs=0.005)


@pytest.mark.parametrize("bad", [-0.5, 7.0, math.nan, math.inf])
def test_progress_out_of_range_is_clamped(view: ReaderView, show: Show, bad: float) -> None:
    show(article(paragraphs=80))
    view.restore_progress(bad)
    assert 0.0 <= view.progress() <= 1.0


def test_scrolling_reports_progress_but_opening_does_not(
    qtbot: QtBot, view: ReaderView, show: Show, library: Library
) -> None:
    with qtbot.assertNotEmitted(view.progress_changed):
        show(article(paragraphs=80))
        view.restore_progress(0.5)
    bar = view.verticalScrollBar()
    with qtbot.waitSignal(view.progress_changed) as reported:
        bar.setValue(bar.maximum() // 4)
    assert reported.args[0] == pytest.approx(0.25, abs=0.01)
    # A welcome page is nobody's progress.
    view.show_message("Welcome", "<p>" + "Import some articles. " * 400 + "</p>")
    with qtbot.assertNotEmitted(view.progress_changed):
        bar.setValue(bar.maximum() // 2)


# -- header, text, direction -----------------------------------------------------------


def test_header_shows_title_byline_site_date_and_reading_time(view: ReaderView, show: Show) -> None:
    article_id = show(article(paragraphs=60, section="Local politics"))
    text = view.toPlainText()
    header = text[: text.index("Paragraph 1.")]
    for expected in (
        "LOCAL POLITICS",
        "A council divided",
        "Ann Writer",
        "The Daily Example",
        "2024",
        "min read",
    ):
        assert expected.lower() in header.lower(), expected
    assert view.current_article_id() == article_id
    site = view.document().find("The Daily Example")
    assert site.charFormat().anchorHref() == "https://news.example.org/council"


def test_an_article_not_downloaded_yet_says_so(view: ReaderView, library: Library) -> None:
    saved = library.save(
        Article(title="Later", url="https://news.example.org/later"),
        source_kind="pocket",
        status="failed",
        fetch_error="the server answered 503",
    )
    found = library.get(saved.article_id)
    assert found is not None
    view.show_article(found)
    text = view.toPlainText()
    assert "not been downloaded" in text
    assert "503" in text


def test_text_can_be_selected_and_copied(view: ReaderView, show: Show) -> None:
    show(article(paragraphs=2))
    flags = view.textInteractionFlags()
    for flag in (
        Qt.TextInteractionFlag.TextSelectableByMouse,
        Qt.TextInteractionFlag.TextSelectableByKeyboard,
        Qt.TextInteractionFlag.LinksAccessibleByMouse,
        Qt.TextInteractionFlag.LinksAccessibleByKeyboard,
    ):
        assert flags & flag
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert "Paragraph 2. The council met on Tuesday" in copied


def test_reading_keys_move_the_page_without_a_caret(view: ReaderView, show: Show) -> None:
    show(article(paragraphs=80))
    bar = view.verticalScrollBar()
    assert view.cursorWidth() == 0  # no blinking caret in the text while reading
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert bar.value() == bar.singleStep()
    QTest.keyClick(view, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    QTest.keyClick(view, Qt.Key.Key_Home)
    assert bar.value() == 0
    QTest.keyClick(view, Qt.Key.Key_PageDown)
    assert bar.value() == bar.pageStep()


def test_keyboard_selection_starts_where_the_reader_is(view: ReaderView, show: Show) -> None:
    show(article(paragraphs=80))
    view.restore_progress(0.5)
    reading = top_block(view)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert view.cursorWidth() > 0
    selected = view.textCursor()
    assert selected.hasSelection()
    assert view.document().findBlock(selected.selectionStart()).blockNumber() in {
        reading.blockNumber(),
        reading.blockNumber() + 1,
    }


def test_right_to_left_articles_read_right_to_left(view: ReaderView, show: Show) -> None:
    # Like the rtl-1 .. rtl-4 pages of the Readability corpus: dir="rtl" on the article.
    hebrew = "שלום עולם, זהו מאמר קצר."
    show(article(body=f"<p>{hebrew}</p><p>{hebrew} {hebrew} {hebrew}</p>", title="כותרת המאמר", dir="rtl"))
    for text in (hebrew, "כותרת המאמר"):
        block = block_with(view, text)
        assert block.textDirection() == Qt.LayoutDirection.RightToLeft
    short = block_with(view, hebrew)
    line = short.layout().lineAt(0)
    # A short line hugs the right edge of the column, not the left.
    assert line.naturalTextRect().right() == pytest.approx(line.width(), abs=2)
    assert line.naturalTextRect().left() > line.width() / 3


def test_show_message_is_not_an_article(view: ReaderView, show: Show) -> None:
    image = stored(png(4, 4, "#123456"))
    show(article(body=f'<p><img src="{image.reference}"></p>'), [image])
    view.show_message("Welcome to Article Reader", "<p>Import articles with <b>File › Import</b>.</p>")
    assert view.current_article_id() is None
    assert "Welcome to Article Reader" in view.toPlainText()
    assert view.loadResource(IMAGE, QUrl(image.reference)) is None


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
