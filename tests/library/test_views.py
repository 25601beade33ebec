"""Views: the library's queries and `View.contains` choose the same articles."""

from __future__ import annotations

import itertools

from library.article import Article, ReadingState
from library.records import View
from library.store import Library


def test_every_view_query_agrees_with_view_contains(library: Library) -> None:
    # Every combination of the three flags, with and without each tag.
    for number, (read, favorite, archived, tagged) in enumerate(
        itertools.product((False, True), (False, True), (False, True), ((), ("Work",), ("work", "later")))
    ):
        library.save(
            Article(title=f"A{number}", url=f"https://example.com/{number}", html="<p>x</p>", text="x"),
            source_kind="html",
            state=ReadingState(read=read, favorite=favorite, archived=archived),
            tags=tagged,
        )
    everything = library.headers(View(), limit=1000)
    assert len(everything) == 24
    views = [View(), View("unread"), View("favorites"), View("archive"), View.of_tag("work")]
    views += [View.of_tag("later"), View.of_tag("absent")]
    for view in views:
        queried = {header.id for header in library.headers(view, limit=1000)}
        decided = {h.id for h in everything if view.contains(h, library.tags_of(h.id))}
        assert queried == decided, view
        assert library.count(view) == len(decided)
    assert library.count(View("unread")) == 6 and library.count(View.of_tag("work")) == 16


def test_a_view_survives_being_kept_as_a_settings_value() -> None:
    for view in (View(), View("unread"), View("favorites"), View("archive"), View.of_tag("tag:odd")):
        assert View.from_key(view.key) == view
    assert View.from_key("nonsense") == View() and View.from_key(None) == View()
