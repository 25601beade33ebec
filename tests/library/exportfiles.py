"""Export files for the export tests: written into tmp_path, then recognised and read as the importer does."""

from __future__ import annotations

import zipfile
from pathlib import Path

from library.article import Entry, Rejected
from library.importer import Importer, ImportReport
from library.records import StoredArticle
from library.sources.exports import HEAD_BYTES, ExportReader, detect_export
from library.store import Library


def detect(path: Path) -> ExportReader | None:
    """The reader `detect_export` picks for the file at `path`, given its first bytes as the importer does."""
    with path.open("rb") as handle:
        return detect_export(path, handle.read(HEAD_BYTES))


def read_export(path: Path) -> list[Entry | Rejected]:
    """Everything the export at `path` yields, once it is recognised as an export (failing the test if not)."""
    reader = detect(path)
    assert reader is not None, f"{path.name} was not recognised"
    return list(reader(path))


def write_text(path: Path, text: str) -> Path:
    """`text` saved as UTF-8 at `path`, which is returned."""
    path.write_text(text, encoding="utf-8")
    return path


def write_zip(path: Path, members: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip archive at `path` holding `members` (name to content) in order, compressed with `method`."""
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def import_into(library: Library, path: Path) -> tuple[ImportReport, list[StoredArticle]]:
    """Import `path` offline, as `article-reader import` does, and read back every article it stored."""
    report = Importer(library).import_sources([str(path)])
    stored = [library.get(result.article_id) for result in report.results if result.article_id]
    return report, [article for article in stored if article is not None]


def by_url(stored: list[StoredArticle]) -> dict[str, StoredArticle]:
    """The stored articles by their address."""
    return {article.article.url or "": article for article in stored}
