"""Errors that mean "the world is not as expected": shown to the user, never a crash."""

from __future__ import annotations


class ReaderError(Exception):
    """A problem with the user's files, pages or machine, worth one clear line on screen."""


class LibraryError(ReaderError):
    """The library file cannot be used: not SQLite, damaged, too new, locked, or the disk is full."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[LibraryError], tuple[object, str]]:
        # Picklable as itself, so a worker process can hand it back whole.
        return type(self), (self.path, self.reason)


class LibraryBusyError(LibraryError):
    """Another program held the library's write lock for longer than the busy timeout."""


class LibraryFullError(LibraryError):
    """The disk (or the library's size limit) is full: the last write was not saved."""


class LibraryReadOnlyError(LibraryError):
    """The library was opened read-only (read-only media, folder or file): nothing can be changed."""


class SourceError(ReaderError):
    """A file, export or address could not be read (missing, unreadable, too large, not a page)."""


class ExtractionError(ReaderError):
    """A document was read but holds no article (empty, binary, or nothing but navigation)."""


def reason_of(error: Exception, where: str) -> str:
    """The error's message without the leading "where: ", which a report shows beside it."""
    return str(error).removeprefix(f"{where}: ")
