"""Import runs and their log: one line per source and run, resumed runs taken up, old runs let go."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from library.article import Entry
from library.database import translate_errors
from library.dates import utc_now
from library.records import LogEntry, Outcome

if TYPE_CHECKING:
    from library.store import Library

# Runs whose log lines are kept; older runs are forgotten when a new one finishes.
KEPT_RUNS = 50


def run_key(locations: Iterable[str]) -> str:
    """What identifies "the same import" of `locations`, in any order, for taking up a stopped run."""
    names = sorted({_absolute(location) for location in locations})
    return hashlib.sha256("\x00".join(names).encode()).hexdigest()


def _absolute(location: str) -> str:
    if "://" in location:
        return location.strip()
    return str(Path(location).expanduser().absolute())


def begin_run(library: Library, key: str | None) -> int:
    """The run an import logs into: the stopped run of the same locations, or a new one."""
    with library.transaction():
        if key is not None:
            row = library.db.execute(
                "SELECT id FROM import_runs WHERE key = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1",
                [key],
            ).fetchone()
            if row is not None:
                return int(row[0])
        cursor = library.db.execute(
            "INSERT INTO import_runs (key, started_at) VALUES (?, ?)", [key, utc_now()]
        )
        return int(cursor.lastrowid or 0)


def finish_run(library: Library, run_id: int) -> None:
    """Mark a run complete (the next import of its locations is a new run) and forget the oldest."""
    with library.transaction():
        library.db.execute("UPDATE import_runs SET finished_at = ? WHERE id = ?", [utc_now(), run_id])
        library.db.execute(
            "DELETE FROM import_runs WHERE id NOT IN (SELECT id FROM import_runs ORDER BY id DESC LIMIT ?)",
            [KEPT_RUNS],
        )


def log_line(
    library: Library,
    run_id: int,
    source: str,
    source_kind: str | None,
    outcome: Outcome,
    reason: str | None,
    article_id: int | None,
    *,
    keep_earlier: bool = False,
) -> None:
    """Write what became of `source` in this run (inside the caller's transaction).

    A source already logged in this run is updated, unless `keep_earlier`: a resumed
    run that finds an entry unchanged keeps the line saying how it was imported.
    """
    conflict = (
        "DO NOTHING"
        if keep_earlier
        else (
            "DO UPDATE SET at = excluded.at, source_kind = excluded.source_kind, outcome = excluded.outcome, "
            "reason = excluded.reason, article_id = excluded.article_id"
        )
    )
    with translate_errors(library.path):
        library.db.execute(
            "INSERT INTO import_log (run_id, at, source, source_kind, outcome, reason, article_id) "
            f"VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, source) {conflict}",
            [run_id, utc_now(), source, source_kind, outcome, reason, article_id],
        )


def recent_lines(library: Library, limit: int = 100) -> list[LogEntry]:
    """The most recent import attempts, newest first."""
    with translate_errors(library.path):
        return [
            LogEntry(*row)
            for row in library.db.execute(
                "SELECT at, source, source_kind, outcome, reason, article_id FROM import_log "
                "ORDER BY id DESC LIMIT ?",
                [limit],
            )
        ]


def entry_digest(entry: Entry) -> str:
    """A digest of everything an entry brings: the same digest means importing it again changes nothing."""
    digest = hashlib.sha256()
    document = entry.document
    head = {
        "kind": entry.source_kind,
        "url": entry.url,
        "hints": entry.hints,
        "tags": entry.tags,
        "state": asdict(entry.state),
        "saved_at": entry.saved_at,
        "highlights": [asdict(highlight) for highlight in entry.highlights],
        "document": None if document is None else [document.kind, document.url, sorted(document.resources)],
    }
    digest.update(json.dumps(head, sort_keys=True, default=str).encode())
    if document is not None:
        digest.update(document.content.encode("utf-8", "surrogatepass"))
        for url in sorted(document.resources):
            digest.update(hashlib.sha256(document.resources[url]).digest())
    return digest.hexdigest()


def unchanged_article(library: Library, source: str, digest: str) -> tuple[int, str] | None:
    """The article (id, status) that `source` gave when it last brought exactly this digest."""
    with translate_errors(library.path):
        row = library.db.execute(
            "SELECT a.id, a.status FROM import_sources i JOIN articles a ON a.id = i.article_id "
            "WHERE i.source = ? AND i.digest = ?",
            [source, digest],
        ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def remember_source(library: Library, source: str, digest: str, article_id: int) -> None:
    """Note what `source` gave (inside the caller's transaction)."""
    library.db.execute(
        "INSERT INTO import_sources (source, digest, article_id, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (source) DO UPDATE SET digest = excluded.digest, article_id = excluded.article_id, "
        "at = excluded.at",
        [source, digest, article_id, utc_now()],
    )
