"""Full-text search over articles, highlights and notes, best first, with snippets."""

from __future__ import annotations

import re
from typing import Any

from library.database import translate_errors
from library.highlights import finding as highlight_finding
from library.records import (
    ArticleHeader,
    View,
)
from library.snippets import make_snippet, phrase_pattern, query_phrases
from library.store.articles import ArticleStore
from library.store.rows import HEADER_COLUMNS, VIEW_SOURCES, header_of

# Searches rank at most this many matches (the most recent): enough that a rare
# word's matches are all ranked, few enough that "the" answers in milliseconds.
RANKED_MATCHES = 2000
# Snippets come from the start of the text; a first match further in than this is rare.
_SNIPPET_SOURCE_CHARACTERS = 60_000


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class SearchStore(ArticleStore):
    """Searching the library."""

    def search(self, query: str, view: View = View(), limit: int = 50) -> list[ArticleHeader]:
        """Articles matching `query`, best first, each with a snippet around the match.

        The query is always quoted, so nothing a person types is FTS syntax; words
        must all occur, a "quoted phrase" must occur as written. Ranking (bm25,
        a title match weighing most) covers every match when there are up to
        RANKED_MATCHES of them; beyond that, the most recently added RANKED_MATCHES
        matches are ranked, so a search for a common word stays instant.
        """
        prepared = self._search_terms(query, view)
        if prepared is None:
            return []
        cleaned, match, where = prepared
        params: dict[str, Any] = {
            "tag": view.tag,
            "match": match,
            "limit": limit,
            "candidates": RANKED_MATCHES,
        }
        with translate_errors(self.path):
            # Newest matches first is an index walk that stops early; ranking is then
            # done on that bounded set, whose bm25 scores still use whole-library statistics.
            ids = [
                row[0]
                for row in self.db.execute(
                    "SELECT id FROM (SELECT * FROM (SELECT f.rowid AS id, f.rank AS score FROM articles_fts f "
                    "JOIN reading_state s ON s.article_id = f.rowid "
                    f"WHERE articles_fts MATCH :match AND {where} ORDER BY f.rowid DESC LIMIT :candidates) "
                    # Highlights and notes are searched too: an article counts at its best match.
                    f"UNION ALL SELECT * FROM ({highlight_finding.ARTICLES_BY_HIGHLIGHTS.format(where=where)})) "
                    "GROUP BY id ORDER BY min(score) LIMIT :limit",
                    params,
                )
            ]
            if not ids:
                return []
            marks = ", ".join("?" * len(ids))
            rows = {
                row[0]: row
                for row in self.db.execute(
                    f"SELECT {HEADER_COLUMNS}, substr(a.text, 1, {_SNIPPET_SOURCE_CHARACTERS}) "
                    f"FROM articles a JOIN reading_state s ON s.article_id = a.id WHERE a.id IN ({marks})",
                    ids,
                )
            }
            found = highlight_finding.highlight_hits(self.db, cleaned, ids)
        pattern = phrase_pattern(query_phrases(cleaned))
        hits = []
        for article_id in ids:
            row = rows[article_id]
            hit = header_of(row)
            if article_id in found:
                # Found in a highlight or a note: the snippet shows that, and says so.
                hit.found_in, hit.highlight_id = found[article_id].found_in, found[article_id].highlight_id
                hit.snippet = make_snippet(found[article_id].text, pattern)
            else:
                hit.snippet = make_snippet(row[-1] or hit.excerpt or "", pattern)
            hits.append(hit)
        return hits

    def _search_terms(self, query: str, view: View) -> tuple[str, str, str] | None:
        """`query` cleaned, as an FTS match, and the condition of `view`; None when nothing is asked."""
        # Control characters end an FTS string early (NUL) or mean nothing; words never hold them.
        cleaned = _CONTROL_CHARACTERS.sub(" ", query).strip()
        match = self.db.quote_fts(cleaned)
        if not match.strip('" '):
            return None
        _source, where, _key = VIEW_SOURCES[view.kind]
        if view.kind == "tag":
            where = f"s.article_id IN (SELECT t.article_id FROM article_tags t WHERE {where})"
        return cleaned, match, where

    def search_ids(self, query: str, view: View = View()) -> list[int]:
        """Every article matching `query` in `view`, newest first: a search to export, unranked and whole."""
        prepared = self._search_terms(query, view)
        if prepared is None:
            return []
        _cleaned, match, where = prepared
        with translate_errors(self.path):
            return [
                int(row[0])
                for row in self.db.execute(
                    "SELECT f.rowid FROM articles_fts f JOIN reading_state s ON s.article_id = f.rowid "
                    f"WHERE articles_fts MATCH :match AND {where} ORDER BY s.saved_at DESC, f.rowid DESC",
                    {"match": match, "tag": view.tag},
                )
            ]
