"""`csv`: addresses in the shape of Pocket's 2025 export, which other services import."""

from __future__ import annotations

import csv
from pathlib import Path

from library.export.common import ExportArticle, ExportContext, ExportFormat
from library.export.dates import unix_seconds

# Pocket's columns, in its order (the `cursor` column of some Pocket exports is only paging).
COLUMNS = ("title", "url", "time_added", "tags", "status")


class PocketCsvWriter:
    """One row an article: title, address, time saved, tags joined by "|", unread or archive."""

    def __init__(self, path: Path, context: ExportContext) -> None:
        self.file = path.open("w", encoding="utf-8", newline="")
        self.rows = csv.writer(self.file)
        self.rows.writerow(COLUMNS)
        self.without_address = 0

    def add(self, item: ExportArticle) -> None:
        stored = item.stored
        url = stored.article.url or stored.article.canonical_url
        if not url:
            self.without_address += 1
            return
        seconds = unix_seconds(stored.saved_at)
        self.rows.writerow(
            (
                stored.article.title,
                url,
                "" if seconds is None else seconds,
                # Pocket separates tags with "|": one inside a tag would split it.
                "|".join(tag.replace("|", "/") for tag in stored.tags),
                "archive" if stored.state.archived else "unread",
            )
        )

    def finish(self) -> list[str]:
        self.file.close()
        return without_address_note(self.without_address)

    def close(self) -> None:
        self.file.close()


def without_address_note(count: int) -> list[str]:
    """The note for articles an address list cannot hold (text imported without a web address)."""
    if not count:
        return []
    return [f"{count} article{'s' if count != 1 else ''} without a web address left out"]


FORMAT = ExportFormat(
    name="csv",
    description="addresses, titles, tags and unread/archive, as Pocket's CSV (for other services)",
    folder=False,
    suffix=".csv",
    needs_images=False,
    open=PocketCsvWriter,
)
