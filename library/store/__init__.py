"""The library database: one SQLite file holding articles, their state, tags, images, highlights and imports.

`Library` is built in layers, each in its own module, each on the one before: the file
(opening, transactions, settings), images, reading marks and tags, articles, search.
"""

from __future__ import annotations

from library.migrations import MIGRATION_SET
from library.snippets import MATCH_END, MATCH_START
from library.store.file import default_library_path
from library.store.identity import text_key, url_key
from library.store.search import SearchStore


class Library(SearchStore):
    """One library file. Not thread-safe: each thread opens its own `Library` on the same path.

    Environment failures (a locked, full, damaged or foreign file) raise
    `LibraryError` naming the path; programming errors raise as they are.
    """


__all__ = [
    "MATCH_END",
    "MATCH_START",
    "MIGRATION_SET",
    "Library",
    "default_library_path",
    "text_key",
    "url_key",
]
