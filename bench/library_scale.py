"""Large libraries from real text: build them reproducibly, then time list pages and searches.

Usage:
  python bench/library_scale.py build PATH --articles 100000 [--seed 1]
  python bench/library_scale.py measure PATH [--rounds 5]

`build` makes articles of 300 to 1,500 words by drawing paragraphs (seeded) from the
article bodies of ../shared/corpus (scrapinghub ground truth and the readability
corpus's expected pages), with titles from their sentences, saved dates spread over
ten years, a few tags, and some favourites, archived and read articles. `measure`
opens the library as the application does and times the first page of the list,
later pages, the sidebar counts, and a fixed set of searches (common and rare words,
phrases), printing median and p95 in milliseconds and the file size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from library.article import Article, ReadingState  # noqa: E402
from library.records import Cursor, View  # noqa: E402
from library.store import Library  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus"

QUERIES = [
    "the",
    "said",
    "government",
    "people",
    "security",
    "president",
    "climate change",
    "new york",
    "police",
    "market",
    "technology",
    "music",
    "football",
    "energy",
    "Zurich",
    "Stoltenberg",
    '"prime minister"',
    "data privacy",
    "election results",
    "vaccine",
    "university research",
    "software",
    "the government said",
    "a",
]


def corpus_paragraphs() -> list[str]:
    """Paragraphs of real article text from the shared corpora."""
    paragraphs: list[str] = []
    truth = json.loads((SHARED / "scrapinghub" / "ground-truth.json").read_text(encoding="utf-8"))
    for item in truth.values():
        paragraphs += [p.strip() for p in item["articleBody"].split("\n") if len(p.split()) >= 12]
    tag = re.compile(r"<[^>]+>")
    for expected in sorted((SHARED / "readability").glob("*/expected.html")):
        html = expected.read_text(encoding="utf-8")
        for block in re.findall(r"<p[^>]*>(.*?)</p>", html, flags=re.S):
            text = " ".join(tag.sub(" ", block).split())
            if len(text.split()) >= 12:
                paragraphs.append(text)
    return paragraphs


def build(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    paragraphs = corpus_paragraphs()
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if 4 <= len(s.split()) <= 14]
    sites = [
        "The Daily Example",
        "Example Times",
        "Northern Herald",
        "Tech Weekly",
        "Science Notes",
        "Le Monde",
    ]
    tags = ["politics", "science", "long read", "tech", "to cite", "climate", "sport"]
    start = dt.datetime(2016, 1, 1, tzinfo=dt.UTC)
    library = Library.open(path)
    began = time.perf_counter()
    batch = 2000
    for first in range(0, count, batch):
        with library.transaction():
            for n in range(first, min(count, first + batch)):
                words_wanted = rng.randint(300, 1500)
                body: list[str] = []
                words = 0
                while words < words_wanted:
                    paragraph = rng.choice(paragraphs)
                    body.append(paragraph)
                    words += len(paragraph.split())
                title = rng.choice(sentences).rstrip(".")
                html = "".join(f"<p>{p}</p>" for p in body)
                saved = start + dt.timedelta(seconds=rng.randint(0, 10 * 365 * 86400))
                article = Article(
                    title=title,
                    html=html,
                    text="\n\n".join(body),
                    url=f"https://example.org/{n}",
                    site_name=rng.choice(sites),
                    byline=rng.choice([None, "A. Writer", "B. Reporter", "C. Correspondent"]),
                    published=saved.date().isoformat(),
                )
                state = ReadingState(
                    read=rng.random() < 0.6, favorite=rng.random() < 0.03, archived=rng.random() < 0.4
                )
                library.save(
                    article,
                    source_kind="html",
                    saved_at=saved.isoformat(),
                    tags=rng.sample(tags, rng.choice([0, 0, 1, 2])),
                    state=state,
                )
        print(f"\r{min(count, first + batch)} / {count}", end="", file=sys.stderr, flush=True)
    library.db.execute("ANALYZE")
    library.close()
    print(f"\nbuilt {count} articles in {time.perf_counter() - began:.0f} s: {path}", file=sys.stderr)


def timed(function: object, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        began = time.perf_counter()
        function()  # type: ignore[operator]
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]


def measure(path: Path, rounds: int) -> None:
    began = time.perf_counter()
    library = Library.open(path)
    opened = (time.perf_counter() - began) * 1000
    articles = library.count()
    print(f"library: {path} ({articles} articles, {path.stat().st_size / 1e6:.0f} MB); open {opened:.1f} ms")

    for view in (View("all"), View("unread"), View("favorites"), View("archive"), View.of_tag("to cite")):
        first = timed(lambda view=view: library.headers(view, limit=100), rounds)
        print(
            f"list {view.kind:<9} {view.tag or '':<8} first page (100 rows): median {statistics.median(first):.2f} ms"
        )
    deep = library.headers(View(), limit=1)[0]
    cursor = Cursor(deep.saved_at, deep.id)
    # The 100,000th row: walk to the last page once, then time fetching it.
    last_cursor = cursor
    while page := library.headers(View(), after=last_cursor, limit=5000):
        if len(page) < 5000:
            break
        last_cursor = page[-1].cursor
    later = timed(lambda: library.headers(View(), after=last_cursor, limit=100), rounds)
    print(f"list all, a page near the end: median {statistics.median(later):.2f} ms")
    counts = timed(library.view_counts, rounds)
    print(f"sidebar counts: median {statistics.median(counts):.1f} ms")

    latencies: list[float] = []
    slowest: list[tuple[float, str]] = []
    for query in QUERIES:
        samples = timed(lambda query=query: library.search(query, limit=50), rounds)
        latencies += samples
        slowest.append((statistics.median(samples), query))
    print(
        f"search ({len(QUERIES)} queries x {rounds}, 50 results with snippets): "
        f"median {statistics.median(latencies):.1f} ms, p95 {p95(latencies):.1f} ms"
    )
    for ms, query in sorted(slowest, reverse=True)[:5]:
        print(f"    {ms:7.1f} ms  {query}")
    library.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build")
    b.add_argument("path", type=Path)
    b.add_argument("--articles", type=int, default=20000)
    b.add_argument("--seed", type=int, default=1)
    m = commands.add_parser("measure")
    m.add_argument("path", type=Path)
    m.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.command == "build":
        if args.path.exists():
            parser.error(f"{args.path} exists; choose a new path")
        build(args.path, args.articles, args.seed)
    else:
        measure(args.path, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
