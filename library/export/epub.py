"""`epub`: one EPUB 3 book of the chosen articles, a chapter each, images inside, with a table of contents.

Built with ebooklib, which writes the package document, the navigation document
and an NCX for older readers. Bodies are made valid XHTML first (library/export/
xhtml.py). Images in the formats every reading system must show (JPEG, PNG, GIF)
go into the book; others (WebP, AVIF, SVG, ...) are left out, their alt text in
their place, and the export says how many.
"""

from __future__ import annotations

import uuid
from collections import Counter
from html import escape
from pathlib import Path

from library.export.common import (
    ExportArticle,
    ExportContext,
    ExportFormat,
    asset_name,
    body_tree,
    point_images,
    tree_html,
)
from library.export.html import details_line, highlights_html
from library.export.xhtml import make_valid
from library.records import StoredImage

# EPUB 3.2's core media types for raster images; SVG may carry scripts, which the book must declare.
CORE_IMAGE_TYPES = frozenset(["image/jpeg", "image/png", "image/gif"])
_STYLE = """
body { line-height: 1.5; }
h1.title { font-size: 1.6em; line-height: 1.2; margin: 0 0 0.4em; }
p.meta, p.kicker, p.caption { font-size: 0.85em; }
p.meta { margin-bottom: 2em; }
img { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; font-size: 0.85em; }
blockquote { margin-left: 1.2em; margin-right: 1.2em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 0.2em 0.4em; }
"""


class EpubWriter:
    """Gathers chapters and images into an ebooklib book; writes it at the end."""

    def __init__(self, path: Path, context: ExportContext) -> None:
        from ebooklib import epub

        self.path = path
        self.book = epub.EpubBook()
        self.book.set_identifier(f"urn:uuid:{uuid.uuid4()}")
        self.book.set_title(f"Article Reader: {context.title}")
        self.book.add_author("Article Reader")
        self.book.add_metadata("DC", "date", context.exported_at[:10])
        self.style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=_STYLE)
        self.book.add_item(self.style)
        self.chapters: list[epub.EpubHtml] = []
        self.images: set[str] = set()
        self.languages: Counter[str] = Counter()
        self.left_out = 0

    def _image(self, image: StoredImage) -> str | None:
        from ebooklib import epub

        if image.mime not in CORE_IMAGE_TYPES:
            return None
        name = f"images/{asset_name(image)}"
        if name not in self.images:
            self.images.add(name)
            self.book.add_item(
                epub.EpubImage(
                    uid=f"image-{image.sha256}", file_name=name, media_type=image.mime, content=image.data
                )
            )
        return name

    def add(self, item: ExportArticle) -> None:
        from ebooklib import epub

        stored = item.stored
        article = stored.article
        number = len(self.chapters) + 1
        sources = {image.reference: src for image in item.images.values() if (src := self._image(image))}
        if stored.status == "ready":
            container = body_tree(article.html)
            self.left_out += point_images(container, sources)
            make_valid(container)
            body = tree_html(container)
        else:
            url = escape(article.url or "")
            body = f'<p>Not downloaded yet: <a href="{url}">{url}</a></p>'
        kicker = f'<p class="kicker">{escape(article.section)}</p>' if article.section else ""
        original = (
            f'<p class="meta"><a href="{escape(article.url)}">{escape(article.url)}</a></p>'
            if article.url
            else ""
        )
        highlights = highlights_html(stored).replace("<br>", "<br/>")
        lang = (article.lang or "").split("-")[0].lower() or None
        if lang:
            self.languages[article.lang or lang] += 1
        chapter = epub.EpubHtml(
            title=article.title,
            file_name=f"article-{number:05d}.xhtml",
            lang=article.lang or None,
            direction=article.dir if article.dir in ("rtl", "ltr") else None,
            content=(
                f'<html><body>{kicker}<h1 class="title">{escape(article.title)}</h1>'
                f'<p class="meta">{details_line(stored)}</p>{body}{highlights}{original}</body></html>'
            ),
        )
        chapter.add_item(self.style)
        self.book.add_item(chapter)
        self.chapters.append(chapter)

    def finish(self) -> list[str]:
        from ebooklib import epub

        language = self.languages.most_common(1)[0][0] if self.languages else "en"
        self.book.set_language(language)
        for chapter in self.chapters:
            chapter.lang = chapter.lang or language
        self.book.toc = list(self.chapters)
        self.book.add_item(epub.EpubNcx())
        navigation = epub.EpubNav()
        navigation.add_item(self.style)
        self.book.add_item(navigation)
        self.book.spine = ["nav", *self.chapters]
        epub.write_epub(str(self.path), self.book, {"epub3_pages": False})
        if not self.left_out:
            return []
        plural = "s" if self.left_out != 1 else ""
        return [
            f"{self.left_out} image{plural} left out: not downloaded yet, or in formats e-readers may not show"
        ]

    def close(self) -> None:
        """The book is held in memory until `finish` writes it: nothing stays open."""


FORMAT = ExportFormat(
    name="epub",
    description="one EPUB 3 book, a chapter an article, for e-readers",
    folder=False,
    suffix=".epub",
    needs_images=True,
    open=EpubWriter,
)


def epubcheck_command() -> list[str] | None:
    """The command that runs epubcheck on this machine (Debian installs it as a jar), or None."""
    import shutil

    found = shutil.which("epubcheck")
    jar = Path("/usr/share/java/epubcheck.jar")
    if found and not Path(found).resolve().name.endswith(".jar"):
        return [found]
    java = shutil.which("java")
    target = Path(found).resolve() if found else jar
    if java and target.is_file() and target.name.endswith(".jar"):
        return [java, "-jar", str(target)]
    return None
