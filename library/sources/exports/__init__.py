"""Export files of read-it-later services and browsers, recognised by content."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from library.article import Entry, Rejected

ExportReader = Callable[[Path], Iterator[Entry | Rejected]]


def detect_export(path: Path, head: bytes) -> ExportReader | None:
    """The reader for the export in `path` (whose first bytes are `head`), or None. Placeholder."""
    return None
