"""`bookmarks`: the Netscape bookmark file every browser and bookmarking service imports."""

from __future__ import annotations

from html import escape
from pathlib import Path

from library.export.common import ExportArticle, ExportContext, ExportFormat
from library.export.csvfile import without_address_note
from library.export.dates import unix_seconds

_HEAD = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file. It will be read and overwritten. DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>{title}</H1>
<DL><p>
"""


class BookmarksWriter:
    """One `<DT><A>` an article: address, title, date added, tags, and whether it is still to read."""

    def __init__(self, path: Path, context: ExportContext) -> None:
        self.file = path.open("w", encoding="utf-8", newline="\n")
        self.file.write(_HEAD.format(title=escape(f"Article Reader: {context.title}")))
        self.without_address = 0

    def add(self, item: ExportArticle) -> None:
        stored = item.stored
        url = stored.article.url or stored.article.canonical_url
        if not url:
            self.without_address += 1
            return
        attributes = [f'HREF="{escape(url)}"']
        seconds = unix_seconds(stored.saved_at)
        if seconds is not None:
            attributes.append(f'ADD_DATE="{seconds}"')
        if stored.tags:
            # The format separates tags with commas.
            attributes.append(f'TAGS="{escape(",".join(t.replace(",", " ") for t in stored.tags))}"')
        # Firefox's and Pinboard's "read later" flag: the one reading state the format has.
        if not stored.state.read and not stored.state.archived:
            attributes.append('TOREAD="1"')
        self.file.write(f"    <DT><A {' '.join(attributes)}>{escape(stored.article.title)}</A>\n")
        if stored.article.excerpt:
            self.file.write(f"    <DD>{escape(' '.join(stored.article.excerpt.split()))}\n")

    def finish(self) -> list[str]:
        self.file.write("</DL><p>\n")
        self.file.close()
        return without_address_note(self.without_address)

    def close(self) -> None:
        self.file.close()


FORMAT = ExportFormat(
    name="bookmarks",
    description="addresses, titles, tags and to-read, as browser bookmarks (Netscape HTML)",
    folder=False,
    suffix=".html",
    needs_images=False,
    open=BookmarksWriter,
)
