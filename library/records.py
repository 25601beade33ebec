"""What the library hands back: views, list rows, stored articles, images and outcomes."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Literal

from library.article import Article, ReadingState
from library.highlights.model import StoredHighlight

# What became of an entry; "skipped" is a file a folder held that is no page, text or export
# (not a failure, and not written to the import log).
Outcome = Literal["imported", "updated", "duplicate", "pending", "failed", "skipped"]
Status = Literal["ready", "pending", "failed"]
ViewKind = Literal["all", "unread", "favorites", "archive", "tag"]


@dataclass(frozen=True)
class View:
    """Which articles a list shows: a sidebar entry."""

    kind: ViewKind = "all"
    tag: str | None = None

    @staticmethod
    def of_tag(tag: str) -> View:
        return View("tag", tag)

    def contains(self, header: ArticleHeader, tags: Collection[str] = ()) -> bool:
        """Whether the article of `header` (carrying `tags`) belongs in this view.

        The library's queries select the same articles (`store._VIEW_SOURCES`;
        a test checks that the two agree).
        """
        if self.kind == "unread":
            return not header.read and not header.archived
        if self.kind == "favorites":
            return header.favorite
        if self.kind == "archive":
            return header.archived
        if self.kind == "tag":
            wanted = (self.tag or "").casefold()
            return any(tag.casefold() == wanted for tag in tags)
        return True

    @property
    def key(self) -> str:
        """The view as a settings value: "unread", "tag:work"."""
        return f"tag:{self.tag}" if self.kind == "tag" else self.kind

    @staticmethod
    def from_key(key: object) -> View:
        """The view a settings value names; All for anything unknown."""
        text = str(key or "all")
        if text.startswith("tag:"):
            return View.of_tag(text[4:])
        for kind in ("all", "unread", "favorites", "archive"):
            if text == kind:
                return View(kind)
        return View()


@dataclass(frozen=True)
class Cursor:
    """Where the next page of a list starts (keyset pagination: newest first)."""

    saved_at: str
    id: int


@dataclass
class ArticleHeader:
    """What a list row shows of an article."""

    id: int
    title: str
    url: str | None
    site_name: str | None
    byline: str | None
    published: str | None
    saved_at: str
    reading_minutes: int
    word_count: int
    status: Status
    fetch_error: str | None
    excerpt: str | None
    read: bool
    favorite: bool
    archived: bool
    progress: float
    snippet: str | None = None
    # Where a search found the article when not in its text alone: a highlight, or its note.
    found_in: Literal["highlight", "note"] | None = None
    highlight_id: int | None = None

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.saved_at, self.id)


@dataclass
class StoredArticle:
    """An article as the library holds it, with its reading state and tags."""

    id: int
    article: Article
    status: Status
    fetch_error: str | None
    source_kind: str
    source_path: str | None
    saved_at: str
    imported_at: str
    state: ReadingState
    last_opened: str | None
    tags: list[str]
    highlights: list[StoredHighlight]
    word_count: int
    reading_minutes: int


@dataclass(frozen=True)
class StoredImage:
    """An image ready to store: the HTML refers to it as `library-image:<sha256>`."""

    sha256: str
    url: str | None
    mime: str
    data: bytes

    @property
    def reference(self) -> str:
        return image_reference(self.sha256)


def image_reference(sha256: str) -> str:
    """The `src` an article's HTML uses for a stored image."""
    return f"library-image:{sha256}"


@dataclass
class PreparedArticle:
    """An article that needs no extraction: our own export read back, or a Markdown file rendered.

    The importer stores it as it is. `images` are already referred to as
    `library-image:<sha256>`; when there are none, the importer looks the article's
    image sources up in the entry's document resources as for any page.
    `highlight_rows` are highlights as column values (our JSON export's); the
    entry's own `highlights` are added as well.
    """

    article: Article
    status: Status = "ready"
    fetch_error: str | None = None
    source_path: str | None = None
    imported_at: str | None = None
    last_opened: str | None = None
    images: list[StoredImage] = field(default_factory=list)
    pending_images: list[PendingImage] = field(default_factory=list)
    # The page it was extracted from: (kind, url, content), kept as any import keeps it.
    original: tuple[str, str | None, str] | None = None
    highlight_rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class PendingImage:
    """An image of an article still on the web: the HTML refers to it as `library-pending:<token>`
    and the reading pane draws a placeholder until it is downloaded."""

    token: str
    url: str

    @staticmethod
    def of(url: str) -> PendingImage:
        return PendingImage(hashlib.sha256(url.encode()).hexdigest()[:32], url)

    @property
    def reference(self) -> str:
        return pending_reference(self.token)


def pending_reference(token: str) -> str:
    """The `src` an article's HTML uses for an image not downloaded yet."""
    return f"library-pending:{token}"


@dataclass(frozen=True)
class SaveResult:
    article_id: int
    outcome: Outcome


@dataclass
class DeletedArticles:
    """Everything a delete removed, so that undo can put it back exactly (same ids)."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def article_ids(self) -> list[int]:
        return [row["id"] for row in self.rows.get("articles", [])]


@dataclass
class LogEntry:
    at: str
    source: str
    source_kind: str | None
    outcome: Outcome
    reason: str | None
    article_id: int | None
