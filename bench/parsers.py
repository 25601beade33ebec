"""Which parser reads which HTML: the measurements behind the README's dependency table.

Usage:
  python bench/parsers.py [--repeat 5]

In one process, best of --repeat runs each (needs the bench extras for BeautifulSoup):
  * a Netscape bookmark file of 10,000 bookmarks in one folder (every <DT> left open, as
    browsers write them): Python's html.parser stream (ours), lxml's tree, BeautifulSoup on lxml;
  * Pocket's ril_export.html of 20,000 links: html.parser (ours), lxml, BeautifulSoup on lxml;
  * the 91 scrapinghub pages: finding image references on lxml's tree (ours) and on
    BeautifulSoup's, and writing a parsed page back (ours, lxml's own writer, BeautifulSoup's).
Each line says what the parser got (bookmarks found, last line number) beside its time.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "scrapinghub" / "html"
sys.path.insert(0, str(REPO))

import lxml.html  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from lxml import etree  # noqa: E402

from library.sources.decode import decode_bytes  # noqa: E402
from library.sources.exports import bookmarks, pocket  # noqa: E402
from library.sources.markup import parse_page, write_page  # noqa: E402
from library.sources.page_images import IMAGE_ELEMENTS, image_references  # noqa: E402


def best(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The shortest of `repeat` runs of `work`, in seconds, and what it returned."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return min(times), result


def bookmark_file(count: int) -> str:
    links = "".join(
        f'    <DT><A HREF="https://example.com/{n}" ADD_DATE="1700000000">Bookmark {n}</A>\n'
        for n in range(count)
    )
    return f"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>\n<DL><p>\n    <DT><H3>Folder</H3>\n    <DL><p>\n{links}    </DL><p>\n</DL>\n"


def ril_export(count: int) -> str:
    links = "".join(
        f'<li><a href="https://example.com/{n}" time_added="1700000000" tags="a,b">Title {n}</a></li>\n'
        for n in range(count)
    )
    return f"<!DOCTYPE html>\n<html><body>\n<h1>Unread</h1>\n<ul>\n{links}</ul>\n</body></html>\n"


def lxml_tree(text: str) -> Any:
    return lxml.html.document_fromstring(
        text.encode(), parser=lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    )


def soup_references(soup: BeautifulSoup) -> int:
    return sum(len(tag.attrs) for tag in soup.find_all(list(IMAGE_ELEMENTS)))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat

    text = bookmark_file(10_000)
    print("bookmark file, 10,000 bookmarks in one folder:")
    seconds, entries = best(repeat, lambda: list(bookmarks._entries(text, "bookmarks.html")))
    print(
        f"  html.parser stream (ours)  {seconds * 1000:7.0f} ms  {len(entries)} bookmarks, last {entries[-1].source}"
    )
    seconds, links = best(repeat, lambda: [a.sourceline for a in lxml_tree(text).iter("a")])
    print(
        f"  lxml tree                  {seconds * 1000:7.0f} ms  {len(links)} bookmarks (each <DT> nests in the last)"
    )
    seconds, found = best(1, lambda: len(BeautifulSoup(text, "lxml").find_all("a")))
    print(
        f"  BeautifulSoup on lxml      {seconds * 1000:7.0f} ms  {found} bookmarks, no line numbers (one run)"
    )

    text = ril_export(20_000)
    print("Pocket ril_export.html, 20,000 links:")
    seconds, entries = best(repeat, lambda: list(pocket._list_entries(text, "ril_export.html")))
    print(f"  html.parser stream (ours)  {seconds * 1000:7.0f} ms  last {entries[-1].source}")
    seconds, links = best(repeat, lambda: [a.sourceline for a in lxml_tree(text).iter("a")])
    print(
        f"  lxml tree                  {seconds * 1000:7.0f} ms  last line {links[-1]} (of {len(links) + 4})"
    )
    seconds, found = best(repeat, lambda: len(BeautifulSoup(text, "lxml").find_all("a")))
    print(f"  BeautifulSoup on lxml      {seconds * 1000:7.0f} ms  {found} links, no line numbers")

    pages = [decode_bytes(gzip.decompress(path.read_bytes())) for path in sorted(CORPUS.glob("*.html.gz"))]
    print(f"saved pages: the {len(pages)} scrapinghub pages, per page:")
    seconds, _ = best(repeat, lambda: [list(image_references(parse_page(page))) for page in pages])
    print(f"  image references, lxml (ours)          {seconds / len(pages) * 1000:6.2f} ms")
    seconds, _ = best(repeat, lambda: [soup_references(BeautifulSoup(page, "lxml")) for page in pages])
    print(f"  image references, BeautifulSoup on lxml {seconds / len(pages) * 1000:5.2f} ms")
    trees = [parse_page(page) for page in pages]
    seconds, _ = best(repeat, lambda: [write_page(tree) for tree in trees])
    print(
        f"  writing a page back, ours              {seconds / len(pages) * 1000:6.2f} ms  (parses back the same)"
    )
    seconds, _ = best(
        repeat, lambda: [etree.tostring(tree, encoding="unicode", method="html") for tree in trees]
    )
    print(
        f"  writing a page back, lxml's own        {seconds / len(pages) * 1000:6.2f} ms  (does not: see test_markup.py)"
    )
    soups = [BeautifulSoup(page, "lxml") for page in pages]
    seconds, _ = best(repeat, lambda: [str(soup) for soup in soups])
    print(f"  writing a page back, BeautifulSoup's   {seconds / len(pages) * 1000:6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
