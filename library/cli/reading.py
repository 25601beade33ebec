"""`list`, `search` and `show`: read the library from a terminal or a script."""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING, Any

from library.cli.common import (
    EXIT_OK,
    CommandAdder,
    add_view_options,
    chosen_view,
    get_article,
    open_library,
    positive,
)
from library.cli.output import header_line, json_text, one_line, say, stored_json, terminal_safe

if TYPE_CHECKING:
    from library.records import ArticleHeader
    from library.store import Library


def add_commands(command: CommandAdder) -> None:
    lst = command("list", "list articles, newest first", None)
    add_view_options(lst)
    lst.add_argument(
        "--limit", metavar="N", type=positive, default=50, help="at most N articles (default 50)"
    )
    lst.add_argument("--json", action="store_true", help="a JSON array, for scripts")
    lst.set_defaults(handler=cmd_list)

    search = command(
        "search",
        "search the full text, best match first",
        "Search titles, bylines, sites and text. "
        "All words must occur; a quoted phrase must occur as written.\nAccents are ignored: "
        "'Zurich' finds 'Zürich'.",
    )
    search.add_argument("query", nargs="+", metavar="QUERY")
    search.add_argument(
        "--limit", metavar="N", type=positive, default=20, help="at most N results (default 20)"
    )
    search.add_argument("--json", action="store_true", help="a JSON array with snippets, for scripts")
    search.set_defaults(handler=cmd_search)

    show = command("show", "print an article", None)
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--format", choices=("text", "html", "json"), default="text", help="default: text")
    show.add_argument(
        "--json", dest="format", action="store_const", const="json", help="same as --format json"
    )
    show.set_defaults(handler=cmd_show)


def cmd_list(args: argparse.Namespace) -> int:
    from library.records import View

    view = chosen_view(args)
    with open_library(args) as library:
        headers = library.headers(view, limit=args.limit)
        if args.json:
            print(json_text([_list_item(library, header) for header in headers]))
        elif not headers:
            say("No articles here." if view == View() else "No articles in this view.", error=True)
        for header in [] if args.json else headers:
            say(header_line(header))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from library.store import MATCH_END, MATCH_START

    query = " ".join(args.query)
    with open_library(args) as library:
        hits = library.search(query, limit=args.limit)
        if args.json:
            items = []
            for hit in hits:
                item = _list_item(library, hit)
                item["snippet"] = (hit.snippet or "").replace(MATCH_START, "").replace(MATCH_END, "")
                item.update(found_in=hit.found_in, highlight_id=hit.highlight_id)
                items.append(item)
            print(json_text(items))
            return EXIT_OK
        if not hits:
            say(f"Nothing matches {one_line(query)!r}.", error=True)
        bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
        for hit in hits:
            say(header_line(hit))
            # Made safe before the marks become escape sequences of ours.
            snippet = one_line(hit.snippet).replace(MATCH_START, bold).replace(MATCH_END, plain)
            where = {"note": "in a note: ", "highlight": "in a highlight: "}.get(hit.found_in or "", "")
            print(textwrap.indent(where + snippet, "      "))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        stored = get_article(library, args.id)
        if args.format == "json":
            print(json_text(stored_json(stored, body=True)))
        elif args.format == "html":
            say(stored.article.html)
        else:
            article = stored.article
            width = min(shutil.get_terminal_size((80, 24)).columns, 80)
            say(one_line(article.title))
            details = [article.byline, article.site_name, (article.published or "")[:10] or None]
            line = " · ".join(one_line(d) for d in details if d)
            if line:
                say(line)
            if stored.status != "ready":
                say(
                    f"(not downloaded yet{': ' + one_line(stored.fetch_error) if stored.fetch_error else ''})"
                )
            say()
            for paragraph in terminal_safe(article.text).split("\n\n"):
                say(textwrap.fill(paragraph, width=width) if paragraph.strip() else "")
                say()
    return EXIT_OK


def _list_item(library: Library, header: ArticleHeader) -> dict[str, Any]:
    return stored_json(get_article(library, header.id), body=False)
