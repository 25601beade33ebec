"""The migration that gives the highlights imported before it their selectors, losing none."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from library.migrations import APPLICATION_ID, migrations
from library.store import Library

TEXT = "Tea is steeped briefly.\n\nGreen tea turns bitter in boiling water.\n\nServe it warm."


def library_before_anchors(path: Path) -> None:
    """A library file as the first schema left it, with highlights as exports brought them."""
    db = Database(sqlite3.connect(path, isolation_level=None))
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db, stop_before="m005_highlight_anchors")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    now = "2024-01-01T00:00:00+00:00"
    for article_id, text, status in ((1, TEXT, "ready"), (2, "", "pending")):
        db.execute(
            "INSERT INTO articles (id, title, source_kind, saved_at, imported_at, changed_at, status, text) "
            "VALUES (?, 'Tea', 'pocket', ?, ?, ?, ?, ?)",
            [article_id, now, now, now, status, text],
        )
        db.execute("INSERT INTO reading_state (article_id, saved_at) VALUES (?, ?)", [article_id, now])
    db.conn.executemany(
        "INSERT INTO highlights (id, article_id, text, note, created_at) VALUES (?, ?, ?, ?, ?)",
        [
            (1, 1, "Green tea turns bitter", "so, cooler water", "2024-02-01T00:00:00+00:00"),
            (2, 1, "SERVE it  warm", "", None),
            (3, 1, "A passage the saved text does not have", "a note kept all the same", None),
            (4, 2, "Waiting for the download", "", None),
        ],
    )
    db.close()


def test_every_imported_highlight_survives_and_those_in_the_text_are_placed(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    library_before_anchors(path)
    with Library.open(path) as library:
        stored = library.get(1)
        assert stored is not None
        found = {h.id: h for h in stored.highlights}
        assert sorted(found) == [1, 2, 3]
        bitter = found[1]
        assert (bitter.quote, bitter.note, bitter.created_at, bitter.origin) == (
            "Green tea turns bitter",
            "so, cooler water",
            "2024-02-01T00:00:00+00:00",
            "pocket",
        )
        assert (
            TEXT[bitter.start or 0 : bitter.end] == "Green tea turns bitter" and bitter.placement == "exact"
        )
        assert bitter.prefix.endswith("briefly.\n\n") and bitter.suffix.startswith(" in boiling")
        assert (
            TEXT[found[2].start or 0 : found[2].end] == "Serve it warm" and found[2].placement == "normalised"
        )
        assert not found[3].placed and found[3].note == "a note kept all the same"
        assert [h.quote for h in library.get(2).highlights] == ["Waiting for the download"]  # type: ignore[union-attr]
        # The new search index holds what was there before.
        assert [hit.found_in for hit in library.search("cooler")] == ["note"]
        assert library.integrity_check() == "ok"
