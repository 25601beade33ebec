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
