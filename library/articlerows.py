"""What an export carries of an article beyond its record, and what reading one back puts back.

Its images, the images still on the web, and its highlights with every column the
schema has (so that columns added later, such as selectors, come along); and, on
the way back in, those highlights and the article's history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from library.database import translate_errors
from library.records import PendingImage, StoredImage

if TYPE_CHECKING:
    from library.store import Library

_IDS = frozenset(["id", "article_id"])


def images_of(library: Library, article_id: int) -> list[StoredImage]:
    """Every image stored with an article, by digest."""
    with translate_errors(library.path):
        return [
            StoredImage(str(sha256), url, str(mime), bytes(data))
            for sha256, url, mime, data in library.db.execute(
                "SELECT sha256, url, mime, data FROM images WHERE article_id = ? ORDER BY sha256",
                [article_id],
            )
        ]


def pending_images_of(library: Library, article_id: int) -> list[PendingImage]:
    """An article's images still on the web, by token."""
    with translate_errors(library.path):
        return [
            PendingImage(str(token), str(url))
            for token, url in library.db.execute(
                "SELECT token, url FROM pending_images WHERE article_id = ? ORDER BY token", [article_id]
            )
        ]


def highlight_rows(library: Library, article_id: int) -> list[dict[str, Any]]:
    """An article's highlights with every column the schema has but the ids, oldest first."""
    with translate_errors(library.path):
        cursor = library.db.execute("SELECT * FROM highlights WHERE article_id = ? ORDER BY id", [article_id])
        names = [d[0] for d in cursor.description]
        return [{k: v for k, v in zip(names, row, strict=True) if k not in _IDS} for row in cursor]


def add_highlight_rows(library: Library, article_id: int, rows: Sequence[dict[str, Any]]) -> int:
    """Add highlights given as column values (an export's); columns this schema lacks are left out.

    A highlight the article already has (same words and note) is not added twice. Rows of
    an export written before highlights had selectors (`text` for the words) fit as well.
    Returns how many were added.
    """
    with library.transaction():
        columns = {str(c[1]) for c in library.db.execute("PRAGMA table_info(highlights)")} - _IDS
        # The marked words were `text` before highlights had selectors, `quote` since.
        words = "quote" if "quote" in columns else "text"
        have = {
            (row[0], row[1])
            for row in library.db.execute(
                f"SELECT {words}, note FROM highlights WHERE article_id = ?", [article_id]
            )
        }
        added = 0
        for row in rows:
            row = {words: row.get("quote", row.get("text")), **row}
            values = {k: v for k, v in row.items() if k in columns}
            key = (values.get(words), values.get("note", ""))
            if not isinstance(key[0], str) or key in have:
                continue
            have.add(key)
            values["article_id"] = article_id
            names = ", ".join(values)
            marks = ", ".join(f":{k}" for k in values)
            library.db.execute(f"INSERT INTO highlights ({names}) VALUES ({marks})", values)
            added += 1
    return added


def restore_history(
    library: Library, article_id: int, *, imported_at: str | None, last_opened: str | None
) -> None:
    """Put back when an article was first imported and last opened (an export read back)."""
    with library.transaction():
        if imported_at:
            library.db.execute("UPDATE articles SET imported_at = ? WHERE id = ?", [imported_at, article_id])
        if last_opened:
            library.db.execute(
                "UPDATE reading_state SET last_opened = ? WHERE article_id = ?", [last_opened, article_id]
            )
