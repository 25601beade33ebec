"""Whole-process import of saved pages, for this checkout and optionally another one, in one run.

Usage:
  python bench/saved_pages.py [--before CHECKOUT] [--rounds 5] [--copies 20]

Each import is `python -m desktop.launcher --library NEW.db import --offline --quiet FOLDER`
run in the checkout's folder (so its own `library/` is imported), timed from start to exit in
wall time and in CPU time (user and system; waiting for a core on a shared machine is not in it):
  * fixtures: every save of `tests/library/savedpages.py` (complete saves, broken markup,
    SingleFile, MHTML, web archives), --copies times each;
  * scrapinghub: the 91 pages of ../shared/corpus/scrapinghub/html as .html files;
  * complete saves: the same 91 pages saved "complete", every <img> in its `_files` folder.
The inputs are written once and imported by both checkouts. With --before (a checkout of the
commit before a change, e.g. `git archive COMMIT | tar -x -C /tmp/before`), each round runs both,
alternating which goes first, so both figures come from the same machine state; the median of
each round's after/before ratio is printed beside the ratio of medians.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "scrapinghub" / "html"
sys.path.insert(0, str(REPO))

from library.sources.decode import decode_bytes  # noqa: E402
from tests.library.savedpages import FIXTURES, complete_save_of  # noqa: E402


def write_inputs(folder: Path, copies: int) -> dict[str, Path]:
    """The three folders to import, written under `folder`."""
    fixtures = folder / "fixtures"
    for copy in range(copies):
        for number, build in enumerate(FIXTURES.values()):
            build(fixtures / f"copy-{copy}" / f"fixture-{number}")
    pages = folder / "scrapinghub"
    complete = folder / "complete-saves"
    pages.mkdir()
    for source in sorted(CORPUS.glob("*.html.gz")):
        text = decode_bytes(gzip.decompress(source.read_bytes()))
        name = source.name.removesuffix(".html.gz")[:16]
        (pages / f"{name}.html").write_text(text, encoding="utf-8")
        complete_save_of(text, complete, name)
    return {"fixtures": fixtures, "scrapinghub": pages, "complete saves": complete}


def timed_import(checkout: Path, source: Path, folder: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user and system) and the summary line of one import process.

    CPU time is what other jobs on a shared machine disturb least: waiting for a core is not in it.
    """
    library = folder / f"library-{time.monotonic_ns()}.db"
    command = [sys.executable, "-m", "desktop.launcher", "--library", str(library), "import", "--offline"]
    used_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(
        [*command, "--quiet", str(source)],
        cwd=checkout,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    elapsed = time.perf_counter() - began
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (used.ru_utime - used_before.ru_utime) + (used.ru_stime - used_before.ru_stime)
    for leftover in folder.glob(f"{library.name}*"):
        leftover.unlink()
    summary = done.stdout.strip().splitlines()[0] if done.stdout.strip() else done.stderr.strip()[-200:]
    return elapsed, cpu, summary


def library_file(checkout: Path) -> str:
    """Where the checkout's own `library` package is, to show that each run imports its own code."""
    probe = [sys.executable, "-c", "import library; print(library.__file__)"]
    return subprocess.run(probe, cwd=checkout, capture_output=True, text=True, check=True).stdout.strip()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo", encoding="utf-8") as info:  # noqa: PTH123 (Linux only, as the bench machine)
        names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
    if names:
        cpu = names[0]
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", type=Path, help="a checkout to time against this one")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    checkouts = {"after": REPO}
    if args.before:
        checkouts = {"before": args.before.resolve(), "after": REPO}
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}, load {os.getloadavg()[0]:.2f}")
    for label, checkout in checkouts.items():
        print(f"  {label}: {library_file(checkout)}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = write_inputs(folder, args.copies)
        times: dict[tuple[str, str, str], list[float]] = {}
        summaries: dict[tuple[str, str], str] = {}
        for round_number in range(args.rounds):
            order = list(checkouts.items())
            if round_number % 2:
                order.reverse()
            for workload, source in sources.items():
                for label, checkout in order:
                    elapsed, cpu, summary = timed_import(checkout, source, folder)
                    times.setdefault((workload, label, "wall"), []).append(elapsed)
                    times.setdefault((workload, label, "cpu"), []).append(cpu)
                    summaries[(workload, label)] = summary
        print(f"load at the end {os.getloadavg()[0]:.2f}; {args.rounds} rounds, median (best) per import")
        for workload in sources:
            for clock in ("wall", "cpu"):
                cells = [
                    f"{label} {statistics.median(times[workload, label, clock]):.2f} s "
                    f"({min(times[workload, label, clock]):.2f})"
                    for label in checkouts
                ]
                ratio = ""
                if "before" in checkouts:
                    after, before = times[workload, "after", clock], times[workload, "before", clock]
                    # Each round's two runs follow each other, so their ratio shares the machine's state.
                    pairs = [a / b for a, b in zip(after, before, strict=True)]
                    ratio = (
                        f", after/before {statistics.median(after) / statistics.median(before):.3f}"
                        f" (median of rounds' ratios {statistics.median(pairs):.3f})"
                    )
                print(f"{workload}, {clock}: " + ", ".join(cells) + ratio)
            for label in checkouts:
                print(f"    {label}: {summaries[workload, label]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
