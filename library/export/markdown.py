"""`markdown`: a folder of `.md` notes with YAML front matter and their images in `assets/`.

The shape Obsidian and similar notebooks read, and that `import` reads back
(library/sources/markdown.py). HTML becomes Markdown with markdownify (on
BeautifulSoup and lxml): ATX headings, `-` lists, fenced code, pipe tables, and
`<sub>`/`<sup>` kept as HTML, which CommonMark allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml.html import HtmlElement

from library.article import Highlight
from library.export.common import (
    ExportArticle,
    ExportContext,
    ExportFormat,
    asset_name,
    body_tree,
    point_images,
    tree_html,
)
from library.export.staging import FileNames
from library.highlights.model import StoredHighlight
from library.records import StoredArticle, StoredImage
from library.sources.markdown import HIGHLIGHTS_HEADING

ASSETS = "assets"
_BLOCK_NAMES = (
    "table",
    "ul",
    "ol",
    "p",
    "div",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dl",
    "hr",
)
_BLOCKS_IN_CELL = ".//*[" + " or ".join(f"self::{name}" for name in _BLOCK_NAMES) + "]"
_INLINE_IMAGE_PARENTS = [
    "td",
    "th",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "caption",
    "dt",
    "li",
    "p",
    "span",
]


def front_matter(stored: StoredArticle) -> str:
    """The YAML front matter of a note: our keys (library/sources/markdown.py), empty ones left out."""
    import yaml

    article = stored.article
    state = stored.state
    values: dict[str, Any] = {
        "title": article.title,
        "url": article.url or article.canonical_url,
        "author": article.byline,
        "site": article.site_name,
        "published": article.published,
        "saved": stored.saved_at,
        "tags": list(stored.tags),
        "state": "archived" if state.archived else "read" if state.read else "unread",
        "favourite": bool(state.favorite),
        "progress": round(state.progress or 0.0, 4),
        "description": article.excerpt,
        "lang": article.lang,
    }
    values = {key: value for key, value in values.items() if value is not None and value != ""}
    # libyaml's emitter when PyYAML was built with it: the same output, several times faster.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    dumped = yaml.dump(
        values, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1 << 30
    )
    return f"---\n{dumped}---\n"


def html_to_markdown(html: str, image_source: dict[str, str]) -> str:
    """The body as Markdown; images point at `image_source[their src]`, others become their alt text."""
    from bs4 import BeautifulSoup
    from markdownify import BACKSLASH, MarkdownConverter

    if "<img" in html or "<table" in html:
        container = body_tree(html)
        point_images(container, image_source)
        _fit_tables(container)
        html = tree_html(container)
    converter = MarkdownConverter(
        heading_style="ATX",
        bullets="-",
        newline_style=BACKSLASH,
        escape_misc=True,
        sub_symbol="<sub>",
        sup_symbol="<sup>",
        keep_inline_images_in=_INLINE_IMAGE_PARENTS,
    )
    # markdownify walks a BeautifulSoup tree; built on lxml's parser, as everywhere else.
    markdown: str = converter.convert_soup(BeautifulSoup(html, "lxml"))
    return markdown.strip() + "\n" if markdown.strip() else ""


def _fit_tables(container: HtmlElement) -> None:
    """Make tables fit Markdown's: layout tables (holding blocks) become their cells' content in
    order, and every row of a data table gets as many cells as the widest one."""
    for table in reversed(list(container.iter("table"))):
        cells = table.xpath(".//td | .//th")
        if any(cell.xpath(_BLOCKS_IN_CELL) for cell in cells):
            _unwrap_table(table)
            continue
        rows = table.xpath(".//tr")
        width = max(
            (sum(int(c.get("colspan", "1") or 1) for c in row.xpath("td|th")) for row in rows), default=0
        )
        for row in rows:
            missing = width - sum(int(c.get("colspan", "1") or 1) for c in row.xpath("td|th"))
            for _ in range(max(0, missing)):
                row.append(row.makeelement("td", {}))


def _unwrap_table(table: HtmlElement) -> None:
    """Replace a layout table with one `<div>` per non-empty cell, its content kept."""
    parent = table.getparent()
    if parent is None:
        return
    position = parent.index(table)
    for offset, cell in enumerate(
        c for c in table.xpath(".//td | .//th") if len(c) or (c.text or "").strip()
    ):
        cell.tag = "div"
        cell.attrib.clear()
        parent.insert(position + offset, cell)
    tail = table.tail
    parent.remove(table)
    if tail and tail.strip():
        holder = parent.makeelement("p", {})
        holder.text = tail
        parent.insert(position, holder)


def highlights_section(highlights: Sequence[Highlight | StoredHighlight]) -> str:
    """The highlights and notes as the section the Markdown import reads back: quotes, then notes."""
    marked = [h for h in highlights if h.text.strip()]
    if not marked:
        return ""
    parts = [f"---\n\n## {HIGHLIGHTS_HEADING}\n"]
    for highlight in marked:
        quoted = "\n".join(f"> {line}".rstrip() for line in highlight.text.strip().split("\n"))
        parts.append(quoted + "\n")
        if highlight.note.strip():
            parts.append(highlight.note.strip() + "\n")
    return "\n".join(parts)


class MarkdownWriter:
    """One note an article, named after its title; images once each in `assets/`."""

    def __init__(self, path: Path, context: ExportContext) -> None:
        self.folder = path
        self.names = FileNames()
        self.assets = path / ASSETS
        self.written: set[str] = set()

    def _asset(self, image: StoredImage) -> str:
        name = asset_name(image)
        if name not in self.written:
            self.assets.mkdir(exist_ok=True)
            (self.assets / name).write_bytes(image.data)
            self.written.add(name)
        return f"{ASSETS}/{name}"

    def add(self, item: ExportArticle) -> None:
        stored = item.stored
        sources = {image.reference: self._asset(image) for image in item.images.values()}
        # An image still on the web stays a link to it: importing the note brings it back as one.
        sources.update((pending.reference, pending.url) for pending in item.pending_images)
        body = html_to_markdown(stored.article.html, sources) if stored.status == "ready" else ""
        section = highlights_section(stored.highlights)
        note = front_matter(stored) + ("\n" + body if body else "") + ("\n" + section if section else "")
        name = self.names.name(stored.article.title, ".md")
        with (self.folder / name).open("w", encoding="utf-8", newline="\n") as file:
            file.write(note)

    def finish(self) -> list[str]:
        return []

    def close(self) -> None:
        """Every note is closed as it is written: nothing stays open."""


FORMAT = ExportFormat(
    name="markdown",
    description="a folder of Markdown notes with front matter and images (Obsidian and other notebooks)",
    folder=True,
    suffix="",
    needs_images=True,
    open=MarkdownWriter,
)
