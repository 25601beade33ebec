"""Soak: the window, two command-line imports and a mark/tag/search loop on one library at once.

For at least two minutes (``--seconds``), all at the same time, each its own process:

- the window (offscreen) moves through the list (J, which opens and so marks articles read)
  and favourites the open article now and then (S), while a 20 ms timer measures how long
  its event loop is ever held up;
- two ``article-reader import`` runs, again and again, of different corpus pages (each round
  a fresh copy with its own canonical address, so every round adds new articles);
- a loop of ``article-reader mark --read``, ``tag --add`` and ``search`` on the articles
  the library started with.

At the end it checks that every write anyone reported as done is in the library, nothing is
duplicated, ``integrity_check`` is ok and the window's counts match ``list``; and it reports
the longest any writer waited for the write lock and the longest pause of the window's event
loop, beside the same figures for each running alone. Numbers go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
COMMAND = str(Path(sys.executable).with_name("article-reader"))
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = {
    "a": sorted((CORPUS / "scrapinghub" / "html").glob("*.html.gz"))
    + sorted((CORPUS / "readability").glob("*/source.html")),
    "b": sorted((CORPUS / "trafilatura" / "html").glob("*.html")),
}
WAITED = re.compile(r"waited ([0-9.]+) s for the write lock")
STARTING_ARTICLES = 300


def run(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, ARTICLE_READER_LOG="debug")
    return subprocess.run(
        [COMMAND, "--library", str(library), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )


def longest_wait(stderr: str) -> float:
    return max((float(found) for found in WAITED.findall(stderr)), default=0.0)


def fill(library_path: Path, work: Path) -> None:
    """The library every phase starts from: short articles for the loop, and real pages to browse."""
    from library.article import Article
    from library.store import Library

    with Library.open(library_path) as library, library.transaction():
        for n in range(STARTING_ARTICLES):
            text = f"Starting article {n}. " + "A sentence about the harbour and the tides. " * 40
            library.save(
                Article(
                    title=f"Starting article {n}",
                    url=f"https://soak.invalid/start/{n}",
                    html=f"<p>{text}</p>",
                    text=text,
                ),
                source_kind="html",
            )
    # The window browses real pages whether or not the importers run: alone and together compare.
    pages = work / "seed-pages"
    if not pages.exists():
        write_pages(pages, "a", "seed")
    assert run(library_path, "import", "--offline", "--quiet", str(pages)).returncode == 0


def write_pages(folder: Path, name: str, label: str) -> None:
    """A copy of importer `name`'s pages in `folder`, each with a canonical address of its own for `label`."""
    folder.mkdir()
    for index, page in enumerate(SOURCES[name]):
        html = gzip.decompress(page.read_bytes()) if page.suffix == ".gz" else page.read_bytes()
        canonical = f'<link rel="canonical" href="https://soak.invalid/{name}/{label}/{index}">'.encode()
        # After <head> (not <header>), or first of all when the page has no <head> tag.
        html, found = re.subn(
            rb"<head(?:\s[^>]*)?>",
            lambda head, canonical=canonical: head.group(0) + canonical,
            html,
            count=1,
            flags=re.I,
        )
        if not found:
            html = canonical + html
        (folder / f"{index}.html").write_bytes(html)


def importer_role(library: Path, work: Path, name: str, seconds: float, report: Path) -> None:
    """Import a fresh copy of this importer's pages, round after round, until the time is up."""
    deadline = time.monotonic() + seconds
    rounds = []
    number = 0
    while time.monotonic() < deadline:
        folder = work / f"{name}-{number}"
        write_pages(folder, name, str(number))
        started = time.monotonic()
        done = run(library, "import", "--offline", "--quiet", str(folder))
        rounds.append(
            {
                "round": number,
                "folder": str(folder),
                "status": done.returncode,
                "summary": done.stdout.splitlines()[0] if done.stdout else "",
                "stderr": done.stderr[-2000:] if done.returncode == 2 else "",
                "seconds": time.monotonic() - started,
                "waited": longest_wait(done.stderr),
            }
        )
        number += 1
    report.write_text(json.dumps(rounds))


def loop_role(library: Path, seconds: float, report: Path) -> None:
    """mark, tag and search, one command after another, on the articles the library started with."""
    deadline = time.monotonic() + seconds
    rng = random.Random(3)
    done: list[dict[str, object]] = []
    waited = 0.0
    longest_command = 0.0
    while time.monotonic() < deadline:
        article_id = rng.randint(1, STARTING_ARTICLES)
        for args in (
            ("mark", str(article_id), "--read"),
            ("tag", str(article_id), "--add", f"soak{article_id % 7}"),
            ("search", "harbour tides", "--limit", "5"),
        ):
            started = time.monotonic()
            result = run(library, *args)
            longest_command = max(longest_command, time.monotonic() - started)
            waited = max(waited, longest_wait(result.stderr))
            done.append({"args": list(args), "status": result.returncode, "stderr": result.stderr[-500:]})
    report.write_text(json.dumps({"done": done, "waited": waited, "longest_command": longest_command}))


def window_role(library_path: Path, seconds: float, report: Path, favourite_every: int) -> None:
    """The window browsing: J every 150 ms, S every `favourite_every` steps; the event loop timed."""
    import logging

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.mainwindow import MainWindow
    from library.records import View
    from library.store import Library

    waits: list[float] = []

    class Waits(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found = WAITED.search(record.getMessage())
            if found:
                waits.append(float(found.group(1)))

    logging.getLogger("reader.database").addHandler(Waits())
    logging.getLogger("reader.database").setLevel(logging.DEBUG)
    app = QApplication([])
    settings = QSettings(str(report.with_suffix(".ini")), QSettings.Format.IniFormat)
    library = Library.open(library_path)
    window = MainWindow(library, settings, download_in_background=False)
    window.resize(1280, 800)
    window.show()
    toggles: dict[int, int] = {}
    pauses = {"longest": 0.0, "last": time.monotonic()}
    steps = {"n": 0}

    def tick() -> None:
        now = time.monotonic()
        pauses["longest"] = max(pauses["longest"], now - pauses["last"] - 0.020)
        pauses["last"] = now

    # What the event loop was doing during its longest stall: the main thread's stack, sampled
    # by a watchdog thread whenever the loop has not ticked for a quarter of a second.
    import threading
    import traceback

    main_thread = threading.main_thread().ident
    stall: dict[str, object] = {"seconds": 0.0, "stack": ""}
    watching = threading.Event()
    # Where the main thread was, sample by sample, during stalls: the commonest places first.
    places: dict[str, int] = {}

    def watchdog() -> None:
        while not watching.wait(0.05):
            stalled = time.monotonic() - pauses["last"]
            if stalled <= 0.25:
                continue
            frame = sys._current_frames().get(main_thread)
            stack = "".join(traceback.format_stack(frame)[-8:]) if frame else ""
            places[stack] = places.get(stack, 0) + 1
            if stalled > float(stall["seconds"]):  # type: ignore[arg-type]
                stall["seconds"] = stalled
                stall["stack"] = stack

    threading.Thread(target=watchdog, daemon=True).start()

    def step() -> None:
        steps["n"] += 1
        list_view = window.library_pane.article_list
        QTest.keyClick(list_view, Qt.Key.Key_J)
        if steps["n"] % 40 == 0:
            QTest.keyClick(list_view, Qt.Key.Key_Home)
        if steps["n"] % favourite_every == 0 and window.current_article_id() is not None:
            article_id = window.current_article_id()
            assert article_id is not None
            QTest.keyClick(list_view, Qt.Key.Key_S)
            toggles[article_id] = toggles.get(article_id, 0) + 1

    clock = QTimer(interval=20, timeout=tick)
    browsing = QTimer(interval=150, timeout=step)
    clock.start()
    browsing.start()
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        app.processEvents()
        time.sleep(0.002)
    browsing.stop()
    # The others may still be finishing their last round: the window keeps following them.
    others_done = report.with_suffix(".others-done")
    while not others_done.exists():
        app.processEvents()
        time.sleep(0.01)
    # Whatever the others wrote last reaches the window within about a second.
    settle = time.monotonic() + 3
    while time.monotonic() < settle:
        app.processEvents()
        time.sleep(0.01)
    model = window.library_pane.sidebar_model
    counts = {view.kind: model.count(view) for view in (View(), View("unread"), View("favorites"))}
    report.write_text(
        json.dumps(
            {
                "longest_pause": pauses["longest"],
                "stall_stack": stall["stack"],
                "stall_places": sorted(places.items(), key=lambda item: -item[1])[:4],
                "waited": max(waits, default=0.0),
                "counts": counts,
                "toggles": {str(k): v for k, v in toggles.items()},
                "steps": steps["n"],
            }
        )
    )
    watching.set()
    window.close()
    library.close()


def role_process(role: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, __file__, "--role", role, *args], text=True)


def check(
    library_path: Path,
    imports: dict[str, list[dict[str, object]]],
    loop: dict[str, object],
    window: dict[str, object],
) -> list[str]:
    """What went wrong: every reported write present, nothing twice, sound file, counts that agree."""
    from library.store import Library

    problems = []
    with Library.open(library_path) as library:
        db = library.db
        if library.integrity_check() != "ok":
            problems.append("integrity_check is not ok")
        twice = db.execute(
            "SELECT count(*) FROM (SELECT canonical_key FROM articles WHERE canonical_key IS NOT NULL GROUP BY canonical_key HAVING count(*) > 1)"
        ).fetchone()[0]
        if twice:
            problems.append(f"{twice} articles stored twice")
        for name, rounds in imports.items():
            for done in rounds:
                if done["status"] == 2:
                    problems.append(f"import {name} round {done['round']} stopped: {done['stderr']}")
                    continue
                numbers = dict(
                    re.findall(r"(imported|updated|duplicates|failed) (\d+)", str(done["summary"]))
                )
                saved = (
                    int(numbers.get("imported", 0))
                    + int(numbers.get("updated", 0))
                    + int(numbers.get("duplicates", 0))
                )
                # Each source's line is written in the same transaction as its article: a lost
                # commit loses both, and then the count falls short of what the import reported.
                present = db.execute(
                    "SELECT count(*) FROM import_log l JOIN articles a ON a.id = l.article_id "
                    "WHERE l.source LIKE ? AND l.outcome IN ('imported', 'updated', 'duplicate')",
                    [f"{done['folder']}/%"],
                ).fetchone()[0]
                if present != saved:
                    problems.append(
                        f"import {name} round {done['round']} reported {saved} saved, {present} are there"
                    )
        for done in loop["done"]:  # type: ignore[attr-defined]
            args = done["args"]
            if done["status"] != 0:
                problems.append(f"{' '.join(args)} failed: {done['stderr']}")
                continue
            stored = library.get(int(args[1])) if args[0] in ("mark", "tag") else None
            if args[0] == "mark" and stored is not None and not stored.state.read:
                problems.append(f"article {args[1]} was marked read and is not")
            if args[0] == "tag" and stored is not None and args[3] not in stored.tags:
                problems.append(f"article {args[1]} was tagged {args[3]} and is not")
        for article_id, toggled in window["toggles"].items():  # type: ignore[attr-defined]
            stored = library.get(int(article_id))
            if stored is not None and bool(stored.state.favorite) != bool(toggled % 2):
                problems.append(
                    f"article {article_id} favourited {toggled} times in the window, favorite={stored.state.favorite}"
                )
    for view, flag in (("all", ()), ("unread", ("--unread",)), ("favorites", ("--favorites",))):
        listed = len(json.loads(run(library_path, "list", *flag, "--json", "--limit", "1000000").stdout))
        if window["counts"][view] != listed:  # type: ignore[index]
            problems.append(f"the window counts {window['counts'][view]} in {view}, list gives {listed}")  # type: ignore[index]
    return problems


def phase(work: Path, label: str, seconds: float, roles: set[str]) -> dict[str, object]:
    library_path = work / f"{label}.db"
    fill(library_path, work)
    processes = {}
    reports = {}
    for role in sorted(roles):
        reports[role] = work / f"{label}-{role}.json"
        if role == "window":
            processes[role] = role_process("window", str(library_path), str(seconds), str(reports[role]))
        elif role == "loop":
            processes[role] = role_process("loop", str(library_path), str(seconds), str(reports[role]))
        else:
            folder = work / f"{label}-{role}-pages"
            folder.mkdir()
            processes[role] = role_process(
                role, str(library_path), str(folder), str(seconds), str(reports[role])
            )
    for role, process in processes.items():
        if role != "window":
            process.wait()
    if "window" in processes:
        reports["window"].with_suffix(".others-done").touch()
        processes["window"].wait()
    results = {role: json.loads(reports[role].read_text()) for role in roles}
    results["library"] = library_path
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=120.0, help="how long everything runs together")
    parser.add_argument("--alone-seconds", type=float, default=30.0, help="how long each runs alone")
    parser.add_argument("--stalls", action="store_true", help="print where the window's longest stall was")
    parser.add_argument("--role", help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "window":
        window_role(Path(args.rest[0]), float(args.rest[1]), Path(args.rest[2]), favourite_every=20)
        return 0
    if args.role == "loop":
        loop_role(Path(args.rest[0]), float(args.rest[1]), Path(args.rest[2]))
        return 0
    if args.role in SOURCES:
        importer_role(
            Path(args.rest[0]), Path(args.rest[1]), args.role, float(args.rest[2]), Path(args.rest[3])
        )
        return 0
    with tempfile.TemporaryDirectory(prefix="soak-") as temporary:
        work = Path(temporary)
        alone = {
            role: phase(work, f"alone-{role}", args.alone_seconds, {role}) for role in ("window", "a", "loop")
        }
        together = phase(work, "together", args.seconds, {"window", "a", "b", "loop"})
        problems = check(
            together["library"],  # type: ignore[arg-type]
            {"a": together["a"], "b": together["b"]},  # type: ignore[dict-item]
            together["loop"],  # type: ignore[arg-type]
            together["window"],  # type: ignore[arg-type]
        )
        imports = [*together["a"], *together["b"]]  # type: ignore[misc]
        print(
            f"Soak: {args.seconds:.0f} s together; each alone {args.alone_seconds:.0f} s. {time.strftime('%Y-%m-%d')}"
        )
        print("| figure | alone | together |")
        print("| --- | --- | --- |")
        print(
            f"| window: longest event-loop pause | {alone['window']['window']['longest_pause'] * 1000:.0f} ms | {together['window']['longest_pause'] * 1000:.0f} ms |"
        )  # type: ignore[index]
        print(
            f"| window: longest wait for the write lock | {alone['window']['window']['waited'] * 1000:.0f} ms | {together['window']['waited'] * 1000:.0f} ms |"
        )  # type: ignore[index]
        print(
            f"| import: longest wait for the write lock | {max(r['waited'] for r in alone['a']['a']) * 1000:.0f} ms | {max(r['waited'] for r in imports) * 1000:.0f} ms |"
        )  # type: ignore[index]
        print(
            f"| mark/tag loop: longest wait for the write lock | {alone['loop']['loop']['waited'] * 1000:.0f} ms | {together['loop']['waited'] * 1000:.0f} ms |"
        )  # type: ignore[index]
        print(
            f"| mark/tag/search: longest command, whole process | {alone['loop']['loop']['longest_command'] * 1000:.0f} ms | {together['loop']['longest_command'] * 1000:.0f} ms |"
        )  # type: ignore[index]
        print(
            f"| import rounds (pages each: a {len(SOURCES['a'])}, b {len(SOURCES['b'])}) | {len(alone['a']['a'])} | a {len(together['a'])}, b {len(together['b'])} |"
        )  # type: ignore[arg-type]
        print(
            f"| loop commands done | {len(alone['loop']['loop']['done'])} | {len(together['loop']['done'])} |"
        )  # type: ignore[index]
        print(f"| window steps (J) | {alone['window']['window']['steps']} | {together['window']['steps']} |")  # type: ignore[index]
        print()
        print(
            "Checks: "
            + (
                "all writes reported done are there, nothing twice, integrity ok, window counts = list"
                if not problems
                else ""
            )
        )
        for problem in problems:
            print(f"  PROBLEM: {problem}")
        if args.stalls:
            print("Where the window's event loop was held up, together (samples every 50 ms):")
            for stack, samples in together["window"]["stall_places"]:  # type: ignore[index]
                print(f"--- {samples} samples\n{stack}")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
