"""What the library hands back about highlights: the stored highlight, a library-wide list row, colours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from library.errors import ReaderError
from library.highlights.anchor import Placement

Color = Literal["yellow", "green", "blue", "pink", "purple"]
# In the order menus offer them; the first is what a new highlight gets.
COLORS: tuple[Color, ...] = ("yellow", "green", "blue", "pink", "purple")
DEFAULT_COLOR: Color = "yellow"
# Who made a highlight: here (the window or the command line), or an import (its source kind).
MADE_HERE = "reader"


@dataclass
class StoredHighlight:
    """A highlight as the library holds it: its selectors, note and colour.

    `start` and `end` are offsets into the article's current `Article.text`; both are
    None when the quote was not found in it (the highlight is kept all the same).
    """

    id: int
    article_id: int
    quote: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    note: str
    color: Color
    created_at: str | None
    placement: Placement | None
    origin: str

    @property
    def text(self) -> str:
        """The quote, by the name an imported `Highlight` gives it."""
        return self.quote

    @property
    def placed(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def on_article(self) -> bool:
        """A note on the whole article (exports keep those as highlights without words): never placed."""
        return not self.quote.strip()

    @property
    def reading_order(self) -> tuple[bool, bool, int, int, int]:
        """Sorts highlights as they come in the article: notes on the whole article first, then the
        highlights by where they start, then those not found in its text, as made."""
        return (not self.on_article, not self.placed, self.start or 0, self.end or 0, self.id)

    def as_json(self) -> dict[str, Any]:
        """The keys `show --format json` and `highlights --json` print."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "note": self.note,
            "color": self.color,
            "created_at": self.created_at,
            "placed": self.placed,
            "on_article": self.on_article,
            "placement": self.placement,
            "origin": self.origin,
        }


@dataclass(frozen=True)
class HighlightCursor:
    """Where the next page of the library's highlights starts (newest first)."""

    created_at: str
    id: int


@dataclass
class LibraryHighlight:
    """A row of the library-wide highlights list: the highlight and its article's title."""

    highlight: StoredHighlight
    article_title: str

    @property
    def cursor(self) -> HighlightCursor:
        return HighlightCursor(self.highlight.created_at or "", self.highlight.id)


class HighlightError(ReaderError):
    """A highlight cannot be made or changed as asked (no such quote, an ambiguous one, no such id)."""


def check_color(color: str) -> Color:
    """`color` as a colour name, or a clear error naming the ones there are."""
    for known in COLORS:
        if color == known:
            return known
    raise HighlightError(f"no colour {color!r}; choose one of {', '.join(COLORS)}")
