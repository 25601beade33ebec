"""One library, many processes: nothing committed is lost, writers wait their turn, creation races."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from multiprocessing.managers import SyncManager
from pathlib import Path

import pytest

from library.store import Library
from tests.library import processes

# Spawned, not forked: each process starts clean, as a second program would.
CONTEXT = multiprocessing.get_context("spawn")


@pytest.fixture
def manager() -> Iterator[SyncManager]:
    """Events and barriers that processes of a pool can share."""
    with CONTEXT.Manager() as shared:
        yield shared


def count_articles(path: Path) -> int:
    with Library.open(path) as library:
        assert library.integrity_check() == "ok"
        return int(library.db.execute("SELECT count(*) FROM articles").fetchone()[0])


def test_a_process_with_two_connections_loses_nothing_when_others_come_and_go(
    library_path: Path, manager: SyncManager
) -> None:
    # The window opens the library twice (the list, and background downloads). A header
    # check with open()/close() dropped that process's locks, so another process closing
    # the library deleted the WAL under it and its later commits vanished.
    Library.open(library_path).close()
    opened_twice, others_done = manager.Event(), manager.Event()
    with CONTEXT.Pool(3) as pool:
        steady = pool.apply_async(
            processes.write_while_others_come_and_go, (str(library_path), opened_twice, others_done, 1.0)
        )
        assert opened_twice.wait(30)
        visitors = [
            pool.apply_async(processes.open_write_close, (str(library_path), f"visitor{n}", 15, 10))
            for n in range(2)
        ]
        visited = sum(visitor.get(120) for visitor in visitors)
        others_done.set()
        committed = steady.get(120)
    assert visited == 300
    assert count_articles(library_path) == committed + visited


def test_processes_creating_one_new_library_at_once_all_open_it(tmp_path: Path, manager: SyncManager) -> None:
    path = tmp_path / "new" / "library.db"
    start = manager.Barrier(4)
    with CONTEXT.Pool(4) as pool:
        verdicts = pool.starmap(processes.open_new_library, [(str(path), start)] * 4)
    assert verdicts == ["ok"] * 4
    assert count_articles(path) == 0


def test_two_importers_at_once_both_finish(library_path: Path, manager: SyncManager) -> None:
    # Before, the second writer met "database is locked" at once: a deferred BEGIN that
    # turns into a write does not wait for the busy timeout.
    Library.open(library_path).close()
    start = manager.Barrier(3)
    with CONTEXT.Pool(3) as pool:
        batches = [
            pool.apply_async(processes.write_in_one_long_batch, (str(library_path), 400, start))
            for _ in range(2)
        ]
        visitor = pool.apply_async(processes.open_write_close, (str(library_path), "script", 20, 5))
        start.wait()
        imported = [batch.get(120) for batch in batches]
        assert visitor.get(120) == 100
    # Both imported the same texts: the second found the first's articles as duplicates.
    assert sum(imported) == 400
    assert count_articles(library_path) == 500
