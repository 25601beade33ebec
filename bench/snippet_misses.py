"""Where the snippet score of the trafilatura corpus is lost: per page, the snippets we miss or keep wrongly.

Reads every page as `article-reader extract` does (through `library.sources`), extracts it in
this one process and checks each snippet the way ../shared/bench/score_snippets.py does. With
`--compare`, trafilatura runs too (its texts are cached in a file under the system's temporary
folder) and each miss is marked with whether trafilatura gets that snippet right.

Usage: .venv/bin/python bench/snippet_misses.py [--compare] [--page NAME ...] [--summary]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / ".." / "shared" / "corpus" / "trafilatura"
sys.path.insert(0, str(REPO))


def normalise(text: str) -> str:
    """Whitespace runs as one space, ends trimmed (the scorer's rule)."""
    return re.sub(r"\s+", " ", text or "").strip()


def ours(path: Path) -> str:
    """Our article text for the page at `path`, read as the command line reads files."""
    from library.article import Rejected
    from library.errors import ReaderError
    from library.extract import extract
    from library.sources import read_source

    try:
        for entry in read_source(str(path)):
            if isinstance(entry, Rejected) or entry.document is None:
                return ""
            return extract(entry.document).text
    except ReaderError:
        return ""
    return ""


def trafilatura_texts(files: list[Path]) -> dict[str, str]:
    """trafilatura's text for every file, from the cache when it has them all."""
    cache = Path(tempfile.gettempdir()) / "article-reader-trafilatura-snippets.json"
    texts: dict[str, str] = json.loads(cache.read_text()) if cache.exists() else {}
    missing = [path for path in files if path.name not in texts]
    if missing:
        import trafilatura

        for path in missing:
            texts[path.name] = trafilatura.extract(path.read_bytes()) or ""
        cache.write_text(json.dumps(texts))
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--compare", action="store_true", help="mark each miss with trafilatura's verdict")
    parser.add_argument(
        "--page", action="append", default=[], help="only pages whose file name contains this"
    )
    parser.add_argument("--summary", action="store_true", help="totals only")
    parser.add_argument("--text", action="store_true", help="print our whole text for each listed page")
    args = parser.parse_args()
    data = json.loads((CORPUS / "evaldata.json").read_text(encoding="utf-8"))
    pages = sorted(data.values(), key=lambda v: v["file"])
    if args.page:
        pages = [v for v in pages if any(name in v["file"] for name in args.page)]
    files = [CORPUS / "html" / v["file"] for v in pages]
    theirs = trafilatura_texts(files) if args.compare else {}
    tp = fn = fp = tn = 0
    start = time.perf_counter()
    for page, path in zip(pages, files, strict=True):
        text = normalise(ours(path))
        other = normalise(theirs.get(path.name, "")) if args.compare else None
        lines = []
        for snippet in page.get("with", []):
            if normalise(snippet) in text:
                tp += 1
            else:
                fn += 1
                mark = (
                    "" if other is None else (" [traf ok]" if normalise(snippet) in other else " [traf miss]")
                )
                lines.append(f"  MISSED{mark}: {normalise(snippet)[:160]}")
        for snippet in page.get("without", []):
            if normalise(snippet) in text:
                fp += 1
                mark = (
                    ""
                    if other is None
                    else (" [traf ok]" if normalise(snippet) not in other else " [traf kept]")
                )
                lines.append(f"  KEPT{mark}:   {normalise(snippet)[:160]}")
            else:
                tn += 1
        if (lines or args.text) and not args.summary:
            print(f"{path.name}  ({len(text)} chars)")
            print("\n".join(lines))
            if args.text:
                print("  TEXT:", text[:3000])
    elapsed = time.perf_counter() - start
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"F {f:.4f}  precision {precision:.4f}  recall {recall:.4f}  (tp {tp} fn {fn} fp {fp} tn {tn}; "
        f"{len(pages)} pages in {elapsed:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
