"""Whole-process import speed: the scrapinghub pages, and a 10,000-entry Pocket export.

Usage:
  python bench/imports.py [--rounds 3]

Each run is `article-reader import --offline` as a fresh process into an empty
library, timed from start to exit (interpreter start-up and imports included):
  * the 91 pages of ../shared/corpus/scrapinghub, decompressed to .html files;
  * a generated Pocket export zip of 10,000 entries (titles, addresses, tags,
    states), in the documented 2025 shape.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "scrapinghub" / "html"
COMMAND = Path(sys.executable).with_name("article-reader")


def pocket_export(path: Path, entries: int) -> Path:
    lines = ["title,url,time_added,tags,status"]
    for n in range(entries):
        tags = "|".join(t for t, every in (("tech", 3), ("long read", 7), ("to cite", 11)) if n % every == 0)
        lines.append(
            f'"Saved article number {n}, with a title",https://example.com/{n % 97}/story-{n},'
            f"{1_500_000_000 + n * 3600},{tags},{'archive' if n % 4 == 0 else 'unread'}"
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("part_000000.csv", "\n".join(lines) + "\n")
    return path


def timed_import(sources: list[Path], folder: Path) -> tuple[float, str]:
    library = folder / f"library-{time.monotonic_ns()}.db"
    began = time.perf_counter()
    done = subprocess.run(
        [str(COMMAND), "--library", str(library), "import", "--offline", "--quiet", *map(str, sources)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    elapsed = time.perf_counter() - began
    return elapsed, done.stdout.strip().splitlines()[0] if done.stdout else done.stderr.strip()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages = folder / "pages"
        pages.mkdir()
        for page in sorted(CORPUS.glob("*.html.gz")):
            (pages / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
        count = len(list(pages.iterdir()))
        times = []
        for _ in range(args.rounds):
            elapsed, summary = timed_import([pages], folder)
            times.append(elapsed)
        best = min(times)
        print(
            f"scrapinghub, {count} pages: median {statistics.median(times):.2f} s, best {best:.2f} s "
            f"= {count / best:.0f} pages/s whole process ({summary})"
        )

        export = pocket_export(folder / "pocket.zip", 10_000)
        times = []
        for _ in range(args.rounds):
            elapsed, summary = timed_import([export], folder)
            times.append(elapsed)
        print(
            f"Pocket export, 10,000 entries: median {statistics.median(times):.2f} s, best {min(times):.2f} s "
            f"whole process ({summary})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
