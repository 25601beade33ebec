"""`html`: a folder to read offline in any browser: an index page, one page an article, their images.

The pages use the reader's typography (resources/reader.css and the light theme, with
a dark one when the system asks for it). Nothing in them runs or loads from elsewhere:
bodies pass the article sanitiser once more after their images are pointed at the
folder, and a Content-Security-Policy forbids scripts and remote loads besides.
Links to other pages stay links, to follow or not.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

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
from library.records import StoredArticle, StoredImage

ASSETS = "assets"
ARTICLES = "articles"
STYLE = "style.css"
# Only this folder's own files and inline images; no scripts, frames, fonts or connections.
POLICY = "default-src 'none'; img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'none'"

# What a browser needs beyond the reading pane's sheet: a column, a typeface, the page's parts.
_PAGE_STYLE = """
/* Added for browsers: the reading column and the index. */
body { margin: 0 auto; padding: 2em 1.2em 4em; max-width: 42em; font-family: Charter, "Bitstream Charter",
    "Sitka Text", Cambria, Georgia, serif; font-size: 1.15rem; line-height: 1.6; }
img { height: auto; }
pre { overflow-x: auto; padding: 0.7em; }
blockquote { border-left: 3px solid currentColor; padding-left: 1em; margin-left: 0; opacity: 0.9; }
nav { font-size: small; margin-bottom: 2em; }
ol.articles { padding-left: 0; list-style: none; }
ol.articles li { margin-bottom: 1.1em; }
ol.articles .meta, ol.articles .excerpt { display: block; margin: 0.2em 0 0; }
ol.articles .meta { font-size: small; color: #6e6e73; }
section.highlights { margin-top: 3em; border-top: 1px solid #d2d2d7; }
@media (prefers-color-scheme: dark) {
"""


def stylesheet() -> str:
    """The export's style: the reader's sheet and light theme, the dark theme for dark systems."""
    from resources import resource_text

    dark = resource_text("themes/dark.css").replace("\n", "\n    ")
    return (
        resource_text("reader.css")
        + "\n"
        + resource_text("themes/light.css")
        + _PAGE_STYLE
        + "    "
        + dark
        + "\n}\n"
    )


def _page(title: str, body: str, style: str, lang: str | None = None) -> str:
    lang_attribute = f' lang="{escape(lang)}"' if lang else ""
    return (
        f'<!DOCTYPE html>\n<html{lang_attribute}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{style}">\n</head>\n<body>\n{body}\n</body>\n</html>\n'
    )


def details_line(stored: StoredArticle) -> str:
    """Byline, site, date and reading time, escaped, as the reading pane's header shows them."""
    article = stored.article
    details = [article.byline, article.site_name, (article.published or "")[:10] or None]
    if stored.reading_minutes:
        details.append(f"{stored.reading_minutes} min read")
    return " · ".join(escape(d) for d in details if d)


def article_body(stored: StoredArticle, image_source: dict[str, str]) -> str:
    """The stored body with its images at `image_source[their src]`, through the sanitiser once more."""
    from library.extract.output import sanitise

    if stored.status != "ready":
        url = stored.article.url or ""
        return f'<p class="notice">Not downloaded yet: <a href="{escape(url)}">{escape(url)}</a></p>'
    container = body_tree(stored.article.html)
    point_images(container, image_source)
    return sanitise(tree_html(container))


def highlights_html(stored: StoredArticle) -> str:
    marked = [h for h in stored.highlights if h.text.strip()]
    if not marked:
        return ""
    parts = ['<section class="highlights">\n<h2>Highlights</h2>']
    for highlight in marked:
        passage = "<br>".join(escape(line) for line in highlight.text.strip().split("\n"))
        parts.append(f"<blockquote>{passage}</blockquote>")
        for paragraph in highlight.note.strip().split("\n\n"):
            if paragraph.strip():
                parts.append(f'<p class="note">{escape(paragraph.strip())}</p>')
    parts.append("</section>")
    return "\n".join(parts)


class HtmlWriter:
    """Writes each article's page as it comes, and the index of them all at the end."""

    def __init__(self, path: Path, context: ExportContext) -> None:
        self.folder = path
        self.context = context
        self.names = FileNames()
        self.written: set[str] = set()
        self.index: list[str] = []
        (path / ARTICLES).mkdir()
        (path / STYLE).write_text(stylesheet(), encoding="utf-8")

    def _asset(self, image: StoredImage) -> str:
        name = asset_name(image)
        if name not in self.written:
            (self.folder / ASSETS).mkdir(exist_ok=True)
            (self.folder / ASSETS / name).write_bytes(image.data)
            self.written.add(name)
        return f"../{ASSETS}/{name}"

    def add(self, item: ExportArticle) -> None:
        stored = item.stored
        article = stored.article
        sources = {image.reference: self._asset(image) for image in item.images.values()}
        name = self.names.name(article.title, ".html")
        direction = f' dir="{escape(article.dir)}"' if article.dir in ("rtl", "ltr") else ""
        original = f' · <a href="{escape(article.url)}">original</a>' if article.url else ""
        kicker = f'<p class="kicker">{escape(article.section)}</p>\n' if article.section else ""
        body = (
            f'<nav><a href="../index.html">All articles</a></nav>\n<article{direction}>\n<header>\n{kicker}'
            f'<h1 class="title">{escape(article.title)}</h1>\n'
            f'<p class="meta">{details_line(stored)}{original}</p>\n</header>\n'
            f"{article_body(stored, sources)}\n{highlights_html(stored)}\n</article>"
        )
        page = _page(article.title, body, f"../{STYLE}", article.lang)
        (self.folder / ARTICLES / name).write_text(page, encoding="utf-8")
        marks = [
            word
            for flag, word in (
                (not stored.state.read, "unread"),
                (stored.state.favorite, "★"),
                (stored.state.archived, "archived"),
            )
            if flag
        ]
        tags = ", ".join(stored.tags)
        meta = " · ".join(
            part for part in (details_line(stored), escape(" · ".join(marks)), escape(tags)) if part
        )
        excerpt = (
            f'<span class="excerpt" dir="auto">{escape(article.excerpt)}</span>' if article.excerpt else ""
        )
        self.index.append(
            f'<li><a href="{ARTICLES}/{quote(name)}" dir="auto">{escape(article.title)}</a>'
            f'<span class="meta">{meta}</span>{excerpt}</li>'
        )

    def finish(self) -> list[str]:
        count = len(self.index)
        body = (
            f'<header>\n<h1 class="title">{escape(self.context.title)}</h1>\n'
            f'<p class="meta">{count} article{"s" if count != 1 else ""} · exported '
            f"{escape(self.context.exported_at[:10])} from Article Reader</p>\n</header>\n"
            '<ol class="articles">\n' + "\n".join(self.index) + "\n</ol>"
        )
        (self.folder / "index.html").write_text(_page(self.context.title, body, STYLE), encoding="utf-8")
        return []

    def close(self) -> None:
        """Every page is closed as it is written: nothing stays open."""


FORMAT = ExportFormat(
    name="html",
    description="a folder of web pages to read offline in any browser, with an index",
    folder=True,
    suffix="",
    needs_images=True,
    open=HtmlWriter,
)
