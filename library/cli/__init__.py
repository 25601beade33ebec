"""The `article-reader` command line: open the window, import, list, search, read, extract."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from library.cli import editing, exporting, extracting, highlighting, importing, reading, upkeep
from library.cli.common import EXIT_ERROR, EXIT_OK, fail
from library.cli.output import say
from library.errors import LibraryError, ReaderError

DESCRIPTION = """\
Read your saved articles offline.

With no command, opens the window. The library is a single SQLite file: by default
in your user data folder, or the path in --library or ARTICLE_READER_LIBRARY.
"""

EPILOG = """\
examples:
  article-reader import ~/Downloads/pocket-export.zip saved-pages/
  article-reader search "security demands"
  article-reader show 12 --format text | less
  article-reader highlight 12 --quote "the words that matter" --note "why"
  article-reader export --format markdown --output ~/Notes/Articles --tag research
  article-reader backup ~/Backups/
  article-reader extract --json page.html
"""

# Each module adds its commands, in the order `--help` lists them.
COMMAND_MODULES = (importing, reading, highlighting, editing, upkeep, exporting, extracting)


def version() -> str:
    from importlib import metadata

    try:
        return metadata.version("article-reader")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


class _VersionAction(argparse.Action):
    """--version, reading the installed version only when asked (it costs a package lookup)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=str(kwargs.get("help"))
        )

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        print(f"article-reader {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="article-reader",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    parser.add_argument(
        "--library",
        metavar="PATH",
        default=os.environ.get("ARTICLE_READER_LIBRARY"),
        help="the library file to use (default: ARTICLE_READER_LIBRARY, else the user data folder)",
    )
    window = parser.add_argument_group("window options (with no command)")
    window.add_argument(
        "--screenshot", metavar="FILE.png", help="render the window offscreen, save it and exit"
    )
    window.add_argument("--article", metavar="ID", type=int, help="open this article")
    window.add_argument("--read-mode", action="store_true", help="start in read mode")
    window.add_argument(
        "--font-scale", metavar="PERCENT", type=int, help="font size, 50 to 300 (default 100)"
    )
    window.add_argument("--theme", choices=("light", "sepia", "dark"), help="reading theme")
    window.add_argument("--size", metavar="WxH", help="window size for --screenshot, e.g. 1280x800")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def command(name: str, help_text: str, description: str | None = None) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help_text,
            description=description or help_text,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    for module in COMMAND_MODULES:
        module.add_commands(command)
    return parser


def _log_as_asked() -> None:
    """Diagnostics on stderr when `ARTICLE_READER_LOG` names a level (debug, info, warning)."""
    level = os.environ.get("ARTICLE_READER_LOG", "").strip().upper()
    if level in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        logging.basicConfig(level=level, format="article-reader: %(name)s: %(message)s")


WindowOpener = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None, open_window: WindowOpener | None = None) -> int:
    """Run the command line; with no command, hand the parsed options to `open_window`.

    The library knows nothing of the window: `desktop.launcher`, the installed
    `article-reader` command, passes it in.
    """
    args = build_parser().parse_args(argv)
    _log_as_asked()
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            if open_window is None:
                fail("no command given (the window is started by the article-reader command)")
            return open_window(args)
        status: int = handler(args)
        return status
    except LibraryError as error:
        say(f"article-reader: library error: {error}", error=True)
        return EXIT_ERROR
    except ReaderError as error:
        say(f"article-reader: error: {error}", error=True)
        return EXIT_ERROR
    except BrokenPipeError:
        # `article-reader list | head` closed the pipe: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
