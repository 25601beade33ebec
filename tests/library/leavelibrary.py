"""A library holding a little of everything, for the tests of getting it out and back in.

Every import format's kind of entry (saved pages with images, text, Markdown, and the
exports of Pocket, Instapaper, Omnivore, Wallabag, Readwise and browsers), every
reading state, tags, highlights with notes, a reading position and a last-opened time.
"""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

from library.highlights.storage import highlight_quote
from library.importer import Importer
from library.records import View
from library.store import Library


def png(red: int, green: int = 0, blue: int = 0) -> bytes:
    """A real one-pixel PNG of the given colour: distinct colours give distinct images."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, green, blue]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# A one-pixel GIF, and the start of a WebP: an image type e-readers need not show.
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + bytes(24)

PARAGRAPHS = (
    "The committee published its findings on Thursday after eighteen months of hearings across the country.",
    "It recommends that the rules be simplified and that small firms be given two more years to comply.",
    "Industry groups welcomed the report, while unions said it did not go far enough on safety.",
)


def _page(title: str, body: str, head: str = "", html_attributes: str = 'lang="en"') -> str:
    return (
        f"<!DOCTYPE html><html {html_attributes}><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='author' content='Ada Writer'>{head}</head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    )


def saved_pages(folder: Path) -> list[Path]:
    """A complete save with images, a table and code; a right-to-left page; a very long one."""
    made = []
    files = folder / "story_files"
    files.mkdir(parents=True)
    (files / "red.png").write_bytes(png(255))
    (files / "anim.gif").write_bytes(GIF)
    (files / "modern.webp").write_bytes(WEBP)
    body = (
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + '<figure><img src="story_files/red.png" alt="A red square"><figcaption>A red square.</figcaption></figure>'
        + "<h2>The numbers</h2><table><thead><tr><th>Year</th><th>Firms</th></tr></thead>"
        + "<tbody><tr><td>2023</td><td>1,204</td></tr><tr><td>2024</td><td>1,377</td></tr></tbody></table>"
        + "<ul><li>First point, <em>stressed</em></li><li>Second point with <a href='https://example.com/x'>a link</a></li></ul>"
        + "<blockquote><p>We will comply, said one owner, but it will take time.</p></blockquote>"
        + "<pre><code>rules = simplify(rules)\nwait(years=2)</code></pre>"
        + '<p><img src="story_files/anim.gif" alt="Moving"> and <img src="story_files/modern.webp" alt="Modern"></p>'
        + "<p>The report ends with a list of forty recommendations for the ministry to consider.</p>"
    )
    story = folder / "story.html"
    story.write_text(
        "<!-- saved from url=(0033)https://example.com/news/findings -->\n"
        + _page("Committee findings", body, "<meta property='og:site_name' content='Example News'>"),
        encoding="utf-8",
    )
    made.append(story)
    arabic = (
        "<p>نشرت اللجنة نتائجها يوم الخميس بعد ثمانية عشر شهرا من جلسات الاستماع في جميع أنحاء البلاد.</p>"
        "<p>وتوصي بتبسيط القواعد ومنح الشركات الصغيرة عامين إضافيين للامتثال لها بالكامل.</p>"
        "<p>ورحبت مجموعات الصناعة بالتقرير بينما قالت النقابات إنه لم يذهب بعيدا بما يكفي.</p>"
    )
    rtl = folder / "rtl.html"
    rtl.write_text(_page("نتائج اللجنة", arabic, html_attributes='lang="ar" dir="rtl"'), encoding="utf-8")
    made.append(rtl)
    long_body = "".join(
        f"<h2>Part {n}</h2>"
        + "".join(f"<p>{p} (part {n}, paragraph {m})</p>" for m, p in enumerate(PARAGRAPHS * 8))
        for n in range(1, 121)
    )
    long_page = folder / "long.html"
    long_page.write_text(_page("A very long inquiry", long_body), encoding="utf-8")
    made.append(long_page)
    return made


def other_files(folder: Path) -> list[Path]:
    """Copied text, a clipped Markdown note, and every service's export."""
    folder.mkdir(parents=True, exist_ok=True)
    text = folder / "copied.txt"
    text.write_text("A note copied from a page\n\n" + "\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    note_folder = folder / "vault"
    (note_folder / "assets").mkdir(parents=True)
    (note_folder / "assets" / "green.png").write_bytes(png(0, 255))
    note = note_folder / "Clipped.md"
    note.write_text(
        '---\ntitle: A clipped note\nsource: https://example.net/clipped\nauthor:\n  - "[[Bo Reporter]]"\n'
        "created: 2024-05-01\npublished: 2024-04-30\ntags:\n  - clippings\n---\n\n"
        + "\n\n".join(PARAGRAPHS)
        + "\n\n![Green](assets/green.png)\n",
        encoding="utf-8",
    )
    pocket = folder / "pocket.zip"
    with zipfile.ZipFile(pocket, "w") as archive:
        archive.writestr(
            "part_000000.csv",
            "title,url,time_added,tags,status\n"
            "Pocket one,https://example.com/pocket/1,1600000000,reading|later,unread\n"
            "Pocket two,https://example.com/pocket/2,1600000100,reading,archive\n",
        )
        archive.writestr(
            "annotations/part_000000.json",
            json.dumps(
                [
                    {
                        "url": "https://example.com/pocket/1",
                        "title": "Pocket one",
                        "highlights": [{"quote": "a quote from pocket", "created_at": 1600000200}],
                    }
                ]
            ),
        )
    instapaper = folder / "instapaper.csv"
    instapaper.write_text(
        "URL,Title,Selection,Folder,Timestamp\n"
        "https://example.com/insta/1,Insta one,,Unread,1600000000\n"
        "https://example.com/insta/2,Insta starred,,Starred,1600000300\n",
        encoding="utf-8",
    )
    omnivore = folder / "omnivore.zip"
    with zipfile.ZipFile(omnivore, "w") as archive:
        archive.writestr(
            "metadata_0_to_1.json",
            json.dumps(
                [
                    {
                        "id": "1",
                        "slug": "tea",
                        "title": "An essay on tea",
                        "author": "Cy Author",
                        "url": "https://example.com/tea",
                        "state": "SUCCEEDED",
                        "readingProgress": 35,
                        "labels": ["drinks"],
                        "savedAt": "2024-03-01T10:00:00.000Z",
                    }
                ]
            ),
        )
        archive.writestr(
            "content/tea.html", _page("An essay on tea", "".join(f"<p>{p} Tea.</p>" for p in PARAGRAPHS))
        )
        archive.writestr("highlights/tea.md", "> eighteen months of hearings\n\nA long time.\n")
    wallabag = folder / "wallabag.json"
    wallabag.write_text(
        json.dumps(
            [
                {
                    "title": "Wallabag findings",
                    "url": "https://example.org/findings",
                    "content": "".join(f"<p>{p} Again.</p>" for p in PARAGRAPHS)
                    + '<p><img src="https://images.example.org/chart.png" alt="A chart"></p>',
                    "is_archived": 1,
                    "is_starred": 1,
                    "tags": ["policy"],
                    "created_at": "2021-03-01T09:00:00+0100",
                    "language": "en",
                    "annotations": [
                        {
                            "quote": "two more years",
                            "text": "generous",
                            "created_at": "2021-03-02T10:00:00+0100",
                        }
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    readwise = folder / "readwise.csv"
    readwise.write_text(
        "Title,URL,Document tags,Saved date,Reading progress,Location,Seen\n"
        "Readwise one,https://example.com/rw/1,\"['rw']\",2023-01-02 10:00:00+00:00,0.5,later,True\n",
        encoding="utf-8",
    )
    bookmarks = folder / "bookmarks.html"
    bookmarks.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><H3>Research</H3>\n<DL><p>\n"
        '<DT><A HREF="https://example.com/bm/1" ADD_DATE="1600000000" TAGS="bm">Bookmarked</A>\n</DL><p>\n</DL><p>\n',
        encoding="utf-8",
    )
    return [text, note, pocket, instapaper, omnivore, wallabag, readwise, bookmarks]


def fill_library(library: Library, folder: Path) -> None:
    """Import everything above into `library`, then read, favour, archive, tag and open some of it."""
    sources = [str(p) for p in saved_pages(folder / "pages") + other_files(folder / "files")]
    report = Importer(library).import_sources(sources)
    assert not report.failures, report.failures
    by_title = {header.title: header.id for header in library.headers(View(), limit=1000)}
    story = by_title["Committee findings"]
    library.add_tags([story], ["policy", "long read"])
    library.set_state([story], favorite=True)
    library.set_progress(story, 0.42)
    library.mark_opened(story)
    library.set_state([by_title["نتائج اللجنة"]], read=True, archived=True)
    library.set_progress(by_title["A very long inquiry"], 0.1)
    highlight_quote(
        library, story, "two more years to comply", color="green", note="Too long?\n\nAsk the ministry."
    )
