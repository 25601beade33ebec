"""The library file through SQLite alone: opening (read-only when it must), write transactions, errors.

Nothing here opens the library file, its `-wal` or its `-shm` with ordinary file calls.
Closing any descriptor of a file drops every POSIX lock the process holds on it, so a
header read with `open()` while another connection of the same process is open makes
that connection invisible to other processes, and the next one to close deletes the
WAL under it ("How To Corrupt An SQLite Database File", section 2.2). Paths are only
ever `stat`ed, `access`ed or `chmod`ed, which open nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from library.errors import LibraryBusyError, LibraryError, LibraryFullError, LibraryReadOnlyError

log = logging.getLogger("reader.database")

# How long a statement waits for another program's write to finish before giving up.
# A writer holds the lock for one short batch (about half a second) at a time, so ten
# seconds means something is stuck, not merely busy.
BUSY_TIMEOUT_SECONDS = 10.0


def connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection to the library at `path` and whether it is read-only.

    The file is opened read-only when it, or its folder, cannot be written: a
    library on read-only media, in a read-only folder, or made read-only by its
    owner can still be read, and reading it leaves nothing behind.
    """
    if path.is_dir():
        raise LibraryError(path, "is a folder, not a library file")
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(path, f"cannot create the folder ({error.strerror or error})") from None
        if not os.access(path.parent, os.W_OK):
            raise LibraryError(path, "cannot be created: the folder is read-only")
    elif not os.access(path, os.R_OK):
        raise LibraryError(path, "cannot be read (permission denied)")
    read_only = path.exists() and not _writable(path)
    if not read_only:
        _mend_leftover_permissions(path)
    try:
        connection = sqlite3.connect(
            _uri(path, read_only),
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
        )
    except sqlite3.Error as error:
        raise LibraryError(path, f"cannot open ({error})") from None
    # Before anything that may wait for a lock, so that every statement waits its turn.
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    try:
        # The first read of page 1: SQLite itself says whether the file is a database.
        with translate_errors(path):
            connection.execute("PRAGMA schema_version").fetchone()
    except BaseException:
        connection.close()
        raise
    return connection, read_only


def _writable(path: Path) -> bool:
    """Whether a connection could write `path`: the file, and its folder for the WAL's files."""
    if not os.access(path, os.W_OK):
        return False
    if os.access(path.parent, os.W_OK):
        return True
    # A read-only folder is fine while the WAL's files exist and can be written.
    sidecars = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    return all(os.access(sidecar, os.W_OK) for sidecar in sidecars)


def _uri(path: Path, read_only: bool) -> str:
    address = "file:" + quote(str(path.absolute()))
    if not read_only:
        return address
    # WAL readers need the -shm file; where it cannot be created, or would be left
    # behind unwritable, a library with no unmerged WAL is read as immutable: no
    # locks and no new files. With a WAL that holds changes, it must be read with them.
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return address + "?mode=ro"
    return address + "?immutable=1"


def _mend_leftover_permissions(path: Path) -> None:
    """Give the WAL's files the library's own permissions when a read-only spell left them unwritable.

    SQLite creates `-wal` and `-shm` with the permissions of the library file; a
    library that was read while it was `chmod 444` leaves them so, and every
    later write fails although the library is writable again.
    """
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{path}{suffix}")
        with contextlib.suppress(OSError):
            if sidecar.exists() and not os.access(sidecar, os.W_OK) and sidecar.stat().st_uid == os.getuid():
                sidecar.chmod(mode)


def use_wal(connection: sqlite3.Connection) -> None:
    """Put the library in WAL mode (readers never wait for writers), waiting out a busy spell.

    Changing the journal mode needs the file to itself, and SQLite answers "locked" at
    once rather than calling the busy handler when another connection is changing it
    too (two programs creating one new library): so it is asked again, for as long as
    any statement would wait.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            if str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextlib.contextmanager
def write_transaction(connection: sqlite3.Connection, path: Path) -> Iterator[None]:
    """All writes inside happen together or not at all, after waiting for other writers.

    `BEGIN IMMEDIATE` takes the write lock at the start, where the busy timeout
    applies; a deferred `BEGIN` that turns into a write meets another writer
    with an immediate "database is locked". Inside a transaction, a savepoint.
    """
    nested = connection.in_transaction
    with translate_errors(path):
        if nested:
            name = f"save_{secrets.token_hex(8)}"
            connection.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if connection.in_transaction:
                    connection.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    connection.execute(f"RELEASE SAVEPOINT {name}")
                raise
            connection.execute(f"RELEASE SAVEPOINT {name}")
            return
        asked = time.monotonic()
        connection.execute("BEGIN IMMEDIATE")
        waited = time.monotonic() - asked
        if waited > 0.01:
            log.debug("waited %.3f s for the write lock of %s", waited, path)
        try:
            yield
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise


@contextlib.contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's environment failures into a LibraryError naming the file."""
    try:
        yield
    except sqlite3.OperationalError as error:
        message = str(error)
        if "locked" in message or "busy" in message:
            raise LibraryBusyError(
                path,
                f"the library is in use by another program, which has held it for over "
                f"{BUSY_TIMEOUT_SECONDS:.0f} s (locked)",
            ) from error
        if ("disk" in message and "full" in message) or "database or disk is full" in message:
            raise LibraryFullError(path, "the disk is full; nothing more was saved") from error
        if "readonly" in message or "read-only" in message:
            raise LibraryReadOnlyError(
                path,
                "the library is read-only (the file or its folder cannot be written); nothing was changed",
            ) from error
        if "no such table" in message or "no such column" in message:
            raise LibraryError(path, f"damaged or not a library ({message})") from error
        if "unable to open" in message or "disk I/O" in message:
            raise LibraryError(path, f"cannot be read or written ({message})") from error
        raise
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
            raise
        if "not a database" in str(error):
            raise LibraryError(
                path, "not an Article Reader library (not an SQLite database); it was left unchanged"
            ) from error
        raise LibraryError(path, f"damaged ({error}); it was left unchanged") from error
