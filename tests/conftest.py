"""Shared test fixtures: where the shared corpus is, and an isolated library file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any QApplication exists: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_0aaa2a31d96aaafb.txt"


def need_shared(path: Path) -> Path:
    """`path` inside ../shared, or a skip saying it is absent (CI always has it)."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpus is not checked out beside the project")
    return path


@pytest.fixture
def seed_page() -> Path:
    return need_shared(SEED)


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def library(library_path: Path) -> Iterator[object]:
    from library.store import Library

    opened = Library.open(library_path)
    yield opened
    opened.close()
