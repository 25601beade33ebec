"""The `article-reader` command line: open the window, import, list, search, read, extract."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from library.article import Article


def article_json(article: Article, source: str) -> dict[str, Any]:
    """What `extract --json` prints for one file."""
    return {
        "source": source,
        "title": article.title,
        "byline": article.byline,
        "site_name": article.site_name,
        "section": article.section,
        "published": article.published,
        "updated": article.updated,
        "lang": article.lang,
        "dir": article.dir,
        "excerpt": article.excerpt,
        "lead_image": article.lead_image,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "text": article.text,
        "html": article.html,
    }


def cmd_extract(args: argparse.Namespace) -> int:
    from library.errors import ReaderError
    from library.extract import extract
    from library.sources import read_source

    failed = 0
    for location in args.files:
        for entry in read_source(location):
            result: dict[str, Any]
            try:
                if not hasattr(entry, "document") or entry.document is None:
                    raise ReaderError(getattr(entry, "reason", "nothing to extract without fetching"))
                result = article_json(extract(entry.document), location)
            except ReaderError as error:
                failed += 1
                result = {"source": location, "error": str(error)}
            print(json.dumps(result, ensure_ascii=False) if args.json else _extract_text(result), flush=True)
    return 1 if failed else 0


def _extract_text(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"{result['source']}: error: {result['error']}\n"
    head = [result["title"]] + [f"{k}: {result[k]}" for k in ("byline", "site_name", "section", "published") if result[k]]
    return "\n".join(head) + "\n\n" + result["text"] + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="article-reader", description="Read your saved articles offline.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    extract = commands.add_parser("extract", help="extract articles from files without any library")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--json", action="store_true", help="one JSON object per line per file")
    extract.set_defaults(handler=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        print("The window is not built yet.", file=sys.stderr)
        return 2
    result: int = handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
