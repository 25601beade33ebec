"""Highlights in the library file: made, noted, recoloured, deleted and put back, placed in the text.

Functions taking a `Library` are whole operations, each change in its own transaction. The
ones taking the connection (`add_imported`, `replace_in_text`, `highlights_in`) run
inside the store's own transaction, so that highlights change together with the
article change that brought them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from library.article import Highlight
from library.database import translate_errors
from library.dates import utc_now
from library.highlights.anchor import Anchor, Placement, anchor_at, folded, occurrences, place
from library.highlights.model import (
    DEFAULT_COLOR,
    MADE_HERE,
    HighlightError,
    StoredHighlight,
    check_color,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from library.store import Library

# The columns a StoredHighlight is read from, in its fields' order.
COLUMNS = (
    "h.id, h.article_id, h.quote, h.prefix, h.suffix, h.text_start, h.text_end, h.note, h.color, "
    "h.created_at, h.placement, h.origin"
)
_Placement = tuple[Anchor, Placement]
# Reading order: placed highlights by where they start, then those not found, as made.
_READING_ORDER = "h.text_start IS NULL, h.text_start, h.text_end, h.id"


class QuoteNotFound(HighlightError):
    """The quote to highlight does not occur in the article."""


class AmbiguousQuote(HighlightError):
    """The quote to highlight occurs more than once and no occurrence was chosen."""

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


def stored_highlight(row: Sequence[Any]) -> StoredHighlight:
    """The highlight in a row of COLUMNS."""
    return StoredHighlight(
        id=row[0],
        article_id=row[1],
        quote=row[2],
        prefix=row[3],
        suffix=row[4],
        start=row[5],
        end=row[6],
        note=row[7],
        color=check_color(row[8]),
        created_at=row[9],
        placement=row[10],
        origin=row[11],
    )


# -- inside the store's transaction --------------------------------------------------------------


def highlights_in(db: Database, article_id: int) -> list[StoredHighlight]:
    """The article's highlights in reading order."""
    return [
        stored_highlight(row)
        for row in db.execute(
            f"SELECT {COLUMNS} FROM highlights h WHERE h.article_id = ? ORDER BY {_READING_ORDER}",
            [article_id],
        )
    ]


def add_imported(db: Database, article_id: int, highlights: Sequence[Highlight], origin: str) -> int:
    """Add highlights another service made, placed in the article's text; return how many changed.

    A quote the article already has (spacing and case aside) is not added again, so
    importing the same export twice changes nothing; a note the export now has for a
    highlight that had none is added to it. A note without words (on the whole
    article) is kept as a highlight with an empty quote, once.
    """
    wanted = [h for h in highlights if h.text.strip() or h.note.strip()]
    if not wanted:
        return 0
    text = _article_text(db, article_id)
    have = {
        _identity(quote, note): (highlight_id, note)
        for highlight_id, quote, note in db.execute(
            "SELECT id, quote, note FROM highlights WHERE article_id = ?", [article_id]
        )
    }
    changed = 0
    now = utc_now()
    for highlight in wanted:
        key = _identity(highlight.text, highlight.note)
        if key in have:
            highlight_id, note = have[key]
            if highlight.note and not note:
                db.execute(
                    "UPDATE highlights SET note = ?, changed_at = ? WHERE id = ?",
                    [highlight.note, now, highlight_id],
                )
                have[key] = (highlight_id, highlight.note)
                changed += 1
            continue
        placed = _placed(text, highlight.text, highlight.prefix, highlight.suffix, None)
        anchor, placement = placed if placed else (None, None)
        cursor = db.execute(
            "INSERT INTO highlights (article_id, quote, prefix, suffix, text_start, text_end, placement, "
            "note, color, created_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article_id,
                highlight.text,
                anchor.prefix if anchor else highlight.prefix,
                anchor.suffix if anchor else highlight.suffix,
                anchor.start if anchor else None,
                anchor.end if anchor else None,
                placement,
                highlight.note,
                DEFAULT_COLOR,
                highlight.created_at,
                origin,
            ],
        )
        have[key] = (int(cursor.lastrowid or 0), highlight.note)
        changed += 1
    return changed


def _identity(quote: str, note: str) -> str:
    """What makes an imported highlight the same as one the article has: its words, or for a
    note on the whole article, the note."""
    return folded(quote) if quote.strip() else "\x00" + " ".join(note.split())


def replace_in_text(db: Database, article_id: int, text: str) -> None:
    """Find every highlight of the article again in its new `text` (after a re-import or download).

    Those found get new positions and context; those not found lose their positions
    and keep their quote and context, to be found by a later text or shown as missing.
    """
    rows = db.execute(
        "SELECT id, quote, prefix, suffix, text_start FROM highlights WHERE article_id = ?", [article_id]
    ).fetchall()
    updates: list[tuple[str, str, int | None, int | None, str | None, int]] = []
    for highlight_id, quote, prefix, suffix, start in rows:
        placed = _placed(text, quote, prefix, suffix, start)
        if placed is None:
            updates.append((prefix, suffix, None, None, None, highlight_id))
        else:
            anchor, placement = placed
            updates.append((anchor.prefix, anchor.suffix, anchor.start, anchor.end, placement, highlight_id))
    db.conn.executemany(
        "UPDATE highlights SET prefix = ?, suffix = ?, text_start = ?, text_end = ?, placement = ? "
        "WHERE id = ?",
        updates,
    )


def _placed(text: str, quote: str, prefix: str, suffix: str, near: int | None) -> _Placement | None:
    """The anchor of `quote` found in `text`, with how strictly it matched; None when not found."""
    found = place(text, quote, prefix, suffix, near)
    return None if found is None else (anchor_at(text, found.start, found.end), found.placement)


def _article_text(db: Database, article_id: int) -> str:
    row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise HighlightError(f"no article with id {article_id}")
    return str(row[0])


# -- whole operations ----------------------------------------------------------------------------


def article_highlights(library: Library, article_id: int) -> list[StoredHighlight]:
    """The article's highlights in reading order (those not found in its text last)."""
    with translate_errors(library.path):
        return highlights_in(library.db, article_id)


def get_highlight(library: Library, highlight_id: int) -> StoredHighlight | None:
    with translate_errors(library.path):
        return _get(library.db, highlight_id)


def _get(db: Database, highlight_id: int) -> StoredHighlight | None:
    row = db.execute(f"SELECT {COLUMNS} FROM highlights h WHERE h.id = ?", [highlight_id]).fetchone()
    return stored_highlight(row) if row else None


def _existing(db: Database, highlight_id: int) -> StoredHighlight:
    highlight = _get(db, highlight_id)
    if highlight is None:
        raise HighlightError(f"no highlight with id {highlight_id}")
    return highlight


def make_highlight(
    library: Library,
    article_id: int,
    start: int,
    end: int,
    *,
    color: str = DEFAULT_COLOR,
    note: str = "",
) -> StoredHighlight:
    """Highlight `text[start:end]` of the article (offsets into `Article.text`)."""
    checked = check_color(color)
    with library.transaction():
        text = _article_text(library.db, article_id)
        try:
            anchor = anchor_at(text, start, end)
        except ValueError as error:
            raise HighlightError(f"cannot highlight in article {article_id}: {error}") from None
        return _insert(library.db, article_id, anchor, checked, note)


def highlight_quote(
    library: Library,
    article_id: int,
    quote: str,
    *,
    occurrence: int | None = None,
    color: str = DEFAULT_COLOR,
    note: str = "",
) -> StoredHighlight:
    """Highlight the passage `quote` of the article (the `occurrence`-th, from 1, if it recurs).

    The quote is looked for exactly, then with spacing, case and typographic quotes set
    aside; never approximately, since a person named the words.

    Raises:
        QuoteNotFound: the quote is not in the article's text.
        AmbiguousQuote: it occurs more than once and `occurrence` does not choose one.
    """
    checked = check_color(color)
    with library.transaction():
        text = _article_text(library.db, article_id)
        spans, _placement = occurrences(text, quote)
        if not spans:
            raise QuoteNotFound(f"the quote is not in the text of article {article_id}")
        if occurrence is None and len(spans) > 1:
            raise AmbiguousQuote(
                f"the quote occurs {len(spans)} times in article {article_id}; choose one of 1-{len(spans)}",
                len(spans),
            )
        index = (occurrence or 1) - 1
        if not 0 <= index < len(spans):
            raise HighlightError(
                f"the quote occurs {len(spans)} time{'s' * (len(spans) > 1)} in article {article_id}, "
                f"so there is no occurrence {occurrence}"
            )
        anchor = anchor_at(text, *spans[index])
        return _insert(library.db, article_id, anchor, checked, note)


def _insert(db: Database, article_id: int, anchor: Anchor, color: str, note: str) -> StoredHighlight:
    cursor = db.execute(
        "INSERT INTO highlights (article_id, quote, prefix, suffix, text_start, text_end, placement, note, "
        "color, created_at, origin) VALUES (?, ?, ?, ?, ?, ?, 'exact', ?, ?, ?, ?)",
        [
            article_id,
            anchor.quote,
            anchor.prefix,
            anchor.suffix,
            anchor.start,
            anchor.end,
            note.strip(),
            color,
            utc_now(),
            MADE_HERE,
        ],
    )
    return _existing(db, int(cursor.lastrowid or 0))


def set_note(library: Library, highlight_id: int, note: str) -> StoredHighlight:
    """Give the highlight a note (an empty one removes it)."""
    with library.transaction():
        _existing(library.db, highlight_id)
        library.db.execute(
            "UPDATE highlights SET note = ?, changed_at = ? WHERE id = ?",
            [note.strip(), utc_now(), highlight_id],
        )
        return _existing(library.db, highlight_id)


def set_color(library: Library, highlight_id: int, color: str) -> StoredHighlight:
    checked = check_color(color)
    with library.transaction():
        _existing(library.db, highlight_id)
        library.db.execute(
            "UPDATE highlights SET color = ?, changed_at = ? WHERE id = ?", [checked, utc_now(), highlight_id]
        )
        return _existing(library.db, highlight_id)


def delete_highlight(library: Library, highlight_id: int) -> StoredHighlight:
    """Delete the highlight; return it, so that `restore_highlight` can put it back as it was."""
    with library.transaction():
        highlight = _existing(library.db, highlight_id)
        library.db.execute("DELETE FROM highlights WHERE id = ?", [highlight_id])
    return highlight


def restore_highlight(library: Library, highlight: StoredHighlight) -> None:
    """Undo a delete: the highlight again, with its id (unless its article was deleted since)."""
    with library.transaction():
        if (
            library.db.execute("SELECT 1 FROM articles WHERE id = ?", [highlight.article_id]).fetchone()
            is None
        ):
            raise HighlightError(f"the article of highlight {highlight.id} is no longer in the library")
        library.db.execute(
            "INSERT OR REPLACE INTO highlights (id, article_id, quote, prefix, suffix, text_start, text_end, "
            "placement, note, color, created_at, origin, changed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                highlight.id,
                highlight.article_id,
                highlight.quote,
                highlight.prefix,
                highlight.suffix,
                highlight.start,
                highlight.end,
                highlight.placement,
                highlight.note,
                highlight.color,
                highlight.created_at,
                highlight.origin,
                utc_now(),
            ],
        )
