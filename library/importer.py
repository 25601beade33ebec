"""Source -> extraction -> storage: put entries in the library and say what became of each."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes

from library.article import Article, Document, Entry, Rejected
from library.errors import LibraryError, ReaderError, SourceError, reason_of
from library.extract import extract
from library.images import MAX_IMAGE_BYTES, sniff_image_type
from library.records import Outcome, PreparedArticle, StoredImage, image_reference
from library.sources import count_entries, read_source
from library.store import Library

if TYPE_CHECKING:
    from library.sources.web import Fetcher

log = logging.getLogger("reader.import")

# One article's images together; past this the rest are left out rather than bloat the file.
MAX_ARTICLE_IMAGE_BYTES = 50 * 1024 * 1024

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


@dataclass(frozen=True)
class Progress:
    """How far an import has come: `done` of `total` entries (total None while counting)."""

    done: int
    total: int | None
    current: str


@dataclass
class ImportReport:
    results: list[ImportResult] = field(default_factory=list)
    cancelled: bool = False
    error: str | None = None  # why the import stopped early, when the library failed

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def failures(self) -> list[ImportResult]:
        return [result for result in self.results if result.outcome == "failed"]


ProgressCallback = Callable[[Progress], None]
StopCheck = Callable[[], bool]
ResultCallback = Callable[[ImportResult], None]


class Importer:
    """Imports entries into `library`, one transaction per article.

    With a `fetcher`, web addresses named directly are downloaded at once and
    images are downloaded with their article; address-only entries of exports
    (Pocket, Instapaper, ...) are stored as "not yet downloaded" unless
    `fetch_exports` is set, and `fetch_pending()` downloads them later.
    Without a fetcher nothing touches the network.
    """

    def __init__(
        self, library: Library, fetcher: Fetcher | None = None, *, fetch_exports: bool = False
    ) -> None:
        self.library = library
        self.fetcher = fetcher
        self.fetch_exports = fetch_exports

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
        return self.import_entries(_entries(locations), total, progress, should_stop, on_result)

    def import_entries(
        self,
        entries: Iterable[Entry | Rejected],
        total: int | None = None,
        progress: ProgressCallback | None = None,
        should_stop: StopCheck | None = None,
        on_result: ResultCallback | None = None,
    ) -> ImportReport:
        """Import `entries`; stop between entries when `should_stop()` says so.

        `on_result` hears of each entry as soon as it is saved (committed within
        half a second). An import that stops (cancelled, crashed, killed) keeps
        what it finished; running it again imports the rest and reports the
        finished ones as duplicates, so nothing is imported twice.
        """
        report = ImportReport()
        unannounced: list[ImportResult] = []

        def announce() -> None:
            # Results are announced once committed, so a listener can read them back.
            if on_result is not None:
                for result in unannounced:
                    on_result(result)
            unannounced.clear()

        with self.library.batch() as commit:
            for entry in entries:
                if should_stop is not None and should_stop():
                    report.cancelled = True
                    break
                if progress is not None:
                    progress(Progress(len(report.results), total, entry.source))
                try:
                    if self._may_use_network(entry) and commit(True):
                        # Commit before a download that may take seconds, not after it.
                        announce()
                    result = self.import_entry(entry)
                    unannounced.append(result)
                    report.results.append(result)
                    if commit(False):
                        announce()
                except LibraryError as error:
                    # Every later entry would fail the same way: stop and say why.
                    report.results.append(ImportResult(entry.source, "failed", error.reason))
                    report.error = str(error)
                    break
        announce()
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

    def import_entry(self, entry: Entry | Rejected) -> ImportResult:
        """Import one entry, log it, and say what became of it.

        Bad input never raises: it becomes a "failed" result with the reason.

        Raises:
            LibraryError: the library itself cannot take the article (disk full,
                file locked or damaged); nothing of the entry was written.
        """
        if isinstance(entry, Rejected):
            result = ImportResult(entry.source, "failed", entry.reason)
            self._log(result, None)
            return result
        try:
            result = self._import(entry)
        except LibraryError:
            raise
        except ReaderError as error:
            result = ImportResult(entry.source, "failed", reason_of(error, entry.source))
        self._log(result, entry.source_kind)
        return result

    def _import(self, entry: Entry) -> ImportResult:
        if entry.prepared is not None:
            return self._save_prepared(entry, entry.prepared)
        document = entry.document
        if document is None:
            if entry.url is None:
                raise SourceError("no content and no address")
            fetch_now = self.fetcher is not None and (entry.source_kind == "web" or self.fetch_exports)
            if not fetch_now:
                return self._save_pending(entry, None)
            assert self.fetcher is not None
            try:
                document = self.fetcher.fetch_document(entry.url)
            except SourceError as error:
                if entry.source_kind == "web":
                    raise
                return self._save_pending(entry, reason_of(error, entry.url))
        article = self._extract(entry, document)
        images = self._store_images(article, document)
        saved = self.library.save(
            article,
            source_kind=entry.source_kind,
            source_path=entry.source,
            saved_at=entry.saved_at,
            tags=entry.tags,
            state=entry.state,
            highlights=entry.highlights,
            images=images,
        )
        return ImportResult(entry.source, saved.outcome, None, saved.article_id, article.title)

    def _extract(self, entry: Entry, document: Document) -> Article:
        article = extract(document)
        _fill_missing(article, entry.hints)
        # The address the entry was saved under names the article, even when the page
        # was read from a file or its canonical link points elsewhere.
        article.url = entry.url or document.url or article.url or article.canonical_url
        return article

    def _save_prepared(self, entry: Entry, prepared: PreparedArticle) -> ImportResult:
        """Store an article that needs no extraction as it is, with its history and highlights."""
        article = prepared.article
        images = prepared.images
        if not images and entry.document is not None and article.images:
            images = self._store_images(article, entry.document)
        with self.library.transaction():
            saved = self.library.save(
                article,
                source_kind=entry.source_kind,
                source_path=prepared.source_path or entry.source,
                status=prepared.status,
                saved_at=entry.saved_at,
                tags=entry.tags,
                state=entry.state,
                highlights=entry.highlights,
                images=images,
                fetch_error=prepared.fetch_error,
            )
            outcome = saved.outcome
            if outcome in {"imported", "pending"}:
                self.library.restore_history(
                    saved.article_id, imported_at=prepared.imported_at, last_opened=prepared.last_opened
                )
            if (
                self.library.add_highlight_rows(saved.article_id, prepared.highlight_rows)
                and outcome == "duplicate"
            ):
                outcome = "updated"
        return ImportResult(
            entry.source, outcome, prepared.fetch_error, saved.article_id, article.title or entry.url
        )

    def _save_pending(self, entry: Entry, fetch_error: str | None) -> ImportResult:
        article = Article(url=entry.url)
        _fill_missing(article, entry.hints)
        saved = self.library.save(
            article,
            source_kind=entry.source_kind,
            source_path=entry.source,
            status="failed" if fetch_error else "pending",
            saved_at=entry.saved_at,
            tags=entry.tags,
            state=entry.state,
            highlights=entry.highlights,
            fetch_error=fetch_error,
        )
        return ImportResult(
            entry.source, saved.outcome, fetch_error, saved.article_id, article.title or entry.url
        )

    def _store_images(self, article: Article, document: Document) -> list[StoredImage]:
        """Find each image's bytes (offline copies first), and point the HTML at the library."""
        stored: dict[str, StoredImage] = {}
        replacements: dict[str, str | None] = {}
        budget = MAX_ARTICLE_IMAGE_BYTES
        for src in dict.fromkeys(article.images):
            data = self._image_bytes(src, document)
            mime = sniff_image_type(data) if data else None
            if data is None or mime is None or len(data) > min(budget, MAX_IMAGE_BYTES):
                replacements[src] = None
                continue
            budget -= len(data)
            digest = hashlib.sha256(data).hexdigest()
            stored.setdefault(
                digest, StoredImage(digest, None if src.startswith("data:") else src, mime, data)
            )
            replacements[src] = image_reference(digest)
        if replacements:
            article.html = rewrite_images(article.html, replacements)
            article.images = [r for r in replacements.values() if r]
        return list(stored.values())

    def _image_bytes(self, src: str, document: Document) -> bytes | None:
        if src in document.resources:
            return document.resources[src]
        if src.startswith("data:"):
            return decode_data_url(src)
        if self.fetcher is not None and src.startswith(("http://", "https://")):
            try:
                data, _mime = self.fetcher.fetch_image(src)
            except SourceError as error:
                log.info("image left out: %s", error)
                return None
            return data
        return None

    def fetch_pending(
        self,
        progress: ProgressCallback | None = None,
        should_stop: StopCheck | None = None,
        *,
        retry_failed: bool = False,
    ) -> ImportReport:
        """Download articles known only by address; stop early, quietly, when offline."""
        report = ImportReport()
        if self.fetcher is None:
            return report
        from library.sources.web import is_offline_error

        queue = self.library.pending(limit=1_000_000, include_failed=retry_failed)
        for number, header in enumerate(queue):
            if should_stop is not None and should_stop():
                report.cancelled = True
                break
            if progress is not None:
                progress(Progress(number, len(queue), header.url or header.title))
            assert header.url is not None
            stored = self.library.get(header.id)
            assert stored is not None
            try:
                document = self.fetcher.fetch_document(header.url)
                article = extract(document)
                article.url = header.url
                _fill_missing(article, {name: getattr(stored.article, name) for name in _HINT_FIELDS})
                images = self._store_images(article, document)
                saved = self.library.save(
                    article, source_kind=stored.source_kind, source_path=stored.source_path, images=images
                )
                result = ImportResult(header.url, saved.outcome, None, saved.article_id, article.title)
            except LibraryError as error:
                report.error = str(error)
                break
            except SourceError as error:
                if is_offline_error(error):
                    # No network is not the article's fault: it stays pending for next time.
                    report.cancelled = True
                    break
                reason = reason_of(error, header.url)
                # A host that cannot be reached may be down for now, or the network may
                # be going: note why, keep the article queued, and go on.
                unreachable = bool(getattr(error, "unreachable", False))
                self.library.mark_fetch_failed(header.id, reason, keep_pending=unreachable)
                result = ImportResult(
                    header.url, "pending" if unreachable else "failed", reason, header.id, header.title
                )
            except ReaderError as error:
                reason = reason_of(error, header.url)
                self.library.mark_fetch_failed(header.id, reason)
                result = ImportResult(header.url, "failed", reason, header.id, header.title)
            self._log(result, stored.source_kind)
            report.results.append(result)
        if progress is not None:
            progress(Progress(len(report.results), len(queue), ""))
        return report

    def _log(self, result: ImportResult, source_kind: str | None) -> None:
        try:
            self.library.log_import(
                result.source, source_kind, result.outcome, result.reason, result.article_id
            )
        except ReaderError as error:
            # The article itself is saved or not; a log line that cannot be written is no
            # reason to abandon the import.
            log.warning("could not log the import of %s: %s", result.source, error)


def _fill_missing(article: Article, known: Mapping[str, str | None]) -> None:
    """Give `article` what a source already knew (title, byline, ...) where extraction found nothing."""
    for name in _HINT_FIELDS:
        if not getattr(article, name) and known.get(name):
            setattr(article, name, known[name])


def _entries(locations: Iterable[str]) -> Iterator[Entry | Rejected]:
    for location in locations:
        yield from read_source(location)


def decode_data_url(url: str) -> bytes | None:
    """The bytes of a `data:` URL, or None when it is malformed."""
    header, comma, payload = url.partition(",")
    if not comma:
        return None
    try:
        if header.lower().endswith(";base64"):
            return base64.b64decode(payload.strip(), validate=False)
        return unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None


def rewrite_images(html: str, replacements: dict[str, str | None]) -> str:
    """`html` with each `<img src>` in `replacements` pointed at its new source, or removed when None."""
    import lxml.html

    if not html.strip():
        return html
    # huge_tree: an inline image is one attribute of many megabytes, past libxml2's usual limit.
    parser = lxml.html.HTMLParser(huge_tree=True)
    container = lxml.html.fragment_fromstring(html, create_parent="div", parser=parser)
    for image in list(container.iter("img")):
        src = image.get("src", "")
        if src not in replacements:
            # Not an image the importer was told of (none, or one it could not read): gone.
            if not src:
                image.drop_tree()
            continue
        new = replacements[src]
        if new is None:
            image.drop_tree()
        else:
            image.set("src", new)
            for attribute in ("srcset", "sizes"):
                image.attrib.pop(attribute, None)
    head = escape(container.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode") for child in container)
