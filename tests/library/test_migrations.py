"""Upgrading a library written by an earlier version keeps everything in it."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from library.migrations import migrations
from library.store import Library


def test_an_import_log_that_names_a_source_many_times_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    # The library as the first version left it: schema m001, a source imported three times.
    migrations.apply(db, stop_before="m002_import_runs")
    for outcome in ("imported", "duplicate", "duplicate"):
        db.execute(
            "INSERT INTO import_log (at, source, outcome) VALUES ('2026-11-30T10:00:00+00:00', '/saved/page.html', ?)",
            [outcome],
        )
    db.execute(
        "INSERT INTO import_log (at, source, outcome) VALUES ('2026-11-30T10:00:01+00:00', '/saved/other.html', 'failed')"
    )
    db.conn.commit()
    db.close()
    with Library.open(path) as library:
        lines = library.db.execute("SELECT source, outcome, run_id FROM import_log ORDER BY id").fetchall()
    assert lines == [("/saved/page.html", "duplicate", 1), ("/saved/other.html", "failed", 1)]


def test_a_library_is_backed_up_before_its_schema_changes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m002_import_runs")
    db.execute(
        "INSERT INTO articles (title, source_kind, saved_at, imported_at, changed_at, html, text) "
        "VALUES ('Kept', 'html', '2026-11-30', '2026-11-30', '2026-11-30', '<p>Kept</p>', 'Kept')"
    )
    db.conn.commit()
    db.close()
    with Library.open(path) as library:
        assert library.db.execute("SELECT title FROM articles").fetchone()[0] == "Kept"
    [copy] = (tmp_path / "backups").iterdir()
    assert copy.name.startswith("old-") and "-before-m002_import_runs" in copy.name
    old = Database(copy)
    assert old.execute("SELECT title FROM articles").fetchone()[0] == "Kept"
    assert "import_runs" not in old.table_names()
    # Opening it again upgrades nothing, so no second copy.
    Library.open(path).close()
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_a_new_library_has_nothing_to_back_up(tmp_path: Path) -> None:
    Library.open(tmp_path / "new.db").close()
    assert not (tmp_path / "backups").exists()
