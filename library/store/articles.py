"""Articles in and out of the library: saved in place of the same article, read back whole or as list rows, deleted with undo."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from library.article import ARTICLE_FIELDS, Article, Highlight, ReadingState
from library.database import translate_errors
from library.dates import utc_now
from library.highlights import storage as highlight_storage
from library.records import (
    ArticleHeader,
    Cursor,
    DeletedArticles,
    Outcome,
    PendingImage,
    SaveResult,
    Status,
    StoredArticle,
    StoredImage,
    View,
)
from library.store.identity import text_key, url_key
from library.store.marks import MarkStore
from library.store.rows import HEADER_COLUMNS, VIEW_SOURCES, header_of

# Tables a delete touches, children first; undo re-inserts them parents first.
_ARTICLE_TABLES = (
    "articles",
    "reading_state",
    "article_tags",
    "images",
    "pending_images",
    "originals",
    "highlights",
)


class ArticleStore(MarkStore):
    """Saving, reading, listing and deleting articles."""

    def _find(self, url_k: str | None, canonical_k: str | None, text_k: str | None) -> int | None:
        keys = list(dict.fromkeys(k for k in (url_k, canonical_k) if k))
        if keys:
            marks = ", ".join("?" * len(keys))
            row = self.db.execute(
                f"SELECT id FROM articles WHERE url_key IN ({marks}) OR canonical_key IN ({marks}) "
                "ORDER BY id LIMIT 1",
                [*keys, *keys],
            ).fetchone()
            return int(row[0]) if row else None
        if text_k is None:
            return None
        row = self.db.execute(
            "SELECT id FROM articles WHERE text_key = ? ORDER BY id LIMIT 1", [text_k]
        ).fetchone()
        return int(row[0]) if row else None

    def save(
        self,
        article: Article,
        *,
        source_kind: str,
        source_path: str | None = None,
        status: Status = "ready",
        saved_at: str | None = None,
        tags: Iterable[str] = (),
        state: ReadingState | None = None,
        highlights: Sequence[Highlight] = (),
        images: Sequence[StoredImage] = (),
        pending_images: Sequence[PendingImage] = (),
        fetch_error: str | None = None,
        into: int | None = None,
    ) -> SaveResult:
        """Store `article` in one transaction: new, or an update in place of the same article.

        An update keeps the article's id, saved time and reading state and adds to
        its tags and highlights; it replaces content only when `status` is "ready"
        (an address-only entry never overwrites an article already downloaded).
        With `into`, the article updated is that one, whatever its address or text.
        """
        row = self._article_row(article, status)
        with self.transaction():
            existing_id = (
                into
                if into is not None
                else self._find(row["url_key"], row["canonical_key"], row["text_key"])
            )
            if existing_id is None:
                article_id = self._insert(row, source_kind, source_path, saved_at, fetch_error)
                self._store_images(article_id, images, pending_images)
                state = state or ReadingState()
                self.db.execute(
                    "INSERT INTO reading_state (article_id, saved_at, read, favorite, archived, progress) "
                    "SELECT id, saved_at, ?, ?, ?, ? FROM articles WHERE id = ?",
                    [
                        bool(state.read),
                        bool(state.favorite),
                        bool(state.archived),
                        min(1.0, max(0.0, state.progress or 0.0)),
                        article_id,
                    ],
                )
                outcome: Outcome = "imported" if status == "ready" else "pending"
            else:
                article_id = existing_id
                outcome = self._update(article_id, row, source_kind, source_path, fetch_error)
                if outcome == "updated" and status == "ready":
                    self.db.execute("DELETE FROM images WHERE article_id = ?", [article_id])
                    self.db.execute("DELETE FROM pending_images WHERE article_id = ?", [article_id])
                    self._store_images(article_id, images, pending_images)
                    highlight_storage.replace_in_text(self.db, article_id, row["text"])
            added = self._add_tags([article_id], tags)
            added += highlight_storage.add_imported(self.db, article_id, highlights, source_kind)
            if outcome == "duplicate" and added:
                outcome = "updated"
        return SaveResult(article_id, outcome)

    def _article_row(self, article: Article, status: Status) -> dict[str, Any]:
        content_hash = hashlib.sha256(
            "\x00".join(
                str(v or "")
                for v in (
                    article.title,
                    article.html,
                    article.byline,
                    article.site_name,
                    article.section,
                    article.published,
                    article.updated,
                    article.lang,
                    article.dir,
                    article.excerpt,
                    article.lead_image,
                    article.canonical_url,
                    status,
                )
            ).encode()
        ).hexdigest()
        url_k, canonical_k = url_key(article.url), url_key(article.canonical_url)
        return {
            "url": article.url,
            "canonical_url": article.canonical_url,
            "url_key": url_k,
            "canonical_key": canonical_k,
            "text_key": None if (url_k or canonical_k) else text_key(article.text),
            "title": article.title or article.url or "Untitled",
            "byline": article.byline,
            "site_name": article.site_name,
            "section": article.section,
            "published": article.published,
            "updated": article.updated,
            "lang": article.lang,
            "dir": article.dir,
            "excerpt": article.excerpt,
            "lead_image": article.lead_image,
            "word_count": article.word_count,
            "reading_minutes": article.reading_minutes,
            "status": status,
            "content_hash": content_hash,
            "html": article.html,
            "text": article.text,
        }

    def _insert(
        self,
        row: dict[str, Any],
        source_kind: str,
        source_path: str | None,
        saved_at: str | None,
        fetch_error: str | None,
    ) -> int:
        now = utc_now()
        row = dict(row)
        row.update(
            source_kind=source_kind,
            source_path=source_path,
            saved_at=saved_at or now,
            imported_at=now,
            changed_at=now,
            fetch_error=fetch_error,
        )
        columns = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        cursor = self.db.execute(f"INSERT INTO articles ({columns}) VALUES ({marks})", row)
        return int(cursor.lastrowid or 0)

    def _update(
        self,
        article_id: int,
        row: dict[str, Any],
        source_kind: str,
        source_path: str | None,
        fetch_error: str | None,
    ) -> Outcome:
        current = self.db.execute(
            "SELECT status, content_hash FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row["status"] != "ready":
            # An address-only entry for an article we already have: note a new failure on
            # a pending article, but never touch content.
            if current[0] != "ready" and fetch_error:
                self.db.execute(
                    "UPDATE articles SET status = 'failed', fetch_error = ? WHERE id = ?",
                    [fetch_error, article_id],
                )
            return "duplicate"
        if row["content_hash"] == current[1]:
            return "duplicate"
        row = dict(row)
        row.update(source_kind=source_kind, source_path=source_path, changed_at=utc_now(), fetch_error=None)
        assignments = ", ".join(f"{k} = :{k}" for k in row)
        self.db.execute(f"UPDATE articles SET {assignments} WHERE id = :id", {**row, "id": article_id})
        return "updated"

    def mark_fetch_failed(self, article_id: int, reason: str, *, keep_pending: bool = False) -> None:
        """Record why downloading a not-yet-downloaded article failed (it can be retried).

        With `keep_pending` the article stays in the download queue (the host was
        unreachable, which may pass); otherwise it waits for an explicit retry.
        """
        with self.transaction():
            self.db.execute(
                "UPDATE articles SET status = ?, fetch_error = ? WHERE id = ? AND status != 'ready'",
                ["pending" if keep_pending else "failed", reason, article_id],
            )

    def get(self, article_id: int) -> StoredArticle | None:
        """The whole article, or None when there is no such id."""
        with translate_errors(self.path):
            cursor = self.db.execute(
                "SELECT a.*, s.read, s.favorite, s.archived, s.progress, s.last_opened "
                "FROM articles a JOIN reading_state s ON s.article_id = a.id WHERE a.id = ?",
                [article_id],
            )
            row = cursor.fetchone()
            if row is None:
                return None
            values = dict(zip([d[0] for d in cursor.description], row, strict=True))
            highlights = highlight_storage.highlights_in(self.db, article_id)
            tags = self.tags_of(article_id)
        article = Article(**{name: values[name] for name in ARTICLE_FIELDS})
        return StoredArticle(
            id=article_id,
            article=article,
            status=values["status"],
            fetch_error=values["fetch_error"],
            source_kind=values["source_kind"],
            source_path=values["source_path"],
            saved_at=values["saved_at"],
            imported_at=values["imported_at"],
            state=ReadingState(
                read=bool(values["read"]),
                favorite=bool(values["favorite"]),
                archived=bool(values["archived"]),
                progress=float(values["progress"]),
            ),
            last_opened=values["last_opened"],
            tags=tags,
            highlights=highlights,
            word_count=values["word_count"],
            reading_minutes=values["reading_minutes"],
        )

    def header(self, article_id: int) -> ArticleHeader | None:
        """The list row of one article."""
        with translate_errors(self.path):
            row = self.db.execute(
                f"SELECT {HEADER_COLUMNS} FROM articles a JOIN reading_state s ON s.article_id = a.id "
                "WHERE a.id = ?",
                [article_id],
            ).fetchone()
        return header_of(row) if row else None

    def headers(
        self, view: View = View(), after: Cursor | None = None, limit: int = 100
    ) -> list[ArticleHeader]:
        """A page of the list for `view`, newest first, starting after `after`."""
        source, where, key = VIEW_SOURCES[view.kind]
        params: dict[str, Any] = {"tag": view.tag, "limit": limit}
        if after is not None:
            where += f" AND ({key}.saved_at, {key}.article_id) < (:after_saved, :after_id)"
            params.update(after_saved=after.saved_at, after_id=after.id)
        with translate_errors(self.path):
            rows = self.db.execute(
                f"SELECT {HEADER_COLUMNS} FROM {source} JOIN articles a ON a.id = s.article_id "
                f"WHERE {where} ORDER BY {key}.saved_at DESC, {key}.article_id DESC LIMIT :limit",
                params,
            ).fetchall()
        return [header_of(row) for row in rows]

    def count(self, view: View = View()) -> int:
        source, where, _key = VIEW_SOURCES[view.kind]
        with translate_errors(self.path):
            row = self.db.execute(
                f"SELECT count(*) FROM {source} WHERE {where}", {"tag": view.tag}
            ).fetchone()
        return int(row[0])

    def view_counts(self) -> dict[View, int]:
        """How many articles each sidebar view holds, tags included, in one pass."""
        with translate_errors(self.path):
            # Each count walks its own (partial) index: a quarter of the work of one pass
            # over the table summing flags.
            total, unread, favorites, archive = self.db.execute(
                "SELECT (SELECT count(*) FROM reading_state INDEXED BY reading_state_all), "
                "(SELECT count(*) FROM reading_state INDEXED BY reading_state_unread WHERE read = 0 AND archived = 0), "
                "(SELECT count(*) FROM reading_state INDEXED BY reading_state_favorite WHERE favorite = 1), "
                "(SELECT count(*) FROM reading_state INDEXED BY reading_state_archived WHERE archived = 1)"
            ).fetchone()
            counts = {
                View("all"): total,
                View("unread"): unread,
                View("favorites"): favorites,
                View("archive"): archive,
            }
            for name, number in self.db.execute(
                "SELECT t.name, (SELECT count(*) FROM article_tags at WHERE at.tag_id = t.id) AS number "
                "FROM tags t WHERE number > 0 ORDER BY t.name COLLATE NOCASE"
            ):
                counts[View.of_tag(name)] = number
        return counts

    def pending(self, limit: int = 100, include_failed: bool = False) -> list[ArticleHeader]:
        """Articles known only by address, oldest first: the download queue."""
        statuses = "('pending', 'failed')" if include_failed else "('pending')"
        with translate_errors(self.path):
            rows = self.db.execute(
                f"SELECT {HEADER_COLUMNS} FROM articles a JOIN reading_state s ON s.article_id = a.id "
                f"WHERE a.status IN {statuses} ORDER BY a.id LIMIT ?",
                [limit],
            ).fetchall()
        return [header_of(row) for row in rows]

    def original_ids(self) -> list[int]:
        """Every article whose original page is kept, oldest first."""
        with translate_errors(self.path):
            return [
                int(row[0]) for row in self.db.execute("SELECT article_id FROM originals ORDER BY article_id")
            ]

    def delete(self, article_ids: Sequence[int]) -> DeletedArticles:
        """Delete articles with everything that belongs to them; return what undo needs."""
        ids = list(dict.fromkeys(article_ids))
        deleted = DeletedArticles()
        if not ids:
            return deleted
        marks = ", ".join("?" * len(ids))
        with self.transaction():
            for table in _ARTICLE_TABLES:
                column = "id" if table == "articles" else "article_id"
                cursor = self.db.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks})", ids)
                names = [d[0] for d in cursor.description]
                deleted.rows[table] = [dict(zip(names, row, strict=True)) for row in cursor]
            deleted.rows["tags"] = [
                {"id": row[0], "name": row[1]}
                for row in self.db.execute(
                    f"SELECT DISTINCT t.id, t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id "
                    f"WHERE at.article_id IN ({marks})",
                    ids,
                )
            ]
            self.db.execute(f"DELETE FROM articles WHERE id IN ({marks})", ids)
            self.db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")
        return deleted

    def restore(self, deleted: DeletedArticles) -> None:
        """Undo a delete: put the articles back with their ids, state, tags and images."""
        with self.transaction():
            for row in deleted.rows.get("tags", []):
                self.db.execute("INSERT OR IGNORE INTO tags (id, name) VALUES (:id, :name)", row)
            for table in _ARTICLE_TABLES:
                for row in deleted.rows.get(table, []):
                    if table == "article_tags":
                        # The tag may have been recreated with another id since the delete.
                        name = next(t["name"] for t in deleted.rows["tags"] if t["id"] == row["tag_id"])
                        tag_id = self.db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0]
                        row = {**row, "tag_id": tag_id}
                    columns = ", ".join(row)
                    marks = ", ".join(f":{k}" for k in row)
                    self.db.execute(f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})", row)
