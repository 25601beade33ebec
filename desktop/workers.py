"""Imports and downloads off the GUI thread, with progress, results as they arrive, and Cancel."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QThread, QUrl, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from library.article import Document, Entry, Rejected
from library.errors import ReaderError
from library.store import Library

if TYPE_CHECKING:
    from library.importer import Importer, ImportReport, ImportResult, Progress
    from library.sources.web import Fetcher

log = logging.getLogger("reader.import")

# Where pasted or dropped content says it came from, in the import log and the failure list.
CLIPBOARD_SOURCE = "clipboard"

# Firefox puts the address of the page a selection was copied from in this format.
_SOURCE_PAGE_FORMAT = "text/x-moz-url-priv"

FetcherFactory = Callable[[], "Fetcher | None"]


# The import machinery (extraction, every source and export reader, httpx) is imported when
# the first import runs, not when the window starts: it would add a tenth of a second to every start.


def default_fetcher() -> Fetcher | None:
    """The fetcher the window imports with: the network is used as on the command line."""
    from library.sources.web import Fetcher

    return Fetcher()


def is_web_address(text: str) -> bool:
    """True for an http(s) address (what the importer fetches)."""
    from library.sources import is_web_address as check

    return check(text)


@dataclass(frozen=True)
class ImportJob:
    """One piece of work for the import thread: places to import, pasted entries, or the download queue."""

    description: str
    locations: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = field(default=())
    fetch_pending: bool = False
    # With fetch_pending: also try again the addresses that failed before.
    retry_failed: bool = False
    # Started by the window, not the person: it reports quietly (no dialog of failures).
    background: bool = False


def job_for_locations(locations: list[str]) -> ImportJob:
    """A job importing files, folders or web addresses, described for the progress bar."""
    if len(locations) == 1:
        name = locations[0] if is_web_address(locations[0]) else Path(locations[0]).name or locations[0]
        return ImportJob(f"Importing {name}", locations=tuple(locations))
    return ImportJob(f"Importing {len(locations)} items", locations=tuple(locations))


def job_from_mime(mime: QMimeData) -> ImportJob | None:
    """What a drop or paste asks to import: files and addresses, else HTML, else plain text (None: nothing)."""
    if mime.hasUrls():
        # Links and files only: Qt also offers URLs as text, and an ftp: or mailto: link is
        # not an article to keep as text.
        locations = [location for url in mime.urls() if (location := _location(url))]
        return job_for_locations(locations) if locations else None
    text = mime.text().strip() if mime.hasText() else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and all(is_web_address(line) for line in lines):
        return job_for_locations(lines)
    page_url = _source_page(mime)
    if mime.hasHtml() and mime.html().strip():
        document = Document(CLIPBOARD_SOURCE, mime.html(), "html", page_url)
        return ImportJob("Importing the pasted page", entries=(_entry(document),))
    if text:
        document = Document(CLIPBOARD_SOURCE, text, "text", page_url)
        return ImportJob("Importing the pasted text", entries=(_entry(document),))
    return None


def _entry(document: Document) -> Entry:
    return Entry(source=CLIPBOARD_SOURCE, source_kind=CLIPBOARD_SOURCE, document=document, url=document.url)


def _location(url: QUrl) -> str | None:
    if url.isLocalFile():
        return url.toLocalFile() or None
    address = url.toString()
    return address if is_web_address(address) else None


def _source_page(mime: QMimeData) -> str | None:
    if not mime.hasFormat(_SOURCE_PAGE_FORMAT):
        return None
    # Firefox writes it as UTF-16; the address is the first line.
    raw = bytes(mime.data(_SOURCE_PAGE_FORMAT).data())
    for encoding in ("utf-16", "utf-8"):
        with contextlib.suppress(UnicodeDecodeError):
            address = raw.decode(encoding).replace("\x00", "").split("\n")[0].strip()
            if is_web_address(address):
                return address
    return None


class ImportWorker(QObject):
    """Runs one `ImportJob` in the import thread, over its own connection to the library.

    Signals:
        progress: done, total (-1 while counting), the entry being imported.
        result: an `ImportResult`, as soon as each entry is finished.
        finished: the `ImportReport` (always emitted, last).
        failed: a one-line reason the job could not run at all (the library would not open).
    """

    progress = Signal(int, int, str)
    result = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self, library_path: Path, job: ImportJob, stop: threading.Event, fetcher_factory: FetcherFactory
    ) -> None:
        super().__init__()
        self._library_path = library_path
        self._job = job
        self._stop = stop
        self._fetcher_factory = fetcher_factory

    @Slot()
    def run(self) -> None:
        """Do the job (in the import thread); `finished` is emitted whatever happens."""
        from library.importer import Importer, ImportReport

        report = ImportReport()
        try:
            # SQLite connections belong to the thread that opened them: this one is ours alone.
            with Library.open(self._library_path) as library, self._fetcher() as fetcher:
                importer = Importer(library, fetcher)
                if self._job.fetch_pending:
                    report = importer.fetch_pending(
                        progress=self._report_progress,
                        should_stop=self._stop.is_set,
                        retry_failed=self._job.retry_failed,
                    )
                else:
                    report = self._import(importer)
            if report.error:
                # The library itself failed (disk full, file locked): the import stopped there.
                self.failed.emit(report.error)
        except ReaderError as error:
            self.failed.emit(str(error))
        finally:
            self.finished.emit(report)

    @contextlib.contextmanager
    def _fetcher(self) -> Iterator[Fetcher | None]:
        fetcher = self._fetcher_factory()
        try:
            yield fetcher
        finally:
            if fetcher is not None:
                fetcher.close()

    def _import(self, importer: Importer) -> ImportReport:
        from library.sources import count_entries

        job = self._job
        self.progress.emit(0, -1, job.locations[0] if job.locations else CLIPBOARD_SOURCE)
        total = len(job.entries) + sum(count_entries(location) for location in job.locations)
        # Each result reaches the window (and the list) as soon as it is saved.
        return importer.import_entries(
            self._entries(), total, self._report_progress, self._stop.is_set, self.result.emit
        )

    def _entries(self) -> Iterator[Entry | Rejected]:
        from library.sources import read_source

        yield from self._job.entries
        for location in self._job.locations:
            yield from read_source(location)

    def _report_progress(self, progress: Progress) -> None:
        self.progress.emit(progress.done, -1 if progress.total is None else progress.total, progress.current)


class ImportRunner(QObject):
    """Runs import jobs one after another in a background thread; `cancel()` stops the current one.

    Signals:
        job_started: the job's description.
        progress: done, total (-1 while counting), current entry.
        result: each `ImportResult` as it arrives.
        job_finished: the job and its `ImportReport`.
        failed: a job could not run (its one-line reason).
    """

    job_started = Signal(str)
    progress = Signal(int, int, str)
    result = Signal(object)
    job_finished = Signal(object, object)
    failed = Signal(str)

    def __init__(self, library_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_path = library_path
        self.fetcher_factory: FetcherFactory = default_fetcher
        self._queue: deque[ImportJob] = deque()
        self._thread: QThread | None = None
        self._worker: ImportWorker | None = None
        self._job: ImportJob | None = None
        self._stop = threading.Event()

    @property
    def worker(self) -> ImportWorker | None:
        """The worker of the running job (its signals are emitted from the import thread)."""
        return self._worker

    def is_running(self) -> bool:
        """True while a job runs (more may wait behind it)."""
        return self._thread is not None

    def submit(self, job: ImportJob) -> None:
        """Run `job` now, or after the jobs before it."""
        self._queue.append(job)
        if self._thread is None:
            self._start_next()

    def cancel(self) -> None:
        """Stop the running job after the entry in hand (what is done stays done), and drop the queue."""
        self._queue.clear()
        self._stop.set()

    def cancel_downloads(self) -> None:
        """Stop downloading (Work Offline): the running download after the article in hand, and those queued."""
        self._queue = deque(job for job in self._queue if not job.fetch_pending)
        if self._job is not None and self._job.fetch_pending:
            self._stop.set()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Cancel and wait for the import thread, before the window and the library close."""
        self.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)

    def _start_next(self) -> None:
        if not self._queue:
            return
        job = self._queue.popleft()
        self._stop = threading.Event()
        thread = QThread(self)
        thread.setObjectName("import")
        worker = ImportWorker(self.library_path, job, self._stop, self.fetcher_factory)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self.progress)
        worker.result.connect(self.result)
        worker.failed.connect(self.failed)
        worker.finished.connect(self._on_worker_finished)
        worker.finished.connect(thread.quit)
        self._thread, self._worker, self._job = thread, worker, job
        self.job_started.emit(job.description)
        thread.start()

    @Slot(object)
    def _on_worker_finished(self, report: ImportReport) -> None:
        thread, worker, job = self._thread, self._worker, self._job
        self._thread = self._worker = self._job = None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        # The worker's thread has ended: dropping the last reference deletes it here, safely.
        del worker
        self.job_finished.emit(job, report)
        self._start_next()


class ImportPanel(QWidget):
    """A slim progress bar with Cancel, shown in the status bar while an import runs.

    Signals:
        cancel_requested: the Cancel button was pressed.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self._description = ""
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop importing; what is already imported stays")
        self.cancel_button.clicked.connect(self._on_cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self, description: str) -> None:
        """Show the panel for a job that has just started."""
        self._description = description
        self.label.setText(description)
        self.bar.setRange(0, 0)  # busy until the entries are counted
        self.cancel_button.setEnabled(True)
        self.show()

    def set_progress(self, done: int, total: int, current: str) -> None:
        """Show `done` of `total` (-1: still counting), with the current entry as a tooltip."""
        if total < 0:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(min(done, max(total, 1)))
            self.bar.setFormat(f"{done} of {total}")
        if current:
            web = is_web_address(current)
            name = current if web or current == CLIPBOARD_SOURCE else Path(current).name
            self.bar.setToolTip(name)
            if web and self.cancel_button.isEnabled():
                # What is being downloaded, said where the person looks: "Downloading …: example.org/story".
                self.label.setText(f"{self._description}: {_short_address(current)}")

    def finish(self) -> None:
        """Hide the panel: no job is left."""
        self.hide()

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
        self.cancel_requested.emit()


def _short_address(url: str, limit: int = 60) -> str:
    """An address without its scheme and "www.", cut to `limit` characters."""
    short = url.split("://", 1)[-1].removeprefix("www.")
    return short if len(short) <= limit else short[: limit - 1] + "…"


def summary(report: ImportReport) -> str:
    """One line saying what an import did ("3 imported, 1 failed")."""
    words = {
        "imported": "imported",
        "updated": "updated",
        "duplicate": "already in the library",
        "pending": "to download later",
        "failed": "failed",
        "skipped": "skipped (not a page or an export)",
    }
    parts = [f"{report.count(outcome)} {word}" for outcome, word in words.items() if report.count(outcome)]  # type: ignore[arg-type]
    if report.images_pending:
        parts.append(f"{report.images_pending} images waiting for the network")
    if report.unsaved:
        parts.append(f"{report.unsaved} read but not saved")
    line = ", ".join(parts) if parts else "nothing to import"
    return f"{line} (cancelled)" if report.cancelled else line


def failure_rows(report: ImportReport) -> list[tuple[str, str]]:
    """(where, why) for every failed entry, as the failure list shows them."""
    return [(failure.source, failure.reason or "unknown reason") for failure in report.failures]


def imported_article_ids(results: list[ImportResult]) -> list[int]:
    """The articles an import stored or found again, in order."""
    return [r.article_id for r in results if r.article_id is not None and r.outcome != "failed"]
