"""Article-body extraction: ours, trafilatura and readability-lxml side by side, scored and timed.

One command prints, in the same run:

* scrapinghub (91 pages): F1, precision and recall of each extractor, scored by
  ../shared/bench/score_extraction.py, and whole-process milliseconds per page
  (each extractor runs as its own process over all pages, interpreter start-up
  and imports included; the median of --repeat runs is shown);
* in-process time per page (median and 90th percentile) of each extractor, imports excluded;
* what BeautifulSoup would cost where we use lxml (the article fragment, the whole page);
* the readability corpus (130 pages): body-text F1 against Firefox Reader View's
  expected.html, with the same shingle scorer, for all three, and whole-process milliseconds
  per page;
* the trafilatura corpus (475 pages, development half): snippet F, precision and recall
  as ../shared/bench/score_snippets.py scores them, and whole-process milliseconds per page,
  each extractor run by that script's own runner over the page files (bytes, so each reads
  the charset itself).

Usage: .venv/bin/python bench/extraction.py [--pages N] [--repeat R] [--skip-baselines] [--profile]
       [--only scrapinghub,readability,trafilatura]
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
SCRAPINGHUB = SHARED / "corpus" / "scrapinghub"
READABILITY = SHARED / "corpus" / "readability"
TRAFILATURA = SHARED / "corpus" / "trafilatura"
# Upstream Readability parses every test page with this URL; expected.html is resolved against it.
READABILITY_URL = "http://fakehost/test/page.html"

sys.path.insert(0, str(SHARED / "bench"))
sys.path.insert(0, str(REPO))

# The shared runner's own baseline programs and process timer, so both benches measure alike.
import run_extraction  # type: ignore[import-not-found]  # noqa: E402
import score_snippets  # type: ignore[import-not-found]  # noqa: E402
from score_extraction import load, score  # type: ignore[import-not-found]  # noqa: E402

Extractor = Callable[[str, str | None], str]
T = TypeVar("T")


def machine() -> str:
    """CPU model, cores and kernel, for the record."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in subprocess.run(
            ["lscpu"], capture_output=True, text=True, check=False
        ).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def ours(html: str, url: str | None) -> str:
    from library.article import Document
    from library.errors import ExtractionError
    from library.extract import extract

    try:
        return extract(Document(source="bench", content=html, url=url)).text
    except ExtractionError:
        return ""


def trafilatura_text(html: str, url: str | None) -> str:
    import trafilatura

    return str(trafilatura.extract(html, url=url) or "")


def readability_text(html: str, url: str | None) -> str:
    from readability import Document

    return visible_text(Document(html, url=url).summary())


IN_PROCESS: dict[str, Extractor] = {
    "ours": ours,
    "trafilatura": trafilatura_text,
    "readability-lxml": readability_text,
}


def scrapinghub_pages(folder: Path) -> tuple[dict[str, Any], list[Path]]:
    """The ground truth and the pages, decompressed into `folder` as <id>.html."""
    truth = load(str(SCRAPINGHUB / "ground-truth.json"))
    files = []
    for page_id in sorted(truth):
        target = folder / f"{page_id}.html"
        target.write_bytes(gzip.decompress((SCRAPINGHUB / "html" / f"{page_id}.html.gz").read_bytes()))
        files.append(target)
    return truth, files


def in_rounds(
    names: list[str], repeat: int, run_once: Callable[[str], tuple[T, float]]
) -> dict[str, tuple[T, list[float]]]:
    """Run every extractor once a round, `repeat` rounds, the order turned each round.

    The machine's load drifts over minutes: timing one extractor's runs back to back and then
    the next's puts the drift into their ratio. In rounds, each round's ratio compares runs
    made within seconds of each other.
    """
    results: dict[str, tuple[T, list[float]]] = {}
    for round_number in range(repeat):
        turn = round_number % len(names)
        for name in names[turn:] + names[:turn]:
            output, elapsed = run_once(name)
            results[name] = (output, [*results.get(name, (output, []))[1], elapsed])
    return results


def say_ratio(results: dict[str, tuple[Any, list[float]]]) -> None:
    """Ours against trafilatura: the median of the rounds' ratios (and their range)."""
    if "ours" not in results or "trafilatura" not in results:
        return
    ratios = sorted(a / b for a, b in zip(results["ours"][1], results["trafilatura"][1], strict=True))
    print(
        f"  ours / trafilatura, whole process: {statistics.median(ratios):.2f} "
        f"(median of {len(ratios)} rounds; {ratios[0]:.2f} to {ratios[-1]:.2f})"
    )


def whole_process(
    names: list[str], files: list[Path], truth: dict[str, Any], repeat: int, pages: int
) -> None:
    """Each extractor as its own process over all pages: scores, and milliseconds per page."""
    cli = shutil.which("article-reader", path=str(Path(sys.executable).parent)) or "article-reader"
    commands = {"ours": [cli, "extract", "--json"]}
    for name, code in run_extraction.BASELINES.items():
        commands[name] = [sys.executable, "-c", code]
    print(f"scrapinghub, {len(files)} pages, whole process (median of {repeat} rounds, start-up included):")

    def run_once(name: str) -> tuple[tuple[dict[str, str], str], float]:
        texts, elapsed, note = run_extraction.run(commands[name], files)
        return (texts, note), elapsed

    results = in_rounds(names, repeat, run_once)
    for name in names:
        (texts, note), times = results[name]
        predictions = {page_id: {"articleBody": texts.get(page_id, "")} for page_id in truth}
        scores, f1s = score(truth, predictions)
        per_page = 1000 * statistics.median(times) / len(files)
        print(
            f"  {name:17} F1 {scores['f1']:.3f}  precision {scores['precision']:.3f}  "
            f"recall {scores['recall']:.3f}  {per_page:5.1f} ms/page{note}"
        )
        for page_id, f1 in sorted(f1s.items(), key=lambda kv: kv[1])[:pages]:
            print(f"      {f1:.3f}  {page_id[:16]}  {truth[page_id].get('url', '')}")
    say_ratio(results)


def in_process(names: list[str], files: list[Path]) -> None:
    """Per-page extraction time inside one process, imports done beforehand."""
    print("scrapinghub, time per page inside one process (imports excluded):")
    pages = [path.read_text(encoding="utf-8") for path in files]
    for name in names:
        extractor = IN_PROCESS[name]
        extractor(pages[0], None)  # imports and caches
        times = []
        for html in pages:
            start = time.perf_counter()
            extractor(html, None)
            times.append(1000 * (time.perf_counter() - start))
        times.sort()
        p90 = times[int(0.9 * (len(times) - 1))]
        print(
            f"  {name:17} median {statistics.median(times):5.1f} ms   p90 {p90:5.1f} ms   total {sum(times):6.0f} ms"
        )


def library_split(files: list[Path]) -> None:
    """Why lxml shapes the article fragment too: what BeautifulSoup would cost for the same work.

    For each page the article fragment is found as extraction finds it; then the
    time of our lxml output step (shape, sanitise, plain text) is compared with
    BeautifulSoup merely parsing that fragment, and with BeautifulSoup parsing
    the whole page (the design card's measure).
    """
    import copy

    import lxml.html
    from bs4 import BeautifulSoup

    from library.extract import clean, content, output, parse_html
    from library.extract.metadata import read_metadata

    timings: dict[str, list[float]] = {
        "lxml output step": [],
        "BS4 parse of fragment": [],
        "BS4 parse of page": [],
    }
    for path in files:
        html = path.read_text(encoding="utf-8")
        root = parse_html(html)
        meta = read_metadata(root, None)
        clean.prepare_page(root)
        fragment = content.find_content(root, meta.article_body)
        clean.fix_images(fragment, None)
        markup = lxml.html.tostring(fragment, encoding="unicode")
        twin = copy.deepcopy(fragment)
        start = time.perf_counter()
        output.render(twin, None)
        timings["lxml output step"].append(time.perf_counter() - start)
        start = time.perf_counter()
        BeautifulSoup(markup, "lxml")
        timings["BS4 parse of fragment"].append(time.perf_counter() - start)
        start = time.perf_counter()
        BeautifulSoup(html, "lxml")
        timings["BS4 parse of page"].append(time.perf_counter() - start)
    print("where BeautifulSoup would fit (median per page):")
    for name, values in timings.items():
        print(f"  {name:22} {1000 * statistics.median(values):5.2f} ms")


def profile_ours(files: list[Path]) -> None:
    """cProfile of our extractor over the pages: the pipeline's steps by cumulative time."""
    import cProfile
    import io
    import pstats

    pages = [path.read_text(encoding="utf-8") for path in files]
    ours(pages[0], None)
    profiler = cProfile.Profile()
    profiler.enable()
    for html in pages:
        ours(html, None)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"library[/\\]extract", 25)
    print("profile of ours (cumulative seconds over all pages, under cProfile):")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


# Elements that start a new line when a browser lays text out (HTML's block and table elements).
BLOCKS = frozenset(
    "address article aside blockquote br caption dd details div dl dt figcaption figure footer form "  # noqa: SIM905
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul".split()
)


def visible_text(html: str) -> str:
    """The text of an HTML fragment as a reader sees it: blocks on their own lines, inline runs joined.

    Used for Readability's expected.html and for readability-lxml's output alike.
    BeautifulSoup's get_text("\\n") would put a line break between every text
    node, splitting the words of Chinese and Japanese pages at each link.
    """
    import lxml.html
    from lxml import etree

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    pieces: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if el.tag in BLOCKS:
            pieces.append("\n")
        if event == "start":
            pieces.append(el.text or "")
        elif el is not root:
            pieces.append(el.tail or "")
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def expected_text(path: Path) -> str:
    """The text of Readability's expected.html (read by this bench, not by our extractor)."""
    return visible_text(path.read_text(encoding="utf-8"))


def readability_whole_process(names: list[str], repeat: int) -> None:
    """Whole-process milliseconds per page on the readability corpus (its pages are all `source.html`)."""
    files = sorted(folder / "source.html" for folder in READABILITY.iterdir() if folder.is_dir())
    cli = shutil.which("article-reader", path=str(Path(sys.executable).parent)) or "article-reader"
    commands = {"ours": [cli, "extract", "--json"]}
    for name, code in run_extraction.BASELINES.items():
        commands[name] = [sys.executable, "-c", code]
    print(f"readability corpus, {len(files)} pages, whole process (median of {repeat} rounds):")

    def run_once(name: str) -> tuple[None, float]:
        start = time.perf_counter()
        subprocess.run([*commands[name], *map(str, files)], capture_output=True, check=False)
        return None, time.perf_counter() - start

    results = in_rounds(names, repeat, run_once)
    for name in names:
        print(f"  {name:17} {1000 * statistics.median(results[name][1]) / len(files):5.1f} ms/page")
    say_ratio(results)


def compile_project() -> None:
    """Compile the project's modules to bytecode first, as installing a package does.

    The project is installed in editable mode, so its modules are only compiled when first
    imported, and a machine that sets PYTHONDONTWRITEBYTECODE (this one does) never keeps
    the result: every process would compile all of them again (0.1 s of start-up), which
    no installed copy does and the baselines, installed in site-packages, never pay.
    """
    import compileall

    for package in ("library", "desktop"):
        compileall.compile_dir(str(REPO / package), quiet=1)


def readability_corpus(names: list[str], pages: int) -> None:
    """Body-text F1 against Firefox Reader View's expected.html on the 130 Readability test pages."""
    folders = sorted(p for p in READABILITY.iterdir() if p.is_dir())
    truth = {folder.name: {"articleBody": expected_text(folder / "expected.html")} for folder in folders}
    sources = {folder.name: (folder / "source.html").read_text(encoding="utf-8") for folder in folders}
    print(f"readability corpus, {len(folders)} pages, body text against expected.html:")
    for name in names:
        extractor = IN_PROCESS[name]
        predictions = {}
        for page, html in sources.items():
            try:
                predictions[page] = {"articleBody": extractor(html, READABILITY_URL)}
            except Exception as error:
                predictions[page] = {"articleBody": ""}
                print(f"      {name} failed on {page}: {type(error).__name__}")
        scores, f1s = score(truth, predictions)
        mean = statistics.mean(f1s.values())
        print(
            f"  {name:17} mean page F1 {mean:.3f}  (median {statistics.median(f1s.values()):.3f}; "
            f"corpus F1 {scores['f1']:.3f}, P {scores['precision']:.3f}, R {scores['recall']:.3f})"
        )
        for page, f1 in sorted(f1s.items(), key=lambda kv: kv[1])[:pages]:
            print(f"      {f1:.3f}  {page}")


def trafilatura_corpus(names: list[str], repeat: int) -> None:
    """Snippet scores and whole-process time of each extractor on the trafilatura corpus's pages."""
    import json

    data = json.loads((TRAFILATURA / "evaldata.json").read_text(encoding="utf-8"))
    files = sorted({TRAFILATURA / "html" / page["file"] for page in data.values()})
    cli = shutil.which("article-reader", path=str(Path(sys.executable).parent)) or "article-reader"
    commands = {"ours": [cli, "extract", "--json"]}
    for name, code in score_snippets.BASELINES.items():
        commands[name] = [sys.executable, "-c", code]
    print(f"trafilatura corpus, {len(files)} pages, snippets (median of {repeat} rounds, start-up included):")
    results = in_rounds(names, repeat, lambda name: score_snippets.run(commands[name], files))
    for name in names:
        texts, times = results[name]
        found = missed = kept = 0
        for page in data.values():
            text = score_snippets.norm(texts.get(page["file"], ""))
            for snippet in page.get("with", []):
                found, missed = (
                    (found + 1, missed) if score_snippets.norm(snippet) in text else (found, missed + 1)
                )
            kept += sum(1 for snippet in page.get("without", []) if score_snippets.norm(snippet) in text)
        precision = found / (found + kept) if found + kept else 0.0
        recall = found / (found + missed) if found + missed else 0.0
        f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_page = 1000 * statistics.median(times) / len(files)
        print(
            f"  {name:17} F {f:.3f}  precision {precision:.3f}  recall {recall:.3f}  {per_page:5.1f} ms/page"
        )
    say_ratio(results)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=0, help="list the N worst pages of each extractor")
    parser.add_argument(
        "--repeat", type=int, default=3, help="whole-process runs per extractor (median shown)"
    )
    parser.add_argument("--skip-baselines", action="store_true", help="run ours only")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of our extractor")
    parser.add_argument(
        "--only", default="scrapinghub,readability,trafilatura", help="comma-separated corpora to run"
    )
    args = parser.parse_args()
    if not SCRAPINGHUB.exists() or not READABILITY.exists():
        print(f"the shared corpus is absent: expected {SHARED.resolve()}/corpus", file=sys.stderr)
        return 2
    names = ["ours"] if args.skip_baselines else ["ours", "trafilatura", "readability-lxml"]
    corpora = set(args.only.split(","))
    print(
        time.strftime("%Y-%m-%d %H:%M"),
        "|",
        machine(),
        "| load",
        " ".join(f"{v:.1f}" for v in os.getloadavg()),
    )
    compile_project()
    if "scrapinghub" in corpora:
        with tempfile.TemporaryDirectory() as tmp:
            truth, files = scrapinghub_pages(Path(tmp))
            whole_process(names, files, truth, args.repeat, args.pages)
            in_process(names, files)
            library_split(files)
            if args.profile:
                profile_ours(files)
    if "readability" in corpora:
        readability_corpus(names, args.pages)
        readability_whole_process(names, args.repeat)
    if "trafilatura" in corpora and TRAFILATURA.exists():
        trafilatura_corpus(names, args.repeat)
    print("load at the end", " ".join(f"{v:.1f}" for v in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
