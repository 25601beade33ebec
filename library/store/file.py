"""One library file, opened through SQLite: refusals, read-only, migrations (after a backup), transactions, settings."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Self

from sqlite_utils import Database

from library.database import connect, translate_errors, use_wal, write_transaction
from library.errors import LibraryError
from library.migrations import APPLICATION_ID, migrations

log = logging.getLogger("reader.store")


def default_library_path() -> Path:
    """Where the library lives: `ARTICLE_READER_LIBRARY`, else the per-user data folder."""
    chosen = os.environ.get("ARTICLE_READER_LIBRARY")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("article-reader", appauthor=False)) / "library.db"


class LibraryFile:
    """An open library file: its path, its connection, whether it is read-only, and its write transactions.

    Environment failures (a locked, full, damaged or foreign file) raise
    `LibraryError` naming the path; programming errors raise as they are.
    """

    def __init__(self, path: Path, db: Database, *, read_only: bool = False) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path | str) -> Self:
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all, once other writers are done."""
        with write_transaction(self.db.conn, self.path):
            yield

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
