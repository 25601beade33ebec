"""Consistent copies of the library while it is in use: on request, and before every schema migration.

A copy is made by SQLite itself (its online backup API, in one step: one read
transaction, so writers in other connections and processes go on meanwhile and the
copy is the library as it was when the backup began). It is written under a
temporary name beside the target, checked with `PRAGMA integrity_check`, and renamed
into place only when SQLite says "ok".

The library file and its `-wal`/`-shm` files are never opened or closed here with
plain file calls: closing any descriptor of a file drops the process's POSIX locks
on it, which lets other processes corrupt it (SQLite's "How To Corrupt An SQLite
Database File", 2.2). Only SQLite connections touch them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from library.errors import ReaderError

# Copies made before migrations live here, beside the library.
BACKUP_FOLDER = "backups"
_JOURNAL_ENDINGS = ("-journal", "-wal", "-shm")


class BackupError(ReaderError):
    """A backup could not be made or did not check out; nothing was left at the target."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    bytes: int
    seconds: float


def backup_library(
    connection: sqlite3.Connection, library_path: Path, target: Path, *, replace: bool = False
) -> BackupReport:
    """Copy the library open on `connection` (whose file is `library_path`) to `target`.

    `target` may be a folder: the copy is then named after the library and the time.

    Raises:
        BackupError: the target is the library itself, exists (without `replace`), cannot be
            written, or the copy failed its integrity check; nothing was left at the target.
    """
    began = time.perf_counter()
    target = target.expanduser()
    if target.is_dir():
        target = target / f"{library_path.stem}-{_stamp()}{library_path.suffix or '.db'}"
    _refuse_library_files(library_path, target)
    if (target.exists() or target.is_symlink()) and not replace:
        raise BackupError(f"{target}: already exists; choose another name, or replace it with --replace")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"{target.parent}: cannot create the folder ({error.strerror or error})") from None
    _copy(connection, target)
    return BackupReport(target, target.stat().st_size, time.perf_counter() - began)


def backup_file(library_path: Path, target: Path, *, replace: bool = False) -> BackupReport:
    """Copy the library at `library_path` (open elsewhere or not) through a connection of our own."""
    connection = _connect(library_path)
    try:
        return backup_library(connection, library_path, target, replace=replace)
    finally:
        connection.close()


def backup_before_migration(library_path: Path, keep: int = 3) -> Path | None:
    """Copy the library into `backups/` beside it before a schema migration; keep the last `keep`.

    Does nothing (and returns None) for a library that does not exist yet, is empty,
    or has no migration to apply. The copy is named after the library, the time and
    the first migration it precedes: `library-20250601T100000123456Z-before-m002_x.db`.

    Raises:
        BackupError: the copy could not be made; the caller should not migrate.
    """
    from sqlite_utils import Database

    from library.migrations import migrations

    library_path = Path(library_path)
    if not library_path.is_file() or library_path.stat().st_size == 0:
        return None
    connection = _connect(library_path)
    try:
        db = Database(connection)
        if not db.table_names():
            return None
        pending = migrations.pending(db)
        if not pending:
            return None
        folder = library_path.parent / BACKUP_FOLDER
        name = f"{library_path.stem}-{_stamp()}-before-{pending[0].name}{library_path.suffix or '.db'}"
        report = backup_library(connection, library_path, folder / name)
    finally:
        connection.close()
    _prune(folder, f"{library_path.stem}-*-before-*", keep)
    return report.path


def _connect(library_path: Path) -> sqlite3.Connection:
    """A connection of our own, as the library opens one (read-only where the file cannot be written)."""
    from library.database import connect
    from library.errors import LibraryError

    try:
        connection, _read_only = connect(library_path)
    except LibraryError as error:
        raise BackupError(str(error)) from None
    return connection


def _copy(connection: sqlite3.Connection, target: Path) -> None:
    """Copy through SQLite into a temporary file beside `target`, check it, then rename it onto `target`."""
    partial = target.with_name(f".{target.name}.partial-{secrets.token_hex(4)}")
    try:
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            # pages=-1: one step, one read transaction, one consistent snapshot (a stepwise copy
            # restarts whenever another connection writes, and may never finish during an import).
            connection.backup(copy, pages=-1)
            # One self-contained file: no -wal beside it to lose when the copy is moved.
            copy.execute("PRAGMA journal_mode = DELETE")
            verdict = [str(row[0]) for row in copy.execute("PRAGMA integrity_check")]
        finally:
            copy.close()
        if verdict != ["ok"]:
            raise BackupError(
                f"{target}: the copy failed SQLite's integrity check ({'; '.join(verdict[:3])})"
            )
        partial.replace(target)
    except sqlite3.Error as error:
        raise BackupError(f"{target}: the copy could not be made ({error})") from None
    except OSError as error:
        raise BackupError(f"{target}: cannot be written ({error.strerror or error})") from None
    finally:
        for leftover in (partial, *(partial.with_name(partial.name + end) for end in _JOURNAL_ENDINGS)):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


def _refuse_library_files(library_path: Path, target: Path) -> None:
    library_file = library_path.resolve()
    protected = {library_file, *(library_file.with_name(library_file.name + end) for end in _JOURNAL_ENDINGS)}
    if target.resolve() in protected:
        raise BackupError(f"{target}: is the library itself; choose another place for the copy")


def _prune(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the newest `keep` copies (their names begin with the time, so sort by it)."""
    copies = sorted(folder.glob(pattern), key=lambda p: p.name)
    copies = [p for p in copies if not p.name.startswith(".")]
    for old in copies[: max(0, len(copies) - keep)]:
        with contextlib.suppress(OSError):
            old.unlink()


def _stamp() -> str:
    # Microseconds too: two backups within a second must not share a name.
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
