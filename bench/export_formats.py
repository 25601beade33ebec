"""Whole-process import of large exports: a 100,000-entry Chrome `Bookmarks` file and address list.

Usage:
  python bench/export_formats.py [--entries 100000] [--rounds 1]

Each run is `article-reader --library TMP import --offline --quiet FILE` as a fresh
process into an empty library, timed from start to exit, with the process's peak
resident memory (ru_maxrss of the child). The files are written by a process of their
own: Linux carries a parent's peak into a child's ru_maxrss across fork and exec, so the
measuring process must stay small. A second process only recognises, counts
and reads the file (what the import does before storing), to show the readers' share. The files are generated in a temporary
folder in their documented shapes: Chrome's tree with folders three deep and keys in
alphabetical order, and one address a line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = Path(sys.executable).with_name("article-reader")
CHROME_EPOCH_OFFSET = 11_644_473_600


def chrome_bookmarks(path: Path, entries: int) -> Path:
    """A `Bookmarks` file of `entries` bookmarks in 100 folders of 10 subfolders each, plus the bar."""
    added = (1_700_000_000 + CHROME_EPOCH_OFFSET) * 1_000_000
    ids = iter(range(4, 10 * entries))

    def url(n: int) -> dict[str, object]:
        return {
            "date_added": str(added + n * 1_000_000),
            "date_last_used": "0",
            "guid": f"00000000-0000-4000-8000-{n:012d}",
            "id": str(next(ids)),
            "name": f"Saved page number {n}, with a title of some length",
            "type": "url",
            "url": f"https://example.com/{n % 97}/story-{n}",
        }

    def folder(name: str, children: list[dict[str, object]]) -> dict[str, object]:
        return {
            "children": children,
            "date_added": str(added),
            "date_last_used": "0",
            "date_modified": str(added),
            "guid": f"10000000-0000-4000-8000-{next(ids):012d}",
            "id": str(next(ids)),
            "name": name,
            "type": "folder",
        }

    per_leaf_folder = max(1, entries // 1000)
    numbers = iter(range(entries))
    topics = []
    for topic in range(100):
        subfolders = []
        for sub in range(10):
            leaves = [url(n) for _, n in zip(range(per_leaf_folder), numbers, strict=False)]
            subfolders.append(folder(f"Subject {topic}.{sub}", leaves))
        topics.append(folder(f"Topic {topic}", subfolders))
    rest = [url(n) for n in numbers]
    tree = {
        "checksum": "0" * 32,
        "roots": {
            "bookmark_bar": folder("Bookmarks bar", [*topics, *rest]),
            "other": folder("Other bookmarks", []),
            "synced": folder("Mobile bookmarks", []),
        },
        "version": 1,
    }
    with path.open("w", encoding="utf-8") as handle:
        json.dump(tree, handle, indent=3, sort_keys=True)
    return path


def address_list(path: Path, entries: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(entries):
            handle.write(f"https://example.com/{n % 97}/story-{n}?ref=list\n")
    return path


def timed_import(source: Path, folder: Path) -> tuple[float, float, str]:
    """Seconds, peak resident megabytes and the summary line of one import as its own process."""
    library = folder / f"library-{time.monotonic_ns()}.db"
    command = [str(COMMAND), "--library", str(library), "import", "--offline", "--quiet", str(source)]
    began = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    _pid, _status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - began
    out = child.stdout.read() if child.stdout else ""
    errors = child.stderr.read() if child.stderr else ""
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return elapsed, peak_mb, (out.strip().splitlines() or [errors.strip()])[0]


READ_ONLY = (
    "import sys, time\n"
    "from library.sources import count_entries, read_source\n"
    "began = time.perf_counter()\n"
    "counted = count_entries(sys.argv[1])\n"
    "read = sum(1 for _ in read_source(sys.argv[1]))\n"
    "print(f'{counted} {read} {time.perf_counter() - began:.2f}')\n"
)


def timed_read(source: Path) -> tuple[float, float]:
    """Seconds and peak resident megabytes of recognising, counting and reading `source`, storing nothing."""
    child = subprocess.Popen(
        [sys.executable, "-c", READ_ONLY, str(source)], stdout=subprocess.PIPE, text=True
    )
    _pid, _status, usage = os.wait4(child.pid, 0)
    out = (child.stdout.read() if child.stdout else "").split()
    return float(out[2]), usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--write", metavar="FOLDER", help=argparse.SUPPRESS)  # the writing process
    args = parser.parse_args()
    if args.write:
        chrome_bookmarks(Path(args.write) / "Bookmarks", args.entries)
        address_list(Path(args.write) / "links.txt", args.entries)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(
            [sys.executable, __file__, "--write", str(folder), "--entries", str(args.entries)], check=True
        )
        files = {"Chrome Bookmarks": folder / "Bookmarks", "address list": folder / "links.txt"}
        print(
            f"| file | entries | size | import, whole process: seconds (best of {args.rounds}) | peak memory "
            "| reading alone (count + read): seconds | peak memory | summary |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, path in files.items():
            seconds, peak, summary = min(timed_import(path, folder) for _ in range(args.rounds))
            read_seconds, read_peak = min(timed_read(path) for _ in range(args.rounds))
            size = path.stat().st_size / (1024 * 1024)
            print(
                f"| {label} | {args.entries:,} | {size:.1f} MB | {seconds:.1f} | {peak:.0f} MB "
                f"| {read_seconds:.1f} | {read_peak:.0f} MB | {summary} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
