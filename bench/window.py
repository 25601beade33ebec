"""The window on a large library: start-up, opening articles, changing the font size and searching, timed.

Usage:
  python bench/window.py [LIBRARY] [--starts 5] [--articles 50] [--steps 8]

LIBRARY is a library of 100,000 articles made by `bench/library_scale.py build`
(by default ../benchdata/lib100k.db; when that is missing, one is built in a
temporary folder first, which takes about 15 minutes). It is copied, and only the
copy is opened: the benchmark marks articles read and imports a page into it.

It measures, offscreen:
  start-up    `article-reader --library COPY --screenshot` as a whole process (median
              of --starts runs, with its peak memory), and a process that starts the
              window as the application does and says when the window is shown with the
              list filled (time from launch, and the share of Python's imports);
  open        opening --articles articles spread over the library, painted;
  font size   one step of the zoom keys on the longest page of ../shared/corpus
              (imported through the importer) at the top, the middle and the end of the
              page, painted; and the work left for later (the spacing, and the text above
              the reader laid out again in steps while the reader goes on reading);
  search      a query typed into the search box to the results painted (the window waits
              SEARCH_DELAY_MS after the last key), and Enter to the results painted.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEFAULT_LIBRARY = REPO.parent / "benchdata" / "lib100k.db"
CORPUS = REPO.parent / "shared" / "corpus" / "readability"
WINDOW_SIZE = (1280, 800)
# A spread of common words, rare names and phrases (as bench/library_scale.py searches).
QUERIES = [
    "government",
    "climate change",
    "police",
    "technology",
    "music",
    "Zurich",
    "Stoltenberg",
    '"prime minister"',
    "data privacy",
    "vaccine",
    "software",
    "the government said",
]
TARGET_MS = {"start": 1000.0, "open": 50.0, "font": 50.0}


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def milliseconds_since(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def quiet_offscreen_warnings() -> None:
    """Keep the offscreen platform's "no window manager" notes out of the report."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


# -- start-up, in processes of their own ---------------------------------------------------


def run_child(command: list[str], *, until_line: str | None = None) -> tuple[float, float, int, str]:
    """Run `command`; return the ms to the line `until_line` (or to the end), the ms to the end,
    the child's peak memory in kB, and what it printed."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # Qt's warnings go to a file, shown only if the child fails: a pipe could fill and stall it.
    with tempfile.TemporaryFile("w+") as errors:
        began = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, env=environment)
        assert child.stdout is not None
        to_line = None
        printed = []
        for line in child.stdout:
            printed.append(line)
            if to_line is None and until_line is not None and line.startswith(until_line):
                to_line = milliseconds_since(began)
        # wait4 gives this child's own peak memory, not the largest of all children so far.
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        to_end = milliseconds_since(began)
        if child.returncode != 0:
            errors.seek(0)
            said = "".join(printed) + errors.read()
            raise SystemExit(f"{command[0]} failed ({child.returncode}): {said[-800:]}")
    return (to_line if to_line is not None else to_end), to_end, usage.ru_maxrss, "".join(printed)


def article_reader_command() -> list[str]:
    installed = Path(sys.executable).parent / "article-reader"
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "desktop.launcher"]


def measure_start_up(library: Path, runs: int, folder: Path) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {
        "screenshot": [],
        "screenshot_kb": [],
        "shown": [],
        "shown_kb": [],
        "imports": [],
    }
    picture = folder / "start.png"
    for _ in range(runs):
        _, whole, peak, _ = run_child(
            [*article_reader_command(), "--library", str(library), "--screenshot", str(picture)]
        )
        samples["screenshot"].append(whole)
        samples["screenshot_kb"].append(peak)
        shown, _, peak, printed = run_child(
            [sys.executable, __file__, str(library), "--probe-start-up", str(folder / "settings.ini")],
            until_line="shown",
        )
        samples["shown"].append(shown)
        samples["shown_kb"].append(peak)
        samples["imports"].append(json.loads(printed.split("shown", 1)[1])["imports_ms"])
    return samples


def probe_start_up(library: Path, settings_file: Path) -> int:
    """Start the window as `article-reader` does; print "shown" once it is on screen with the list filled."""
    began = time.perf_counter()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.mainwindow import MainWindow
    from library.store import Library

    imports_ms = milliseconds_since(began)
    app = QApplication([sys.argv[0]])
    quiet_offscreen_warnings()
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.clear()
    with Library.open(library) as opened:
        window = MainWindow(opened, settings)
        window.resize(*WINDOW_SIZE)
        window.show()
        while window.library_pane.article_model.rowCount() == 0 or not window.windowHandle().isExposed():
            app.processEvents()
        window.repaint()
        print("shown", json.dumps({"imports_ms": imports_ms}), flush=True)
        window.close()
    return 0


# -- in the window ---------------------------------------------------------------------------


class Bench:
    """One window over the library copy, as the person would use it."""

    def __init__(self, library_path: Path, settings_file: Path) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from desktop.mainwindow import MainWindow
        from library.store import Library

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        quiet_offscreen_warnings()
        self.library = Library.open(library_path)
        settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
        settings.clear()
        self.window = MainWindow(self.library, settings)
        self.window.resize(*WINDOW_SIZE)
        self.window.show()
        self.pump(300)

    def pump(self, ms: int = 0) -> None:
        """Let the window handle what is pending (for `ms` milliseconds at least)."""
        from PySide6.QtWidgets import QApplication

        deadline = time.perf_counter() + ms / 1000
        QApplication.processEvents()
        while time.perf_counter() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)

    def painted(self, action: Callable[[], object]) -> float:
        """The ms `action` takes until the window has painted what it changed."""
        began = time.perf_counter()
        action()
        self.window.repaint()
        return milliseconds_since(began)

    def open_articles(self, count: int) -> list[float]:
        total = self.library.count()
        rng = random.Random(1)
        ids = [n for n in rng.sample(range(1, total + 1), min(total, count * 2)) if self.library.header(n)]
        samples = []
        for article_id in ids[:count]:
            samples.append(self.painted(functools.partial(self.window.open_article, article_id)))
            self.pump(20)
        return samples

    def longest_page(self) -> tuple[int, str, int]:
        """Import the longest page of the corpus as the importer does; its id, name and length."""
        from library.importer import Importer

        expected = max(CORPUS.glob("*/expected.html"), key=lambda path: path.stat().st_size)
        report = Importer(self.library).import_sources([str(expected.parent / "source.html")])
        result = report.results[0]
        if result.article_id is None:
            raise SystemExit(f"{expected.parent.name}: not imported ({result.outcome}: {result.reason})")
        stored = self.library.get(result.article_id)
        assert stored is not None
        return result.article_id, expected.parent.name, len(stored.article.text or "")

    def longest_pause(self, ms: int) -> float:
        """Run the window for `ms` milliseconds; the longest time it was too busy to answer (ms)."""
        from PySide6.QtCore import QEventLoop, QTimer

        answered = [time.perf_counter()]
        ticker = QTimer()
        ticker.setInterval(1)
        ticker.timeout.connect(lambda: answered.append(time.perf_counter()))
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        ticker.start()
        loop.exec()
        ticker.stop()
        answered.append(time.perf_counter())
        return max(later - earlier for earlier, later in itertools.pairwise(answered)) * 1000

    def font_steps(self, article_id: int, where: float, steps: int) -> tuple[list[float], list[float]]:
        """Zoom steps with the reader `where` down the page (0 top, 1 end): each step, painted, and
        the longest pause of the window in the second after it, while the work left for later runs
        (the spacing, the rest of the page laid out)."""
        reader = self.window.reader
        self.window.open_article(article_id)
        actions = [self.window.action("zoom_in"), self.window.action("zoom_out")]
        step_ms, pause_ms = [], []
        for number in range(steps):
            reader.settle()
            reader.restore_progress(where)
            self.pump(60)
            step_ms.append(self.painted(actions[number % 2].trigger))
            pause_ms.append(self.longest_pause(1000))
        return step_ms, pause_ms

    def search(self, queries: list[str]) -> tuple[list[float], list[float]]:
        """Each query typed, to its results painted; and Enter, to its results painted."""
        from PySide6.QtCore import QEventLoop, Qt, QTimer
        from PySide6.QtTest import QTest

        box, model = self.window.library_pane.search_box, self.window.library_pane.article_model
        typed, entered = [], []
        for query in queries:
            box.clear()
            self.pump(20)
            QTest.keyClicks(box, query[:-1])
            loop = QEventLoop()
            model.modelReset.connect(loop.quit)
            QTimer.singleShot(5000, loop.quit)
            QTest.keyClicks(box, query[-1])
            began = time.perf_counter()
            loop.exec()
            model.modelReset.disconnect(loop.quit)
            self.window.repaint()
            typed.append(milliseconds_since(began))
            entered.append(self.painted(lambda: QTest.keyClick(box, Qt.Key.Key_Return)))
        box.clear()
        return typed, entered

    def close(self) -> None:
        self.window.close()
        self.library.close()


# -- the report ------------------------------------------------------------------------------


def row(name: str, samples: list[float], target: float | None = None, unit: str = "ms") -> str:
    median = statistics.median(samples)
    verdict = "" if target is None else ("  met" if median < target else "  MISSED")
    goal = f"< {target:,.0f} {unit}" if target is not None else ""
    return f"{name:<44} {median:>9,.1f} {p95(samples):>9,.1f} {max(samples):>9,.1f}  {unit:<3} {goal:<10}{verdict}"


def copy_library(source: Path, folder: Path) -> Path:
    copy = folder / "library.db"
    print(f"copying {source} ({source.stat().st_size / 1e9:.1f} GB) ...", file=sys.stderr)
    shutil.copyfile(source, copy)
    for suffix in ("-wal", "-shm"):
        companion = source.with_name(source.name + suffix)
        if companion.exists():
            shutil.copyfile(companion, copy.with_name(copy.name + suffix))
    return copy


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("library", nargs="?", type=Path)
    parser.add_argument("--starts", type=int, default=5, help="whole-process start-ups to time")
    parser.add_argument("--articles", type=int, default=50, help="articles to open")
    parser.add_argument("--steps", type=int, default=8, help="zoom steps at each place on the page")
    parser.add_argument("--probe-start-up", type=Path, metavar="SETTINGS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe_start_up:
        return probe_start_up(args.library, args.probe_start_up)
    if not CORPUS.is_dir():
        parser.error(f"{CORPUS} is absent: the shared corpus must be beside the project")

    with tempfile.TemporaryDirectory(prefix="bench-window-") as name:
        folder = Path(name)
        source = args.library or DEFAULT_LIBRARY
        if args.library is None and not source.exists():
            source = folder / "built.db"
            print("building a library of 100,000 articles (about 15 minutes) ...", file=sys.stderr)
            subprocess.run(
                [
                    sys.executable,
                    str(REPO / "bench" / "library_scale.py"),
                    "build",
                    str(source),
                    "--articles",
                    "100000",
                ],
                check=True,
            )
        if not source.is_file():
            parser.error(f"no library at {source}")
        library = copy_library(source, folder)

        start = measure_start_up(library, args.starts, folder)
        bench = Bench(library, folder / "settings.ini")
        articles = bench.library.count()
        opened = bench.open_articles(args.articles)
        page_id, page_name, page_length = bench.longest_page()
        open_long = [bench.painted(lambda: bench.window.open_article(page_id)) for _ in range(3)]
        font = {where: bench.font_steps(page_id, where, args.steps) for where in (0.0, 0.5, 1.0)}
        typed, entered = bench.search(QUERIES)
        bench.close()

    header = f"{'':<44} {'median':>9} {'p95':>9} {'max':>9}"
    print(f"library: {source} ({articles:,} articles); window {WINDOW_SIZE[0]}x{WINDOW_SIZE[1]}, offscreen")
    print(header)
    print(row(f"start: article-reader --screenshot (x{args.starts})", start["screenshot"]))
    print(row("start: launch to window shown, list filled", start["shown"], TARGET_MS["start"]))
    print(row("  of which Python imports", start["imports"]))
    print(row("start: peak memory", [kb / 1024 for kb in start["shown_kb"]], unit="MB"))
    print(row("start: peak memory, --screenshot", [kb / 1024 for kb in start["screenshot_kb"]], unit="MB"))
    print(row(f"open an article (x{len(opened)})", opened, TARGET_MS["open"]))
    print(f"longest corpus page: {page_name} ({page_length:,} characters of text)")
    print(row("  open it", open_long))
    for where, label in ((0.0, "top"), (0.5, "middle"), (1.0, "end")):
        steps, later = font[where]
        print(row(f"  font size step at the {label}", steps, TARGET_MS["font"]))
        print(row("    then the longest pause, catching up", later))
    print(row(f"search: typed to results (x{len(typed)}, incl. pause)", typed))
    print(row("search: Enter to results", entered))
    return 0


if __name__ == "__main__":
    sys.exit(main())
