"""Backups: consistent while an import runs, checked before they are kept, and before every migration."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from library.article import Article
from library.backup import BackupError, backup_before_migration, backup_file, backup_library
from library.cli import main
from library.records import View
from library.store import Library

REPO = Path(__file__).resolve().parents[2]


def pocket_csv(path: Path, rows: int) -> Path:
    lines = ["title,url,time_added,tags,status"]
    lines += [
        f"Saved {n},https://example.com/saved/{n},{1_600_000_000 + n},t{n % 5},unread" for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def committed_ids(path: Path) -> set[int]:
    """What another connection sees as committed, right now."""
    connection = sqlite3.connect(path, timeout=10)
    try:
        return {row[0] for row in connection.execute("SELECT id FROM articles")}
    finally:
        connection.close()


def test_a_backup_during_a_running_import_holds_everything_committed_before_it(tmp_path: Path) -> None:
    library_path = tmp_path / "library.db"
    Library.open(library_path).close()
    export = pocket_csv(tmp_path / "part_000000.csv", 40_000)
    importing = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from library.cli import main; sys.exit(main(sys.argv[1:]))",
            "--library",
            str(library_path),
            "import",
            "--offline",
            "-q",
            str(export),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while len(committed_ids(library_path)) < 2000:
            assert importing.poll() is None, importing.stderr.read() if importing.stderr else ""
            assert time.monotonic() < deadline, "the import did not get going"
            time.sleep(0.1)
        before = committed_ids(library_path)
        report = backup_file(library_path, tmp_path / "copy.db")
        still_running = importing.poll() is None
    finally:
        importing.terminate()
        importing.wait(timeout=30)
        if importing.stderr:
            importing.stderr.close()
    assert still_running, "the import ended before the backup did: nothing was concurrent"
    copy_ids = committed_ids(report.path)
    assert before <= copy_ids and len(copy_ids) < 40_000
    with Library.open(report.path) as copy:
        assert copy.integrity_check() == "ok" and copy.count() == len(copy_ids)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_backup_is_one_checked_file_that_opens_as_the_library(library: Library, tmp_path: Path) -> None:
    library.save(
        Article(title="Kept", html="<p>Kept</p>", text="Kept", url="https://example.com/k"),
        source_kind="html",
    )
    (tmp_path / "backups").mkdir()
    report = backup_library(library.db.conn, library.path, tmp_path / "backups")
    assert report.path.parent == tmp_path / "backups" and report.path.suffix == ".db"
    assert sorted(p.name for p in report.path.parent.iterdir()) == [report.path.name]  # no -wal, no partial
    with Library.open(report.path) as copy:
        assert [h.title for h in copy.headers(View())] == ["Kept"]
    with pytest.raises(BackupError, match="already exists"):
        backup_library(library.db.conn, library.path, report.path)
    backup_library(library.db.conn, library.path, report.path, replace=True)
    for target in (library.path, Path(f"{library.path}-wal")):
        with pytest.raises(BackupError, match="library itself"):
            backup_library(library.db.conn, library.path, target, replace=True)
    assert library.integrity_check() == "ok" and library.count() == 1


def _library_one_migration_behind(path: Path) -> None:
    """A library whose last migration is not yet applied, as an older version of the application left it."""
    with Library.open(path) as library:
        library.save(
            Article(title="Old", html="<p>Old</p>", text="Old", url="https://example.com/o"),
            source_kind="html",
        )
        library.db.execute(
            "DELETE FROM _sqlite_migrations WHERE id = (SELECT max(id) FROM _sqlite_migrations)"
        )


def test_a_copy_is_made_before_a_migration_and_only_the_last_few_kept(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    assert backup_before_migration(path) is None  # no library yet
    Library.open(path).close()
    assert backup_before_migration(path) is None  # nothing to migrate
    _library_one_migration_behind(path)
    made = [backup_before_migration(path, keep=3) for _ in range(5)]
    assert all(copy is not None for copy in made)
    kept = sorted((tmp_path / "backups").iterdir())
    assert kept == sorted(copy for copy in made[-3:] if copy is not None)
    for copy in kept:
        assert "-before-m" in copy.name
        connection = sqlite3.connect(copy)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT title FROM articles").fetchall() == [("Old",)]
        connection.close()


def test_backup_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library_path = tmp_path / "library.db"
    with Library.open(library_path) as library:
        library.save(
            Article(title="One", html="<p>One</p>", text="One", url="https://example.com/1"),
            source_kind="html",
        )
    assert main(["--library", str(library_path), "backup", str(tmp_path / "copy.db")]) == 0
    out = capsys.readouterr().out
    assert "integrity ok" in out and f"--library {tmp_path / 'copy.db'}" in out
    assert main(["--library", str(tmp_path / "copy.db"), "list"]) == 0
    assert "One" in capsys.readouterr().out
    assert main(["--library", str(library_path), "backup", str(tmp_path / "copy.db")]) == 2
    assert "already exists" in capsys.readouterr().err
