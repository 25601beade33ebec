"""Articles from a page's text as a person copied it out of a browser (select all, copy, paste)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from enum import Enum

from library.article import Article, Document, count_words
from library.dates import to_iso8601
from library.errors import ExtractionError
from library.extract.characters import composed

__all__ = ["extract_text_page"]

# An excerpt is the first paragraph, cut near this many characters.
EXCERPT_MAX_CHARS = 300
# Text with more control characters than this share was not text to begin with.
_MAX_CONTROL_SHARE = 0.01

# A sentence ends with . … 。 (or ? ! when the line is long), maybe inside closing quotes or brackets.
_CLOSERS = "\"'”’»)]"
_FULL_STOPS = frozenset(".…。．")
_ANY_STOPS = frozenset(".…。．?!？！")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Control characters and invisible marks (zero-width space, word joiner, BOM, soft hyphen) go.
_DROPPED_CHARACTERS = [chr(code) for code in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)] + list(
    "\u200b\u2060\ufeff\u00ad"
)
_DROPPED = re.compile("[" + re.escape("".join(_DROPPED_CHARACTERS)) + "]")
# Whitespace other than a plain space or a newline (tabs, no-break spaces), and runs of spaces.
_ODD_SPACES = list("\t\x0b\x0c\x85\u00a0\u1680\u2028\u2029\u202f\u205f\u3000") + [
    chr(code) for code in range(0x2000, 0x200B)
]
_ODD_SPACE = re.compile(r"[^\S\n ]")
_SPACE_RUN = re.compile(r"  +")
_WIDE_SCRIPT = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af]")
_TOKEN_EDGES = "\"'“”‘’«»()[]{}<>.,;:!?|/\\•·–—-_*#"

# The controls a site shows around its articles. A line made only of these words (and numbers:
# "100% Font Size", "12 Comments", "5 min read") is the page's furniture, not its text.
# Kept as grouped lines by hand: one word a line would make the vocabularies unreadable.
# fmt: off
_UI_WORDS = frozenset({
    # reading controls
    "enable", "disable", "read", "reading", "mode", "font", "text", "size", "zoom", "listen", "audio",
    "play", "pause", "dark", "light", "theme", "contrast", "accessibility", "translate", "language",
    "aa", "a+", "a-", "a", "small", "medium", "large", "larger", "smaller", "default", "normal",
    "increase", "decrease", "reset", "min", "mins", "minute", "minutes",
    # sharing and saving
    "share", "shares", "sharing", "print", "email", "e-mail", "mail", "save", "saved", "bookmark",
    "bookmarks", "copy", "copied", "link", "links", "comment", "comments", "tweet", "facebook", "twitter",
    "whatsapp", "linkedin", "telegram", "reddit", "pinterest", "flipboard", "messenger",
    "follow", "following", "unfollow", "subscribe", "subscribed", "download", "app", "notifications",
    # the site's own furniture
    "advertisement", "advertising", "ad", "ads", "sponsored", "menu", "search", "close", "skip",
    "navigation", "sign", "log", "login", "logout", "register", "account", "settings", "edition", "back",
    "top", "next", "previous", "prev", "home", "loading", "show", "hide", "toggle", "expand", "collapse",
    "view", "gallery", "photos", "photo", "video", "videos", "image", "images", "up", "in", "out",
    "main", "content",
})
# Words that appear in labels but say nothing alone ("Read more", "Back to top" need a real label word).
_FILLER_WORDS = frozenset({
    "an", "the", "this", "to", "of", "in", "on", "for", "and", "or", "with", "more", "less", "article",
    "story", "page", "up", "out", "main", "content",
})
# fmt: on

# In-body promotions: the site talking about itself, its channels and its newsletters.
_PROMOTION = re.compile(
    r"\bfollow (?:us|our|me)\b"
    r"|\bfor the latest (?:news|headlines|updates|stories)\b"
    r"|\bsubscribe\b.*\b(?:newsletter|channel|podcast|updates|today|now|free|our|notifications|alerts)\b"
    r"|\bsign up\b.*\b(?:newsletter|updates|alerts|free|our|today)\b"
    r"|\bnewsletters?\b.*\b(?:sign|subscribe|inbox|delivered|get|join)\b"
    r"|\b(?:sign|subscribe|inbox|delivered|get|join)\b.*\bnewsletters?\b"
    r"|\bdownload (?:our|the) (?:\w+ )?app\b"
    r"|\bjoin (?:us|our)\b.*\b(?:on|channel|community|group)\b"
    r"|\b(?:like|find) us on\b"
    r"|\bclick here\b"
    r"|\b(?:turn on|enable|allow) (?:push |browser )?notifications\b"
    r"|\b(?:support|donate to) (?:our|independent|quality) journalism\b"
    r"|\bbecome a (?:member|subscriber|patron|supporter)\b"
    r"|\bopens? in (?:a )?new (?:window|tab)\b"
    r"|©|\bcopyright\b|\ball rights reserved\b"
    r"|\bcookies?\b.*\b(?:agree|consent|accept|privacy|policy|experience)\b"
    r"|\b(?:share|send) (?:this|the) (?:article|story|page)\b"
    r"|\bsponsored content\b|\bpaid (?:content|partnership|post)\b",
    re.IGNORECASE,
)
# Words every promotion above contains one of: a cheap test before the expensive pattern.
# fmt: off
_PROMOTION_HINTS = (
    "follow", "latest", "subscri", "sign up", "newsletter", "download", "join", " us on", "click",
    "notification", "journalism", "become a", "new window", "new tab", "©", "copyright", "rights reserved",
    "cookie", "share", "send", "sponsored", "paid",
)
# fmt: on
# A promotion is a sentence or two; a paragraph that mentions a newsletter in passing is longer.
_MAX_PROMOTION_WORDS = 40

# Headings of link lists ("Read more:", "Related", "Most read", "Top Content Trending").
_LIST_HEADING = re.compile(
    r"^(?:read (?:more|also|next)|also read|related(?: (?:articles?|stories|news|content|posts|coverage|"
    r"reading|links|topics))?|see also|more (?:on|from|about|in) .{1,40}|more (?:stories|news|articles|"
    r"headlines)|recommended(?: for you| stories| articles| reading)?|you (?:may|might) (?:also )?(?:like|"
    r"enjoy|be interested in)|(?:the )?latest(?: news| stories| headlines| articles)?|most (?:read|popular|"
    r"viewed|shared|commented|watched)(?: (?:now|today|this week))?|trending(?: now| news| stories| topics)?|"
    r"(?:top|popular) (?:stories|content|news|articles|headlines)(?: trending| now| today)?|popular(?: now| "
    r"today)?|editor'?s'? (?:picks?|choice)|what to read next|further reading|don'?t miss|must read|"
    r"in case you missed it|more like this|up next)\s*:?$",
    re.IGNORECASE,
)
# "Read more: Putin launches nuclear drills" on one line.
_INLINE_LINK = re.compile(
    r"^(?:read (?:more|also|next)|also read|related|see also|watch|listen)\s*:\s*\S", re.I
)
# "Photo: Reuters", "Image credit: AFP".
_CREDIT = re.compile(
    r"^(?:photo|image|picture|video|graphic|illustration|credit|source)s?(?: credit)?\s*:", re.I
)

_DATE_LABEL = re.compile(
    r"\b((?:first |last |originally )?(?:published|updated|posted|modified|created)(?: on| at)?)\s*:?",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(r"\b(?:ago|today|yesterday|just now)\s*$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?:(?:written |words |reporting |text )?by|von|par|por|door|di|av|af|author)\s*:?\s+(?P<name>\S.*)$",
    re.IGNORECASE,
)
_BYLINE_PARTS = re.compile(r"\s+[|•·—–]\s+|\s*\|\s*")
_BREADCRUMB = re.compile(r"\s+[>›»/]\s+")

# Lines this short (in words) are headings, labels and menu entries rather than text.
_SHORT_LINE_WORDS = 6
_LONG_LINE_WORDS = 20


class _Kind(Enum):
    """What a line of copied text is."""

    PROSE = "prose"  # a paragraph: ends like a sentence, or is long
    LINE = "line"  # a heading, a title, a section name: text, but not a sentence
    LABEL = "label"  # the site's controls: "Share", "100% Font Size"
    PROMOTION = "promotion"  # "Follow our Google News channel", "Sign up for our newsletter"
    LIST_HEADING = "list heading"  # "Read more:", "Most read"
    LINK = "link"  # "Read more: <headline>" on one line
    DATE = "date"  # "Published: 19 Feb 2022", or an empty "Published: Updated:"
    BYLINE = "byline"  # "By Jane Doe"


@dataclass
class _Line:
    """One line of the page's text, classified."""

    text: str
    kind: _Kind
    words: int
    starts_block: bool
    published: str | None = None
    updated: str | None = None
    byline: str | None = None


@dataclass
class _Page:
    """What the lines add up to."""

    title: str = ""
    section: str | None = None
    byline: str | None = None
    published: str | None = None
    updated: str | None = None
    paragraphs: list[str] = field(default_factory=list)


def extract_text_page(document: Document) -> Article:
    """The article in a page's copied text: title, section, byline, dates and body paragraphs.

    The text's line structure decides: a short topic line above the title is
    the section, the title is the last headline before the date and byline
    lines, the body runs from the first paragraph that reads as prose to the
    last one. The site's controls ("Enable Read mode", "100% Font Size", empty
    "Published: Updated:" labels), promotions ("follow our … channel", "sign up
    for our newsletter"), link lists under "Read more:"/"Related"/"Most read" and
    trailing sidebar headings are dropped by the shape of their lines and a
    vocabulary of labels, not by matching any one site.

    Raises:
        ExtractionError: the text is empty, is not text, or holds nothing but labels and links.
    """
    lines = _classify(_split_lines(_normalise(document.content)))
    page = _assemble(lines)
    if not page.paragraphs:
        raise ExtractionError("the page holds no article text, only labels and links")
    text = "\n\n".join(page.paragraphs)
    return Article(
        title=page.title,
        html="\n".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in page.paragraphs),
        text=text,
        url=document.url,
        byline=page.byline,
        section=page.section,
        published=page.published,
        updated=page.updated,
        excerpt=_excerpt(page.paragraphs[0]),
    )


# --- reading the text ----------------------------------------------------------------------------------------


def _normalise(content: str) -> str:
    if not content or not content.strip():
        raise ExtractionError("the page is empty")
    sample = content[:100_000]
    if "\x00" in content or len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise ExtractionError("the file holds binary data, not text")
    text = composed(content.replace("\r\n", "\n").replace("\r", "\n"))
    # A page can be tens of megabytes: look for each odd character with `in` (a fast scan) and
    # run a substitution only for the kinds that are there.
    if any(character in text for character in _DROPPED_CHARACTERS):
        text = _DROPPED.sub("", text)
    if any(character in text for character in _ODD_SPACES):
        text = _ODD_SPACE.sub(" ", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if not text.strip():
        raise ExtractionError("the page is empty")
    return text


def _split_lines(text: str) -> list[tuple[str, bool]]:
    """Non-empty lines, each with whether a blank line (or the start) comes before it.

    Blocks whose lines were wrapped at a fixed width (mail, plain-text
    documents) are joined back into one line per paragraph.
    """
    lines: list[tuple[str, bool]] = []
    for block in re.split(r"\n\s*\n", text):
        block_lines = [line.strip() for line in block.split("\n") if line.strip()]
        for index, line in enumerate(_unwrap(block_lines)):
            lines.append((line, index == 0))
    return lines


def _unwrap(block: list[str]) -> list[str]:
    if len(block) < 2:
        return block
    longest = max(len(line) for line in block)
    if not 40 <= longest <= 100:
        # Short lines are lists and labels; lines longer than any wrap width are paragraphs.
        return block
    inner = block[:-1]
    evenly_wide = all(len(line) >= longest * 0.6 for line in inner)
    mid_sentence = sum(1 for line in inner if not _ends_sentence(line, _ANY_STOPS))
    if evenly_wide and mid_sentence * 2 >= len(inner):
        return [" ".join(block)]
    return block


def _classify(raw_lines: list[tuple[str, bool]]) -> list[_Line]:
    return [_classify_line(text, starts_block) for text, starts_block in raw_lines]


def _word_count(text: str) -> int:
    """Words in `text`, counted exactly up to what classifying a line needs (a few dozen)."""
    # Rules compare counts with numbers under 50, so a very long line is only counted in part.
    sample = text[:2000]
    # article.count_words looks at every character (for scripts written without spaces); most lines
    # have none of those, and a plain split is far cheaper.
    wide = not sample.isascii() and _WIDE_SCRIPT.search(sample)
    return count_words(sample) if wide else len(sample.split())


def _classify_line(text: str, starts_block: bool) -> _Line:
    words = _word_count(text)
    line = _Line(text, _Kind.LINE, words, starts_block)
    if _LIST_HEADING.match(text):
        line.kind = _Kind.LIST_HEADING
    elif words <= _MAX_PROMOTION_WORDS and _is_promotion(text):
        line.kind = _Kind.PROMOTION
    elif words <= 30 and _INLINE_LINK.match(text):
        line.kind = _Kind.LINK
    elif _read_date_line(line) or _read_byline(line):
        pass
    elif _is_label(text, words):
        line.kind = _Kind.LABEL
    elif _is_prose(text, words):
        line.kind = _Kind.PROSE
    return line


def _ends_sentence(text: str, stops: frozenset[str]) -> bool:
    """Whether `text` ends with one of `stops`, maybe inside closing quotes or brackets."""
    return text.rstrip(_CLOSERS)[-1:] in stops


def _is_promotion(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _PROMOTION_HINTS) and bool(_PROMOTION.search(text))


def _is_prose(text: str, words: int) -> bool:
    if words >= _LONG_LINE_WORDS:
        return True
    if _ends_sentence(text, _FULL_STOPS):
        return words >= 4
    # Headlines end with ? and ! as often as paragraphs do; only a long one is a paragraph.
    return words >= 15 and _ends_sentence(text, _ANY_STOPS)


def _is_label(text: str, words: int) -> bool:
    if words > _SHORT_LINE_WORDS or len(text) > 60:
        return False
    if _CREDIT.match(text):
        return True
    tokens = [token.strip(_TOKEN_EDGES).lower() for token in text.split()]
    tokens = [token for token in tokens if token and not re.fullmatch(r"[\d.,:%+×x/-]+", token)]
    if not tokens:
        return True  # "100%", "|", "•": only numbers and marks
    if all(token.endswith(":") for token in text.split()):
        return True  # labels whose values were lost in the copy: "Tags:", "Share:"
    every_word_a_label = all(token in _UI_WORDS or token in _FILLER_WORDS for token in tokens)
    return every_word_a_label and any(token not in _FILLER_WORDS for token in tokens)


def _read_date_line(line: _Line) -> bool:
    """Mark `line` as a date line ("Published: 19 Feb 2022 Updated: …", "19 February 2022")."""
    text = line.text
    if line.words > 16:
        return False
    pieces = _DATE_LABEL.split(text)
    if len(pieces) > 1:
        # pieces: [before, label, value, label, value, ...]
        before = pieces[0].strip(" |•·,")
        if before and not to_iso8601(before):
            return False
        labelled = list(zip(pieces[1::2], pieces[2::2], strict=True))
        colon_or_date = any(
            value.strip(" :") == "" or to_iso8601(value.strip(" :|•·,")) for _, value in labelled
        )
        if not (":" in text or colon_or_date or _RELATIVE_TIME.search(text)):
            return False
        line.kind = _Kind.DATE
        line.published = to_iso8601(before) if before else None
        for label, value in labelled:
            moment = to_iso8601(value.strip(" :|•·,"))
            if moment and re.search(r"updated|modified", label, re.IGNORECASE):
                line.updated = line.updated or moment
            elif moment:
                line.published = line.published or moment
        return True
    if line.words <= 8 and not _ends_sentence(text, _FULL_STOPS):
        moment = to_iso8601(text)
        if moment:
            line.kind, line.published = _Kind.DATE, moment
            return True
    return False


def _read_byline(line: _Line) -> bool:
    """Mark `line` as a byline ("By Jane Doe", "By Jane Doe | 19 Feb 2022")."""
    match = _BYLINE.match(line.text)
    if (
        not match
        or line.words > 14
        or (_ends_sentence(line.text, _FULL_STOPS) and not re.search(r"\b\w\.$", line.text))
    ):
        return False
    parts = [part.strip(" ,") for part in _BYLINE_PARTS.split(match.group("name")) if part.strip(" ,")]
    name = parts[0] if parts else ""
    if not name or _word_count(name) > 8 or not (name[0].isupper() or not name[0].isalpha()):
        return False
    line.kind, line.byline = _Kind.BYLINE, name
    for part in parts[1:]:
        moment = to_iso8601(part)
        if moment:
            line.published = line.published or moment
    return True


# --- putting the page together -------------------------------------------------------------------------------


def _assemble(lines: list[_Line]) -> _Page:
    page = _Page()
    for line in lines:
        page.byline = page.byline or line.byline
        page.published = page.published or line.published
        page.updated = page.updated or line.updated
    prose = [index for index, line in enumerate(lines) if line.kind is _Kind.PROSE]
    if not prose:
        # Notes, lists, a single heading: no sentence anywhere. Keep the text lines as they are.
        content = [line.text for line in lines if line.kind is _Kind.LINE]
        if content:
            page.title = content[0]
            page.paragraphs = content[1:] or content
        return page
    first, last = prose[0], prose[-1]
    header = lines[:first]
    title_index = _title_index(header)
    if title_index is not None:
        page.title = header[title_index].text
        page.section = _section(header, title_index)
        # A standfirst between the headline and the text belongs to the article.
        standfirst = [
            line.text for line in header[title_index + 1 :] if line.kind is _Kind.LINE and line.words >= 8
        ]
    else:
        standfirst = []
    page.paragraphs = standfirst + _body(lines[first : last + 1])
    if not page.title:
        page.title = _title_from_text(page.paragraphs[0])
    return page


def _title_index(header: list[_Line]) -> int | None:
    """The headline among the lines above the text: the last one before the date or byline lines."""
    headlines = [index for index, line in enumerate(header) if line.kind is _Kind.LINE and line.words >= 3]
    if not headlines:
        short = [index for index, line in enumerate(header) if line.kind is _Kind.LINE]
        return short[-1] if short else None
    markers = (_Kind.DATE, _Kind.BYLINE, _Kind.LABEL)
    for index, line in enumerate(header):
        if line.kind in markers and any(headline < index for headline in headlines):
            # The article's own header starts with its headline and goes on with dates and a byline;
            # a line after those is a standfirst, not the title.
            return max(headline for headline in headlines if headline < index)
    return headlines[-1]


def _section(header: list[_Line], title_index: int) -> str | None:
    """A short topic line right above the title ("Russia Ukraine conflict"), if there is one."""
    above = [index for index in range(title_index) if header[index].kind is _Kind.LINE]
    if not above:
        return None
    candidate = header[above[-1]]
    text = _BREADCRUMB.split(candidate.text)[-1].strip()
    if not text or candidate.words > _SHORT_LINE_WORDS or len(text) > 60 or _ends_sentence(text, _ANY_STOPS):
        return None
    # A run of short lines without blank lines between them is a menu, not a section name.
    run = 1
    index = above[-1]
    while index > 0 and not header[index].starts_block and header[index - 1].words <= _SHORT_LINE_WORDS:
        run += 1
        index -= 1
    return text if run <= 2 else None


def _body(lines: list[_Line]) -> list[str]:
    """The paragraphs between the first and last prose line, without chrome and link lists."""
    paragraphs: list[str] = []
    in_link_list = False
    for line in lines:
        if line.kind is _Kind.LIST_HEADING:
            in_link_list = True
            continue
        if in_link_list:
            # Headlines under "Read more:" run until a line that is plainly a paragraph again.
            if line.kind is _Kind.PROSE and (_ends_sentence(line.text, _FULL_STOPS) or line.words >= 25):
                in_link_list = False
            else:
                continue
        if line.kind in (_Kind.PROSE, _Kind.LINE):
            paragraphs.append(line.text)
    return paragraphs


def _title_from_text(paragraph: str) -> str:
    """A title for text that has none: its first sentence, or its first words."""
    sentence = re.split(r"(?<=[.!?…。！？])\s", paragraph[:200], maxsplit=1)[0]
    if len(sentence) <= 100:
        return sentence
    cut = paragraph[:80].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _excerpt(paragraph: str) -> str:
    if len(paragraph) <= EXCERPT_MAX_CHARS:
        return paragraph
    return paragraph[:EXCERPT_MAX_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
