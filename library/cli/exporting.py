"""`export` and `backup`: get the library out in other tools' formats, or copy it whole."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from library.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    CommandAdder,
    add_view_options,
    chosen_view,
    fail,
    open_library,
)
from library.cli.output import one_line, progress_bar, say

# Where the export command's help lists the formats. Importing the exporters (the library, EPUB,
# SQLite helpers) costs every other command a tenth of a second, `extract` included, so they are
# only imported when the export command's help is shown or its --format is checked.
_FORMATS_MARK = "{formats}"


class _FormatNames(Sequence[str]):
    """The export formats' names, read from `library.export` when first asked for."""

    def _names(self) -> list[str]:
        from library.export import FORMATS

        return sorted(FORMATS)

    def __getitem__(self, index: Any) -> Any:
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()


class _ExportHelp(argparse.RawDescriptionHelpFormatter):
    """The export command's help, with the list of formats put in where it is printed."""

    def add_text(self, text: str | None) -> None:
        if text and _FORMATS_MARK in text:
            from library.export import FORMATS

            listed = "\n".join(f"  {name:<10} {fmt.description}" for name, fmt in FORMATS.items())
            text = text.replace(_FORMATS_MARK, listed)
        super().add_text(text)


def add_commands(command: CommandAdder) -> None:
    export = command(
        "export",
        "export articles as Markdown, web pages, an EPUB, JSON, CSV or bookmarks",
        "Export all articles, a view, a search or articles by id.\n\n"
        f"formats:\n{_FORMATS_MARK}\n\n"
        "The export appears at --output only when complete; an interrupted one leaves nothing.\n"
        "`article-reader import` reads json, markdown, csv and bookmarks exports back.",
    )
    export.formatter_class = _ExportHelp
    export.add_argument("ids", nargs="*", type=int, metavar="ID", help="only these articles")
    # A metavar, so that argparse does not list the choices (and import them) while building.
    export.add_argument(
        "--format", required=True, choices=_FormatNames(), metavar="FORMAT", help="what to write"
    )
    export.add_argument("--output", "-o", required=True, metavar="PATH", help="the file or folder to write")
    add_view_options(export)
    export.add_argument("--search", metavar="QUERY", help="only articles matching QUERY (within the view)")
    export.add_argument(
        "--replace", action="store_true", help="replace an existing file, or a folder an earlier export wrote"
    )
    export.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    export.set_defaults(handler=cmd_export)

    backup = command(
        "backup",
        "copy the library, consistent even while it is in use",
        "Write a copy of the library to PATH (a file, or a folder to put a dated copy in),\n"
        "checked with SQLite's integrity_check before it is put there. Safe while the window\n"
        "or an import is running. To restore, open the copy: article-reader --library COPY",
    )
    backup.add_argument("path", metavar="PATH", help="the copy to write, or a folder for it")
    backup.add_argument("--replace", action="store_true", help="replace an existing file")
    backup.set_defaults(handler=cmd_backup)


def cmd_export(args: argparse.Namespace) -> int:
    from library.cli import version
    from library.export import Selection, export_articles
    from library.records import View

    view = chosen_view(args)
    if args.ids and (view != View() or args.search):
        fail("choose articles by id, or by view and search, not both")
    selection = Selection(view=view, search=args.search, ids=tuple(args.ids))
    with open_library(args) as library:
        bar = progress_bar(args.quiet)
        try:
            report = export_articles(
                library,
                selection,
                args.format,
                Path(args.output),
                replace=args.replace,
                progress=bar.update if bar else None,
                application=f"article-reader {version()}",
            )
        except KeyboardInterrupt:
            if bar:
                bar.finish()
            say("Export interrupted; nothing was written.", error=True)
            return EXIT_FAILED
        if bar:
            bar.finish()
    noun = "article" if report.articles == 1 else "articles"
    say(
        f"Exported {report.articles} {noun} to {one_line(str(report.output))} "
        f"({_size(report.bytes)}, {report.seconds:.1f} s)"
    )
    for note in report.notes:
        say(f"  note: {one_line(note)}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    import os

    from library.backup import BackupError, backup_library

    target = Path(args.path).expanduser()
    if args.path.endswith((os.sep, "/")):  # a folder named as one: the dated copy goes inside
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BackupError(f"{target}: cannot create the folder ({error.strerror or error})") from None
    with open_library(args) as library:
        report = backup_library(library.db.conn, library.path, target, replace=args.replace)
    say(
        f"Backed up to {one_line(str(report.path))} ({_size(report.bytes)}, integrity ok, {report.seconds:.1f} s)"
    )
    say(f"To use it: article-reader --library {one_line(str(report.path))}")
    return EXIT_OK


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"
