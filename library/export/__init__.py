"""Getting the library out: articles, images, state, tags and highlights in forms other tools read.

`export_articles` writes the selected articles in one format (see `FORMATS`) to a
file or folder that appears only when it is complete.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from library.articlerows import highlight_rows, images_of, pending_images_of
from library.dates import utc_now
from library.export import bookmarks, csvfile, epub, html, jsonfile, markdown
from library.export.common import ExportArticle, ExportContext, ExportFormat
from library.export.selection import Selection
from library.export.staging import ExportError, StagedOutput, os_problem, staged_size
from library.importer import Progress
from library.store import Library

FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (markdown.FORMAT, html.FORMAT, epub.FORMAT, jsonfile.FORMAT, csvfile.FORMAT, bookmarks.FORMAT)
}


@dataclass
class ExportReport:
    """What an export did: how many articles went where, and what it could not carry."""

    format: str
    output: Path
    articles: int = 0
    bytes: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    notes: list[str] = field(default_factory=list)


def export_articles(
    library: Library,
    selection: Selection,
    format_name: str,
    output: Path,
    *,
    replace: bool = False,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    application: str = "article-reader",
) -> ExportReport:
    """Write the articles of `selection` to `output` in format `format_name`.

    The export is written beside `output` under a temporary name and renamed onto
    it when complete; cancelled (`should_stop()` true between articles) or failed,
    nothing is left behind.

    Raises:
        ExportError: `output` exists (and `replace` is not set), is the library itself,
            or cannot be written; nothing was left.
        LibraryError: the library cannot be read.
    """
    fmt = FORMATS[format_name]
    began = time.perf_counter()
    output = output.expanduser()
    _refuse_library_file(library, output)
    ids = selection.article_ids(library)
    if fmt.oldest_first and not selection.ids:
        ids.sort()
    report = ExportReport(fmt.name, output)
    context = ExportContext(
        title=selection.describe(),
        exported_at=utc_now(),
        application=application,
        total=len(ids),
        target=output,
    )
    with StagedOutput(output, folder=fmt.folder, replace=replace) as staged:
        try:
            writer = fmt.open(staged.path, context)
            try:
                for done, article_id in enumerate(ids):
                    if should_stop is not None and should_stop():
                        report.cancelled = True
                        return report
                    item = _load(library, article_id, fmt)
                    if item is None:  # deleted while the export ran
                        continue
                    if progress is not None:
                        progress(Progress(done, len(ids), item.stored.article.title))
                    writer.add(item)
                    report.articles += 1
                report.notes = writer.finish()
            finally:
                writer.close()
            if fmt.folder:
                staged.write_manifest(
                    {
                        "format": fmt.name,
                        "articles": report.articles,
                        "exported_at": context.exported_at,
                        "application": application,
                    }
                )
        except OSError as error:
            raise os_problem(error, output) from None
        report.bytes = staged_size(staged.path)
        staged.commit()
    if progress is not None:
        progress(Progress(len(ids), len(ids), ""))
    report.seconds = time.perf_counter() - began
    return report


def _load(library: Library, article_id: int, fmt: ExportFormat) -> ExportArticle | None:
    from library.originals import load_original

    stored = library.get(article_id)
    if stored is None:
        return None
    images = {image.sha256: image for image in images_of(library, article_id)} if fmt.needs_images else {}
    return ExportArticle(
        stored,
        images,
        highlight_rows(library, article_id),
        pending_images_of(library, article_id),
        load_original(library, article_id) if fmt.needs_originals else None,
    )


def _refuse_library_file(library: Library, output: Path) -> None:
    """An export must never land on the library file or its journal files."""
    library_file = library.path.resolve()
    protected = {library_file, *(library_file.with_name(library_file.name + end) for end in ("-wal", "-shm"))}
    if output.resolve() in protected:
        raise ExportError(f"{output}: is the library itself; choose another place for the export")


__all__ = ["FORMATS", "ExportError", "ExportReport", "Selection", "export_articles"]
