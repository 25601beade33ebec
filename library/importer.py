"""Source -> extraction -> storage: put entries in the library and say what became of each."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from library.article import Article, Document, Entry, Rejected, Skipped
from library.articlerows import add_highlight_rows, restore_history
from library.errors import LibraryBusyError, LibraryError, ReaderError, SourceError, reason_of
from library.extract import extract
from library.importimages import ArticleImages, ImageWaits, gather_images, stored_image
from library.importlog import (
    begin_run,
    entry_digest,
    finish_run,
    log_line,
    remember_source,
    run_key,
    unchanged_article,
)
from library.originals import OriginalPage, keeps_originals, store_original
from library.records import Outcome, PreparedArticle, SaveResult
from library.sources import count_entries, read_source

if TYPE_CHECKING:
    from library.sources.web import Fetcher
    from library.store import Library

log = logging.getLogger("reader.import")

# Entries are written in batches of about this long: few commits (most of the cost of a
# small save), and the write lock is held only for the writing of one batch, so the window
# and other programs get their turn between batches.
BATCH_SECONDS = 0.5
# A batch that waited a whole busy timeout for the lock is tried again this many times.
BUSY_RETRIES = 5

# Fields a source may know before extraction; extraction's findings win over them.
_HINT_FIELDS = (
    "title",
    "byline",
    "site_name",
    "section",
    "published",
    "updated",
    "lang",
    "excerpt",
    "lead_image",
)


@dataclass(frozen=True)
class ImportResult:
    """What became of one entry."""

    source: str
    outcome: Outcome
    reason: str | None = None
    article_id: int | None = None
    title: str | None = None
    images_pending: int = 0


@dataclass(frozen=True)
class Progress:
    """How far an import has come: `done` of `total` entries (total None while counting)."""

    done: int
    total: int | None
    current: str


@dataclass
class ImportReport:
    """What an import did. Only what was committed to the library is in `results`."""

    results: list[ImportResult] = field(default_factory=list)
    cancelled: bool = False
    error: str | None = None  # why the import stopped early, when the library failed
    unsaved: int = 0  # entries read but not saved because the library failed

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def failures(self) -> list[ImportResult]:
        return [result for result in self.results if result.outcome == "failed"]

    @property
    def images_pending(self) -> int:
        return sum(result.images_pending for result in self.results)


ProgressCallback = Callable[[Progress], None]
StopCheck = Callable[[], bool]
ResultCallback = Callable[[ImportResult], None]


@dataclass
class _Prepared:
    """An entry read and extracted, waiting to be written with its batch."""

    entry: Entry
    article: Article | None = None  # None: a failure or an unchanged entry, only logged
    original: OriginalPage | None = None  # the page the article came from, to keep
    images: ArticleImages = field(default_factory=ArticleImages)
    status: str = "ready"
    fetch_error: str | None = None
    # The host could not be reached: the address stays in the download queue, as `fetch` keeps it.
    unreachable: bool = False
    digest: str | None = None
    result: ImportResult | None = None  # decided already (failed, unchanged)
    restored: PreparedArticle | None = None  # an article that needed no extraction, with its history


class Importer:
    """Imports entries into `library`, in short batches, each article on its own.

    With a `fetcher`, web addresses named directly are downloaded at once and
    images are downloaded with their article; address-only entries of exports
    (Pocket, Instapaper, ...) are stored as "not yet downloaded" unless
    `fetch_exports` is set, and `fetch_pending()` downloads them later.
    Without a fetcher nothing touches the network: images on the web wait as
    pending images.
    """

    def __init__(
        self, library: Library, fetcher: Fetcher | None = None, *, fetch_exports: bool = False
    ) -> None:
        self.library = library
        self.fetcher = fetcher
        self.fetch_exports = fetch_exports
        self._keep_originals = True

    def import_sources(
        self,
        locations: Iterable[str],
        progress: ProgressCallback | None = None,
        should_stop: StopCheck | None = None,
        on_result: ResultCallback | None = None,
    ) -> ImportReport:
        """Import every entry of every location (see `import_entries`)."""
        locations = list(locations)
        total = sum(count_entries(location) for location in locations)
        return self.import_entries(
            _entries(locations), total, progress, should_stop, on_result, run=run_key(locations)
        )

    def import_entries(
        self,
        entries: Iterable[Entry | Rejected],
        total: int | None = None,
        progress: ProgressCallback | None = None,
        should_stop: StopCheck | None = None,
        on_result: ResultCallback | None = None,
        *,
        run: str | None = None,
    ) -> ImportReport:
        """Import `entries`; stop between entries when `should_stop()` says so.

        `on_result` hears of each entry once it is committed. An import that stops
        (cancelled, crashed, killed, the disk full) keeps what it committed; running
        it again recognises what is already there without extracting it again, and
        imports the rest. `run` names the locations, so that a stopped run is taken
        up and its log keeps one line per source.

        A library failure (the disk full, the file damaged) stops the import:
        `report.error` says why, and nothing of the unfinished batch is counted.
        """
        report = ImportReport()
        try:
            run_id = begin_run(self.library, run)
        except LibraryError as error:
            report.error = str(error)
            return report
        self._keep_originals = keeps_originals(self.library)
        batch = _Batch(self.library, run_id)
        current = ""

        def write_batch() -> None:
            written = batch.write()
            for result in written:
                report.results.append(result)
                if on_result is not None:
                    on_result(result)
            if written and progress is not None:
                progress(Progress(len(report.results), total, current))

        deadline = time.monotonic() + BATCH_SECONDS
        try:
            for entry in entries:
                if should_stop is not None and should_stop():
                    report.cancelled = True
                    break
                current = entry.source
                if progress is not None:
                    progress(Progress(len(report.results), total, current))
                if batch and self._may_use_network(entry):
                    # What is finished is saved before a download that may take seconds.
                    write_batch()
                batch.add(self._prepare(entry))
                if time.monotonic() >= deadline:
                    write_batch()
                    deadline = time.monotonic() + BATCH_SECONDS
            write_batch()
            if not report.cancelled:
                finish_run(self.library, run_id)
        except LibraryError as error:
            report.error = str(error)
            report.unsaved = len(batch)
        if progress is not None:
            progress(Progress(len(report.results), total, ""))
        return report

    def _may_use_network(self, entry: Entry | Rejected) -> bool:
        """True when importing `entry` may download something (the page or its images)."""
        if self.fetcher is None or isinstance(entry, Rejected):
            return False
        if entry.document is None:
            return entry.source_kind == "web" or self.fetch_exports
        return entry.document.kind == "html"

    def _prepare(self, entry: Entry | Rejected) -> _Prepared:
        """Read, download and extract one entry, writing nothing. Bad input never raises."""
        if isinstance(entry, Skipped):
            return _Prepared(
                Entry(entry.source, "skipped"), result=ImportResult(entry.source, "skipped", entry.reason)
            )
        if isinstance(entry, Rejected):
            placeholder = Entry(entry.source, "rejected")
            return _Prepared(placeholder, result=ImportResult(entry.source, "failed", entry.reason))
        try:
            return self._prepare_entry(entry)
        except ReaderError as error:
            if isinstance(error, LibraryError):
                raise
            return _Prepared(
                entry, result=ImportResult(entry.source, "failed", reason_of(error, entry.source))
            )

    def _prepare_entry(self, entry: Entry) -> _Prepared:
        if entry.prepared is not None:
            return self._prepared_article(entry, entry.prepared)
        fetch_now = self.fetcher is not None and (entry.source_kind == "web" or self.fetch_exports)
        digest = None if entry.source_kind == "web" else entry_digest(entry)
        if digest is not None:
            known = unchanged_article(self.library, entry.source, digest)
            if known is not None and (known[1] == "ready" or not fetch_now):
                # Imported before exactly as it is now: nothing to extract, nothing to change.
                return _Prepared(entry, result=ImportResult(entry.source, "duplicate", None, known[0]))
        document = entry.document
        if document is None:
            if entry.url is None:
                raise SourceError("no content and no address")
            if not fetch_now:
                return _pending(entry, None, digest)
            assert self.fetcher is not None
            try:
                document = self.fetcher.fetch_document(entry.url)
            except SourceError as error:
                # An address named directly fails when the page is bad (not found, not a page);
                # when its host cannot be reached, it is kept to download later, not lost.
                unreachable = _unreachable(error)
                if entry.source_kind == "web" and not unreachable:
                    raise
                waiting = _pending(entry, reason_of(error, entry.url), digest)
                waiting.unreachable = unreachable
                return waiting
        article = self._extract(entry, document)
        images = gather_images(article, document, self._image_download())
        original = OriginalPage.of(document) if self._keep_originals else None
        return _Prepared(entry, article, original, images, digest=digest)

    def _prepared_article(self, entry: Entry, prepared: PreparedArticle) -> _Prepared:
        """An article that needs no extraction (our own export, a Markdown note), to store as it is.

        Its images come with it, or are looked up in the entry's document as a page's are.
        """
        images = ArticleImages(stored=list(prepared.images), pending=list(prepared.pending_images))
        if not prepared.images and entry.document is not None and prepared.article.images:
            images = gather_images(prepared.article, entry.document, self._image_download())
        original = None
        if prepared.original is not None and self._keep_originals:
            kind, url, content = prepared.original
            original = OriginalPage.of(
                Document(entry.source, content, "text" if kind == "text" else "html", url)
            )
        return _Prepared(
            entry,
            prepared.article,
            original,
            images=images,
            status=prepared.status,
            fetch_error=prepared.fetch_error,
            restored=prepared,
        )

    def _extract(self, entry: Entry, document: Document) -> Article:
        article = extract(document)
        fill_missing(article, entry.hints)
        # The address the entry was saved under names the article, even when the page
        # was read from a file or its canonical link points elsewhere.
        article.url = entry.url or document.url or article.url or article.canonical_url
        return article

    def _image_download(self) -> Callable[[str], bytes | None] | None:
        fetcher = self.fetcher
        if fetcher is None:
            return None
        from library.sources.web import is_offline_error

        def download(url: str) -> bytes | None:
            try:
                return fetcher.fetch_image(url)[0]
            except SourceError as error:
                if is_offline_error(error) or getattr(error, "unreachable", False):
                    raise ImageWaits(url) from error
                log.info("image left out: %s", error)
                return None

        return download

    def fetch_pending(
        self,
        progress: ProgressCallback | None = None,
        should_stop: StopCheck | None = None,
        *,
        retry_failed: bool = False,
    ) -> ImportReport:
        """Download articles known only by address, then images still waiting; stop quietly when offline."""
        report = ImportReport()
        if self.fetcher is None:
            return report
        from library.sources.web import is_offline_error

        try:
            run_id = begin_run(self.library, None)
            queue = self.library.pending(limit=1_000_000, include_failed=retry_failed)
        except LibraryError as error:
            report.error = str(error)
            return report
        for number, header in enumerate(queue):
            if should_stop is not None and should_stop():
                report.cancelled = True
                break
            if progress is not None:
                progress(Progress(number, len(queue), header.url or header.title))
            assert header.url is not None
            try:
                stored = self.library.get(header.id)
                if stored is None:
                    continue  # deleted meanwhile
                try:
                    document = self.fetcher.fetch_document(header.url)
                    article = extract(document)
                    article.url = header.url
                    fill_missing(article, {name: getattr(stored.article, name) for name in _HINT_FIELDS})
                    images = gather_images(article, document, self._image_download())
                    original = OriginalPage.of(document) if keeps_originals(self.library) else None
                    with self.library.transaction():
                        saved = self.library.save(
                            article,
                            source_kind=stored.source_kind,
                            source_path=stored.source_path,
                            images=images.stored,
                            pending_images=images.pending,
                        )
                        result = ImportResult(
                            header.url,
                            saved.outcome,
                            None,
                            saved.article_id,
                            article.title,
                            len(images.pending),
                        )
                        log_line(self.library, run_id, result.source, stored.source_kind, *_logged(result))
                        if original is not None:
                            store_original(self.library, saved.article_id, original)
                except SourceError as error:
                    if is_offline_error(error):
                        # No network is not the article's fault: it stays pending for next time.
                        report.cancelled = True
                        break
                    reason = reason_of(error, header.url)
                    # A host that cannot be reached may be down for now, or the network may
                    # be going: note why, keep the article queued, and go on.
                    unreachable = bool(getattr(error, "unreachable", False))
                    result = ImportResult(
                        header.url, "pending" if unreachable else "failed", reason, header.id, header.title
                    )
                    self._note_fetch_failure(run_id, result, stored.source_kind, unreachable)
                except ReaderError as error:
                    if isinstance(error, LibraryError):
                        raise
                    result = ImportResult(header.url, "failed", reason_of(error, header.url), header.id)
                    self._note_fetch_failure(run_id, result, stored.source_kind, False)
            except LibraryError as error:
                report.error = str(error)
                break
            report.results.append(result)
        if not (report.cancelled or report.error):
            self._fetch_pending_images(report, should_stop)
        if progress is not None:
            progress(Progress(len(report.results), len(queue), ""))
        return report

    def _note_fetch_failure(self, run_id: int, result: ImportResult, source_kind: str, keep: bool) -> None:
        with self.library.transaction():
            assert result.article_id is not None and result.reason is not None
            self.library.mark_fetch_failed(result.article_id, result.reason, keep_pending=keep)
            log_line(self.library, run_id, result.source, source_kind, *_logged(result))

    def _fetch_pending_images(self, report: ImportReport, should_stop: StopCheck | None) -> None:
        """Download the images saved pages could not have when they were imported."""
        download = self._image_download()
        assert download is not None
        for article_id, pending in self.library.pending_images():
            if should_stop is not None and should_stop():
                report.cancelled = True
                return
            try:
                data = download(pending.url)
            except ImageWaits:
                return  # the network went: the rest wait for next time
            from library.images import MAX_IMAGE_BYTES, sniff_image_type

            mime = sniff_image_type(data) if data else None
            image = (
                stored_image(data, mime, pending.url)
                if data and mime and len(data) <= MAX_IMAGE_BYTES
                else None
            )
            try:
                self.library.resolve_pending_image(article_id, pending, image)
            except LibraryError as error:
                report.error = str(error)
                return


class _Batch:
    """Prepared entries waiting to be written together, in one short write transaction."""

    def __init__(self, library: Library, run_id: int) -> None:
        self.library = library
        self.run_id = run_id
        self.items: list[_Prepared] = []

    def __len__(self) -> int:
        return len(self.items)

    def add(self, item: _Prepared) -> None:
        self.items.append(item)

    def write(self) -> list[ImportResult]:
        """Write every item and log it; the results, once committed. Waits its turn for the lock.

        Raises:
            LibraryError: the library cannot take the batch (disk full, damaged, read-only,
                or another program held it for several busy timeouts); nothing of the
                batch was written.
        """
        if not self.items:
            return []
        for attempt in range(BUSY_RETRIES):
            try:
                with self.library.transaction():
                    results = [self._write(item) for item in self.items]
            except LibraryBusyError:
                if attempt == BUSY_RETRIES - 1:
                    raise
                log.info("the library is busy; trying the batch again")
                continue
            self.items.clear()
            return results
        raise AssertionError("unreachable")  # pragma: no cover

    def _write(self, item: _Prepared) -> ImportResult:
        entry = item.entry
        if item.result is not None:
            result = item.result
            if result.outcome == "skipped":
                return result  # counted in the report, not logged: the log holds what the library did
            unchanged = result.outcome == "duplicate"
            kind = None if entry.source_kind == "rejected" else entry.source_kind
            log_line(self.library, self.run_id, result.source, kind, *_logged(result), keep_earlier=unchanged)
            return result
        assert item.article is not None
        article = item.article
        restored = item.restored
        saved = self.library.save(
            article,
            source_kind=entry.source_kind,
            source_path=(restored.source_path if restored else None) or entry.source,
            status="ready"
            if item.status == "ready"
            else ("failed" if item.fetch_error and not item.unreachable else "pending"),
            saved_at=entry.saved_at,
            tags=entry.tags,
            state=entry.state,
            highlights=entry.highlights,
            images=item.images.stored,
            pending_images=item.images.pending,
            fetch_error=item.fetch_error,
        )
        outcome = saved.outcome if restored is None else _restore(self.library, saved, restored)
        title = article.title or entry.url
        result = ImportResult(
            entry.source, outcome, item.fetch_error, saved.article_id, title, len(item.images.pending)
        )
        log_line(self.library, self.run_id, entry.source, entry.source_kind, *_logged(result))
        if item.original is not None and saved.outcome != "duplicate":
            store_original(self.library, saved.article_id, item.original)
        if item.digest is not None:
            remember_source(self.library, entry.source, item.digest, saved.article_id)
        return result


def _restore(library: Library, saved: SaveResult, restored: PreparedArticle) -> Outcome:
    """Put back what an export carried beyond the article: when it was imported and last
    opened (for a new article), and its highlights with every column they had."""
    outcome = saved.outcome
    if outcome in {"imported", "pending"}:
        restore_history(
            library, saved.article_id, imported_at=restored.imported_at, last_opened=restored.last_opened
        )
    if add_highlight_rows(library, saved.article_id, restored.highlight_rows) and outcome == "duplicate":
        outcome = "updated"
    return outcome


def _logged(result: ImportResult) -> tuple[Outcome, str | None, int | None]:
    outcome = result.outcome
    assert outcome != "skipped", "skipped files are not logged"
    return outcome, result.reason, result.article_id


def _unreachable(error: SourceError) -> bool:
    from library.sources.web import FetchError

    return isinstance(error, FetchError) and (error.unreachable or error.offline)


def _pending(entry: Entry, fetch_error: str | None, digest: str | None) -> _Prepared:
    """An address-only entry, stored as "not downloaded yet" (or "failed" with why)."""
    article = Article(url=entry.url)
    fill_missing(article, entry.hints)
    return _Prepared(entry, article, status="pending", fetch_error=fetch_error, digest=digest)


def fill_missing(article: Article, known: Mapping[str, str | None]) -> None:
    """Give `article` what a source already knew (title, byline, ...) where extraction found nothing."""
    for name in _HINT_FIELDS:
        if not getattr(article, name) and known.get(name):
            setattr(article, name, known[name])


def _entries(locations: Iterable[str]) -> Iterator[Entry | Rejected]:
    for location in locations:
        yield from read_source(location)
