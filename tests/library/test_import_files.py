"""Importing local files: the seed page, charsets, gzip, folders, and every kind of bad input."""

from __future__ import annotations

import gzip
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.importer import Importer, ImportReport
from library.importlog import recent_lines
from library.store import Library

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

SEED_BODY_STARTS = [
    "NATO Secretary-General Jens Stoltenberg said on Saturday",
    "Stoltenberg said he sent the letter on Thursday",
    "He also told the Munich Security Conference",
    "“I have invited Russia and all NATO allies",
    "“We are extremely concerned because",
    "In a rare admission of the limits of diplomacy",
    "In the stand-off over Ukraine",
    "“So that danger is now the combination",
    "Speaking alongside Stoltenberg, European Commission President",
    "“The world has been watching in disbelief",
]
SEED_CHROME = [
    "Enable Read mode",
    "100% Font Size",
    "Published:",
    "Updated:",
    "Google News channel",
    "Read more",
    "Putin launches nuclear drills",
    "Russia’s Putin has made the decision",
    "Rebels evacuate residents",
    "Top Content Trending",
]

ARTICLE_HTML = """<!DOCTYPE html><html lang="en"><head><title>{title} | The Daily Example</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>{body} The council met on Tuesday to discuss the proposal at length, and members said they
would return to it after the summer recess, when more evidence is available.</p>
<p>Residents who spoke at the meeting were divided. Some welcomed the plan as overdue; others
said it would change the character of the neighbourhood for ever.</p>
<p>A final decision is expected in the autumn, the council's spokesperson said on Wednesday.</p>
</article><footer>Copyright The Daily Example</footer></body></html>"""


@pytest.fixture
def importer(library: Library) -> Iterator[Importer]:
    yield Importer(library)


# Pocket's ril_export.html, one saved link.
POCKET_HTML = (
    "<!DOCTYPE html><html><head><title>Pocket Export</title></head><body><h1>Unread</h1><ul>"
    '<li><a href="https://example.com/saved" time_added="1700000000" tags="">Saved</a></li>'
    "</ul></body></html>"
)


def run(importer: Importer, *paths: Path | str) -> ImportReport:
    return importer.import_sources([str(p) for p in paths])


def test_the_seed_page_imports_exactly_right(importer: Importer, library: Library, seed_page: Path) -> None:
    report = run(importer, seed_page)
    assert [r.outcome for r in report.results] == ["imported"]
    stored = library.get(report.results[0].article_id or 0)
    assert stored is not None
    assert stored.article.title == "NATO urges more Russia talks to defuse Ukraine crisis"
    assert stored.article.section == "Russia Ukraine conflict"
    paragraphs = stored.article.text.split("\n\n")
    assert len(paragraphs) == 10
    for paragraph, start in zip(paragraphs, SEED_BODY_STARTS, strict=True):
        assert paragraph.startswith(start)
    assert paragraphs[-1].endswith("von der Leyen said.")
    for chrome in SEED_CHROME:
        assert chrome not in stored.article.text and chrome not in stored.article.html, chrome


def test_importing_the_seed_again_keeps_one_article_with_its_state(
    importer: Importer, library: Library, seed_page: Path
) -> None:
    first = run(importer, seed_page).results[0]
    assert first.article_id is not None
    library.add_tags([first.article_id], ["ukraine"])
    library.mark_opened(first.article_id)
    again = run(importer, seed_page).results[0]
    assert (again.outcome, again.article_id) == ("duplicate", first.article_id)
    assert library.count() == 1
    stored = library.get(first.article_id)
    assert stored is not None and stored.tags == ["ukraine"] and stored.state.read


def test_a_windows_1252_page_without_declaration_keeps_its_curly_quotes(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    page = tmp_path / "quotes.html"
    body = "“Nobody expected it,” said the mayor – and that’s the council’s view too."
    page.write_bytes(ARTICLE_HTML.format(title="Curly quotes", body=body).encode("cp1252"))
    result = run(importer, page).results[0]
    assert result.outcome == "imported", result.reason
    stored = library.get(result.article_id or 0)
    assert stored is not None and body in stored.article.text


def test_gzip_files_and_folders_recursively(importer: Importer, library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "deeper" / "deepest").mkdir(parents=True)
    (folder / "one.html").write_text(ARTICLE_HTML.format(title="One", body="First story."), encoding="utf-8")
    (folder / "deeper" / "two.html.gz").write_bytes(
        gzip.compress(ARTICLE_HTML.format(title="Two", body="Second story.").encode())
    )
    text = "Three\n\n" + "This is the third story, copied as text from a page in a browser window. " * 5
    (folder / "deeper" / "deepest" / "three.txt.gz").write_bytes(gzip.compress(text.encode()))
    (folder / ".hidden.html").write_text("<p>hidden files are not imported</p>")
    report = run(importer, folder)
    assert [r.outcome for r in report.results] == ["imported"] * 3, [r.reason for r in report.results]
    assert library.count() == 3
    assert {h.title for h in library.headers()} >= {"One", "Two"}


def test_a_saved_page_with_an_image_stores_the_image(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    import base64

    page = tmp_path / "with-image.html"
    data_url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    html = ARTICLE_HTML.format(title="Pictured", body="A photo follows.").replace(
        "</article>", f'<p><img src="{data_url}" alt="A pixel"></p></article>'
    )
    page.write_text(html, encoding="utf-8")
    result = run(importer, page).results[0]
    stored = library.get(result.article_id or 0)
    assert stored is not None
    assert "data:" not in stored.article.html and "library-image:" in stored.article.html
    sha = stored.article.html.split("library-image:")[1][:64]
    assert library.image(stored.id, sha) == (PNG, "image/png")


def unreadable_files(tmp_path: Path) -> list[tuple[Path, str]]:
    """Files that cannot be read, with the reason the import must give for each."""
    cases = []
    sock_path = tmp_path / "socket.html"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(sock_path))
    server.close()
    cases.append((sock_path, "not a regular file"))
    if os.geteuid() != 0:  # root reads any file whatever its mode
        locked = tmp_path / "locked.html"
        locked.write_text("<p>secret</p>")
        locked.chmod(0)
        cases.append((locked, "permission denied"))
    return cases


def test_bad_input_fails_clearly_and_writes_nothing(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    picture = tmp_path / "picture.html"
    picture.write_bytes(PNG)
    nav_only = tmp_path / "menu.html"
    nav_only.write_text(
        "<html><head><title>Menu</title></head><body><nav><ul>"
        + "".join(f'<li><a href="/s{n}">Section {n}</a></li>' for n in range(40))
        + "</ul></nav></body></html>"
    )
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB without writing them
    missing = tmp_path / "missing.html"
    expected = {
        str(empty): "empty",
        str(picture): "PNG image",
        str(nav_only): "",  # extraction's reason: any one clear line
        str(huge): "64 MB",
        str(missing): "no such file",
    }
    unreadable = unreadable_files(tmp_path)
    expected.update({str(path): reason for path, reason in unreadable})

    report = run(importer, *expected)
    assert len(report.results) == len(expected)
    for result in report.results:
        assert result.outcome == "failed", result
        assert result.reason and "\n" not in result.reason
        assert expected[result.source].lower() in result.reason.lower(), result
    logged = {entry.source: entry for entry in recent_lines(library)}
    for source in expected:
        assert logged[source].outcome == "failed" and logged[source].reason
    assert library.count() == 0
    assert library.db.execute("SELECT count(*) FROM images").fetchone()[0] == 0
    assert library.integrity_check() == "ok"


def test_a_full_disk_writes_nothing_and_stops_the_import(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    import base64
    import random

    pages = []
    noise = random.Random(7).randbytes(600_000)  # incompressible, so it needs real pages
    for n in range(2):
        page = tmp_path / f"big-{n}.html"
        url = "data:image/png;base64," + base64.b64encode(PNG + noise + bytes([n])).decode()
        page.write_text(
            ARTICLE_HTML.format(title=f"Big {n}", body="Pictures.").replace(
                "</article>", f'<img src="{url}"></article>'
            )
        )
        pages.append(page)
    pages_now = library.db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own limit on the file's size: the same SQLITE_FULL a full disk gives.
    library.db.execute(f"PRAGMA max_page_count = {pages_now + 20}")
    report = run(importer, *pages)
    assert report.error is not None and "disk is full" in report.error
    # Only what was committed is counted: neither page was, and the summary says so.
    assert report.results == [] and report.unsaved == 2
    assert library.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert library.db.execute("SELECT count(*) FROM images").fetchone()[0] == 0
    assert library.integrity_check() == "ok"


def test_a_saves_resource_folder_is_skipped_but_a_folder_that_only_looks_like_one_is_not(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "story.html").write_text(ARTICLE_HTML.format(title="Story", body="Main story."))
    (folder / "story_files").mkdir()
    (folder / "story_files" / "frame.html").write_text(
        ARTICLE_HTML.format(title="Frame", body="An ad frame.")
    )
    (folder / "project_files").mkdir()  # the person's own folder: no project.html beside it
    (folder / "project_files" / "notes.html").write_text(ARTICLE_HTML.format(title="Notes", body="My notes."))
    report = run(importer, folder)
    assert sorted(Path(r.source).name for r in report.results) == ["notes.html", "story.html"]


def test_mhtml_with_binary_parts_is_read_as_a_page(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    page = ARTICLE_HTML.format(title="Archived", body="Saved as a single file.")
    mhtml = (
        b"From: <Saved by Blink>\r\nSubject: Archived\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/html; charset=utf-8\r\nContent-Location: https://example.com/archived\r\n\r\n"
        + page.encode()
        + b"\r\n--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: binary\r\n"
        b"Content-Location: https://example.com/p.png\r\n\r\n" + PNG + b"\r\n--B--\r\n"
    )
    (tmp_path / "archived.mhtml").write_bytes(mhtml)
    result = run(importer, tmp_path / "archived.mhtml").results[0]
    assert result.outcome == "imported", result.reason
    stored = library.get(result.article_id or 0)
    assert stored is not None and stored.article.url == "https://example.com/archived"
    assert "Saved as a single file." in stored.article.text


def test_an_image_over_the_size_limit_is_left_out(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    import base64

    from library.images import MAX_IMAGE_BYTES

    huge = PNG + bytes(MAX_IMAGE_BYTES)  # a PNG header on more bytes than any article photo needs
    page = tmp_path / "huge-image.html"
    html = ARTICLE_HTML.format(title="Huge image", body="A photo follows.").replace(
        "</article>",
        f'<p><img src="data:image/png;base64,{base64.b64encode(huge).decode()}" alt="Huge"></p></article>',
    )
    page.write_text(html, encoding="utf-8")
    result = run(importer, page).results[0]
    stored = library.get(result.article_id or 0)
    assert stored is not None and "<img" not in stored.article.html
    assert library.db.execute("SELECT count(*) FROM images").fetchone()[0] == 0


def test_counting_for_the_progress_bar_agrees_with_what_is_imported(tmp_path: Path) -> None:
    import zipfile

    from library.sources import count_entries, read_source

    folder = tmp_path / "mixed"
    (folder / "deeper").mkdir(parents=True)
    (folder / "one.html").write_text(ARTICLE_HTML.format(title="One", body="First."))
    (folder / "deeper" / "two.txt").write_text("Two\n\nSome text.")
    (folder / "deeper" / "empty.html").write_bytes(b"")
    rows = "".join(f"Saved {n},https://example.com/{n},1600000000,,unread\n" for n in range(5))
    with zipfile.ZipFile(folder / "pocket.zip", "w") as archive:
        archive.writestr("part_000000.csv", "title,url,time_added,tags,status\n" + rows)
    for location in (
        str(folder),
        str(folder / "one.html"),
        str(tmp_path / "missing"),
        "https://example.com/a",
    ):
        assert count_entries(location) == sum(1 for _ in read_source(location)), location
    assert count_entries(str(folder)) == 8


def structured_files(folder: Path) -> dict[Path, str]:
    """Structured files that are no export, each with what its refusal must say it is."""
    import json
    import plistlib

    folder.mkdir(exist_ok=True)
    files = {
        folder / "settings.json": (
            json.dumps({"version": 3, "windows": [{"tabs": []}], "title": "Get your settings right"}),
            "a JSON object with keys version, windows, title",
        ),
        folder / "readings.json": (json.dumps([3, 1, 4, 1, 5, 9, 2, 6]), "a JSON list of numbers"),
        folder / "people.json": (
            json.dumps([{"name": "Ada", "email": "ada@example.com"}]),
            "a JSON list of objects with keys name, email",
        ),
        folder / "inventory.csv": (
            "sku,colour,count\nA1,red,3\nB2,blue,5\n",
            "a CSV table with columns sku, colour, count",
        ),
        folder / "measurements": (
            "when\twhere\thow much\n1\t2\t3\n4\t5\t6\n",
            "a TSV table with columns when, where, how much",
        ),
        folder / "feed.xml": (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>News</title></channel></rss>',
            "an XML document whose root element is <rss>",
        ),
        folder / "config.yaml": ("title: Get your settings right\nitems:\n  - one\n", "a YAML document"),
    }
    written: dict[Path, str] = {}
    for path, (text, kind) in files.items():
        path.write_text(text, encoding="utf-8")
        written[path] = kind
    plist = folder / "Info.plist"
    plist.write_bytes(
        plistlib.dumps({"CFBundleName": "Reader", "CFBundleVersion": "1.0"}, fmt=plistlib.FMT_BINARY)
    )
    written[plist] = "a property list: a dictionary with keys CFBundleName, CFBundleVersion"
    return written


def test_structured_files_that_are_no_export_are_refused_with_their_reason(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    files = structured_files(tmp_path / "data")
    report = run(importer, *files)
    assert len(report.results) == len(files)
    for result in report.results:
        assert result.outcome == "failed", result
        assert result.reason == f"not an export this application knows ({files[Path(result.source)]})"
    assert library.count() == 0


def test_a_folder_takes_pages_text_and_exports_and_skips_the_rest(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "downloads"
    skipped = set(structured_files(folder))
    (folder / "story.html").write_text(ARTICLE_HTML.format(title="Story", body="A story."), encoding="utf-8")
    text = "Copied text\n\n" + "This is a story copied as text from a page in a browser window. " * 5
    (folder / "copied.txt").write_text(text, encoding="utf-8")
    (folder / "links.txt").write_text("https://example.com/a\nhttps://example.com/b\n", encoding="utf-8")
    for name, content in {
        "notes.md": "# My notes\n\nA paragraph of my own notes, written in Markdown for myself alone.\n",
        "script.py": '"""A script."""\n\nprint("This is not an article, it is a program.")\n',
        "README": "Read me first. This folder holds my downloads from last week.\n",
        # A project's own files: a test holding an export's markup, settings, a list with a comment.
        "test_pocket.py": f"POCKET = {POCKET_HTML!r}\n",
        "entry_points.txt": "[console_scripts]\narticle-reader = desktop.launcher:main\n",
        "phrases.txt": "# German. One phrase a line, lower case.\n\n"
        + "".join(f"lesen sie auch {n}\nmehr zum thema {n}\n" for n in range(60)),
    }.items():
        (folder / name).write_text(content, encoding="utf-8")
        skipped.add(folder / name)
    (folder / "photo.png").write_bytes(PNG)
    skipped.add(folder / "photo.png")
    # The same markup in a file named as a page is the export it looks like.
    (folder / "ril_export (1).html").write_text(POCKET_HTML, encoding="utf-8")

    report = run(importer, folder)
    assert report.failures == []
    assert {Path(r.source) for r in report.results if r.outcome == "skipped"} == skipped
    assert report.count("skipped") == len(skipped)
    assert report.count("imported") == 2 and report.count("pending") == 3
    assert library.count() == 5
    assert "Story" in {h.title for h in library.headers()}
    # Skipping is not a failure: nothing of it reaches the import log.
    assert {entry.outcome for entry in recent_lines(library)} == {"imported", "pending"}


def test_an_empty_name_is_refused_and_imports_nothing(importer: Importer, library: Library) -> None:
    # Path("") is the current folder: an empty argument from a script must not import it.
    report = run(importer, "", "   ")
    assert [(r.outcome, r.reason) for r in report.results] == [
        ("failed", "an empty name, no file, folder or address"),
        ("failed", "an empty name, no file, folder or address"),
    ]
    assert library.count() == 0


def test_a_file_named_on_its_own_that_cannot_be_read_is_refused(
    importer: Importer, library: Library, tmp_path: Path
) -> None:
    script = tmp_path / "script.py"
    script.write_text('print("This is not an article, it is a program of some length.")\n')
    picture = tmp_path / "photo.png"
    picture.write_bytes(PNG)
    report = run(importer, script, picture)
    assert [(Path(r.source).name, r.outcome, r.reason) for r in report.results] == [
        ("script.py", "failed", "not a page, text or export this application knows"),
        ("photo.png", "failed", "a PNG image, not a page, text or export"),
    ]
    assert library.count() == 0


def test_a_link_back_up_the_tree_is_read_once(importer: Importer, library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "inner").mkdir(parents=True)
    (folder / "story.html").write_text(ARTICLE_HTML.format(title="Story", body="A story."), encoding="utf-8")
    (folder / "inner" / "up").symlink_to(folder, target_is_directory=True)
    (folder / "also-inner").symlink_to(folder / "inner", target_is_directory=True)
    report = run(importer, folder)
    assert [(Path(r.source).name, r.outcome) for r in report.results] == [("story.html", "imported")]
    assert library.count() == 1


def test_a_folder_inside_that_cannot_be_listed_is_reported_and_the_rest_imported(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.library.test_read_only import _unprivileged_prefix

    folder = tmp_path / "saved"
    for name in ("a-first", "b-locked", "c-last"):
        (folder / name).mkdir(parents=True)
        (folder / name / "story.html").write_text(
            ARTICLE_HTML.format(title=f"Story in {name}", body=f"A story told in {name}."), encoding="utf-8"
        )
    (folder / "b-locked").chmod(0o000)
    try:
        done = subprocess.run(
            [
                *_unprivileged_prefix(),
                str(Path(sys.executable).with_name("article-reader")),
                "--library",
                str(tmp_path / "l.db"),
                "import",
                str(folder),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        (folder / "b-locked").chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert "imported 2," in done.stdout and "failed 1," in done.stdout
    assert f"  failed: {folder / 'b-locked'}: cannot list the folder (Permission denied)" in done.stdout
