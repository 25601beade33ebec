"""Notices, about once a second, that another program (a shell import, a script, another window) changed the library."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from library.errors import ReaderError
from library.store import Library

log = logging.getLogger("reader.follow")

# Often enough to look live, rarely enough to cost nothing: one PRAGMA a second.
POLL_INTERVAL_MS = 1000


class LibraryWatcher(QObject):
    """Polls `Library.data_version()`, which changes when another connection commits.

    Signals:
        changed: someone else committed to the library since the last look.
    """

    changed = Signal()

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._version: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_INTERVAL_MS)
        self.timer.timeout.connect(self.look)

    def start(self) -> None:
        """Take the library as it is now as seen, and watch from here on."""
        self._version = self._read()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def watch(self, library: Library) -> None:
        """Watch `library` instead (another library was opened)."""
        self._library = library
        self._version = self._read()

    def look(self) -> None:
        """Compare the library's version with the last one seen; say so when it moved."""
        version = self._read()
        if version is None or version == self._version:
            return
        self._version = version
        self.changed.emit()

    def _read(self) -> int | None:
        try:
            return self._library.data_version()
        except ReaderError as error:
            log.warning("cannot tell whether the library changed: %s", error)
            return None
