"""How list rows are read: their columns, and the table and index each view is read from in order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from library.records import (
    ArticleHeader,
)

HEADER_COLUMNS = """
    a.id, a.title, a.url, a.site_name, a.byline, a.published, a.saved_at, a.reading_minutes,
    a.word_count, a.status, a.fetch_error, a.excerpt, s.read, s.favorite, s.archived, s.progress
"""

# How each view's list is read: the table and index that give its rows newest first,
# and the alias whose (saved_at, article_id) orders them (the keyset).
VIEW_SOURCES: dict[str, tuple[str, str, str]] = {
    "all": ("reading_state s INDEXED BY reading_state_all", "1", "s"),
    "unread": ("reading_state s INDEXED BY reading_state_unread", "s.read = 0 AND s.archived = 0", "s"),
    "favorites": ("reading_state s INDEXED BY reading_state_favorite", "s.favorite = 1", "s"),
    "archive": ("reading_state s INDEXED BY reading_state_archived", "s.archived = 1", "s"),
    "tag": (
        "article_tags t INDEXED BY article_tags_tag JOIN reading_state s ON s.article_id = t.article_id",
        "t.tag_id = (SELECT id FROM tags WHERE name = :tag)",
        "t",
    ),
}


def header_of(row: Sequence[Any]) -> ArticleHeader:
    return ArticleHeader(
        id=row[0],
        title=row[1],
        url=row[2],
        site_name=row[3],
        byline=row[4],
        published=row[5],
        saved_at=row[6],
        reading_minutes=row[7],
        word_count=row[8],
        status=row[9],
        fetch_error=row[10],
        excerpt=row[11],
        read=bool(row[12]),
        favorite=bool(row[13]),
        archived=bool(row[14]),
        progress=float(row[15]),
    )
