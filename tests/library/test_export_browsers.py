"""Browsers' own bookmark files: Chrome's `Bookmarks`, Firefox's backups, Safari's plist, and shortcuts."""

from __future__ import annotations

import datetime as dt
import json
import plistlib
from pathlib import Path

import lz4.block

from library.article import Entry, Rejected
from library.sources.exports import chrome, firefox, safari, shortcuts
from library.store import Library
from tests.library.exportfiles import by_url, detect, import_into, read_export, write_text

# 2024-03-01 12:00:00 UTC, and the same moment as each browser counts time.
T = 1_709_294_400
CHROME_T = (T + 11_644_473_600) * 1_000_000
FIREFOX_T = T * 1_000_000
ISO_T = "2024-03-01T12:00:00+00:00"


def chrome_url(number: int, name: str, url: str, added: int = CHROME_T) -> dict[str, object]:
    return {
        "date_added": str(added),
        "date_last_used": "0",
        "guid": f"00000000-0000-4000-8000-{number:012d}",
        "id": str(number),
        "name": name,
        "type": "url",
        "url": url,
    }


def chrome_folder(number: int, name: str, children: list[dict[str, object]]) -> dict[str, object]:
    return {
        "children": children,
        "date_added": str(CHROME_T),
        "date_last_used": "0",
        "date_modified": str(CHROME_T),
        "guid": f"00000000-0000-4000-8000-{number:012d}",
        "id": str(number),
        "name": name,
        "type": "folder",
    }


def chrome_bookmarks(path: Path) -> Path:
    """A `Bookmarks` file as Chrome writes it: keys in alphabetical order, so names come after children."""
    tree = {
        "checksum": "0123456789abcdef0123456789abcdef",
        "roots": {
            "bookmark_bar": chrome_folder(
                1,
                "Bookmarks bar",
                [
                    chrome_url(4, "Green tea", "https://example.com/tea"),
                    chrome_folder(
                        5,
                        "Recipes",
                        [
                            chrome_url(6, "Rye bread", "https://example.org/rye", CHROME_T + 60_000_000),
                            chrome_folder(
                                7, "Baking", [chrome_url(8, "Scones", "https://example.org/scones")]
                            ),
                        ],
                    ),
                    chrome_url(9, "A bookmarklet", "javascript:alert(1)"),
                ],
            ),
            "other": chrome_folder(
                2, "Other bookmarks", [chrome_url(10, "Maps", "https://example.net/maps")]
            ),
            "synced": chrome_folder(3, "Mobile bookmarks", []),
        },
        "version": 1,
    }
    return write_text(path, json.dumps(tree, indent=3, sort_keys=True))


def test_chrome_bookmarks_every_field(library: Library, tmp_path: Path) -> None:
    path = chrome_bookmarks(tmp_path / "Bookmarks")
    assert detect(path) is chrome.read_chrome_bookmarks
    report, stored = import_into(library, path)
    assert [r.outcome for r in report.results] == ["pending"] * 3 + ["failed", "pending"]
    assert report.failures[0].source == "Bookmarks entry 4"
    assert report.failures[0].reason == "not a web address: 'javascript:alert(1)'"
    articles = by_url(stored)
    assert sorted(articles) == [
        "https://example.com/tea",
        "https://example.net/maps",
        "https://example.org/rye",
        "https://example.org/scones",
    ]
    tea, rye = articles["https://example.com/tea"], articles["https://example.org/rye"]
    scones, maps = articles["https://example.org/scones"], articles["https://example.net/maps"]
    assert (tea.article.title, tea.tags, tea.saved_at) == ("Green tea", [], ISO_T)
    # The browser's own folders are no tags; the person's are, outermost first.
    assert (rye.article.title, sorted(rye.tags)) == ("Rye bread", ["Recipes"])
    assert rye.saved_at == "2024-03-01T12:01:00+00:00"
    assert sorted(scones.tags) == ["Baking", "Recipes"]
    assert (maps.article.title, maps.tags) == ("Maps", [])
    assert all(not article.state.read and not article.state.archived for article in stored)


def firefox_backup() -> dict[str, object]:
    def place(number: int, title: str, uri: str, **more: object) -> dict[str, object]:
        return {
            "guid": f"place{number:07d}",
            "title": title,
            "index": number,
            "dateAdded": FIREFOX_T,
            "lastModified": FIREFOX_T,
            "id": number,
            "typeCode": 1,
            "type": "text/x-moz-place",
            "uri": uri,
            **more,
        }

    def container(
        guid: str, title: str, root: str | None, children: list[dict[str, object]]
    ) -> dict[str, object]:
        node: dict[str, object] = {
            "guid": guid,
            "title": title,
            "index": 0,
            "dateAdded": FIREFOX_T,
            "lastModified": FIREFOX_T,
            "id": len(guid),
            "typeCode": 2,
            "type": "text/x-moz-place-container",
        }
        if root:
            node["root"] = root
        if children:
            node["children"] = children
        return node

    return container(
        "root________",
        "",
        "placesRoot",
        [
            container(
                "menu________",
                "menu",
                "bookmarksMenuFolder",
                [
                    container(
                        "folder000001",
                        "Long reads",
                        None,
                        [
                            place(11, "The river", "https://example.com/river", tags="nature,slow"),
                            place(12, "Recent tags", "place:type=6&sort=14&maxResults=10"),
                        ],
                    ),
                    {"guid": "sep000000001", "index": 2, "typeCode": 3, "type": "text/x-moz-place-separator"},
                ],
            ),
            container(
                "toolbar_____",
                "toolbar",
                "toolbarFolder",
                [
                    place(
                        13,
                        "Old style",
                        "https://example.org/old",
                        annos=[
                            {
                                "name": "bookmarkProperties/description",
                                "flags": 0,
                                "expires": 4,
                                "value": "Kept for later",
                            }
                        ],
                    ),
                    place(14, "Local file", "file:///home/ada/notes.html"),
                ],
            ),
            container("unfiled_____", "unfiled", "unfiledBookmarksFolder", []),
            container(
                "mobile______", "mobile", "mobileFolder", [place(15, "On the go", "https://example.net/go")]
            ),
        ],
    )


def test_firefox_backup_every_field(library: Library, tmp_path: Path) -> None:
    path = write_text(tmp_path / "bookmarks-2024-03-01.json", json.dumps(firefox_backup()))
    assert detect(path) is firefox.read_firefox_backup
    report, stored = import_into(library, path)
    # Saved searches (place:) are no bookmarks; a file address is refused, saying so.
    assert [r.outcome for r in report.results] == ["pending", "pending", "failed", "pending"]
    assert report.failures[0].reason == "not a web address: 'file:///home/ada/notes.html'"
    articles = by_url(stored)
    river = articles["https://example.com/river"]
    assert river.article.title == "The river"
    assert sorted(river.tags) == ["Long reads", "nature", "slow"]
    assert river.saved_at == ISO_T
    old = articles["https://example.org/old"]
    assert (old.article.title, old.tags, old.article.excerpt) == ("Old style", [], "Kept for later")
    assert articles["https://example.net/go"].tags == []


def test_firefox_automatic_backup_is_lz4_behind_a_header(tmp_path: Path) -> None:
    data = json.dumps(firefox_backup()).encode()
    path = tmp_path / "bookmarks-2024-03-01_15_abcdef.jsonlz4"
    path.write_bytes(b"mozLz40\0" + lz4.block.compress(data))  # the block starts with its size
    assert detect(path) is firefox.read_firefox_backup
    plain = write_text(tmp_path / "plain.json", data.decode())
    assert [(e.url, e.tags) for e in read_export(path) if isinstance(e, Entry)] == [
        (e.url, e.tags) for e in read_export(plain) if isinstance(e, Entry)
    ]


def test_a_damaged_lz4_backup_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.jsonlz4"
    path.write_bytes(b"mozLz40\0" + (5000).to_bytes(4, "little") + b"\xff" * 40)
    # Not readable, so not recognised as bookmarks: refused, never read as text.
    assert detect(path) is None
    assert next(iter(firefox.read_firefox_backup(path))).reason.startswith("damaged LZ4 data")  # type: ignore[union-attr]


def safari_leaf(url: str, title: str, **more: object) -> dict[str, object]:
    return {
        "WebBookmarkType": "WebBookmarkTypeLeaf",
        "WebBookmarkUUID": f"UUID-{abs(hash(url)) % 10**8}",
        "URLString": url,
        "URIDictionary": {"title": title},
        **more,
    }


def safari_bookmarks(path: Path) -> Path:
    added = dt.datetime(2024, 3, 1, 12, 0, 0)  # plists keep UTC without a zone
    tree = {
        "WebBookmarkFileVersion": 1,
        "WebBookmarkType": "WebBookmarkTypeList",
        "Title": "",
        "Children": [
            {"WebBookmarkType": "WebBookmarkTypeProxy", "Title": "History"},
            {
                "WebBookmarkType": "WebBookmarkTypeList",
                "Title": "BookmarksBar",
                "Children": [
                    safari_leaf("https://example.com/bar", "On the bar"),
                    {
                        "WebBookmarkType": "WebBookmarkTypeList",
                        "Title": "Cooking",
                        "Children": [safari_leaf("https://example.org/soup", "Soup")],
                    },
                ],
            },
            {"WebBookmarkType": "WebBookmarkTypeList", "Title": "BookmarksMenu", "Children": []},
            {
                "WebBookmarkType": "WebBookmarkTypeList",
                "Title": "com.apple.ReadingList",
                "ShouldOmitFromUI": True,
                "Children": [
                    safari_leaf(
                        "https://example.net/unread",
                        "Still to read",
                        ReadingList={"DateAdded": added, "PreviewText": "The first lines of the page."},
                        imageURL="https://example.net/lead.jpg",
                    ),
                    safari_leaf(
                        "https://example.net/read",
                        "Opened once",
                        ReadingList={"DateAdded": added, "DateLastViewed": added + dt.timedelta(days=1)},
                    ),
                ],
            },
        ],
    }
    path.write_bytes(plistlib.dumps(tree, fmt=plistlib.FMT_BINARY))
    return path


def test_safari_bookmarks_and_reading_list_every_field(library: Library, tmp_path: Path) -> None:
    path = safari_bookmarks(tmp_path / "Bookmarks.plist")
    assert detect(path) is safari.read_safari_bookmarks
    report, stored = import_into(library, path)
    assert [r.outcome for r in report.results] == ["pending"] * 4
    articles = by_url(stored)
    bar, soup = articles["https://example.com/bar"], articles["https://example.org/soup"]
    assert (bar.article.title, bar.tags) == ("On the bar", [])
    assert (soup.article.title, soup.tags) == ("Soup", ["Cooking"])
    unread, opened = articles["https://example.net/unread"], articles["https://example.net/read"]
    assert unread.article.title == "Still to read" and unread.tags == []
    assert unread.article.excerpt == "The first lines of the page."
    assert unread.article.lead_image == "https://example.net/lead.jpg"
    assert unread.saved_at == ISO_T and not unread.state.read
    assert opened.state.read and opened.saved_at == ISO_T


def test_windows_and_mac_shortcuts(library: Library, tmp_path: Path) -> None:
    url_file = write_text(
        tmp_path / "A story worth keeping.url",
        "[{000214A0-0000-0000-C000-000000000046}]\r\nProp3=19,11\r\n"
        "[InternetShortcut]\r\nIDList=\r\nURL=https://example.com/story\r\nIconIndex=0\r\n",
    )
    webloc = tmp_path / "Mountains.webloc"
    webloc.write_bytes(plistlib.dumps({"URL": "https://example.org/mountains"}))
    assert detect(url_file) is shortcuts.read_internet_shortcut
    assert detect(webloc) is shortcuts.read_webloc
    for path, url, title in (
        (url_file, "https://example.com/story", "A story worth keeping"),
        (webloc, "https://example.org/mountains", "Mountains"),
    ):
        report, [stored] = import_into(library, path)
        assert [r.outcome for r in report.results] == ["pending"]
        assert (stored.article.url, stored.article.title) == (url, title)


def test_a_shortcut_without_an_address_says_so(tmp_path: Path) -> None:
    path = write_text(tmp_path / "broken.url", "[InternetShortcut]\nIconIndex=0\n")
    assert read_export(path) == [Rejected(str(path), "no web address")]


def test_counting_chrome_bookmarks_agrees_with_reading_them(tmp_path: Path) -> None:
    from library.sources import count_entries, read_source

    path = chrome_bookmarks(tmp_path / "Bookmarks")
    assert count_entries(str(path)) == sum(1 for _ in read_source(str(path))) == 5
    damaged = write_text(tmp_path / "Damaged", path.read_text()[:-200])
    assert count_entries(str(damaged)) == sum(1 for _ in read_source(str(damaged)))
