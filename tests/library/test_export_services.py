"""The exports of services people moved between: each in its documented shape, every field checked after import."""

from __future__ import annotations

import json
from pathlib import Path

from library.sources.exports import (
    delicious,
    elcurator,
    karakeep,
    linkwarden,
    matter,
    pinboard,
    raindrop,
    readability,
    wallabag,
)
from library.store import Library
from tests.library.exportfiles import by_url, detect, import_into, write_text

ISO_T = "2024-03-01T12:00:00+00:00"
T = 1_709_294_400


def notes(article: object) -> list[tuple[str, str]]:
    return [(h.text, h.note) for h in article.highlights]  # type: ignore[attr-defined]


def test_pinboard_json(library: Library, tmp_path: Path) -> None:
    bookmarks = [
        {
            "href": "https://example.com/scroll",
            "description": "How scrolling works",
            "extended": "Reuse the elements that leave the screen.",
            "meta": "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
            "hash": "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e",
            "time": "2024-03-01T12:00:00Z",
            "shared": "yes",
            "toread": "no",
            "tags": "web performance",
        },
        {
            "href": "https://example.org/later",
            "description": "For the weekend",
            "extended": "",
            "meta": "2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d",
            "hash": "3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c",
            "time": "2024-03-02T08:30:00Z",
            "shared": "no",
            "toread": "yes",
            "tags": "",
        },
    ]
    path = write_text(tmp_path / "pinboard_export", json.dumps(bookmarks, indent=2))
    assert detect(path) is pinboard.read_pinboard_json
    report, stored = import_into(library, path)
    assert len(stored) == 2 and not report.failures
    scroll, later = by_url(stored)["https://example.com/scroll"], by_url(stored)["https://example.org/later"]
    assert scroll.article.title == "How scrolling works"
    assert sorted(scroll.tags) == ["performance", "web"]
    assert scroll.saved_at == ISO_T and scroll.state.read
    assert notes(scroll) == [("", "Reuse the elements that leave the screen.")]
    assert (later.article.title, later.tags, notes(later)) == ("For the weekend", [], [])
    assert not later.state.read and later.saved_at == "2024-03-02T08:30:00+00:00"


def test_delicious_json(library: Library, tmp_path: Path) -> None:
    bookmarks = [
        {
            "title": "A small script loader",
            "tags": ["javascript", "loader"],
            "url": "https://example.com/loader",
            "description": '"Caches scripts in local storage"',
            "created": str(T),
            "others": 3,
            "owner": "ada",
            "private": "0",
        },
        {
            "title": "Review",
            "tags": [""],
            "url": "https://example.org/review",
            "description": "",
            "created": str(T + 60),
            "others": 0,
            "owner": "ada",
            "private": "1",
        },
    ]
    path = write_text(tmp_path / "delicious_export.json", json.dumps(bookmarks))
    assert detect(path) is delicious.read_delicious_json
    _, stored = import_into(library, path)
    assert len(stored) == 2
    loader, review = (
        by_url(stored)["https://example.com/loader"],
        by_url(stored)["https://example.org/review"],
    )
    assert (loader.article.title, loader.tags, loader.saved_at) == (
        "A small script loader",
        ["javascript", "loader"],
        ISO_T,
    )
    assert notes(loader) == [("", '"Caches scripts in local storage"')]
    assert (review.tags, notes(review), review.saved_at) == ([], [], "2024-03-01T12:01:00+00:00")


def test_elcurator_json(library: Library, tmp_path: Path) -> None:
    links = [
        {
            "created_at": "2024-03-01 12:00:00 UTC",
            "title": "Code quality hooks",
            "url": "https://example.com/hooks",
            "description": "Worth a look for the team",
            "tags": ["php", "quality"],
            "is_saved": True,
        },
        {
            "created_at": "2024-03-01 12:00:00 UTC",
            "title": "Passing by",
            "url": "https://example.org/by",
            "description": None,
            "tags": [],
            "is_saved": False,
        },
    ]
    path = write_text(tmp_path / "elcurator.json", json.dumps(links))
    assert detect(path) is elcurator.read_elcurator_json
    _, stored = import_into(library, path)
    hooks, passing = by_url(stored)["https://example.com/hooks"], by_url(stored)["https://example.org/by"]
    assert (hooks.article.title, hooks.tags, hooks.saved_at) == (
        "Code quality hooks",
        ["php", "quality"],
        ISO_T,
    )
    assert hooks.state.favorite and notes(hooks) == [("", "Worth a look for the team")]
    assert not passing.state.favorite and notes(passing) == []


def test_readability_json(library: Library, tmp_path: Path) -> None:
    export = {
        "bookmarks": [
            {
                "article__excerpt": "A long walk through the hills.",
                "user_id": 1,
                "favorite": True,
                "date_archived": "2024-03-05T10:00:00",
                "article__url": "https://example.com/hills",
                "date_added": "2024-03-01T12:00:00",
                "date_favorited": "2024-03-02T10:00:00",
                "article__title": "The hills",
                "archive": True,
            },
            {
                "article__excerpt": "",
                "user_id": 1,
                "favorite": False,
                "date_archived": None,
                "article__url": "https://example.org/sea",
                "date_added": "2024-03-03T09:00:00",
                "date_favorited": None,
                "article__title": "The sea",
                "archive": False,
            },
        ],
        "recommendations": [],
    }
    path = write_text(tmp_path / "readability.json", json.dumps(export))
    assert detect(path) is readability.read_readability_json
    _, stored = import_into(library, path)
    hills, sea = by_url(stored)["https://example.com/hills"], by_url(stored)["https://example.org/sea"]
    assert (hills.article.title, hills.article.excerpt) == ("The hills", "A long walk through the hills.")
    assert hills.state.archived and hills.state.read and hills.state.favorite
    assert hills.saved_at == "2024-03-01T12:00:00"
    assert (sea.article.title, sea.state.archived, sea.state.favorite) == ("The sea", False, False)


def test_wallabag_v1_json(library: Library, tmp_path: Path) -> None:
    body = "<p>" + "The valley fills with mist before the sun comes over the ridge. " * 8 + "</p>"
    entries = [
        # wallabag 1 wrote each row twice: by column number and by name.
        {
            "0": "3",
            "1": "Mist",
            "2": "https://example.com/mist",
            "3": "1",
            "4": "1",
            "5": body,
            "6": "1",
            "id": "3",
            "title": "Mist",
            "url": "https://example.com/mist",
            "is_read": "1",
            "is_fav": "1",
            "content": body,
            "user_id": "1",
            "tags": "nature,weather",
        },
        {
            "0": "4",
            "1": "Unread",
            "2": "https://example.org/unread",
            "3": "0",
            "4": "0",
            "5": "",
            "6": "1",
            "id": "4",
            "title": "Unread",
            "url": "https://example.org/unread",
            "is_read": "0",
            "is_fav": "0",
            "content": "",
            "user_id": "1",
            "tags": "",
        },
    ]
    path = write_text(tmp_path / "wallabag-v1.json", json.dumps(entries))
    assert detect(path) is wallabag.read_wallabag_v1_json
    report, stored = import_into(library, path)
    assert [r.outcome for r in report.results] == ["imported", "pending"]
    mist, unread = by_url(stored)["https://example.com/mist"], by_url(stored)["https://example.org/unread"]
    assert mist.status == "ready" and "mist before the sun" in mist.article.text
    assert (
        mist.tags == ["nature", "weather"] and mist.state.read and mist.state.archived and mist.state.favorite
    )
    assert (unread.article.title, unread.state.read, unread.state.favorite) == ("Unread", False, False)


def test_karakeep_json(library: Library, tmp_path: Path) -> None:
    export = {
        "bookmarks": [
            {
                "id": "b1",
                "createdAt": T,
                "title": "Bees in winter",
                "tags": ["nature"],
                "lists": ["l1"],
                "content": {
                    "type": "link",
                    "url": "https://example.com/bees",
                    "description": "How a hive keeps warm.",
                    "author": "Ada Writer",
                    "publisher": "Example Times",
                },
                "note": "Read before spring",
                "archived": True,
                "favourited": True,
            },
            {
                "id": "b2",
                "createdAt": T + 60,
                "title": None,
                "tags": [],
                "lists": [],
                "content": {"type": "asset", "assetId": "a1"},
                "note": None,
                "archived": False,
                "favourited": False,
            },
            {
                "id": "b3",
                "createdAt": T + 120,
                "title": "Plain",
                "tags": [],
                "content": {"type": "link", "url": "https://example.org/plain"},
                "note": None,
            },
        ],
        "lists": [
            {
                "id": "l1",
                "name": "Garden",
                "description": None,
                "icon": "🐝",
                "type": "manual",
                "query": None,
                "parentId": None,
            }
        ],
    }
    path = write_text(tmp_path / "karakeep-export.json", json.dumps(export))
    assert detect(path) is karakeep.read_karakeep_json
    report, stored = import_into(library, path)
    assert [r.outcome for r in report.results] == ["pending", "failed", "pending"]
    assert report.failures[0].source == "karakeep-export.json entry 2"
    assert "uploaded file" in (report.failures[0].reason or "")
    bees, plain = by_url(stored)["https://example.com/bees"], by_url(stored)["https://example.org/plain"]
    assert (bees.article.title, bees.article.excerpt) == ("Bees in winter", "How a hive keeps warm.")
    assert (bees.article.byline, bees.article.site_name) == ("Ada Writer", "Example Times")
    assert sorted(bees.tags) == ["Garden", "nature"] and bees.saved_at == ISO_T
    assert bees.state.archived and bees.state.read and bees.state.favorite
    assert notes(bees) == [("", "Read before spring")]
    assert (plain.article.title, plain.tags, plain.state.archived) == ("Plain", [], False)


def test_linkwarden_backup(library: Library, tmp_path: Path) -> None:
    def link(name: str, url: str, **more: object) -> dict[str, object]:
        return {
            "name": name,
            "type": "url",
            "description": "",
            "url": url,
            "textContent": None,
            "createdAt": "2024-03-05T09:00:00.000Z",
            "updatedAt": "2024-03-05T09:00:00.000Z",
            "importDate": None,
            "tags": [],
            **more,
        }

    backup = {
        "name": "Ada",
        "username": "ada",
        "email": "ada@example.com",
        "createdAt": "2023-01-01T00:00:00.000Z",
        "collections": [
            {
                "name": "Research",
                "description": "",
                "color": "#0ea5e9",
                "links": [
                    link(
                        "Soil and roots",
                        "https://example.com/soil",
                        description="Cite in chapter two",
                        importDate="2024-03-01T12:00:00.000Z",
                        tags=[{"name": "soil", "createdAt": "2024-03-01T12:00:00.000Z"}],
                    ),
                    link("Rain", "https://example.org/rain"),
                ],
            },
            {
                "name": "Unorganized",
                "description": "",
                "color": "#0ea5e9",
                "links": [link("Bad", "not an address")],
            },
        ],
        "pinnedLinks": [link("Rain", "https://example.org/rain")],
        "whitelistedUsers": [],
    }
    path = write_text(tmp_path / "backup.json", json.dumps(backup))
    assert detect(path) is linkwarden.read_linkwarden_backup
    report, stored = import_into(library, path)
    assert [r.outcome for r in report.results] == ["pending", "pending", "failed"]
    assert report.failures[0].source == "backup.json collection 2 link 1"
    soil, rain = by_url(stored)["https://example.com/soil"], by_url(stored)["https://example.org/rain"]
    assert (soil.article.title, sorted(soil.tags), soil.saved_at) == (
        "Soil and roots",
        ["Research", "soil"],
        "2024-03-01T12:00:00+00:00",
    )
    assert notes(soil) == [("", "Cite in chapter two")] and not soil.state.favorite
    assert (rain.tags, rain.saved_at, rain.state.favorite) == (
        ["Research"],
        "2024-03-05T09:00:00+00:00",
        True,
    )


def test_raindrop_csv(library: Library, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "raindrop-export.csv",
        "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
        '101,Old maps,"My own note","Maps of the coast, 1850-1900",https://example.com/maps,'
        '"Work / Research","history, maps",2024-03-01T12:00:00.000Z,https://example.com/cover.jpg,'
        '"Highlight:The coast moved inland\nNote:check the dates\nHighlight:A second passage",true\n'
        "102,Unfiled,,,https://example.org/unfiled,Unsorted,,2024-03-02T12:00:00.000Z,,,false\n",
    )
    assert detect(path) is raindrop.read_raindrop_csv
    _, stored = import_into(library, path)
    maps, unfiled = by_url(stored)["https://example.com/maps"], by_url(stored)["https://example.org/unfiled"]
    assert (maps.article.title, maps.article.excerpt) == ("Old maps", "Maps of the coast, 1850-1900")
    assert maps.article.lead_image == "https://example.com/cover.jpg"
    assert sorted(maps.tags) == ["Research", "Work", "history", "maps"]
    assert maps.saved_at == "2024-03-01T12:00:00+00:00" and maps.state.favorite
    assert notes(maps) == [
        ("The coast moved inland", "check the dates"),
        ("A second passage", ""),
        ("", "My own note"),
    ]
    assert (unfiled.tags, unfiled.state.favorite, notes(unfiled)) == ([], False, [])


def test_matter_csv(library: Library, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "matter_export.csv",
        "Title,Author,Publisher,URL,Tags,Word Count,In Queue,Favorited,Read,Highlight Count,Last Interaction Date,File Id\n"
        "Slow cities,Ada Writer,Example Times,https://example.com/cities,urbanism; essays,2400,False,True,True,3,2024-03-04,f1\n"
        "Queued,,,https://example.org/queued,,900,True,False,False,0,,f2\n",
    )
    assert detect(path) is matter.read_matter_csv
    _, stored = import_into(library, path)
    cities, queued = (
        by_url(stored)["https://example.com/cities"],
        by_url(stored)["https://example.org/queued"],
    )
    assert (cities.article.title, cities.article.byline, cities.article.site_name) == (
        "Slow cities",
        "Ada Writer",
        "Example Times",
    )
    assert sorted(cities.tags) == ["essays", "urbanism"]
    assert cities.state.archived and cities.state.favorite and cities.state.read
    assert not queued.state.archived and not queued.state.favorite and not queued.state.read
