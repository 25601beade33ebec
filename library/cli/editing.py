"""`mark`, `tag` and `delete`: change articles from a terminal or a script."""

from __future__ import annotations

import argparse

from library.cli.common import EXIT_OK, CommandAdder, fail, get_article, open_library
from library.cli.output import one_line, say


def add_commands(command: CommandAdder) -> None:
    mark = command("mark", "mark articles read, unread, favourite or archived", None)
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

    tag = command("tag", "add or remove tags", None)
    tag.add_argument("ids", nargs="+", type=int, metavar="ID")
    tag.add_argument("--add", metavar="T", action="append", default=[], help="add tag T (repeatable)")
    tag.add_argument("--remove", metavar="T", action="append", default=[], help="remove tag T (repeatable)")
    tag.set_defaults(handler=cmd_tag)

    delete = command("delete", "delete articles with their images and state", None)
    delete.add_argument("ids", nargs="+", type=int, metavar="ID")
    delete.set_defaults(handler=cmd_delete)


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
            get_article(library, article_id)
        library.set_state(args.ids, **flags)
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    if not args.add and not args.remove:
        fail("say which tags to --add or --remove")
    if any(not " ".join(tag.split()) for tag in [*args.add, *args.remove]):
        fail("a tag cannot be empty")
    with open_library(args) as library:
        for article_id in args.ids:
            get_article(library, article_id)
        if args.add:
            library.add_tags(args.ids, args.add)
        if args.remove:
            library.remove_tags(args.ids, args.remove)
        for article_id in args.ids:
            tags = ", ".join(one_line(tag) for tag in library.tags_of(article_id))
            say(f"{article_id}: {tags or '(no tags)'}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        for article_id in args.ids:
            get_article(library, article_id)
        deleted = library.delete(args.ids)
    say(f"deleted {len(deleted.article_ids)}")
    return EXIT_OK
