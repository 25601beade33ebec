"""The library's schema history: applied migrations are never edited, changes are new ones."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "article-reader"

# Written into the file header (PRAGMA application_id) so a library file is recognisable
# as ours by anyone, and another program's SQLite file is never mistaken for a library.
APPLICATION_ID = 0x41526472  # "ARdr"

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_library(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    # Big columns (html, text) come last: SQLite reads a row's columns in order, so the
    # list's columns stay on the row's first page and a list page never reads bodies.
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT,
            canonical_url TEXT,
            url_key TEXT,
            canonical_key TEXT,
            text_key TEXT,
            title TEXT NOT NULL,
            byline TEXT,
            site_name TEXT,
            section TEXT,
            published TEXT,
            updated TEXT,
            lang TEXT,
            dir TEXT,
            excerpt TEXT,
            lead_image TEXT,
            word_count INTEGER NOT NULL DEFAULT 0,
            reading_minutes INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'pending', 'failed')),
            fetch_error TEXT,
            source_kind TEXT NOT NULL,
            source_path TEXT,
            saved_at TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            content_hash TEXT,
            html TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute("CREATE INDEX articles_url_key ON articles (url_key) WHERE url_key IS NOT NULL")
    db.execute(
        "CREATE INDEX articles_canonical_key ON articles (canonical_key) WHERE canonical_key IS NOT NULL"
    )
    db.execute("CREATE INDEX articles_text_key ON articles (text_key) WHERE text_key IS NOT NULL")
    db.execute("CREATE INDEX articles_pending ON articles (status, id) WHERE status != 'ready'")

    # Reading state lives apart from the article so that re-importing an article (which
    # rewrites its row) can never reset what the reader did, and opening an article
    # never touches the full-text index. It carries a copy of the article's saved time
    # (which never changes) so that every view's list is read in order from one index:
    # the first page costs the same at 100,000 articles as at 100.
    db.execute(
        """
        CREATE TABLE reading_state (
            article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            saved_at TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0,
            progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
            favorite INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0,
            last_opened TEXT
        )
        """
    )
    db.execute("CREATE INDEX reading_state_all ON reading_state (saved_at, article_id)")
    db.execute(
        "CREATE INDEX reading_state_unread ON reading_state (saved_at, article_id) WHERE read = 0 AND archived = 0"
    )
    db.execute(
        "CREATE INDEX reading_state_favorite ON reading_state (saved_at, article_id) WHERE favorite = 1"
    )
    db.execute(
        "CREATE INDEX reading_state_archived ON reading_state (saved_at, article_id) WHERE archived = 1"
    )

    db.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE)")
    db.execute(
        """
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (article_id, tag_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX article_tags_tag ON article_tags (tag_id, saved_at, article_id)")

    # Images are stored in the library so that reading never needs the network; the
    # article's HTML refers to them by content hash (library-image:<sha256>).
    db.execute(
        """
        CREATE TABLE images (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            url TEXT,
            mime TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (article_id, sha256)
        ) WITHOUT ROWID
        """
    )

    db.execute(
        """
        CREATE TABLE highlights (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX highlights_article ON highlights (article_id)")

    db.execute(
        """
        CREATE TABLE import_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            source TEXT NOT NULL,
            source_kind TEXT,
            outcome TEXT NOT NULL
                CHECK (outcome IN ('imported', 'updated', 'duplicate', 'pending', 'failed')),
            reason TEXT,
            article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL
        )
        """
    )

    # Diacritics folded so "Zurich" finds "Zürich"; external content, so the text is
    # stored once. The triggers are written here rather than by enable_fts() because its
    # executescript() would commit halfway through this migration, and because the index
    # only needs refreshing when an indexed column changes, not when a status does.
    db.execute(
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, byline, site_name, text,
            tokenize = 'unicode61 remove_diacritics 2',
            content = 'articles', content_rowid = 'id'
        )
        """
    )
    columns = "title, byline, site_name, text"
    old = "old.title, old.byline, old.site_name, old.text"
    new = "new.title, new.byline, new.site_name, new.text"
    db.execute(
        f"""
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, {columns}) VALUES (new.id, {new});
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, {columns}) VALUES ('delete', old.id, {old});
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER articles_au AFTER UPDATE OF {columns} ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, {columns}) VALUES ('delete', old.id, {old});
            INSERT INTO articles_fts (rowid, {columns}) VALUES (new.id, {new});
        END
        """
    )
    # Ranking weighs a match in the title most, then byline and site, then the text.
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(10.0, 3.0, 3.0, 1.0)')")


@migrations()
def m002_import_runs(db: Database) -> None:
    # An import run is one `import` of some locations; a run that stopped (cancelled,
    # killed, the disk full) is taken up again by the next import of the same locations,
    # so its log keeps one line per source however often it is resumed.
    db.execute(
        """
        CREATE TABLE import_runs (
            id INTEGER PRIMARY KEY,
            key TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX import_runs_open ON import_runs (key, id) WHERE finished_at IS NULL")
    # The log is rebuilt to belong to runs (and to know "skipped", a file in a folder that
    # is neither a page nor an export); what older versions logged becomes one run.
    db.execute(
        """
        CREATE TABLE import_log_by_run (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            source TEXT NOT NULL,
            source_kind TEXT,
            outcome TEXT NOT NULL
                CHECK (outcome IN ('imported', 'updated', 'duplicate', 'pending', 'failed', 'skipped')),
            reason TEXT,
            article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL
        )
        """
    )
    db.execute(
        "INSERT INTO import_runs (id, key, started_at, finished_at) "
        "SELECT 1, NULL, min(at), max(at) FROM import_log HAVING count(*) > 0"
    )
    # Older versions logged every attempt; the run keeps the last line of each source.
    db.execute(
        "INSERT INTO import_log_by_run (id, run_id, at, source, source_kind, outcome, reason, article_id) "
        "SELECT id, 1, at, source, source_kind, outcome, reason, article_id FROM import_log "
        "WHERE id IN (SELECT max(id) FROM import_log GROUP BY source)"
    )
    db.execute("DROP TABLE import_log")
    db.execute("ALTER TABLE import_log_by_run RENAME TO import_log")
    # Sources repeat within a run only as the same source: one line each, updated in place.
    db.execute("CREATE UNIQUE INDEX import_log_run_source ON import_log (run_id, source)")
    # What each source gave last time, by a digest of the entry: an unchanged entry is
    # recognised without extracting it again, so a resumed import starts where it stopped.
    db.execute(
        """
        CREATE TABLE import_sources (
            source TEXT PRIMARY KEY,
            digest TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            at TEXT NOT NULL
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX import_sources_article ON import_sources (article_id)")


@migrations()
def m003_pending_images(db: Database) -> None:
    # Images of a saved page that could not be downloaded at import (no network): the
    # article's HTML points at `library-pending:<token>` and the pane draws a placeholder
    # until the next download of pending articles fetches them.
    db.execute(
        """
        CREATE TABLE pending_images (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            token TEXT NOT NULL,
            url TEXT NOT NULL,
            PRIMARY KEY (article_id, token)
        ) WITHOUT ROWID
        """
    )


@migrations()
def m004_originals(db: Database) -> None:
    # Each article's page as it was read, compressed, so that a better extractor can be
    # run on it again later ("Extract again") and the page shown when extraction chose
    # wrong. Apart from the article, so lists and searches never read it.
    db.execute(
        """
        CREATE TABLE originals (
            article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('html', 'text')),
            url TEXT,
            compression TEXT NOT NULL,
            data BLOB NOT NULL
        )
        """
    )
    # Choices that belong to the library rather than to one program using it.
    db.execute("CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")


@migrations()
def m005_highlight_anchors(db: Database) -> None:
    # Highlights as the W3C Web Annotation model keeps them: the quote with its context
    # (text-quote selector) and offsets into articles.text (text-position selector), NULL
    # when the quote is not found in the current text. Rebuilt rather than altered: the
    # quote column's new name and the CHECKs need a new table in SQLite.
    db.execute(
        """
        CREATE TABLE highlights_anchored (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            color TEXT NOT NULL DEFAULT 'yellow'
                CHECK (color IN ('yellow', 'green', 'blue', 'pink', 'purple')),
            text_start INTEGER,
            text_end INTEGER,
            placement TEXT CHECK (placement IN ('exact', 'normalised', 'approximate')),
            created_at TEXT,
            changed_at TEXT,
            origin TEXT NOT NULL DEFAULT 'reader',
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            CHECK ((text_start IS NULL) = (text_end IS NULL) AND (text_start IS NULL) = (placement IS NULL)),
            CHECK (text_start IS NULL OR text_start < text_end)
        )
        """
    )
    # Every highlight imported so far came with the article's import: its source kind says from where.
    db.execute(
        "INSERT INTO highlights_anchored (id, article_id, created_at, origin, quote, note) "
        "SELECT h.id, h.article_id, h.created_at, a.source_kind, h.text, h.note "
        "FROM highlights h JOIN articles a ON a.id = h.article_id"
    )
    db.execute("DROP TABLE highlights")
    db.execute("ALTER TABLE highlights_anchored RENAME TO highlights")
    db.execute("CREATE INDEX highlights_article ON highlights (article_id, text_start)")
    # The library's highlights list, newest first (those with no date last), all or by colour.
    db.execute("CREATE INDEX highlights_newest ON highlights (coalesce(created_at, ''), id)")
    db.execute("CREATE INDEX highlights_color ON highlights (color, coalesce(created_at, ''), id)")

    db.execute(
        """
        CREATE VIRTUAL TABLE highlights_fts USING fts5 (
            quote, note,
            tokenize = 'unicode61 remove_diacritics 2',
            content = 'highlights', content_rowid = 'id'
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER highlights_ai AFTER INSERT ON highlights BEGIN
            INSERT INTO highlights_fts (rowid, quote, note) VALUES (new.id, new.quote, new.note);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER highlights_ad AFTER DELETE ON highlights BEGIN
            INSERT INTO highlights_fts (highlights_fts, rowid, quote, note)
                VALUES ('delete', old.id, old.quote, old.note);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER highlights_au AFTER UPDATE OF quote, note ON highlights BEGIN
            INSERT INTO highlights_fts (highlights_fts, rowid, quote, note)
                VALUES ('delete', old.id, old.quote, old.note);
            INSERT INTO highlights_fts (rowid, quote, note) VALUES (new.id, new.quote, new.note);
        END
        """
    )
    db.execute("INSERT INTO highlights_fts (highlights_fts) VALUES ('rebuild')")
    # A match in a person's own note weighs more than one in the words they marked, and
    # both more than one in an article's text (weight 1 in articles_fts) when searches rank them together.
    db.execute("INSERT INTO highlights_fts (highlights_fts, rank) VALUES ('rank', 'bm25(2.0, 4.0)')")

    # Place the imported highlights in their articles' text, as saving does from now on. The
    # SQL is written out here, not shared with library/highlights, so that later changes to
    # the table never change what this migration did; placing itself is a pure function.
    from library.highlights.anchor import anchor_at, place

    placed = []
    for highlight_id, quote, text in db.execute(
        "SELECT h.id, h.quote, a.text FROM highlights h JOIN articles a ON a.id = h.article_id"
    ).fetchall():
        found = place(text, quote)
        if found is not None:
            anchor = anchor_at(text, found.start, found.end)
            placed.append(
                (anchor.prefix, anchor.suffix, anchor.start, anchor.end, found.placement, highlight_id)
            )
    db.conn.executemany(
        "UPDATE highlights SET prefix = ?, suffix = ?, text_start = ?, text_end = ?, placement = ? WHERE id = ?",
        placed,
    )
