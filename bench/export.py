"""Exports of 10,000 articles to every format, and backups of the 100,000-article library.

Usage:
  python bench/export.py [--library PATH] [--formats markdown html ...] [--backup PATH] [--no-epubcheck]

With no --library, a 10,000-article library is built with bench/library_scale.py
(seed 1) into ../benchdata/export-10k.db, and every fourth article is given a
picture (a 40 kB PNG of its own) and a highlight with a note, so that exports carry
images and highlights too. Each export runs in a process of its own, so that its
peak memory (ru_maxrss) is its own; the figures are seconds, the size written, peak
memory, and that process's memory before the export began. The EPUB is then checked
with epubcheck when it is installed, and the JSON export imported into an empty
library. --backup PATH times `backup_file` (the online backup, then integrity_check)
of that library, and VACUUM INTO beside it for comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from library.articlerows import add_highlight_rows  # noqa: E402
from library.export import FORMATS  # noqa: E402
from library.records import image_reference  # noqa: E402
from library.store import Library  # noqa: E402

DEFAULT_LIBRARY = REPO.parent / "benchdata" / "export-10k.db"
OUTPUT_NAMES = {
    "markdown": "notes",
    "html": "site",
    "epub": "articles.epub",
    "json": "library.zip",
    "csv": "pocket.csv",
    "bookmarks": "bookmarks.html",
}

_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from library.export import Selection, export_articles
from library.store import Library
library = Library.open(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
began = time.perf_counter()
report = export_articles(library, Selection(), sys.argv[3], Path(sys.argv[4]))
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "bytes": report.bytes, "articles": report.articles,
                  "peak_kb": peak, "before_kb": before, "notes": report.notes}))
"""


def png(seed: int, side: int = 116) -> bytes:
    """A real PNG of `side` x `side` noisy pixels (about 40 kB): it compresses as little as a photograph."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    noise = hashlib.shake_256(seed.to_bytes(8, "little")).digest(side * side * 3)
    rows = b"".join(b"\x00" + noise[row * side * 3 : (row + 1) * side * 3] for row in range(side))
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def build(path: Path, articles: int) -> None:
    from bench.library_scale import build as build_library

    path.parent.mkdir(parents=True, exist_ok=True)
    build_library(path, articles, seed=1)
    library = Library.open(path)
    ids = [row[0] for row in library.db.execute("SELECT id FROM articles WHERE id % 4 = 0")]
    with library.transaction():
        for article_id in ids:
            data = png(article_id)
            digest = hashlib.sha256(data).hexdigest()
            library.db.execute(
                "INSERT INTO images (article_id, sha256, url, mime, data) VALUES (?, ?, ?, 'image/png', ?)",
                [article_id, digest, f"https://example.org/{article_id}.png", data],
            )
            library.db.execute(
                "UPDATE articles SET html = ? || html WHERE id = ?",
                [f'<p><img src="{image_reference(digest)}" alt="Picture {article_id}"></p>', article_id],
            )
    with library.transaction():
        for article_id in ids:
            add_highlight_rows(library, article_id, [{"text": "A passage worth keeping", "note": "and why"}])
    library.close()


def run_export(library: Path, fmt: str, folder: Path) -> dict[str, object]:
    target = folder / OUTPUT_NAMES[fmt]
    finished = subprocess.run(
        [sys.executable, "-c", _CHILD, str(REPO), str(library), fmt, str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(finished.stdout)
    result["target"] = str(target)
    return result


def epubcheck(book: Path) -> str:
    from library.export.epub import epubcheck_command

    command = epubcheck_command()
    if command is None:
        return "epubcheck not installed"
    began = time.perf_counter()
    checked = subprocess.run([*command, str(book)], capture_output=True, text=True)
    summary = next(
        (line for line in checked.stdout.splitlines() if line.startswith("Messages:")), checked.stdout[-200:]
    )
    return f"{summary.strip()} ({time.perf_counter() - began:.0f} s)"


def import_back(export: Path, folder: Path) -> str:
    from library.importer import Importer

    target = folder / "restored.db"
    began = time.perf_counter()
    with Library.open(target) as library:
        report = Importer(library).import_sources([str(export)])
        count = library.count()
    return f"{count} articles in {time.perf_counter() - began:.1f} s, {len(report.failures)} failures"


def backups(library_path: Path, folder: Path) -> None:
    from library.backup import backup_file

    size = library_path.stat().st_size
    print(f"\nbackup of {library_path} ({size / 1e6:,.0f} MB)")
    began = time.perf_counter()
    report = backup_file(library_path, folder / "backup.db")
    print(
        f"  backup_file (online backup + integrity_check + rename): {report.seconds:.1f} s, {report.bytes / 1e6:,.0f} MB"
    )
    connection = sqlite3.connect(report.path)
    began = time.perf_counter()
    connection.execute("PRAGMA integrity_check").fetchall()
    print(f"  of which integrity_check alone, measured again: {time.perf_counter() - began:.1f} s")
    connection.close()
    report.path.unlink()
    source = sqlite3.connect(library_path)
    began = time.perf_counter()
    source.execute("VACUUM INTO ?", [str(folder / "vacuumed.db")])
    print(
        f"  VACUUM INTO (no check), for comparison: {time.perf_counter() - began:.1f} s, "
        f"{(folder / 'vacuumed.db').stat().st_size / 1e6:,.0f} MB"
    )
    source.close()
    (folder / "vacuumed.db").unlink()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--library", type=Path, help=f"the library to export (default {DEFAULT_LIBRARY}, built if absent)"
    )
    parser.add_argument(
        "--articles", type=int, default=10_000, help="articles to build when building (default 10,000)"
    )
    parser.add_argument("--formats", nargs="+", choices=sorted(FORMATS), default=list(OUTPUT_NAMES))
    parser.add_argument("--backup", type=Path, metavar="PATH", help="also time backups of this library")
    parser.add_argument("--no-epubcheck", action="store_true")
    args = parser.parse_args()
    library = args.library or DEFAULT_LIBRARY
    if not library.exists():
        print(f"building {library} ...", file=sys.stderr)
        build(library, args.articles)
    with Library.open(library) as opened:
        count = opened.count()
        images = opened.db.execute("SELECT count(*), sum(length(data)) FROM images").fetchone()
    print(
        f"library: {library} ({count:,} articles, {images[0]:,} images of {(images[1] or 0) / 1e6:.0f} MB, "
        f"{library.stat().st_size / 1e6:,.0f} MB); CPUs: {os.cpu_count()}, load {os.getloadavg()[0]:.1f}"
    )
    folder = Path(tempfile.mkdtemp(prefix="export-bench-", dir=library.parent))
    try:
        print("\n| format | seconds | written | peak memory | memory before |")
        print("| --- | --- | --- | --- | --- |")
        results = {}
        for fmt in args.formats:
            result = run_export(library, fmt, folder)
            results[fmt] = result
            print(
                f"| {fmt} | {result['seconds']:.1f} | {int(result['bytes']) / 1e6:,.0f} MB | "  # type: ignore[call-overload]
                f"{int(result['peak_kb']) / 1024:,.0f} MB | {int(result['before_kb']) / 1024:,.0f} MB |"  # type: ignore[call-overload]
                + (f" {result['notes']}" if result["notes"] else "")
            )
        if "epub" in results and not args.no_epubcheck:
            print(f"\nepubcheck of the book: {epubcheck(Path(str(results['epub']['target'])))}")
        if "json" in results:
            print(
                f"json imported into an empty library: {import_back(Path(str(results['json']['target'])), folder)}"
            )
        if args.backup:
            backups(args.backup, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
