"""`extract`: what import would store for each file, without any library."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from library.cli.common import EXIT_FAILED, EXIT_OK, CommandAdder
from library.cli.output import article_json, json_text, terminal_safe
from library.errors import ReaderError


def add_commands(command: CommandAdder) -> None:
    extract = command(
        "extract",
        "extract articles from files without any library",
        "Print what import would store for each file, without a library.\n"
        "With --json: one JSON object per line per file, with source, title, byline, site_name,\n"
        "section, published, updated, lang, dir, excerpt, lead_image, url, canonical_url,\n"
        "word_count, reading_minutes, text and html; a file that fails prints\n"
        '{"source": ..., "error": ...} and the next file follows.',
    )
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--json", action="store_true", help="one JSON object per line per file")
    extract.set_defaults(handler=cmd_extract)


def cmd_extract(args: argparse.Namespace) -> int:
    from library.article import Rejected, Skipped
    from library.extract import extract
    from library.sources import read_source

    failed = 0
    for location in args.files:
        for entry in read_source(location):
            if isinstance(entry, Skipped):
                continue  # a folder's file that is no page, text or export: nothing to extract
            result: dict[str, Any]
            try:
                if isinstance(entry, Rejected):
                    raise ReaderError(entry.reason)
                if entry.document is None:
                    raise ReaderError("an address only: extract reads files, import fetches addresses")
                source = location if entry.source == str(Path(location)) else entry.source
                result = article_json(extract(entry.document), source)
            except ReaderError as error:
                failed += 1
                result = {
                    "source": location if isinstance(entry, Rejected) else entry.source,
                    "error": str(error),
                }
            output = json_text(result, indent=None) if args.json else terminal_safe(_as_text(result))
            print(output, flush=True)
    return EXIT_FAILED if failed else EXIT_OK


def _as_text(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"{result['source']}: error: {result['error']}\n"
    fields = ("section", "byline", "site_name", "published")
    head = [str(result["title"])] + [f"{name}: {result[name]}" for name in fields if result[name]]
    return "\n".join(head) + "\n\n" + str(result["text"]) + "\n"
