"""The library database: articles, reading state, tags, images, highlights and the import log."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlite_utils import Database

from library.article import Article, Highlight, ReadingState
from library.database import connect, translate_errors, use_wal, write_transaction
from library.dates import utc_now
from library.errors import LibraryError
from library.highlights import finding as highlight_finding
from library.highlights import storage as highlight_storage
from library.migrations import APPLICATION_ID, MIGRATION_SET, migrations
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
from library.snippets import MATCH_END, MATCH_START, make_snippet, phrase_pattern, query_phrases

log = logging.getLogger("reader.store")


# Searches rank at most this many matches (the most recent): enough that a rare
# word's matches are all ranked, few enough that "the" answers in milliseconds.
RANKED_MATCHES = 2000
# Snippets come from the start of the text; a first match further in than this is rare.
_SNIPPET_SOURCE_CHARACTERS = 60_000


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

_TRACKING_PARAMETER = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref_src|cmpid|ncid)$",
    re.IGNORECASE,
)


def default_library_path() -> Path:
    """Where the library lives: `ARTICLE_READER_LIBRARY`, else the per-user data folder."""
    chosen = os.environ.get("ARTICLE_READER_LIBRARY")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("article-reader", appauthor=False)) / "library.db"


def url_key(url: str | None) -> str | None:
    """The form of an address used to recognise the same article: no scheme, `www.`,
    fragment, default port, trailing slash or tracking parameters."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if port and port not in {80, 443}:
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMETER.match(k)
    ]
    return host + path + (f"?{urlencode(query)}" if query else "")


def text_key(text: str) -> str | None:
    """A digest of the text with case and spacing normalised, for articles with no address."""
    normalised = " ".join(text.lower().split())
    return hashlib.sha256(normalised.encode()).hexdigest() if normalised else None


_HEADER_COLUMNS = """
    a.id, a.title, a.url, a.site_name, a.byline, a.published, a.saved_at, a.reading_minutes,
    a.word_count, a.status, a.fetch_error, a.excerpt, s.read, s.favorite, s.archived, s.progress
"""

# How each view's list is read: the table and index that give its rows newest first,
# and the alias whose (saved_at, article_id) orders them (the keyset).
_VIEW_SOURCES: dict[str, tuple[str, str, str]] = {
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


class Library:
    """One library file. Not thread-safe: each thread opens its own `Library` on the same path.

    Environment failures (a locked, full, damaged or foreign file) raise
    `LibraryError` naming the path; programming errors raise as they are.
    """

    def __init__(self, path: Path, db: Database, *, read_only: bool = False) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> Library:
        """Open the library at `path`, creating it when the file does not exist.

        A file that is not SQLite, is another program's database, is damaged, or
        was written by a newer version is refused and left untouched. A library
        that cannot be written (read-only media, folder or file) opens read-only:
        reading works, and every write raises `LibraryReadOnlyError`.
        """
        path = Path(path).expanduser()
        connection, read_only = connect(path)
        library = cls(path, Database(connection), read_only=read_only)
        try:
            with translate_errors(path):
                library._prepare()
        except BaseException:
            connection.close()
            raise
        return library

    def _prepare(self) -> None:
        db = self.db
        # Refuse another program's file before anything (the journal mode) is written to it.
        pending = self._pending_migrations()
        if not self.read_only:
            use_wal(db.conn)
            # NORMAL is durable across application crashes in WAL mode; only a power cut can
            # lose the last transactions, never corrupt the file.
            db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        # The default 2 MB page cache spills to the WAL in the middle of a big import;
        # 32 MB holds a large batch and the indexes a list or search touches.
        db.execute("PRAGMA cache_size = -32000")
        # Savepoints inside a batch keep their rollback copies in temporary files otherwise:
        # a disk write per page per saved article.
        db.execute("PRAGMA temp_store = MEMORY")
        if not pending:
            return
        if self.read_only:
            raise LibraryError(
                self.path, "written by an older version and read-only, so it cannot be upgraded"
            )
        self._back_up_before_migrating()
        # Two programs opening a new library at once: one creates it, the other waits for
        # the lock, then finds the schema there and applies nothing.
        with self.transaction():
            if self._pending_migrations():
                migrations.apply(db)

    def _back_up_before_migrating(self) -> None:
        """A copy of a library with articles in it, beside it in `backups/`, before its schema changes."""
        from library.backup import BackupError, backup_before_migration

        try:
            copy = backup_before_migration(self.path)
        except BackupError as error:
            raise LibraryError(
                self.path,
                f"not upgraded, since no backup could be made first ({error}); it was left unchanged",
            ) from None
        if copy is not None:
            log.info("backed up %s to %s before upgrading it", self.path, copy)

    def _pending_migrations(self) -> bool:
        """Whether the schema needs migrations; refuses another program's file or a newer schema."""
        db = self.db
        # One read transaction, so that another program creating the library meanwhile is
        # seen either not at all or whole (its tables with its application id).
        own = not db.conn.in_transaction
        if own:
            db.execute("BEGIN")
        try:
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = set(db.table_names())
            applied = {m.name for m in migrations.applied(db)}
        finally:
            if own:
                db.execute("COMMIT")
        if tables and application_id != APPLICATION_ID:
            raise LibraryError(self.path, "an SQLite database, but not an Article Reader library")
        known = {m.name for m in migrations._migrations}
        unknown = applied - known
        if unknown:
            raise LibraryError(
                self.path,
                f"written by a newer version of Article Reader (schema {max(unknown)}); "
                "update the application to open it",
            )
        return bool(known - applied)

    def close(self) -> None:
        if not self.read_only:
            # Optimising is worth doing, never worth waiting for another program's lock.
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("PRAGMA busy_timeout = 50")
                self.db.execute("PRAGMA optimize")
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all, once other writers are done."""
        with write_transaction(self.db.conn, self.path):
            yield

    # -- writing articles ------------------------------------------------------------

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

    def _store_images(
        self, article_id: int, images: Sequence[StoredImage], pending: Sequence[PendingImage] = ()
    ) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO images (article_id, sha256, url, mime, data) VALUES (?, ?, ?, ?, ?)",
            [(article_id, image.sha256, image.url, image.mime, image.data) for image in images],
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO pending_images (article_id, token, url) VALUES (?, ?, ?)",
            [(article_id, image.token, image.url) for image in pending],
        )

    def pending_images(self, limit: int = 1000) -> list[tuple[int, PendingImage]]:
        """Images of downloaded articles still waiting for the network, oldest article first."""
        with translate_errors(self.path):
            return [
                (int(row[0]), PendingImage(str(row[1]), str(row[2])))
                for row in self.db.execute(
                    "SELECT p.article_id, p.token, p.url FROM pending_images p "
                    "JOIN articles a ON a.id = p.article_id WHERE a.status = 'ready' "
                    "ORDER BY p.article_id LIMIT ?",
                    [limit],
                )
            ]

    def resolve_pending_image(
        self, article_id: int, pending: PendingImage, image: StoredImage | None
    ) -> None:
        """Put a pending image's bytes in place (or, when it is gone for good, take it out of the article)."""
        from library.importimages import resolve_pending

        with self.transaction():
            row = self.db.execute("SELECT html FROM articles WHERE id = ?", [article_id]).fetchone()
            if row is None:
                return
            if image is not None:
                self._store_images(article_id, [image])
            self.db.execute(
                "UPDATE articles SET html = ? WHERE id = ?",
                [resolve_pending(row[0], pending, image), article_id],
            )
            self.db.execute(
                "DELETE FROM pending_images WHERE article_id = ? AND token = ?", [article_id, pending.token]
            )

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

    # -- reading articles ------------------------------------------------------------

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
        article = Article(
            **{
                name: values[name]
                for name in (
                    "title",
                    "html",
                    "text",
                    "url",
                    "canonical_url",
                    "byline",
                    "site_name",
                    "section",
                    "published",
                    "updated",
                    "lang",
                    "dir",
                    "excerpt",
                    "lead_image",
                )
            }
        )
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
                f"SELECT {_HEADER_COLUMNS} FROM articles a JOIN reading_state s ON s.article_id = a.id "
                "WHERE a.id = ?",
                [article_id],
            ).fetchone()
        return _header(row) if row else None

    def headers(
        self, view: View = View(), after: Cursor | None = None, limit: int = 100
    ) -> list[ArticleHeader]:
        """A page of the list for `view`, newest first, starting after `after`."""
        source, where, key = _VIEW_SOURCES[view.kind]
        params: dict[str, Any] = {"tag": view.tag, "limit": limit}
        if after is not None:
            where += f" AND ({key}.saved_at, {key}.article_id) < (:after_saved, :after_id)"
            params.update(after_saved=after.saved_at, after_id=after.id)
        with translate_errors(self.path):
            rows = self.db.execute(
                f"SELECT {_HEADER_COLUMNS} FROM {source} JOIN articles a ON a.id = s.article_id "
                f"WHERE {where} ORDER BY {key}.saved_at DESC, {key}.article_id DESC LIMIT :limit",
                params,
            ).fetchall()
        return [_header(row) for row in rows]

    def count(self, view: View = View()) -> int:
        source, where, _key = _VIEW_SOURCES[view.kind]
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
                    f"SELECT {_HEADER_COLUMNS}, substr(a.text, 1, {_SNIPPET_SOURCE_CHARACTERS}) "
                    f"FROM articles a JOIN reading_state s ON s.article_id = a.id WHERE a.id IN ({marks})",
                    ids,
                )
            }
            found = highlight_finding.highlight_hits(self.db, cleaned, ids)
        pattern = phrase_pattern(query_phrases(cleaned))
        hits = []
        for article_id in ids:
            row = rows[article_id]
            hit = _header(row)
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
        _source, where, _key = _VIEW_SOURCES[view.kind]
        if view.kind == "tag":
            where = f"s.article_id IN (SELECT t.article_id FROM article_tags t WHERE {where})"
        return cleaned, match, where

    def image(self, article_id: int, sha256: str) -> tuple[bytes, str] | None:
        """The bytes and MIME type of an article's stored image."""
        with translate_errors(self.path):
            row = self.db.execute(
                "SELECT data, mime FROM images WHERE article_id = ? AND sha256 = ?", [article_id, sha256]
            ).fetchone()
        return (bytes(row[0]), str(row[1])) if row else None

    def original_ids(self) -> list[int]:
        """Every article whose original page is kept, oldest first."""
        with translate_errors(self.path):
            return [
                int(row[0]) for row in self.db.execute("SELECT article_id FROM originals ORDER BY article_id")
            ]

    def image_bytes_by_url(self, article_id: int) -> dict[str, bytes]:
        """The article's stored images by the address they were found at (for extracting it again)."""
        with translate_errors(self.path):
            return {
                str(url): bytes(data)
                for url, data in self.db.execute(
                    "SELECT url, data FROM images WHERE article_id = ? AND url IS NOT NULL", [article_id]
                )
            }

    def pending(self, limit: int = 100, include_failed: bool = False) -> list[ArticleHeader]:
        """Articles known only by address, oldest first: the download queue."""
        statuses = "('pending', 'failed')" if include_failed else "('pending')"
        with translate_errors(self.path):
            rows = self.db.execute(
                f"SELECT {_HEADER_COLUMNS} FROM articles a JOIN reading_state s ON s.article_id = a.id "
                f"WHERE a.status IN {statuses} ORDER BY a.id LIMIT ?",
                [limit],
            ).fetchall()
        return [_header(row) for row in rows]

    # -- reading state ---------------------------------------------------------------

    def set_state(
        self,
        article_ids: Sequence[int],
        *,
        read: bool | None = None,
        favorite: bool | None = None,
        archived: bool | None = None,
    ) -> None:
        """Change the flags given (None leaves one as it is) on every article in `article_ids`."""
        changes = {
            k: v for k, v in (("read", read), ("favorite", favorite), ("archived", archived)) if v is not None
        }
        if not changes or not article_ids:
            return
        assignments = ", ".join(f"{name} = ?" for name in changes)
        with self.transaction():
            self.db.conn.executemany(
                f"UPDATE reading_state SET {assignments} WHERE article_id = ?",
                [(*(int(v) for v in changes.values()), article_id) for article_id in article_ids],
            )

    def set_progress(self, article_id: int, progress: float) -> None:
        """Remember how far into the article the reader is (0 to 1)."""
        with self.transaction():
            self.db.execute(
                "UPDATE reading_state SET progress = ? WHERE article_id = ?",
                [min(1.0, max(0.0, progress)), article_id],
            )

    def mark_opened(self, article_id: int) -> None:
        """Opening an article marks it read and notes when."""
        with self.transaction():
            self.db.execute(
                "UPDATE reading_state SET read = 1, last_opened = ? WHERE article_id = ?",
                [utc_now(), article_id],
            )

    # -- tags ------------------------------------------------------------------------

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with the number of articles that carry it, by name."""
        with translate_errors(self.path):
            return [
                (str(name), int(number))
                for name, number in self.db.execute(
                    "SELECT t.name, count(at.article_id) FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id "
                    "GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
                )
            ]

    def tags_of(self, article_id: int) -> list[str]:
        return [
            str(row[0])
            for row in self.db.execute(
                "SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id WHERE at.article_id = ? "
                "ORDER BY t.name COLLATE NOCASE",
                [article_id],
            )
        ]

    def add_tags(self, article_ids: Sequence[int], tags: Iterable[str]) -> None:
        with self.transaction():
            self._add_tags(article_ids, tags)

    def _add_tags(self, article_ids: Sequence[int], tags: Iterable[str]) -> int:
        names = sorted({" ".join(t.split()) for t in tags} - {""})
        added = 0
        for name in names:
            self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
            tag_id = self.db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0]
            for article_id in article_ids:
                added += self.db.execute(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id, saved_at) "
                    "SELECT id, ?, saved_at FROM articles WHERE id = ?",
                    [tag_id, article_id],
                ).rowcount
        return added

    def remove_tags(self, article_ids: Sequence[int], tags: Iterable[str]) -> None:
        """Take tags off articles; a tag no article carries any more disappears."""
        with self.transaction():
            for name in {" ".join(t.split()) for t in tags}:
                self.db.conn.executemany(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)",
                    [(article_id, name) for article_id in article_ids],
                )
            self.db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")

    # -- deleting, with undo ---------------------------------------------------------

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

    def setting(self, name: str, default: str) -> str:
        """A choice kept in the library itself (shared by the window and the command line)."""
        with translate_errors(self.path):
            row = self.db.execute("SELECT value FROM settings WHERE name = ?", [name]).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, name: str, value: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [name, value],
            )

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the file.

        Cheap enough to poll every second: a window compares it with the last value
        to learn that a shell import, a script or another window changed the library.
        """
        with translate_errors(self.path):
            return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file: "ok" when it is sound."""
        with translate_errors(self.path):
            return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])

    # -- exporting a search (library/export) -------------------------------------------

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


def _header(row: Sequence[Any]) -> ArticleHeader:
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


__all__ = [
    "MATCH_END",
    "MATCH_START",
    "MIGRATION_SET",
    "Library",
    "default_library_path",
    "text_key",
    "url_key",
]
