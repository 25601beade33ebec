"""Article Reader's core: sources, extraction and the library database, with no UI."""

from library.article import Article, Document, Entry, Highlight, ReadingState, Rejected
from library.errors import ExtractionError, LibraryError, ReaderError, SourceError

__all__ = [
    "Article",
    "Document",
    "Entry",
    "ExtractionError",
    "Highlight",
    "LibraryError",
    "ReaderError",
    "ReadingState",
    "Rejected",
    "SourceError",
]
