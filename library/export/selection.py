"""Which articles an export takes: everything, a view, a search, or articles named by id."""

from __future__ import annotations

from dataclasses import dataclass

from library.errors import ReaderError
from library.records import View
from library.store import Library

# Pages of the list read at a time: few queries, little memory, at 100,000 articles.
_PAGE = 5000


@dataclass(frozen=True)
class Selection:
    """What to export: the articles of `view`, narrowed to those matching `search`; or `ids` alone."""

    view: View = View()
    search: str | None = None
    ids: tuple[int, ...] = ()

    def describe(self) -> str:
        """The selection in words, for a book's title or a summary line."""
        if self.ids:
            return f"{len(self.ids)} chosen article{'s' if len(self.ids) != 1 else ''}"
        words = {"all": "All articles", "unread": "Unread", "favorites": "Favourites", "archive": "Archive"}
        described = f"Tagged “{self.view.tag}”" if self.view.kind == "tag" else words[self.view.kind]
        return f"{described}, matching “{self.search}”" if self.search else described

    def article_ids(self, library: Library) -> list[int]:
        """The ids of the selected articles, in the order the list shows them (newest first).

        Ids given explicitly keep their order; one the library does not have is an error.
        """
        if self.ids:
            missing = [article_id for article_id in self.ids if library.header(article_id) is None]
            if missing:
                raise ReaderError(f"no article with id {', '.join(str(n) for n in missing)}")
            return list(dict.fromkeys(self.ids))
        if self.search and self.search.strip():
            return library.search_ids(self.search, self.view)
        ids: list[int] = []
        page = library.headers(self.view, limit=_PAGE)
        while page:
            ids += [header.id for header in page]
            if len(page) < _PAGE:
                break
            page = library.headers(self.view, after=page[-1].cursor, limit=_PAGE)
        return ids
