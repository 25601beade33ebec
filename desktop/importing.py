"""Bringing articles in from the window: File > Import, paste, drops, downloads in the background, Work Offline."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from desktop import dialogs
from desktop.workers import (
    ImportJob,
    ImportPanel,
    ImportRunner,
    default_fetcher,
    imported_article_ids,
    job_for_locations,
    job_from_mime,
    summary,
)
from library.errors import ReaderError
from library.network import OFFLINE_VARIABLE, offline_by_environment
from library.store import Library

if TYPE_CHECKING:
    from library.importer import ImportReport, ImportResult
    from library.sources.web import Fetcher

log = logging.getLogger("reader.importing")

# Imports refresh the list and counts at most this often while articles arrive.
REFRESH_DELAY_MS = 300
# When the window downloads articles imported as addresses only: a little after it opens,
# then every quarter of an hour while some still wait (the network may have come back).
BACKGROUND_DOWNLOAD_DELAY_MS = 3_000
BACKGROUND_DOWNLOAD_INTERVAL_MS = 15 * 60 * 1000

OFFLINE_KEY = "network/offline"
BACKGROUND_KEY = "network/background_downloads"


def _as_bool(value: object, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


class Importer(QObject):
    """Runs the window's imports and downloads in the import thread, and says how they went.

    Work Offline (remembered, or forced by ARTICLE_READER_OFFLINE) gives imports no network:
    addresses wait as pending articles. Background downloads can be turned off.

    Signals:
        refresh_needed: articles arrived or changed; the list and counts should follow.
        open_requested(int): one article was pasted or dropped: the person wants to read it now.
        articles_updated(list): these articles were downloaded or stored again (their pages changed).
        message(str, int): something to say in the status bar, for that many ms.
        network_changed: Work Offline or background downloads changed.
    """

    refresh_needed = Signal()
    open_requested = Signal(int)
    articles_updated = Signal(list)
    message = Signal(str, int)
    network_changed = Signal()

    def __init__(
        self, library: Library, settings: QSettings, window: QWidget, *, background: bool = True
    ) -> None:
        super().__init__(window)
        self.library = library
        self.settings = settings
        self.window = window
        # False for tests and screenshots: no downloads behind their backs, whatever the settings say.
        self.allow_background = background
        self._background_queued = False
        self.runner = ImportRunner(library.path, self)
        self.runner.fetcher_factory = self._fetcher
        self.panel = ImportPanel(window)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh_needed)
        self._download_timer = QTimer(self)
        self._download_timer.setInterval(BACKGROUND_DOWNLOAD_INTERVAL_MS)
        self._download_timer.timeout.connect(self.download_pending_in_background)
        self.panel.cancel_requested.connect(self.runner.cancel)
        self.runner.job_started.connect(self.panel.start)
        self.runner.progress.connect(self.panel.set_progress)
        self.runner.result.connect(self._on_result)
        self.runner.job_finished.connect(self._on_job_finished)
        self.runner.failed.connect(lambda reason: dialogs.show_error(self.window, "Import", reason))

    # -- the network ---------------------------------------------------------------------

    def offline_forced(self) -> bool:
        """True when ARTICLE_READER_OFFLINE keeps the window off the network, whatever the setting."""
        return offline_by_environment()

    def offline_reason(self) -> str:
        """Why Work Offline cannot be turned off here ("" when it can)."""
        if self.offline_forced():
            return f"{OFFLINE_VARIABLE} is set in the environment: the window stays offline"
        return ""

    def is_offline(self) -> bool:
        """True when the window uses no network at all."""
        return self.offline_forced() or _as_bool(self.settings.value(OFFLINE_KEY), False)

    def set_offline(self, offline: bool) -> None:
        """Work Offline on or off (remembered); off again, the addresses waiting are downloaded."""
        if self.offline_forced() or offline == self.is_offline():
            return
        self.settings.setValue(OFFLINE_KEY, offline)
        if offline:
            self.runner.cancel_downloads()
        self.network_changed.emit()
        if not offline:
            self.download_pending_in_background()

    def show_in(self, work_offline: QAction, download: QAction) -> None:
        """Show the network's state in the File menu: Work Offline checked (locked when the
        environment decides, saying so), Download Pending off while offline."""
        offline = self.is_offline()
        work_offline.blockSignals(True)
        work_offline.setChecked(offline)
        work_offline.blockSignals(False)
        reason = self.offline_reason()
        work_offline.setEnabled(not reason)
        work_offline.setToolTip(reason or "Use no network: nothing is downloaded until this is off again")
        download.setEnabled(not offline)

    def background_downloads(self) -> bool:
        """True when addresses imported without their article are downloaded by themselves."""
        return _as_bool(self.settings.value(BACKGROUND_KEY), True)

    def set_background_downloads(self, on: bool) -> None:
        """Download saved addresses by themselves, or only when asked (remembered)."""
        if on == self.background_downloads():
            return
        self.settings.setValue(BACKGROUND_KEY, on)
        self.network_changed.emit()
        if on:
            self.download_pending_in_background()

    def _fetcher(self) -> Fetcher | None:
        # Asked when each job starts: a job queued before Work Offline went on uses no network.
        return None if self.is_offline() else default_fetcher()

    # -- what the person asks for -------------------------------------------------------

    def import_files(self) -> None:
        """Ask for files and import them."""
        files = dialogs.ask_import_files(self.window)
        if files:
            self.start(job_for_locations(files))

    def import_folder(self) -> None:
        """Ask for a folder and import everything in it."""
        folder = dialogs.ask_import_folder(self.window)
        if folder:
            self.start(job_for_locations([folder]))

    def import_from_clipboard(self) -> None:
        """Import the clipboard's web address, files, page or text (in a text box: paste there)."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.paste()
            return
        mime = QGuiApplication.clipboard().mimeData()
        job = job_from_mime(mime) if mime is not None else None
        if job is None:
            self.message.emit("The clipboard holds nothing to import", 4000)
            return
        self.start(job)

    def import_mime(self, mime: QMimeData) -> bool:
        """Import what was dropped; False when it holds nothing to import."""
        job = job_from_mime(mime)
        if job is None:
            return False
        self.start(job)
        return True

    def download_pending(self) -> None:
        """Download the articles imported as addresses only, trying failed ones again."""
        if self.is_offline():
            self.message.emit("Working offline: nothing is downloaded until Work Offline is off", 5000)
            return
        self.start(ImportJob("Downloading pending articles", fetch_pending=True, retry_failed=True))

    def start_background(self) -> None:
        """The window is up: downloads once there is time, then every so often."""
        if self.allow_background:
            QTimer.singleShot(BACKGROUND_DOWNLOAD_DELAY_MS, self.download_pending_in_background)
            self._download_timer.start()

    def download_pending_in_background(self) -> None:
        """Quietly download articles waiting for the network, unless such a download is already on its way."""
        if (
            not self.allow_background
            or self.library.read_only
            or not self.background_downloads()
            or self.is_offline()
            or self._background_queued
        ):
            return
        try:
            waiting = bool(self.library.pending(limit=1))
        except ReaderError as error:
            # A background nicety never interrupts the reader.
            log.warning("cannot look for articles to download: %s", error)
            return
        if waiting:
            self._background_queued = True
            self.start(ImportJob("Downloading saved addresses", fetch_pending=True, background=True))

    def start(self, job: ImportJob) -> None:
        """Run `job` in the import thread (after any import already running)."""
        self.runner.submit(job)

    def stop(self) -> None:
        """Cancel and wait for the import thread (the window is closing)."""
        self.runner.shutdown()
        self._refresh_timer.stop()
        self._download_timer.stop()

    def flush(self) -> bool:
        """Hand on a refresh kept back for a moment; True when there was one."""
        if not self._refresh_timer.isActive():
            return False
        self._refresh_timer.stop()
        return True

    # -- how it went ---------------------------------------------------------------------

    def _on_result(self, _result: ImportResult) -> None:
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _on_job_finished(self, job: ImportJob | None, report: ImportReport) -> None:
        if not self.runner.is_running():
            self.panel.finish()
        self._refresh_timer.stop()
        self.refresh_needed.emit()
        background = job is not None and job.background
        if background:
            self._background_queued = False
        if report.failures and not background:
            self.message.emit(summary(report).capitalize(), 10_000)
            dialogs.show_import_report(self.window, report)
        elif report.results or report.cancelled:
            self.message.emit(summary(report).capitalize(), 10_000)
        if job is not None and not job.fetch_pending and report.count("pending"):
            self.download_pending_in_background()
        ids = imported_article_ids(report.results)
        if ids:
            self.articles_updated.emit(ids)
        if job is not None and len(ids) == 1 and not job.fetch_pending:
            self.open_requested.emit(ids[0])
