"""Work for other processes in the concurrency tests: each function runs in its own process."""

from __future__ import annotations

import time
from pathlib import Path
from threading import Barrier, Event

from library.article import Article
from library.store import Library


def article(owner: str, number: int) -> Article:
    return Article(
        title=f"{owner} {number}",
        url=f"https://example.com/{owner}/{number}",
        html=f"<p>{owner} {number}</p>",
        text=f"{owner} {number}",
    )


def write_while_others_come_and_go(path: str, opened_twice: Event, others_done: Event, seconds: float) -> int:
    """Open the library twice in this process (as the window does), then keep committing."""
    first = Library.open(Path(path))
    first.save(article("steady", 0), source_kind="html")
    second = Library.open(Path(path))
    opened_twice.set()
    committed = 1
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or not others_done.is_set():
        first.save(article("steady", committed), source_kind="html")
        committed += 1
    second.close()
    first.close()
    return committed


def open_write_close(path: str, owner: str, rounds: int, per_round: int) -> int:
    """Open, write a few articles and close, again and again, as a script or a shell loop would."""
    committed = 0
    for _ in range(rounds):
        with Library.open(Path(path)) as library:
            for _ in range(per_round):
                library.save(article(owner, committed), source_kind="html")
                committed += 1
    return committed


def open_new_library(path: str, start: Barrier) -> str:
    """Open (and so create) a library at the same moment as other processes."""
    start.wait()
    with Library.open(Path(path)) as library:
        return library.integrity_check()


def write_in_one_long_batch(path: str, count: int, start: Barrier) -> int:
    """Save `count` articles through the importer's path (batched commits)."""
    from library.article import Document, Entry
    from library.importer import Importer

    entries = [
        Entry(
            source=f"batch {n}",
            source_kind="text",
            document=Document(
                f"batch {n}", f"Batch article {n}\n\nThe text of batch article number {n}.", "text"
            ),
        )
        for n in range(count)
    ]
    start.wait()
    with Library.open(Path(path)) as library:
        report = Importer(library).import_entries(entries)
    assert report.error is None, report.error
    return report.count("imported")
