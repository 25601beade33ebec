"""The reading pane's images: the shown article's own, read from the library and fitted to the column, or placeholders."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QFont, QImage

from desktop import pictures
from desktop.pages import PAGE_IMAGE
from library.errors import ReaderError

log = logging.getLogger("reader.view")

# `images(article_id, sha256)`: the bytes and type of one of that article's images, or None.
ImageSource = Callable[[int, str], tuple[bytes, str] | None]


class ArticleImages:
    """The images of the page shown, each fitted once for a column width.

    Only the current article's images are ever read (the source is asked with its id);
    nothing comes from the network or from files.
    """

    def __init__(self, source: ImageSource) -> None:
        self._source = source
        self._article_id: int | None = None
        # The page's image addresses, as Qt reads them (HTML entities resolved).
        self.addresses: list[str] = []
        self._fitted: dict[str, tuple[int, QImage]] = {}

    def show(self, article_id: int | None, page: str) -> None:
        """The pane now shows `page` of article `article_id` (None: a page of the application's own)."""
        self._article_id = article_id
        self.addresses = (
            list(dict.fromkeys(html.unescape(url) for url in PAGE_IMAGE.findall(page)))
            if article_id is not None
            else []
        )
        self._fitted.clear()

    def set_source(self, source: ImageSource) -> None:
        """Read images from `source` from now on (another library was opened)."""
        self._source = source
        self._fitted.clear()

    def fitted(
        self, address: str, width: int, background: QColor, text: QColor, font: QFont, pixel_ratio: float
    ) -> QImage | None:
        """The image at page address `address` for a column `width` pixels wide; None when there is none to show.

        A placeholder is drawn in `background` and `text` colours with `font`.
        """
        cached = self._fitted.get(address)
        if cached is not None and cached[0] == width:
            return cached[1]
        request = pictures.parse_request(QUrl(address))
        if request is None or self._article_id is None:
            return None
        if request.scheme == pictures.PLACEHOLDER_SCHEME:
            image = pictures.placeholder(request, width, background, text, font, pixel_ratio)
        else:
            decoded = self._library_image(self._article_id, request.key)
            if decoded is None:
                return None
            image = pictures.fit(decoded, request, width, pixel_ratio)
        self._fitted[address] = (width, image)
        return image

    def _library_image(self, article_id: int, sha256: str) -> QImage | None:
        try:
            found = self._source(article_id, sha256)
        except ReaderError as error:
            log.warning("image %s of article %s left out: %s", sha256[:12], article_id, error)
            return None
        if found is None:
            log.info("image %s of article %s is not in the library", sha256[:12], article_id)
            return None
        data, mime = found
        # A PNG that is broken from its first chunk on: libpng would print its complaint to the terminal.
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] != b"IHDR":
            log.info("image %s of article %s is not a readable PNG", sha256[:12], article_id)
            return None
        image = QImage.fromData(data)
        if image.isNull():
            log.info("image %s of article %s cannot be decoded (%s)", sha256[:12], article_id, mime)
            return None
        return image
