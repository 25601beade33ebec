"""Highlights at scale: add them to a large library, then time the Highlights view, search and placing.

Usage:
  python bench/highlights.py add PATH --highlights 50000 [--seed 1]
  python bench/highlights.py measure PATH [--rounds 5]
  python bench/highlights.py pane PATH [--rounds 10]
  python bench/highlights.py window PATH [--rounds 10]

`add` puts highlights into a library made by `bench/library_scale.py build` (seeded,
so reproducible): passages of one to three sentences drawn from articles' own text
through `make_highlight`, as the window makes them, in the five colours, a third
with a note, creation times spread over the articles' ten years; and a long read of
about 8,000 words (paragraphs of the same corpus) with 200 highlights, one sentence each. `measure` opens the library as the application does
and times, five rounds each: the Highlights view's first page (all and by colour), a
page deep in it, its count, searches of it, the article search (which covers
highlights and notes) with the query set of `library_scale.py` plus words found only
in notes, reading an article with 200 highlights, making one, and re-placing 200
after its text changed. `pane` times, in the reading pane offscreen at 1280x800 with
its highlighting (what the window opens articles into): opening the article with 200
highlights, read from the library, shown and drawn, to painted; making a highlight of
a selection, to painted; and the same opening for the longest page of ../shared/corpus
(`readability/wikipedia-2`, imported into a temporary library) with 200 highlights.
`window` times the same two in the whole main window (1280x800, offscreen): opening the
article with 200 highlights from the list's code path (`open_article`: the place kept,
marked read, the list row updated, highlights drawn), painted; and H on a selection,
to the window painted. Median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.library_scale import QUERIES, p95, timed  # noqa: E402
from library.highlights.finding import count_highlights, library_highlights  # noqa: E402
from library.highlights.model import COLORS  # noqa: E402
from library.highlights.storage import delete_highlight, make_highlight, replace_in_text  # noqa: E402
from library.store import Library  # noqa: E402

# Words that the notes below hold, so that searches find notes as well as text.
NOTE_QUERIES = ["remember", "cite this", "disagree", "follow up", "check the figures"]
NOTE_OPENINGS = ["Remember:", "Cite this.", "I disagree.", "Follow up:", "Check the figures."]
MANY = 200
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def add(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    library = Library.open(path)
    article_ids = [row[0] for row in library.db.execute("SELECT id FROM articles WHERE status = 'ready'")]
    began = time.perf_counter()
    start = dt.datetime(2016, 1, 1, tzinfo=dt.UTC)
    long_read = _long_read(library, rng)
    chosen = [rng.choice(article_ids) for _ in range(count - MANY)]
    batch = 2000
    for first in range(0, count, batch):
        with library.transaction():
            for article_id in chosen[first : first + batch]:
                text = library.db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[
                    0
                ]
                start_at, end_at = _passage(text, rng)
                note = ""
                if rng.random() < 0.33:
                    other = _passage(text, rng)
                    note = f"{rng.choice(NOTE_OPENINGS)} {text[other[0] : other[1]][:200]}"
                made = make_highlight(
                    library, article_id, start_at, end_at, color=rng.choice(COLORS), note=note
                )
                created = start + dt.timedelta(seconds=rng.randint(0, 10 * 365 * 86400))
                library.db.execute(
                    "UPDATE highlights SET created_at = ? WHERE id = ?", [created.isoformat(), made.id]
                )
        print(f"\r{min(count, first + batch)} / {count}", end="", file=sys.stderr, flush=True)
    text = library.db.execute("SELECT text FROM articles WHERE id = ?", [long_read]).fetchone()[0]
    ends = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    with library.transaction():
        for first in sorted(rng.sample(range(len(ends) - 1), MANY)):
            start, end = ends[first], ends[first + 1]
            while end > start + 1 and text[end - 1].isspace():
                end -= 1
            make_highlight(library, long_read, start, end, color=rng.choice(COLORS))
    library.db.execute("ANALYZE")
    library.close()
    print(f"\nadded {count} highlights in {time.perf_counter() - began:.0f} s: {path}", file=sys.stderr)


def _long_read(library: Library, rng: random.Random) -> int:
    """A new article of about 8,000 words from the corpus's paragraphs (a long read)."""
    from bench.library_scale import corpus_paragraphs
    from library.article import Article

    paragraphs = corpus_paragraphs()
    body: list[str] = []
    while sum(len(p.split()) for p in body) < 8000:
        body.append(rng.choice(paragraphs))
    article = Article(
        title="A long read with many highlights",
        html="".join(f"<p>{p}</p>" for p in body),
        text="\n\n".join(body),
        url="https://example.org/long-read",
    )
    return library.save(article, source_kind="html").article_id


def _passage(text: str, rng: random.Random) -> tuple[int, int]:
    """One to three whole sentences of `text`, as offsets."""
    ends = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    first = rng.randrange(len(ends) - 1)
    last = min(len(ends) - 1, first + rng.randint(1, 3))
    start, end = ends[first], ends[last]
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return start, end


def report(name: str, samples: list[float], target: str = "") -> None:
    print(f"{name:<58} median {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms  {target}")


def measure(path: Path, rounds: int) -> None:
    library = Library.open(path)
    total = count_highlights(library)
    articles = library.count()
    print(f"library: {path} ({articles} articles, {total} highlights, {path.stat().st_size / 1e6:.0f} MB)")

    report(
        "Highlights view, first page (100, newest first)",
        timed(lambda: library_highlights(library), rounds),
        "target < 20 ms",
    )
    for color in COLORS:
        report(
            f"Highlights view, first page of {color}",
            timed(lambda color=color: library_highlights(library, color=color), rounds),
        )
    last = library_highlights(library, limit=total - 100)[-1].cursor
    report("Highlights view, the last page", timed(lambda: library_highlights(library, after=last), rounds))
    report("Highlights view count", timed(lambda: count_highlights(library), rounds))

    view_searches: list[float] = []
    for query in [*QUERIES, *NOTE_QUERIES]:
        view_searches += timed(lambda query=query: library_highlights(library, query=query), rounds)
    report(f"Highlights view searched ({len(QUERIES) + len(NOTE_QUERIES)} queries)", view_searches)

    latencies: list[float] = []
    slowest: list[tuple[float, str]] = []
    found_in_notes = 0
    for query in [*QUERIES, *NOTE_QUERIES]:
        samples = timed(lambda query=query: library.search(query, limit=50), rounds)
        latencies += samples
        slowest.append((statistics.median(samples), query))
        found_in_notes += sum(hit.found_in == "note" for hit in library.search(query, limit=50))
    report(
        f"search covering highlights ({len(slowest)} queries x {rounds}, 50 hits)",
        latencies,
        "target p95 < 50 ms",
    )
    for ms, query in sorted(slowest, reverse=True)[:5]:
        print(f"    {ms:7.1f} ms  {query}")
    print(f"    hits found in a note, over all queries: {found_in_notes}")

    busiest = library.db.execute(
        "SELECT article_id FROM highlights GROUP BY article_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    stored = library.get(busiest)
    assert stored is not None
    report(
        f"read an article with {len(stored.highlights)} highlights (Library.get)",
        timed(lambda: library.get(busiest), rounds),
    )
    text = stored.article.text

    def make_and_remove() -> None:
        made = make_highlight(library, busiest, 0, min(40, len(text)))
        delete_highlight(library, made.id)

    report("make a highlight (and delete it again)", timed(make_and_remove, rounds))
    changed = "A new opening paragraph, added when the page was updated.\n\n" + text.replace(
        " the ", " a ", 20
    )

    def replace_all() -> None:
        with library.transaction():
            replace_in_text(library.db, busiest, changed)
            raise _Undo  # leaving the transaction by an error rolls the change back

    samples = []
    for _ in range(rounds):
        began = time.perf_counter()
        with contextlib.suppress(_Undo):
            replace_all()
        samples.append((time.perf_counter() - began) * 1000)
    report(f"re-place {len(stored.highlights)} highlights in a changed text (rolled back)", samples)
    library.close()


def pane(path: Path, rounds: int) -> None:
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.highlighting import Highlighting
    from desktop.readerview import ReaderView
    from library.article import Document
    from library.extract import extract

    app = QApplication.instance() or QApplication([])
    library = Library.open(path)
    view = ReaderView(library.image)
    view.resize(1280, 800)
    view.show()
    app.processEvents()
    highlighting = Highlighting(library, view, view)

    def painted(action: object) -> float:
        began = time.perf_counter()
        action()  # type: ignore[operator]
        view.viewport().repaint()
        return (time.perf_counter() - began) * 1000

    def opener(source: Library, article_id: int, *, drawn: bool = True) -> object:
        def open_it() -> None:
            stored = source.get(article_id)
            assert stored is not None
            view.show_article(stored)
            # Without: the same page as if it had no highlights, for comparison.
            highlighting.article_shown(stored if drawn else None)

        return open_it

    busiest, count = library.db.execute(
        "SELECT article_id, count(*) FROM highlights GROUP BY article_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    other = library.db.execute("SELECT id FROM articles WHERE id != ? LIMIT 1", [busiest]).fetchone()[0]
    opening, bare = [], []
    for _ in range(rounds):
        painted(opener(library, other))
        opening.append(painted(opener(library, busiest)))
        painted(opener(library, other))
        bare.append(painted(opener(library, busiest, drawn=False)))
    report(f"pane: open an article with {count} highlights, to painted", opening, "target < 50 ms")
    report("pane: the same article drawn without its highlights", bare)
    opener(library, busiest)()  # type: ignore[operator]
    print(
        f"    {len(view.extraSelections())} drawn at once (those on the screen), the rest from the event loop"
    )

    made: list[float] = []
    document = view.document()
    words = [m.group() for m in re.finditer(r"\b\w{7,}\b", library.get(busiest).article.text)][:rounds]  # type: ignore[union-attr]
    for word in words:
        cursor = document.find(word)
        view.setTextCursor(cursor)
        made.append(painted(highlighting.highlight_selection))
        # The newest highlight is the one just made; it goes again before the next round.
        newest = max(highlighting.layer.highlights(), key=lambda h: h.id)
        delete_highlight(library, newest.id)
        highlighting.layer.remove(newest.id)
    report("pane: make a highlight of a selection, to painted", made, "target < 30 ms")

    longest = REPO.parent / "shared" / "corpus" / "readability" / "wikipedia-2" / "source.html"
    if longest.exists():
        with tempfile.TemporaryDirectory() as folder:
            small = Library.open(Path(folder) / "longest.db")
            page = Document(
                source=str(longest),
                content=longest.read_text(encoding="utf-8"),
                url="http://fakehost/test/page.html",
            )
            article_id = small.save(extract(page), source_kind="html").article_id
            text = small.get(article_id).article.text  # type: ignore[union-attr]
            rng = random.Random(1)
            for _ in range(MANY):
                start, end = _passage(text, rng)
                make_highlight(small, article_id, start, end, color=rng.choice(COLORS))
            highlighting.set_library(small)
            longest_open, longest_bare = [], []
            for _ in range(max(3, rounds // 2)):
                for drawn, samples in ((True, longest_open), (False, longest_bare)):
                    view.show_message("", "<p>Elsewhere.</p>")
                    highlighting.article_shown(None)
                    samples.append(painted(opener(small, article_id, drawn=drawn)))
            report(
                f"pane: open the longest page ({len(text):,} characters) with {MANY} highlights", longest_open
            )
            report("pane: the longest page without its highlights", longest_bare)
            small.close()
    library.close()


def window(path: Path, rounds: int) -> None:
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([])
    library = Library.open(path)
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        main = MainWindow(library, settings, download_in_background=False)
        main.resize(1280, 800)
        main.show()
        for _ in range(20):
            app.processEvents()

        def painted(action: object) -> float:
            began = time.perf_counter()
            action()  # type: ignore[operator]
            main.repaint()
            return (time.perf_counter() - began) * 1000

        busiest, count = library.db.execute(
            "SELECT article_id, count(*) FROM highlights GROUP BY article_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        other = library.db.execute("SELECT id FROM articles WHERE id != ? LIMIT 1", [busiest]).fetchone()[0]
        opening = []
        for _ in range(rounds):
            painted(lambda: main.open_article(other))
            opening.append(painted(lambda: main.open_article(busiest)))
            app.processEvents()
        report(f"window: open an article with {count} highlights, to painted", opening, "target < 50 ms")

        made = []
        document = main.reader.document()
        text = library.get(busiest).article.text  # type: ignore[union-attr]
        for word in [m.group() for m in re.finditer(r"\b\w{8,}\b", text)][:rounds]:
            main.reader.setTextCursor(document.find(word))
            main.reader.setFocus()
            made.append(painted(lambda: QTest.keyClick(main.reader, Qt.Key.Key_H)))
            newest = max(main.highlights.highlighting.layer.highlights(), key=lambda h: h.id)
            delete_highlight(library, newest.id)
            main.highlights.highlighting.layer.remove(newest.id)
        report("window: H on a selection, to painted", made, "target < 30 ms")
        main.close()
    library.close()


class _Undo(Exception):
    """Raised inside a transaction to roll the bench's change back."""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    a = commands.add_parser("add")
    a.add_argument("path", type=Path)
    a.add_argument("--highlights", type=int, default=50_000)
    a.add_argument("--seed", type=int, default=1)
    m = commands.add_parser("measure")
    m.add_argument("path", type=Path)
    m.add_argument("--rounds", type=int, default=5)
    w = commands.add_parser("pane")
    w.add_argument("path", type=Path)
    w.add_argument("--rounds", type=int, default=10)
    whole = commands.add_parser("window")
    whole.add_argument("path", type=Path)
    whole.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if args.command == "add":
        add(args.path, args.highlights, args.seed)
    elif args.command == "pane":
        pane(args.path, args.rounds)
    elif args.command == "window":
        window(args.path, args.rounds)
    else:
        measure(args.path, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
