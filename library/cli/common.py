"""What every command shares: exit statuses, usage errors, opening the library, finding an article."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from library.errors import ReaderError

if TYPE_CHECKING:
    from library.records import StoredArticle, View
    from library.store import Library

# Exit statuses: 0 all went well, 1 some input failed, 2 usage or library errors.
EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2

# How a command module adds a command: name, one-line help, longer description.
CommandAdder = Callable[[str, str, str | None], argparse.ArgumentParser]


def fail(message: str) -> NoReturn:
    """A usage error: say it and exit with status 2."""
    from library.cli.output import terminal_safe

    print(f"article-reader: error: {terminal_safe(message)}", file=sys.stderr)
    raise SystemExit(EXIT_ERROR)


def open_library(args: argparse.Namespace, *, create: bool = False) -> Library:
    """The library the command names (--library, ARTICLE_READER_LIBRARY) or the default one.

    A named library that does not exist is made only by a command that adds to it
    (`create`, as import does): `list` with a mistyped path would otherwise make a new,
    empty library there and report "No articles here."
    """
    from library.store import Library, default_library_path

    if not args.library:
        return Library.open(default_library_path())
    path = Path(args.library).expanduser()
    if not create and not path.exists():
        fail(f"no library at {path} (article-reader --library {path} import ... makes one)")
    return Library.open(path)


def get_article(library: Library, article_id: int) -> StoredArticle:
    """The article `article_id`, or a clear error when there is none."""
    stored = library.get(article_id)
    if stored is None:
        raise ReaderError(f"no article with id {article_id}")
    return stored


def add_view_options(parser: argparse.ArgumentParser) -> None:
    """--unread, --archived, --favorites or --tag T: one of the library's views (default: all)."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--unread", action="store_true", help="only unread articles (not archived)")
    which.add_argument("--archived", action="store_true", help="only archived articles")
    which.add_argument("--favorites", action="store_true", help="only favourites")
    which.add_argument("--tag", metavar="T", help="only articles tagged T")


def chosen_view(args: argparse.Namespace) -> View:
    """The view `add_view_options`' flags chose."""
    from library.records import View

    if args.unread:
        return View("unread")
    if args.archived:
        return View("archive")
    if args.favorites:
        return View("favorites")
    if args.tag:
        return View.of_tag(args.tag)
    return View()


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
