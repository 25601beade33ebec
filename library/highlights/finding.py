"""Finding highlights again: the library-wide list (newest first, by colour, searched) and search hits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from library.highlights.model import HighlightCursor, LibraryHighlight, check_color
from library.highlights.storage import COLUMNS, stored_highlight

if TYPE_CHECKING:
    from sqlite_utils import Database

    from library.store import Library

# The newest-first order, written as the indexes highlights_newest and highlights_color are.
_NEWEST = "coalesce(h.created_at, '')"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

# The articles a search finds through their highlights and notes, for `Library.search` to
# rank with those it finds through their text: (id, score) rows, the newest
# :candidates matches. `{where}` is the view's condition on reading_state `s`.
ARTICLES_BY_HIGHLIGHTS = (
    "SELECT h.article_id AS id, hf.rank AS score FROM highlights_fts hf "
    "JOIN highlights h ON h.id = hf.rowid JOIN reading_state s ON s.article_id = h.article_id "
    "WHERE highlights_fts MATCH :match AND {where} ORDER BY hf.rowid DESC LIMIT :candidates"
)


@dataclass(frozen=True)
class HighlightHit:
    """Why a search found an article through a highlight: which one, and in its note or its words."""

    highlight_id: int
    found_in: Literal["highlight", "note"]
    text: str


def match_expression(db: Database, query: str) -> str | None:
    """`query` as an FTS expression of quoted words and phrases (never FTS syntax); None when empty."""
    # Control characters end an FTS string early (NUL) or mean nothing; words never hold them.
    match = str(db.quote_fts(_CONTROL_CHARACTERS.sub(" ", query).strip()))
    return match if match.strip('" ') else None


def highlight_hits(db: Database, match: str, article_ids: list[int]) -> dict[int, HighlightHit]:
    """For each article that a search for `match` found through a highlight, the best such highlight.

    A highlight whose note holds the words wins over one whose quote does: a person
    who searches for words of their own note is looking for that note.
    """
    if not article_ids:
        return {}
    marks = ", ".join("?" * len(article_ids))
    hits: dict[int, HighlightHit] = {}
    searches: tuple[tuple[Literal["highlight", "note"], str], ...] = (
        ("note", f"note : ({match})"),
        ("highlight", match),
    )
    for found_in, expression in searches:
        for article_id, highlight_id, quote, note in db.execute(
            "SELECT h.article_id, h.id, h.quote, h.note FROM highlights_fts hf JOIN highlights h ON h.id = hf.rowid "
            f"WHERE highlights_fts MATCH ? AND h.article_id IN ({marks}) ORDER BY hf.rank",
            [expression, *article_ids],
        ):
            if article_id not in hits:
                text = note if found_in == "note" else quote
                hits[article_id] = HighlightHit(highlight_id, found_in, text)
    return hits


def library_highlights(
    library: Library,
    *,
    article_id: int | None = None,
    color: str | None = None,
    query: str = "",
    after: HighlightCursor | None = None,
    limit: int | None = 100,
) -> list[LibraryHighlight]:
    """A page of every highlight in the library, newest first, each with its article's title.

    `article_id` keeps one article's, `color` one colour's; `query` keeps those whose
    words or note match it (all words, accents and case ignored, as the article search
    matches). A `limit` of None means all.
    """
    conditions = ["1"]
    params: dict[str, Any] = {"limit": -1 if limit is None else limit}
    source = "highlights h"
    if article_id is not None:
        conditions.append("h.article_id = :article_id")
        params["article_id"] = article_id
    if color is not None:
        conditions.append("h.color = :color")
        params["color"] = check_color(color)
    if query.strip():
        match = match_expression(library.db, query)
        if match is None:
            return []
        source = "highlights_fts hf JOIN highlights h ON h.id = hf.rowid"
        conditions.append("highlights_fts MATCH :match")
        params["match"] = match
    if after is not None:
        conditions.append(f"({_NEWEST}, h.id) < (:after_created, :after_id)")
        params.update(after_created=after.created_at, after_id=after.id)
    with library.transaction():
        rows = library.db.execute(
            f"SELECT {COLUMNS}, a.title FROM {source} JOIN articles a ON a.id = h.article_id "
            f"WHERE {' AND '.join(conditions)} ORDER BY {_NEWEST} DESC, h.id DESC LIMIT :limit",
            params,
        ).fetchall()
    return [LibraryHighlight(stored_highlight(row), str(row[-1])) for row in rows]


def count_highlights(library: Library, color: str | None = None) -> int:
    """How many highlights the library holds (of one colour)."""
    with library.transaction():
        if color is None:
            row = library.db.execute("SELECT count(*) FROM highlights").fetchone()
        else:
            row = library.db.execute(
                "SELECT count(*) FROM highlights WHERE color = ?", [check_color(color)]
            ).fetchone()
    return int(row[0])
