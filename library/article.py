"""The records that flow from a source, through extraction and storage, to the screen."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from library.records import PreparedArticle

DocumentKind = Literal["html", "text"]

# Adults read prose on a screen at about 230 words a minute.
WORDS_PER_MINUTE = 230


@dataclass
class Document:
    """One page as a source found it, before extraction.

    `content` is already decoded text. `resources` maps an absolute URL (as the
    page refers to it, after resolving against `url`) to bytes the source had
    offline: a "complete" save's `_files` folder, MHTML parts, SingleFile's
    `data:` images. The importer looks images up here before anywhere else.
    """

    source: str
    content: str
    kind: DocumentKind = "html"
    url: str | None = None
    resources: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Article:
    """An article as extraction finds it and the library stores it.

    `html` is the cleaned body, reduced to the HTML 4 subset the reading pane
    renders; its images point at absolute URLs until the importer rewrites them
    to library references. `text` is the body as plain text, paragraphs
    separated by blank lines. Dates are ISO 8601 strings.
    """

    title: str = ""
    html: str = ""
    text: str = ""
    url: str | None = None
    canonical_url: str | None = None
    byline: str | None = None
    site_name: str | None = None
    section: str | None = None
    published: str | None = None
    updated: str | None = None
    lang: str | None = None
    dir: str | None = None
    excerpt: str | None = None
    lead_image: str | None = None
    images: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return count_words(self.text)

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.word_count)


# The fields of an article the library keeps as they are (images are kept as images).
ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name != "images")


# Chinese, Japanese and Korean characters: those scripts put no spaces between words.
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af]")
_WIDE_RUN = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af]+")


def count_words(text: str) -> int:
    """Words in `text`; in scripts written without spaces, every two characters count as a word."""
    if not _WIDE.search(text):
        return len(text.split())
    words = 0
    for token in text.split():
        wide = sum(len(run) for run in _WIDE_RUN.findall(token))
        # Two characters a word is the usual estimate; Latin letters beside them make one more.
        words += 1 if wide == 0 else math.ceil(wide / 2) + (wide < len(token))
    return words


def reading_minutes(word_count: int) -> int:
    """Whole minutes to read `word_count` words; at least one for any text at all."""
    return 0 if word_count == 0 else max(1, math.ceil(word_count / WORDS_PER_MINUTE))


@dataclass
class ReadingState:
    """What a person did with an article. None means "not said": keep what the library has."""

    read: bool | None = None
    favorite: bool | None = None
    archived: bool | None = None
    progress: float | None = None


@dataclass
class Highlight:
    """A passage a person marked in another service: its words, their note, and when.

    `prefix` and `suffix` are the text just before and after it, where the service
    said where in the page it was (wallabag's ranges): they tell which of several
    places with the same words was meant. The library places the passage in the
    article's text when it is saved (library/highlights).
    """

    text: str
    note: str = ""
    created_at: str | None = None
    prefix: str = ""
    suffix: str = ""


@dataclass
class Entry:
    """One thing a source offers the library: a document to extract, or an address to fetch later.

    `source` says where the entry was, precisely enough for an error message
    ("export.zip: part_000000.csv line 12"). `hints` carries Article fields the
    source already knew (title, byline, published, excerpt, lead_image, lang,
    site_name, ...); extraction's findings win where it finds something.
    """

    source: str
    source_kind: str
    document: Document | None = None
    url: str | None = None
    hints: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    state: ReadingState = field(default_factory=ReadingState)
    saved_at: str | None = None
    highlights: list[Highlight] = field(default_factory=list)
    # Set for an article that needs no extraction (our own exports, Markdown).
    prepared: PreparedArticle | None = None


@dataclass
class Rejected:
    """An entry a source could not read: where it was and why. The import goes on."""

    source: str
    reason: str


@dataclass
class Skipped(Rejected):
    """A file a folder held that is no page, text or export: counted as skipped, not as a failure.

    A file named on its own that cannot be read is a Rejected instead: the person asked for it.
    """
