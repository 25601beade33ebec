"""The reading position: the article is shown where the reader left it, and the place is saved a moment after scrolling stops."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from PySide6.QtCore import QObject, QTimer

from desktop.readerview import ReaderView
from library.errors import ReaderError
from library.records import StoredArticle
from library.store import Library

log = logging.getLogger("reader.place")

# Scrolling saves the position this long after it stops, not on every pixel.
PROGRESS_SAVE_DELAY_MS = 800


class PlaceKeeper(QObject):
    """Shows articles in the reading pane at their place and keeps that place in the library.

    Scrolling done by the keeper itself (opening, restoring) is not the reader's and saves
    nothing; neither does anything with `read_only` (a screenshot).
    """

    def __init__(self, library: Library, reader: ReaderView, parent: QObject, *, read_only: bool) -> None:
        super().__init__(parent)
        self.library = library
        self.reader = reader
        self.read_only = read_only
        self.article_id: int | None = None
        self._placing = 0
        self._pending: tuple[int, float] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PROGRESS_SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)
        reader.progress_changed.connect(self._on_progress)

    @contextlib.contextmanager
    def _placing_page(self) -> Iterator[None]:
        self._placing += 1
        try:
            yield
        finally:
            self._placing -= 1

    def show(self, stored: StoredArticle) -> None:
        """Show `stored` where the reader left it (after saving the place in the article before)."""
        self.save()
        self.article_id = stored.id
        with self._placing_page():
            self.reader.show_article(stored)
            if stored.status == "ready":
                self.reader.restore_progress(stored.state.progress or 0.0)

    def show_again(self, stored: StoredArticle) -> None:
        """Show `stored` again at the place on screen now (it changed in the library)."""
        progress = self.reader.progress()
        with self._placing_page():
            self.reader.show_article(stored)
            self.reader.restore_progress(progress)

    def restore(self) -> None:
        """Find the saved place again on the page as it is laid out now (the window got its size)."""
        if self.article_id is None or self.reader.current_article_id() != self.article_id:
            return
        header = self.library.header(self.article_id)
        if header is not None and header.progress:
            with self._placing_page():
                self.reader.restore_progress(header.progress)

    def forget(self) -> None:
        """No article is being read any more (after saving what is pending)."""
        self.save()
        self.article_id = None

    def save(self) -> None:
        """Save the place now, if the reader scrolled since it was last saved."""
        self.timer.stop()
        pending, self._pending = self._pending, None
        if pending is None:
            return
        try:
            self.library.set_progress(*pending)
        except ReaderError as error:
            # Losing a scroll position is not worth interrupting the reader for.
            log.warning("could not save the reading position: %s", error)

    def _on_progress(self, progress: float) -> None:
        if self._placing or self.article_id is None or self.read_only:
            return
        self._pending = (self.article_id, progress)
        self.timer.start()
