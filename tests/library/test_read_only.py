"""A library that cannot be written opens read-only: reading works, writes say why, nothing is left behind."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.article import Article
from library.store import Library

COMMAND = Path(sys.executable).with_name("article-reader")


def _unprivileged_prefix() -> list[str]:
    """How to run a command to which file permissions apply (root ignores them)."""
    if os.getuid() != 0:
        return []
    # In a new user namespace root keeps its own files' owner permissions but loses the
    # power to override them: chmod means what it says again.
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--user", "true"], capture_output=True).returncode == 0:
        return [unshare, "--user"]
    pytest.skip("running as root without user namespaces: file permissions cannot be tested")


def run(library_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_unprivileged_prefix(), str(COMMAND), "--library", str(library_path), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def shelf(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a library of one article, with its permissions put back afterwards."""
    folder = tmp_path / "shelf"
    folder.mkdir()
    with Library.open(folder / "library.db") as library:
        library.save(
            Article(title="Kept safe", url="https://example.com/a", html="<p>Kept.</p>", text="Kept."),
            source_kind="html",
        )
    yield folder
    folder.chmod(0o755)
    (folder / "library.db").chmod(0o644)


def test_a_library_in_a_read_only_folder_can_be_listed_searched_and_shown(shelf: Path) -> None:
    shelf.chmod(0o555)
    library_path = shelf / "library.db"
    listed = run(library_path, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [item["title"] for item in json.loads(listed.stdout)] == ["Kept safe"]
    assert run(library_path, "search", "kept").returncode == 0
    assert "Kept." in run(library_path, "show", "1").stdout
    marked = run(library_path, "mark", "1", "--favorite")
    assert marked.returncode == 2 and "read-only" in marked.stderr and str(library_path) in marked.stderr
    assert sorted(p.name for p in shelf.iterdir()) == ["library.db"]


def test_reading_a_read_only_library_leaves_nothing_that_blocks_later_writes(shelf: Path) -> None:
    library_path = shelf / "library.db"
    library_path.chmod(0o444)
    assert run(library_path, "list").returncode == 0
    refused = run(library_path, "tag", "1", "--add", "later")
    assert refused.returncode == 2 and "read-only" in refused.stderr
    # No -wal or -shm of mode 444 is left behind.
    assert sorted(p.name for p in shelf.iterdir()) == ["library.db"]
    library_path.chmod(0o644)
    assert run(library_path, "tag", "1", "--add", "later").returncode == 0
    assert json.loads(run(library_path, "list", "--json").stdout)[0]["tags"] == ["later"]


def test_leftover_unwritable_wal_files_are_mended_when_the_library_is_writable(shelf: Path) -> None:
    library_path = shelf / "library.db"
    # What an older version left after reading the library while it was chmod 444.
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{library_path}{suffix}")
        sidecar.write_bytes(b"")
        sidecar.chmod(0o444)
    assert run(library_path, "mark", "1", "--read").returncode == 0
    assert json.loads(run(library_path, "list", "--json").stdout)[0]["read"] is True
