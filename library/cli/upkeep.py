"""`reextract` and `settings`: keep the library up to date with the extractor, and its own choices."""

from __future__ import annotations

import argparse

from library.cli.common import EXIT_ERROR, EXIT_FAILED, EXIT_OK, CommandAdder, fail, open_library
from library.cli.output import one_line, progress_bar, say

# The library's own settings: name on the command line, name in the library, values, default.
SETTINGS = {
    "keep-originals": ("keep_originals", ("true", "false"), "true"),
}


def add_commands(command: CommandAdder) -> None:
    again = command(
        "reextract",
        "extract articles again from their kept original pages",
        "Run the current extractor on the original page kept with each article and update it in\n"
        "place: its id, reading state, tags and highlights stay. Nothing is downloaded.",
    )
    which = again.add_mutually_exclusive_group(required=True)
    which.add_argument("ids", nargs="*", type=int, metavar="ID", default=[])
    which.add_argument("--all", action="store_true", help="every article with a kept original")
    again.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    again.set_defaults(handler=cmd_reextract)

    settings = command(
        "settings",
        "show or change the library's settings",
        "With no arguments, lists the settings. Settings belong to the library file, so the\n"
        "window and the command line share them.\n\n"
        "  keep-originals true|false   keep each article's original page (for reextract)",
    )
    settings.add_argument("name", nargs="?", choices=sorted(SETTINGS), metavar="NAME")
    settings.add_argument("value", nargs="?", metavar="VALUE")
    settings.set_defaults(handler=cmd_settings)


def cmd_reextract(args: argparse.Namespace) -> int:
    from library.reextract import reextract

    if not args.all and not args.ids:
        fail("name the articles to extract again, or --all")
    with open_library(args) as library:
        ids = library.original_ids() if args.all else args.ids
        bar = progress_bar(args.quiet)
        report = reextract(library, ids, progress=bar.update if bar else None)
        if bar:
            bar.finish()
    # In an import's words "updated" and "duplicate"; here the article was extracted again,
    # and either changed or came out the same.
    say(
        f"extracted again {report.count('updated')}, unchanged {report.count('duplicate')}, failed {len(report.failures)}"
    )
    for failure in report.failures:
        say(f"  failed: {one_line(failure.source)}: {one_line(failure.reason)}")
    if report.error:
        say(f"article-reader: reextract stopped: {report.error}", error=True)
        return EXIT_ERROR
    return EXIT_FAILED if report.failures else EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        if args.name is None:
            for name, (key, _values, default) in SETTINGS.items():
                say(f"{name} = {library.setting(key, default)}")
            return EXIT_OK
        key, values, default = SETTINGS[args.name]
        if args.value is None:
            say(f"{args.name} = {library.setting(key, default)}")
            return EXIT_OK
        if args.value not in values:
            fail(f"{args.name} is one of {', '.join(values)}, not {args.value!r}")
        library.set_setting(key, args.value)
        say(f"{args.name} = {args.value}")
    return EXIT_OK
