"""Extract again: run today's extractor on the originals kept in the library, updating articles in place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from library.errors import LibraryError, ReaderError
from library.extract import extract
from library.importer import ImportReport, ImportResult, Progress, ProgressCallback, StopCheck, fill_missing
from library.importimages import gather_images
from library.originals import load_original

if TYPE_CHECKING:
    from library.store import Library


def reextract(
    library: Library,
    article_ids: Iterable[int],
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> ImportReport:
    """Extract each article again from its kept original; id, state, tags and highlights stay.

    The article's stored images are offered to the extractor as the page's own
    copies, so nothing is downloaded; an image the new extraction finds that was
    never stored waits as a pending image. Outcomes: "updated" when the article
    changed, "duplicate" when it came out the same, "failed" (with why) when
    there is no original or it holds no article.
    """
    report = ImportReport()
    ids = list(dict.fromkeys(article_ids))
    for number, article_id in enumerate(ids):
        if should_stop is not None and should_stop():
            report.cancelled = True
            break
        source = f"article {article_id}"
        if progress is not None:
            progress(Progress(number, len(ids), source))
        try:
            report.results.append(_reextract_one(library, article_id, source))
        except LibraryError as error:
            report.error = str(error)
            break
        except ReaderError as error:
            report.results.append(ImportResult(source, "failed", str(error), article_id))
    if progress is not None:
        progress(Progress(len(report.results), len(ids), ""))
    return report


def _reextract_one(library: Library, article_id: int, source: str) -> ImportResult:
    stored = library.get(article_id)
    if stored is None:
        return ImportResult(source, "failed", "no such article", article_id)
    document = load_original(library, article_id)
    if document is None:
        reason = "not downloaded yet" if stored.status != "ready" else "no original page was kept"
        return ImportResult(source, "failed", reason, article_id, stored.article.title)
    document.resources = library.image_bytes_by_url(article_id)
    article = extract(document)
    # What the first extraction (or the export it came from) knew stays where this one finds nothing.
    fill_missing(article, vars(stored.article))
    article.url = stored.article.url or article.url
    images = gather_images(article, document, None)
    saved = library.save(
        article,
        source_kind=stored.source_kind,
        source_path=stored.source_path,
        images=images.stored,
        pending_images=images.pending,
        into=article_id,
    )
    return ImportResult(source, saved.outcome, None, article_id, article.title, len(images.pending))
