"""`import` and `fetch`: bring articles in, download those known only by address."""

from __future__ import annotations

import argparse
import contextlib
from typing import TYPE_CHECKING

from library.cli.common import EXIT_ERROR, EXIT_FAILED, EXIT_OK, CommandAdder, open_library
from library.cli.output import one_line, progress_bar, say

if TYPE_CHECKING:
    from library.importer import ImportReport
    from library.records import Outcome


def add_commands(command: CommandAdder) -> None:
    imp = command(
        "import",
        "import files, folders, exports and web addresses",
        "Import saved pages (.html, complete saves, .mht/.mhtml, SingleFile, .webarchive), text files,\n"
        ".gz of either, folders (recursively), http(s) addresses, lists of addresses (one a line),\n"
        ".url and .webloc shortcuts, and exports of Pocket, Instapaper, Omnivore, wallabag, Readwise\n"
        "Reader, Pinboard, Delicious, Raindrop.io, Karakeep, Linkwarden, Matter, Readability and\n"
        "elCurator, and browsers' bookmarks (Chrome/Edge/Brave Bookmarks, Firefox .json/.jsonlz4\n"
        "backups, Safari Bookmarks.plist with its Reading List, Netscape HTML). Files are recognised\n"
        "by content; data files that are no known export are refused, and a folder's other files\n"
        "are counted as skipped.\n\n"
        "Importing again updates articles in place and keeps their tags and reading state.\n"
        "Exit status: 0 when nothing failed, 1 when something did, 2 for usage or library errors.",
    )
    imp.add_argument("sources", nargs="+", metavar="SOURCE", help="a file, folder, export or web address")
    imp.add_argument(
        "--offline", action="store_true", help="never use the network (addresses wait to be fetched)"
    )
    imp.add_argument(
        "--download", action="store_true", help="download address-only export entries now, not later"
    )
    imp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    imp.set_defaults(handler=cmd_import)

    fetch = command("fetch", "download articles imported as addresses only (Pocket, Instapaper, ...)", None)
    fetch.add_argument("--retry-failed", action="store_true", help="also retry those that failed before")
    fetch.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    fetch.set_defaults(handler=cmd_fetch)


def cmd_import(args: argparse.Namespace) -> int:
    from library.importer import Importer
    from library.network import offline_by_environment

    with open_library(args, create=True) as library, contextlib.ExitStack() as stack:
        fetcher = None
        if not (args.offline or offline_by_environment()):
            from library.sources.web import Fetcher

            fetcher = stack.enter_context(Fetcher())
        importer = Importer(library, fetcher, fetch_exports=args.download)
        bar = progress_bar(args.quiet)
        try:
            report = importer.import_sources(args.sources, progress=bar.update if bar else None)
        except KeyboardInterrupt:
            if bar:
                bar.finish()
            say(
                "Import interrupted; what was finished is saved. Run it again to import the rest.", error=True
            )
            return EXIT_FAILED
        if bar:
            bar.finish()
    print_import_summary(report)
    if report.error:
        unsaved = f"; {report.unsaved} entries read were not saved" if report.unsaved else ""
        say(f"article-reader: import stopped: {report.error}{unsaved}", error=True)
        return EXIT_ERROR
    return EXIT_FAILED if report.failures else EXIT_OK


def cmd_fetch(args: argparse.Namespace) -> int:
    from library.importer import Importer
    from library.network import OFFLINE_VARIABLE, offline_by_environment
    from library.sources.web import Fetcher

    if offline_by_environment():
        say(f"Nothing downloaded: working offline ({OFFLINE_VARIABLE} is set).", error=True)
        return EXIT_OK
    with open_library(args) as library, Fetcher() as fetcher:
        bar = progress_bar(args.quiet)
        report = Importer(library, fetcher).fetch_pending(
            progress=bar.update if bar else None, retry_failed=args.retry_failed
        )
        if bar:
            bar.finish()
        waiting = len(library.pending(limit=1_000_000))
    downloaded = report.count("imported") + report.count("updated")
    failed = len(report.failures)
    say(f"downloaded {downloaded}, failed {failed}, still waiting {waiting}")
    for failure in report.failures:
        say(f"  failed: {one_line(failure.source)}: {one_line(failure.reason)}")
    say_waiting(report)
    if report.cancelled:
        say(
            "Stopped: the network is not reachable (several sites in a row did not answer). "
            "What was not downloaded waits; run article-reader fetch again later."
        )
    elif not report.results and not waiting:
        say("Nothing to download: every article is in the library.")
    if report.error:
        say(f"article-reader: fetch stopped: {report.error}", error=True)
        return EXIT_ERROR
    return EXIT_FAILED if report.failures else EXIT_OK


def print_import_summary(report: ImportReport) -> None:
    names: tuple[Outcome, ...] = ("imported", "updated", "duplicate", "pending", "failed", "skipped")
    counts = {name: report.count(name) for name in names}
    words = {"duplicate": "duplicates", "pending": "to download later"}
    say(", ".join(f"{words.get(name, name)} {number}" for name, number in counts.items()))
    if report.images_pending:
        say(f"{report.images_pending} images wait for the network (article-reader fetch downloads them)")
    for failure in report.failures:
        say(f"  failed: {one_line(failure.source)}: {one_line(failure.reason)}")
    say_waiting(report)


def say_waiting(report: ImportReport) -> None:
    """Each address kept to download later because its host could not be reached, and why."""
    for waiting in report.results:
        if waiting.outcome == "pending" and waiting.reason:
            reason = one_line(waiting.reason)
            say(f"  waiting: {one_line(waiting.source)}: {reason} (article-reader fetch tries again)")
