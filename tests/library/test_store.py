"""The library file: schema, duplicates, state, tags, images, pages, deletes and refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from library.article import Article, Highlight, ReadingState
from library.errors import LibraryError
from library.migrations import APPLICATION_ID
from library.records import Cursor, StoredImage, View, image_reference
from library.store import Library, url_key

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def article(n: int = 1, **fields: object) -> Article:
    values: dict[str, object] = {
        "title": f"Article {n}",
        "url": f"https://example.com/news/{n}",
        "html": f"<p>Body of article {n}.</p>",
        "text": f"Body of article {n}.",
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def test_new_library_is_wal_with_our_application_id(library: Library) -> None:
    assert library.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert library.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    columns = {c.name: c for c in library.db["articles"].columns}
    assert columns["id"].type == "INTEGER" and library.db["articles"].pks == ["id"]


def test_saving_and_reading_back_every_field(library: Library) -> None:
    original = Article(
        title="Zürich",
        html="<p>Hello</p>",
        text="Hello",
        url="https://example.com/a",
        canonical_url="https://example.com/a-canonical",
        byline="A. Writer",
        site_name="Example",
        section="World",
        published="2022-02-19T10:00:00+00:00",
        updated="2022-02-20T10:00:00+00:00",
        lang="de",
        dir="ltr",
        excerpt="Hello",
        lead_image="https://example.com/a.png",
    )
    saved = library.save(
        original,
        source_kind="html",
        source_path="/tmp/a.html",
        saved_at="2022-03-01T00:00:00+00:00",
        tags=["news", "Swiss"],
        state=ReadingState(read=True, favorite=True, archived=False, progress=0.5),
        highlights=[Highlight("Hello", "a note", "2022-03-02T00:00:00+00:00")],
    )
    assert saved.outcome == "imported"
    stored = library.get(saved.article_id)
    assert stored is not None
    assert stored.article == original
    assert stored.tags == ["news", "Swiss"]
    assert stored.state == ReadingState(read=True, favorite=True, archived=False, progress=0.5)
    assert [(h.quote, h.note, h.created_at, h.start, h.end) for h in stored.highlights] == [
        ("Hello", "a note", "2022-03-02T00:00:00+00:00", 0, 5)
    ]
    assert (stored.saved_at, stored.source_kind, stored.source_path) == (
        "2022-03-01T00:00:00+00:00",
        "html",
        "/tmp/a.html",
    )
    assert stored.word_count == 1 and stored.reading_minutes == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Tracking parameters, scheme, www. and a trailing slash do not make a new article.
        ("https://www.example.com/a?utm_source=x", "http://example.com/a/"),
        ("https://example.com/a#comments", "https://EXAMPLE.com/a"),
        ("https://example.com:443/a?id=3&fbclid=y", "https://example.com/a?id=3"),
    ],
)
def test_the_same_address_is_the_same_article(first: str, second: str) -> None:
    assert url_key(first) == url_key(second)


def test_different_queries_are_different_articles() -> None:
    assert url_key("https://example.com/a?id=3") != url_key("https://example.com/a?id=4")
    assert url_key("file:///etc/passwd") is None
    assert url_key("https://[broken/") is None


def test_importing_again_updates_in_place_and_keeps_state_and_tags(library: Library) -> None:
    first = library.save(article(1), source_kind="html", tags=["keep"])
    library.mark_opened(first.article_id)
    library.set_state([first.article_id], favorite=True)
    again = library.save(article(1), source_kind="html")
    assert again == type(again)(first.article_id, "duplicate")
    changed = library.save(
        article(1, html="<p>New body.</p>", text="New body."), source_kind="html", tags=["new"]
    )
    assert changed.article_id == first.article_id and changed.outcome == "updated"
    stored = library.get(first.article_id)
    assert stored is not None
    assert stored.article.text == "New body."
    assert stored.state.read and stored.state.favorite
    assert stored.tags == ["keep", "new"]
    assert library.count() == 1


def test_a_canonical_address_matches_the_plain_one(library: Library) -> None:
    first = library.save(article(1, url=None, canonical_url="https://example.com/news/1"), source_kind="html")
    second = library.save(article(1, url="https://example.com/news/1?utm_medium=rss"), source_kind="html")
    assert second.article_id == first.article_id


def test_without_an_address_the_same_text_is_the_same_article(library: Library) -> None:
    first = library.save(article(1, url=None, text="Same  words here."), source_kind="text")
    second = library.save(article(1, url=None, text="same words\nhere."), source_kind="text")
    third = library.save(article(2, url=None, text="Other words."), source_kind="text")
    assert second.article_id == first.article_id
    assert third.article_id != first.article_id


def test_an_address_only_entry_never_overwrites_a_downloaded_article(library: Library) -> None:
    ready = library.save(article(1), source_kind="html")
    pending = library.save(
        Article(title="Pocket title", url="https://example.com/news/1"),
        source_kind="pocket",
        status="pending",
    )
    assert pending == type(pending)(ready.article_id, "duplicate")
    stored = library.get(ready.article_id)
    assert stored is not None and stored.status == "ready" and stored.article.text == "Body of article 1."


def test_a_pending_article_becomes_ready_when_downloaded(library: Library) -> None:
    pending = library.save(
        Article(title="From Pocket", url="https://example.com/news/1"), source_kind="pocket", status="pending"
    )
    assert pending.outcome == "pending"
    assert [h.id for h in library.pending()] == [pending.article_id]
    done = library.save(article(1), source_kind="pocket")
    assert done == type(done)(pending.article_id, "updated")
    assert library.pending() == []


def test_images_are_stored_with_their_article(library: Library) -> None:
    image = StoredImage("ab" * 32, "https://example.com/p.png", "image/png", PNG)
    saved = library.save(
        article(1, html=f'<p><img src="{image.reference}"></p>'), source_kind="html", images=[image]
    )
    assert library.image(saved.article_id, image.sha256) == (PNG, "image/png")
    assert image_reference(image.sha256) == f"library-image:{image.sha256}"
    assert library.image(saved.article_id, "cd" * 32) is None


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (View("all"), [4, 3, 2, 1]),
        (View("unread"), [4, 1]),
        (View("favorites"), [3]),
        (View("archive"), [2]),
        (View.of_tag("python"), [4, 2]),
    ],
)
def test_views_filter_and_order_newest_first(library: Library, view: View, expected: list[int]) -> None:
    for n in range(1, 5):
        library.save(
            article(n),
            source_kind="html",
            saved_at=f"2022-01-0{n}T00:00:00+00:00",
            tags=["python"] if n % 2 == 0 else [],
        )
    library.set_state([2], archived=True, read=True)
    library.set_state([3], favorite=True, read=True)
    assert [h.id for h in library.headers(view)] == expected
    assert library.count(view) == len(expected)
    assert library.view_counts()[view] == len(expected)


def test_keyset_pages_cover_every_row_once(library: Library) -> None:
    for n in range(1, 26):
        # Equal saved times on purpose: the id breaks ties.
        library.save(
            article(n),
            source_kind="html",
            saved_at="2022-01-01T00:00:00+00:00" if n % 3 else f"2022-01-{n:02d}",
        )
    seen: list[int] = []
    cursor: Cursor | None = None
    while page := library.headers(View(), after=cursor, limit=7):
        seen += [h.id for h in page]
        cursor = page[-1].cursor
    assert sorted(seen) == list(range(1, 26)) and len(seen) == 25
    assert seen == [h.id for h in library.headers(View(), limit=100)]


@pytest.mark.parametrize(
    "view", [View("all"), View("unread"), View("favorites"), View("archive"), View.of_tag("x")]
)
def test_every_view_reads_its_list_in_order_from_an_index(library: Library, view: View) -> None:
    # A sort step would make the first page cost a scan of every matching row.
    library.add_tags([library.save(article(1), source_kind="html").article_id], ["x"])
    statements: list[str] = []
    library.db.conn.set_trace_callback(statements.append)
    library.headers(view, after=Cursor("2030", 1), limit=50)
    library.db.conn.set_trace_callback(None)
    select = next(s for s in statements if s.lstrip().startswith("SELECT"))
    plan = " ".join(str(row[-1]) for row in library.db.execute(f"EXPLAIN QUERY PLAN {select}"))
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan
    assert "TEMP B-TREE" not in plan, plan


def test_tags_are_added_removed_and_forgotten(library: Library) -> None:
    a, b = (library.save(article(n), source_kind="html").article_id for n in (1, 2))
    library.add_tags([a, b], ["Later", " later ", "Long  read"])
    assert library.tags() == [("Later", 2), ("Long read", 2)]
    library.remove_tags([a], ["later"])
    assert library.tags_of(a) == ["Long read"]
    library.remove_tags([a, b], ["Long read", "Later"])
    assert library.tags() == []


def test_delete_and_undo_restore_everything(library: Library) -> None:
    image = StoredImage("ab" * 32, None, "image/png", PNG)
    saved = library.save(
        article(1),
        source_kind="html",
        tags=["t"],
        images=[image],
        highlights=[Highlight("Body")],
        state=ReadingState(favorite=True),
    )
    before = library.get(saved.article_id)
    deleted = library.delete([saved.article_id])
    assert library.get(saved.article_id) is None and library.tags() == [] and library.search("Body") == []
    assert library.image(saved.article_id, image.sha256) is None
    library.restore(deleted)
    assert library.get(saved.article_id) == before
    assert library.image(saved.article_id, image.sha256) == (PNG, "image/png")
    assert [h.id for h in library.search("Body")] == [saved.article_id]
    assert library.integrity_check() == "ok"


def test_progress_is_kept_between_zero_and_one(library: Library) -> None:
    article_id = library.save(article(1), source_kind="html").article_id
    library.set_progress(article_id, 1.7)
    stored = library.get(article_id)
    assert stored is not None and stored.state.progress == 1.0


def test_a_garbage_file_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 100)
    before = path.read_bytes()
    with pytest.raises(LibraryError, match="not an SQLite database") as caught:
        Library.open(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(LibraryError, match="not an Article Reader library"):
        Library.open(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(library_path: Path) -> None:
    Library.open(library_path).close()
    with sqlite3.connect(library_path) as connection:
        connection.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('article-reader', 'm999_future', 'x')"
        )
    with pytest.raises(LibraryError, match="newer version"):
        Library.open(library_path)


def test_a_damaged_file_is_refused_with_its_path(library_path: Path) -> None:
    library = Library.open(library_path)
    for n in range(200):
        library.save(article(n, text="words " * 500), source_kind="html")
    library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    library.close()
    data = bytearray(library_path.read_bytes())
    # Overwrite pages in the middle of the file: the header survives, the tree does not.
    data[8192:40960] = b"\xff" * (40960 - 8192)
    library_path.write_bytes(bytes(data))
    with pytest.raises(LibraryError) as caught:
        damaged = Library.open(library_path)
        damaged.headers(View(), limit=1000)
        damaged.search("words")
        damaged.integrity_check()
        assert damaged.integrity_check() == "ok", "corruption went unnoticed"
    assert str(library_path) in str(caught.value)


def test_data_version_tells_of_commits_by_other_connections(library: Library) -> None:
    before = library.data_version()
    library.save(article(1), source_kind="html")
    # Our own commits do not count: the window already knows what it did.
    assert library.data_version() == before
    with Library.open(library.path) as other:
        other.save(article(2), source_kind="html")
    assert library.data_version() != before
