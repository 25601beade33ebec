"""Markdown files with YAML front matter: our own Markdown export, and what web clippers save.

A `.md` file is taken as a saved article when it opens with front matter; other
Markdown (a README, one's own notes) is no saved article and is left alone.

Obsidian Web Clipper writes `source` for the address, `author` (often a list),
`created`, `published`, `description` and `tags`; MarkDownload writes `url`,
`title` and `date`; our export writes the keys in `FRONT_MATTER_KEYS`. The body
becomes HTML with markdown-it-py (CommonMark with tables and strikethrough) and
then passes through the sanitiser every article passes; images named by relative
paths are read from beside the file. A trailing "## Highlights" section, as our
export writes it, becomes the article's highlights.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from library.article import Article, Document, Entry, Highlight, ReadingState, Rejected
from library.errors import SourceError
from library.images import MAX_IMAGE_BYTES
from library.sources.decode import decode_bytes
from library.sources.exports.common import clean_tags, fraction, iso_date, text_value, web_address

if TYPE_CHECKING:
    from library.sources.exports.sample import FileFormat, Sample

SOURCE_KIND = "markdown"
SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
# Our export's keys, in the order it writes them.
FRONT_MATTER_KEYS = (
    "title",
    "url",
    "author",
    "site",
    "published",
    "saved",
    "tags",
    "state",
    "favourite",
    "progress",
)
STATES = ("unread", "read", "archived")
HIGHLIGHTS_HEADING = "Highlights"
# A Markdown note is rarely over a megabyte; its images are separate files.
MAX_MARKDOWN_BYTES = 16 * 1024 * 1024
# All the images of one note together.
MAX_NOTE_IMAGE_BYTES = 50 * 1024 * 1024
_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M
)
_FRONT_MATTER_START = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_FIRST_HEADING = re.compile(r"\A\s*#[ \t]+(.+?)[ \t#]*(?:\r?\n|\Z)")
_HIGHLIGHTS_HEADING = re.compile(rf"^##[ \t]+{HIGHLIGHTS_HEADING}[ \t]*$", re.M)


def is_markdown_file(path: Path) -> bool:
    """True for a file named as Markdown."""
    return path.suffix.lower() in SUFFIXES


def is_clipped_note(sample: Sample) -> bool:
    """True for a Markdown file that opens with YAML front matter, as clippers and our export write.

    Markdown without front matter (a README, notes of one's own) is no saved article.
    """
    return is_markdown_file(sample.path) and bool(_FRONT_MATTER_START.match(sample.text))


def read_markdown(path: Path) -> Iterator[Entry | Rejected]:
    """The one article a Markdown file holds."""
    try:
        yield markdown_entry(path)
    except SourceError as error:
        yield Rejected(str(path), str(error).removeprefix(f"{path}: "))


def markdown_entry(path: Path) -> Entry:
    """The entry for one Markdown file, rendered and sanitised, its local images beside it."""
    from library.sources.files import read_limited

    text = decode_bytes(read_limited(path, MAX_MARKDOWN_BYTES))
    meta, body = split_front_matter(text, path)
    body, highlights = split_highlights(body)
    title = _text(meta, "title")
    heading = _FIRST_HEADING.match(body)
    if heading and (title is None or " ".join(heading.group(1).split()) == title):
        # A title written again as the first heading: it is the article's title, not its body.
        title = title or " ".join(heading.group(1).split())
        body = body[heading.end() :]
    url = web_address(_text(meta, "url") or _text(meta, "source"))
    entry = Entry(
        source=str(path),
        source_kind=SOURCE_KIND,
        url=url,
        tags=_tags(meta.get("tags")),
        state=_state(meta),
        saved_at=_date(meta.get("saved")) or _date(meta.get("created")) or _date(meta.get("date")),
        highlights=highlights,
    )
    title = title or path.stem
    hints = {
        "title": title,
        "byline": _author(meta.get("author")),
        "site_name": _text(meta, "site"),
        "published": _date(meta.get("published")),
        "excerpt": _text(meta, "description"),
        "lang": _text(meta, "lang"),
    }
    if not body.strip():
        # Only an address (a bookmark-like note, or an export of an article never downloaded).
        if url is None:
            raise SourceError(f"{path}: no text and no web address")
        entry.hints = {name: value for name, value in hints.items() if value}
        return entry
    article, resources = render_markdown(body, path.parent, url)
    article.url = url
    for name, value in hints.items():
        setattr(article, name, value)
    entry.document = Document(source=str(path), content="", kind="html", url=url, resources=resources)
    from library.records import PreparedArticle  # here: imports of pages never need it

    entry.prepared = PreparedArticle(article=article)
    return entry


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """The YAML front matter as a mapping (empty when there is none), and the body after it."""
    import yaml

    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text.removeprefix("\ufeff")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise SourceError(f"{path}: the front matter is not valid YAML{where}") from None
    except RecursionError:
        raise SourceError(f"{path}: the front matter is nested too deeply") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SourceError(f"{path}: the front matter is not a set of keys and values")
    return {str(key).lower(): value for key, value in meta.items()}, text[match.end() :]


def split_highlights(body: str) -> tuple[str, list[Highlight]]:
    """The body without a trailing "## Highlights" section, and the highlights that section holds."""
    from library.sources.exports.omnivore import parse_highlights

    headings = list(_HIGHLIGHTS_HEADING.finditer(body))
    if not headings:
        return body, []
    last = headings[-1]
    section = body[last.end() :]
    if re.search(r"^#", section, re.M):
        return body, []  # a heading follows: the section is part of the article
    highlights = [h for h in parse_highlights(section) if h.text]
    if not highlights:
        return body, []
    before = body[: last.start()].rstrip()
    # Our export sets the section apart with a rule.
    before = re.sub(r"\n(?:---|\*\*\*)\Z", "", before)
    return before + "\n", highlights


def render_markdown(markdown: str, folder: Path, url: str | None) -> tuple[Article, dict[str, bytes]]:
    """The Markdown body as a sanitised article, and the local images it names, keyed as it refers to them."""
    from markdown_it import MarkdownIt

    from library.extract import parse_html
    from library.extract.clean import fix_images
    from library.extract.output import render

    renderer = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    html = renderer.render(markdown)
    root = parse_html(f"<!DOCTYPE html><html><body><div>{html}</div></body></html>")
    container = root.find(".//body/div")
    assert container is not None  # the markup above always has it
    resources: dict[str, bytes] = {}
    total = 0
    for image in container.iter("img"):
        src = image.get("src") or ""
        data = _local_image(folder, src)
        if data is not None and total + len(data) <= MAX_NOTE_IMAGE_BYTES:
            total += len(data)
            key = _image_key(url, src)
            resources[key] = data
            image.set("src", key)
    fix_images(container, url)
    rendered = render(container, url)
    article = Article(html=rendered.html, text=rendered.text, images=rendered.images)
    return article, resources


def _image_key(url: str | None, src: str) -> str:
    """The absolute address a local image is filed under: resolved against the article's, or a local one."""
    from urllib.parse import urljoin

    base = url or "https://markdown.invalid/"
    return urljoin(base, src)


def _local_image(folder: Path, src: str) -> bytes | None:
    """The bytes of the image file `src` names relative to `folder`, when it is one inside it."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    relative = unquote(parts.path)
    try:
        root = folder.resolve(strict=True)
        file = (folder / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    # Only files inside the note's folder: a note must not read the rest of the disk.
    if not file.is_relative_to(root) or not file.is_file():
        return None
    try:
        if file.stat().st_size > MAX_IMAGE_BYTES:
            return None
        with file.open("rb") as handle:
            return handle.read(MAX_IMAGE_BYTES + 1)
    except OSError:
        return None


def _text(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return text_value(value)


def _author(value: object) -> str | None:
    """An author, or a list of them (Obsidian writes `[[Name]]` links), as one byline."""
    names = value if isinstance(value, list) else [value]
    cleaned = [text_value(str(name).strip("[]")) for name in names if isinstance(name, str)]
    return ", ".join(name for name in cleaned if name) or None


def _tags(value: object) -> list[str]:
    """Tags as a YAML list or one string (comma- or space-separated); Obsidian's `#` dropped."""
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value) if "," not in value else value.split(",")
    if not isinstance(value, list):
        return []
    return clean_tags(tag.lstrip("#") for tag in value if isinstance(tag, str))


def _date(value: object) -> str | None:
    """A date YAML read as a date or time, or written as text, in ISO 8601."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return iso_date(value)


def _state(meta: dict[str, Any]) -> ReadingState:
    state = _text(meta, "state")
    favourite = meta.get("favourite", meta.get("favorite"))
    progress = meta.get("progress")
    return ReadingState(
        read=None if state not in STATES else state != "unread",
        archived=None if state not in STATES else state == "archived",
        favorite=favourite if isinstance(favourite, bool) else None,
        progress=fraction(progress) if progress is not None else None,
    )


def _format() -> FileFormat:
    from library.sources.exports.sample import FileFormat

    # A note is one article: counting it for a progress bar needs no reading.
    return FileFormat(
        "Markdown note with front matter",
        is_clipped_note,
        read_markdown,
        lambda _path: 1,
        may_open_with_markup=False,
    )


FORMAT: FileFormat = _format()
