"""`highlights`, `highlight` and `unhighlight`: list, make and remove highlights from a terminal."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from library.cli.common import EXIT_FAILED, EXIT_OK, CommandAdder, get_article, open_library, positive
from library.cli.output import json_text, one_line, say
from library.highlights.model import COLORS

if TYPE_CHECKING:
    from library.highlights.model import StoredHighlight

NOT_FOUND = "not found in the current text"


def add_commands(command: CommandAdder) -> None:
    listing = command(
        "highlights",
        "list highlights: all (newest first) or one article's (in reading order)",
        None,
    )
    listing.add_argument("id", nargs="?", type=int, metavar="ID", help="only this article's highlights")
    listing.add_argument("--color", choices=COLORS, help="only highlights of this colour")
    listing.add_argument("--search", metavar="TEXT", default="", help="only those whose words or note match")
    listing.add_argument(
        "--limit",
        metavar="N",
        type=positive,
        default=100,
        help="at most N of the library's highlights (default 100)",
    )
    listing.add_argument("--json", action="store_true", help="a JSON array, for scripts")
    listing.set_defaults(handler=cmd_highlights)

    make = command(
        "highlight",
        "highlight a passage of an article by its words",
        "Highlight the passage QUOTE of article ID. Spacing, case and typographic quotes "
        "need not match exactly;\nwhen the words occur more than once, --occurrence chooses which.",
    )
    make.add_argument("id", type=int, metavar="ID")
    make.add_argument("--quote", required=True, metavar="TEXT", help="the words to highlight")
    make.add_argument("--note", default="", metavar="TEXT", help="a note on the highlight")
    make.add_argument("--color", choices=COLORS, default=COLORS[0], help=f"default: {COLORS[0]}")
    make.add_argument(
        "--occurrence", type=positive, metavar="N", help="the N-th place the words occur (from 1)"
    )
    make.add_argument("--json", action="store_true", help="print the new highlight as JSON")
    make.set_defaults(handler=cmd_highlight)

    remove = command("unhighlight", "delete a highlight (its id is in `highlights`)", None)
    remove.add_argument("highlight_id", type=int, metavar="HIGHLIGHT_ID")
    remove.set_defaults(handler=cmd_unhighlight)


def cmd_highlights(args: argparse.Namespace) -> int:
    from library.highlights.finding import library_highlights

    with open_library(args) as library:
        if args.id is not None:
            get_article(library, args.id)
        page = library_highlights(
            library,
            article_id=args.id,
            color=args.color,
            query=args.search,
            limit=args.limit if args.id is None else None,
        )
    rows = [(row.highlight, row.article_title) for row in page]
    if args.id is not None:
        rows.sort(key=lambda row: row[0].reading_order)
    if args.json:
        print(json_text([{**h.as_json(), "article_title": title} for h, title in rows]))
        return EXIT_OK
    if not rows:
        say("No highlights here.", error=True)
    for highlight, title in rows:
        say(_line(highlight, None if args.id is not None else title))
    return EXIT_OK


def _line(highlight: StoredHighlight, title: str | None) -> str:
    """A highlight as `highlights` prints it: id, colour, the quote, the note, where it is."""
    if highlight.on_article:
        lines = [f"{highlight.id:>6} {'':<6} (a note on the whole article)"]
    else:
        where = f" ({NOT_FOUND})" if not highlight.placed else ""
        lines = [f"{highlight.id:>6} {highlight.color:<6} “{one_line(highlight.quote)}”{where}"]
    if title is not None:
        lines.append(f"{'':7}in article {highlight.article_id}: {one_line(title)}")
    if highlight.note:
        lines.append(textwrap.indent(textwrap.fill(one_line(highlight.note), 72), f"{'':7}note: ").rstrip())
    return "\n".join(lines)


def cmd_highlight(args: argparse.Namespace) -> int:
    from library.highlights.model import HighlightError
    from library.highlights.storage import AmbiguousQuote, highlight_quote

    with open_library(args) as library:
        get_article(library, args.id)
        try:
            made = highlight_quote(
                library, args.id, args.quote, occurrence=args.occurrence, color=args.color, note=args.note
            )
        except HighlightError as error:
            hint = " with --occurrence N" if isinstance(error, AmbiguousQuote) else ""
            say(f"article-reader: {error}{hint}", error=True)
            return EXIT_FAILED
    if args.json:
        print(json_text(made.as_json()))
    else:
        say(f"highlighted {made.id}: “{one_line(made.quote)}”")
    return EXIT_OK


def cmd_unhighlight(args: argparse.Namespace) -> int:
    from library.highlights.storage import delete_highlight

    with open_library(args) as library:
        removed = delete_highlight(library, args.highlight_id)
    say(f"deleted highlight {removed.id}: “{one_line(removed.quote)}”")
    return EXIT_OK
