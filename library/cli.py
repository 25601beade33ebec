"""The `article-reader` command line: open the window, import, list, search, read, extract."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from library.article import Article
from library.errors import LibraryError, ReaderError

if TYPE_CHECKING:
    from library.importer import ImportOutcome, ImportReport, Progress
    from library.store import ArticleHeader, Library, StoredArticle

# Exit statuses: 0 all went well, 1 some input failed, 2 usage or library errors.
EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2

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
  article-reader extract --json page.html
"""


def article_json(article: Article, source: str | None = None) -> dict[str, Any]:
    """The JSON keys of an extracted article (what `extract --json` prints)."""
    result: dict[str, Any] = {} if source is None else {"source": source}
    result.update(
        title=article.title,
        byline=article.byline,
        site_name=article.site_name,
        section=article.section,
        published=article.published,
        updated=article.updated,
        lang=article.lang,
        dir=article.dir,
        excerpt=article.excerpt,
        lead_image=article.lead_image,
        url=article.url,
        canonical_url=article.canonical_url,
        word_count=article.word_count,
        reading_minutes=article.reading_minutes,
        text=article.text,
        html=article.html,
    )
    return result


def stored_json(stored: StoredArticle, *, body: bool) -> dict[str, Any]:
    """The JSON keys of a stored article: extraction's, plus id, state, tags and times."""
    result: dict[str, Any] = {"id": stored.id}
    result.update(article_json(stored.article))
    result.update(
        word_count=stored.word_count,
        reading_minutes=stored.reading_minutes,
        tags=stored.tags,
        read=bool(stored.state.read),
        favorite=bool(stored.state.favorite),
        archived=bool(stored.state.archived),
        progress=stored.state.progress,
        saved_at=stored.saved_at,
        status=stored.status,
        fetch_error=stored.fetch_error,
    )
    if not body:
        del result["text"], result["html"]
    return result


# -- commands that need no library ---------------------------------------------------


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
            print(json.dumps(result, ensure_ascii=False) if args.json else _extract_text(result), flush=True)
    return EXIT_FAILED if failed else EXIT_OK


def _extract_text(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"{result['source']}: error: {result['error']}\n"
    fields = ("section", "byline", "site_name", "published")
    head = [str(result["title"])] + [f"{name}: {result[name]}" for name in fields if result[name]]
    return "\n".join(head) + "\n\n" + str(result["text"]) + "\n"


# -- commands on the library ---------------------------------------------------------


def open_library(args: argparse.Namespace) -> Library:
    from library.store import Library, default_library_path

    path = Path(args.library).expanduser() if args.library else default_library_path()
    return Library.open(path)


def cmd_import(args: argparse.Namespace) -> int:
    from library.importer import Importer

    with open_library(args) as library, contextlib.ExitStack() as stack:
        fetcher = None
        if not args.offline:
            from library.sources.web import Fetcher

            fetcher = stack.enter_context(Fetcher())
        importer = Importer(library, fetcher, fetch_exports=args.download)
        bar = ProgressBar() if sys.stderr.isatty() and not args.quiet else None
        try:
            report = importer.import_sources(args.sources, progress=bar.update if bar else None)
        except KeyboardInterrupt:
            if bar:
                bar.finish()
            print(
                "Import interrupted; what was finished is saved. Run it again to import the rest.",
                file=sys.stderr,
            )
            return EXIT_FAILED
        if bar:
            bar.finish()
    print_import_summary(report)
    if report.error:
        print(f"article-reader: import stopped: {report.error}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_FAILED if report.failures else EXIT_OK


def cmd_fetch(args: argparse.Namespace) -> int:
    from library.importer import Importer
    from library.sources.web import Fetcher

    with open_library(args) as library, Fetcher() as fetcher:
        bar = ProgressBar() if sys.stderr.isatty() and not args.quiet else None
        report = Importer(library, fetcher).fetch_pending(
            progress=bar.update if bar else None, retry_failed=args.retry_failed
        )
        if bar:
            bar.finish()
    print_import_summary(report)
    if report.cancelled:
        print("Stopped: the network is not reachable. The rest stay queued.")
    return EXIT_FAILED if report.failures else EXIT_OK


def print_import_summary(report: ImportReport) -> None:
    names: tuple[ImportOutcome, ...] = ("imported", "updated", "duplicate", "pending", "failed", "skipped")
    counts = {name: report.count(name) for name in names}
    words = {"duplicate": "duplicates", "pending": "to download later"}
    print(", ".join(f"{words.get(name, name)} {number}" for name, number in counts.items()))
    for failure in report.failures:
        print(f"  failed: {failure.source}: {failure.reason}")


def cmd_list(args: argparse.Namespace) -> int:
    from library.store import View

    view = View("all")
    if args.unread:
        view = View("unread")
    elif args.archived:
        view = View("archive")
    elif args.favorites:
        view = View("favorites")
    elif args.tag:
        view = View.of_tag(args.tag)
    with open_library(args) as library:
        headers = library.headers(view, limit=args.limit)
        if args.json:
            print(_json([_list_item(library, header) for header in headers]))
        else:
            for header in headers:
                print(_header_line(header))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from library.store import MATCH_END, MATCH_START

    with open_library(args) as library:
        hits = library.search(" ".join(args.query), limit=args.limit)
        if args.json:
            items = []
            for hit in hits:
                item = _list_item(library, hit)
                item["snippet"] = (hit.snippet or "").replace(MATCH_START, "").replace(MATCH_END, "")
                items.append(item)
            print(_json(items))
            return EXIT_OK
        bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
        for hit in hits:
            print(_header_line(hit))
            snippet = (hit.snippet or "").replace(MATCH_START, bold).replace(MATCH_END, plain)
            print(textwrap.indent(" ".join(snippet.split()), "      "))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        stored = _get(library, args.id)
        if args.format == "json":
            print(_json(stored_json(stored, body=True)))
        elif args.format == "html":
            print(stored.article.html)
        else:
            article = stored.article
            width = min(shutil.get_terminal_size((80, 24)).columns, 80)
            print(article.title)
            details = [article.byline, article.site_name, (article.published or "")[:10] or None]
            line = " · ".join(d for d in details if d)
            if line:
                print(line)
            if stored.status != "ready":
                print(f"(not downloaded yet{': ' + stored.fetch_error if stored.fetch_error else ''})")
            print()
            for paragraph in article.text.split("\n\n"):
                print(textwrap.fill(paragraph, width=width) if paragraph.strip() else "")
                print()
    return EXIT_OK


def cmd_mark(args: argparse.Namespace) -> int:
    flags: dict[str, bool] = {}
    for name, on, off in (
        ("read", "read", "unread"),
        ("favorite", "favorite", "unfavorite"),
        ("archived", "archive", "unarchive"),
    ):
        if getattr(args, on) and getattr(args, off):
            fail(f"--{on} and --{off} contradict each other")
        if getattr(args, on) or getattr(args, off):
            flags[name] = bool(getattr(args, on))
    if not flags:
        fail("say what to mark: --read, --unread, --favorite, --unfavorite, --archive or --unarchive")
    with open_library(args) as library:
        for article_id in args.ids:
            _get(library, article_id)
        library.set_state(args.ids, **flags)
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    if not args.add and not args.remove:
        fail("say which tags to --add or --remove")
    with open_library(args) as library:
        for article_id in args.ids:
            _get(library, article_id)
        if args.add:
            library.add_tags(args.ids, args.add)
        if args.remove:
            library.remove_tags(args.ids, args.remove)
        for article_id in args.ids:
            print(f"{article_id}: {', '.join(library.tags_of(article_id)) or '(no tags)'}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        for article_id in args.ids:
            _get(library, article_id)
        deleted = library.delete(args.ids)
    print(f"deleted {len(deleted.article_ids)}")
    return EXIT_OK


def _get(library: Library, article_id: int) -> StoredArticle:
    stored = library.get(article_id)
    if stored is None:
        raise ReaderError(f"no article with id {article_id}")
    return stored


def _list_item(library: Library, header: ArticleHeader) -> dict[str, Any]:
    return stored_json(_get(library, header.id), body=False)


def _header_line(header: ArticleHeader) -> str:
    marks = ("•" if not header.read else " ") + ("★" if header.favorite else " ")
    details = [
        header.site_name,
        (header.published or header.saved_at or "")[:10],
        f"{header.reading_minutes} min",
    ]
    if header.status != "ready":
        details.append("not downloaded" if header.status == "pending" else "download failed")
    return f"{header.id:>6} {marks} {header.title}  ({' · '.join(d for d in details if d)})"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


class ProgressBar:
    """A one-line progress bar on stderr, redrawn in place."""

    def __init__(self) -> None:
        self.width = max(20, min(shutil.get_terminal_size((80, 24)).columns, 100) - 40)
        self.drawn = False

    def update(self, progress: Progress) -> None:
        total = progress.total or 0
        done = min(progress.done, total) if total else progress.done
        filled = int(self.width * done / total) if total else 0
        name = Path(progress.current).name[-28:] if progress.current else ""
        counter = f"{done}/{total}" if total else str(done)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {counter} {name:<28}")
        sys.stderr.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            sys.stderr.write("\r" + " " * (self.width + 45) + "\r")
            sys.stderr.flush()


def fail(message: str) -> NoReturn:
    """A usage error: say it and exit with status 2."""
    print(f"article-reader: error: {message}", file=sys.stderr)
    raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="article-reader",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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

    imp = command(
        "import",
        "import files, folders, exports and web addresses",
        "Import saved pages (.html, complete saves, .mht/.mhtml, SingleFile, .webarchive), text files,\n"
        ".gz of either, folders (recursively), exports of Pocket, Instapaper, Omnivore, Wallabag,\n"
        "Readwise Reader and browser bookmarks, and http(s) addresses.\n\n"
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

    fetch = command("fetch", "download articles imported as addresses only (Pocket, Instapaper, ...)")
    fetch.add_argument("--retry-failed", action="store_true", help="also retry those that failed before")
    fetch.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    fetch.set_defaults(handler=cmd_fetch)

    lst = command("list", "list articles, newest first")
    which = lst.add_mutually_exclusive_group()
    which.add_argument("--unread", action="store_true", help="only unread articles (not archived)")
    which.add_argument("--archived", action="store_true", help="only archived articles")
    which.add_argument("--favorites", action="store_true", help="only favourites")
    which.add_argument("--tag", metavar="T", help="only articles tagged T")
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

    show = command("show", "print an article")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--format", choices=("text", "html", "json"), default="text", help="default: text")
    show.add_argument(
        "--json", dest="format", action="store_const", const="json", help="same as --format json"
    )
    show.set_defaults(handler=cmd_show)

    mark = command("mark", "mark articles read, unread, favourite or archived")
    mark.add_argument("ids", nargs="+", type=int, metavar="ID")
    for flag, help_text in (
        ("read", "mark read"),
        ("unread", "mark unread"),
        ("favorite", "add to favourites"),
        ("unfavorite", "remove from favourites"),
        ("archive", "move to the archive"),
        ("unarchive", "take out of the archive"),
    ):
        mark.add_argument(f"--{flag}", action="store_true", help=help_text)
    mark.set_defaults(handler=cmd_mark)

    tag = command("tag", "add or remove tags")
    tag.add_argument("ids", nargs="+", type=int, metavar="ID")
    tag.add_argument("--add", metavar="T", action="append", default=[], help="add tag T (repeatable)")
    tag.add_argument("--remove", metavar="T", action="append", default=[], help="remove tag T (repeatable)")
    tag.set_defaults(handler=cmd_tag)

    delete = command("delete", "delete articles with their images and state")
    delete.add_argument("ids", nargs="+", type=int, metavar="ID")
    delete.set_defaults(handler=cmd_delete)

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
    return parser


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


WindowOpener = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None, open_window: WindowOpener | None = None) -> int:
    """Run the command line; with no command, hand the parsed options to `open_window`.

    The library knows nothing of the window: `desktop.launcher`, the installed
    `article-reader` command, passes it in.
    """
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            if open_window is None:
                fail("no command given (the window is started by the article-reader command)")
            return open_window(args)
        status: int = handler(args)
        return status
    except LibraryError as error:
        print(f"article-reader: library error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except ReaderError as error:
        print(f"article-reader: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # `article-reader list | head` closed the pipe: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
