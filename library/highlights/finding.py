"""Finding highlights again: the library-wide list (newest first, by colour, searched) and search hits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from library.database import translate_errors
from library.highlights.model import HighlightCursor, LibraryHighlight, check_color
from library.highlights.storage import COLUMNS, stored_highlight
from library.snippets import phrase_pattern, query_phrases

if TYPE_CHECKING:
    from sqlite_utils import Database

    from library.store import Library

# The newest-first order, written as the indexes highlights_newest and highlights_color are.
_NEWEST = "coalesce(h.created_at, '')"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

# A search ranks at most this many highlight matches (the most recent) beside the article
# matches it ranks (store.RANKED_MATCHES): all of them for the words of a note, few enough
# that a word in every highlight ("the") adds milliseconds, not tens.
RANKED_HIGHLIGHTS = 300

# The articles a search finds through their highlights and notes, for `Library.search` to
# rank with those it finds through their text: (id, score) rows. `{where}` is the view's
# condition on reading_state `s`.
ARTICLES_BY_HIGHLIGHTS = (
    "SELECT h.article_id AS id, hf.rank AS score FROM highlights_fts hf "
    "JOIN highlights h ON h.id = hf.rowid JOIN reading_state s ON s.article_id = h.article_id "
    f"WHERE highlights_fts MATCH :match AND {{where}} ORDER BY hf.rowid DESC LIMIT {RANKED_HIGHLIGHTS}"
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


def highlight_hits(db: Database, query: str, article_ids: list[int]) -> dict[int, HighlightHit]:
    """For each article found by a search for `query` that has a highlight matching it, the best one.

    A highlight whose note holds all the words wins over one whose words and note
    together do: a person who searches for words of their own note is looking for it.
    The words are matched as the index matches them (case and accents aside, whole
    words, phrases in order), over the few highlights of the articles found: asking the
    index again would read every match of a common word once per article.
    """
    patterns = [phrase_pattern([phrase]) for phrase in query_phrases(query)]
    if not article_ids or not patterns:
        return {}

    def matches(text: str) -> bool:
        return all(pattern is not None and pattern.search(text) for pattern in patterns)

    marks = ", ".join("?" * len(article_ids))
    hits: dict[int, HighlightHit] = {}
    for article_id, highlight_id, quote, note in db.execute(
        f"SELECT article_id, id, quote, note FROM highlights WHERE article_id IN ({marks}) "
        "ORDER BY coalesce(created_at, '') DESC, id DESC",
        article_ids,
    ):
        found = hits.get(article_id)
        if found is not None and found.found_in == "note":
            continue
        if note and matches(note):
            hits[article_id] = HighlightHit(highlight_id, "note", note)
        elif found is None and matches(f"{quote}\n{note}"):
            hits[article_id] = HighlightHit(highlight_id, "highlight", quote)
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
    # The page is chosen from the highlights alone; only its rows then look up their articles.
    with translate_errors(library.path):
        rows = library.db.execute(
            f"SELECT {COLUMNS}, a.title FROM (SELECT h.id FROM {source} WHERE {' AND '.join(conditions)} "
            f"ORDER BY {_NEWEST} DESC, h.id DESC LIMIT :limit) page "
            f"JOIN highlights h ON h.id = page.id JOIN articles a ON a.id = h.article_id "
            f"ORDER BY {_NEWEST} DESC, h.id DESC",
            params,
        ).fetchall()
    return [LibraryHighlight(stored_highlight(row), str(row[-1])) for row in rows]


def count_highlights(library: Library, color: str | None = None) -> int:
    """How many highlights the library holds (of one colour)."""
    with translate_errors(library.path):
        if color is None:
            row = library.db.execute("SELECT count(*) FROM highlights").fetchone()
        else:
            row = library.db.execute(
                "SELECT count(*) FROM highlights WHERE color = ?", [check_color(color)]
            ).fetchone()
    return int(row[0])
