"""The `epub` and `html` exports: a valid book for e-readers, pages that run and load nothing."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from library.article import Article
from library.export import Selection, export_articles
from library.export.epub import epubcheck_command
from library.store import Library
from tests.library.leavelibrary import fill_library


@pytest.fixture
def full_library(library: Library, tmp_path: Path) -> Library:
    fill_library(library, tmp_path / "sources")
    return library


def test_the_book_has_a_chapter_an_article_with_images_and_contents(
    full_library: Library, tmp_path: Path
) -> None:
    report = export_articles(full_library, Selection(), "epub", tmp_path / "book.epub")
    # The WebP, and the chart still on the web.
    assert report.notes == ["2 images left out: not downloaded yet, or in formats e-readers may not show"]
    with zipfile.ZipFile(tmp_path / "book.epub") as book:
        names = book.namelist()
        assert names[0] == "mimetype" and book.read("mimetype") == b"application/epub+zip"
        chapters = sorted(n for n in names if re.search(r"article-\d+\.xhtml$", n))
        assert len(chapters) == full_library.count()
        assert {n.rsplit(".", 1)[-1] for n in names if "/images/" in n} == {"png", "gif"}
        navigation = book.read(next(n for n in names if n.endswith("nav.xhtml"))).decode()
        texts = {n: book.read(n).decode() for n in chapters}
    for title in ("Committee findings", "نتائج اللجنة", "A very long inquiry"):
        assert title in navigation
    rtl = next(t for t in texts.values() if "نتائج اللجنة" in t)
    assert 'dir="rtl"' in rtl and 'lang="ar"' in rtl
    story = next(t for t in texts.values() if "Committee findings</h1>" in t)
    assert (
        "Ada Writer · Example News" in story and "<table>" in story and re.search(r'<img src="images/', story)
    )
    for text in texts.values():
        etree.fromstring(text.encode())  # every chapter is well-formed XML


def test_the_book_passes_epubcheck(full_library: Library, tmp_path: Path) -> None:
    command = epubcheck_command()
    if command is None:
        pytest.skip(
            "epubcheck is not installed (Debian: apt-get install epubcheck); the book was not validated"
        )
    export_articles(full_library, Selection(), "epub", tmp_path / "book.epub")
    checked = subprocess.run(
        [*command, str(tmp_path / "book.epub")], capture_output=True, text=True, timeout=600
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 fatals / 0 errors" in checked.stdout


def test_the_html_export_runs_nothing_and_loads_nothing_from_elsewhere(
    full_library: Library, tmp_path: Path
) -> None:
    full_library.save(
        Article(
            title="Hostile",
            html='<p onclick="x()">Hi</p><script>x()</script><img src="https://tracker.example/p.gif">'
            '<a href="javascript:x()">bad</a><a href="https://example.com/ok">ok</a>',
            text="Hi",
            url="https://example.com/hostile",
        ),
        source_kind="html",
    )
    report = export_articles(full_library, Selection(), "html", tmp_path / "site")
    site = tmp_path / "site"
    pages = sorted(site.rglob("*.html"))
    assert report.articles == full_library.count() and len(pages) == report.articles + 1
    for page in pages:
        root = lxml.html.fromstring(page.read_bytes())
        assert not root.xpath("//script | //iframe | //object | //embed | //form | //base"), page
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (page, name)
                if name in ("src", "srcset", "poster", "data") or (name == "href" and element.tag != "a"):
                    assert not re.match(r"\s*(?:[a-z][a-z0-9+.-]*:|//)", value, re.I), (page, name, value)
                    assert (page.parent / value).resolve().is_file(), (page, value)
                if name == "href" and element.tag == "a":
                    assert not value.lower().startswith(("javascript:", "data:", "vbscript:")), (page, value)
        assert root.xpath("//meta[@http-equiv='Content-Security-Policy']")
    style = (site / "style.css").read_text(encoding="utf-8")
    assert "url(" not in style and "@import" not in style
    story = next(p for p in pages if p.name == "Committee findings.html").read_text(encoding="utf-8")
    assert 'src="../assets/' in story and "two more years to comply" in story and "Ada Writer" in story
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count("<li>") == report.articles and 'href="articles/Committee%20findings.html"' in index
