"""What the command line writes: terminal-safe text, JSON for scripts, list lines, a progress bar."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from library.article import reading_minutes

if TYPE_CHECKING:
    from library.article import Article
    from library.importer import Progress
    from library.records import ArticleHeader, StoredArticle

# Terminal escape sequences (CSI `ESC [ ... final`, OSC/DCS/APC/PM/SOS strings ended by BEL or
# ST, and two-byte `ESC x`), then every other control character but newline and tab. Titles,
# tags and reasons come from files and pages anyone wrote: printed raw, `ESC ]0;...BEL` retitles
# the terminal and `ESC [2J` clears it.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x7e]?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\n\t\u2028\u2029]+")


def terminal_safe(text: str) -> str:
    """`text` with escape sequences and control characters removed (newlines and tabs kept).

    Unicode's line and paragraph separators become the line breaks a terminal knows.
    """
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def one_line(text: str | None) -> str:
    """`text` made safe for one line of a terminal: no controls, no line breaks."""
    return " ".join(_LINE_BREAKS.sub(" ", terminal_safe(text or "")).split())


def say(text: str = "", *, error: bool = False) -> None:
    """Print a line of ours that may hold text from outside, made safe for a terminal."""
    print(terminal_safe(text), file=sys.stderr if error else sys.stdout, flush=error)


def json_text(value: object, *, indent: int | None = 2) -> str:
    """`value` as JSON that every JSON-lines reader splits correctly.

    JSON allows U+2028 and U+2029 raw inside strings, but JavaScript and many line
    readers take them for line ends; escaped, they mean the same and break nothing.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def article_json(article: Article, source: str | None = None) -> dict[str, Any]:
    """The JSON keys of an extracted article (what `extract --json` prints)."""
    result: dict[str, Any] = {} if source is None else {"source": source}
    # Counted once: the article's reading_minutes would count the words again.
    words = article.word_count
    result.update(
        title=article.title,
        byline=article.byline,
        site_name=article.site_name,
        section=article.section,
        published=article.published,
        updated=article.updated,
        lang=article.lang,
        dir=article.dir,
        excerpt=article.excerpt,
        lead_image=article.lead_image,
        url=article.url,
        canonical_url=article.canonical_url,
        word_count=words,
        reading_minutes=reading_minutes(words),
        text=article.text,
        html=article.html,
    )
    return result


def stored_json(stored: StoredArticle, *, body: bool) -> dict[str, Any]:
    """The JSON keys of a stored article: extraction's, plus id, state, tags, times and highlights."""
    result: dict[str, Any] = {"id": stored.id}
    result.update(article_json(stored.article))
    result.update(
        word_count=stored.word_count,
        reading_minutes=stored.reading_minutes,
        tags=stored.tags,
        read=bool(stored.state.read),
        favorite=bool(stored.state.favorite),
        archived=bool(stored.state.archived),
        progress=stored.state.progress,
        saved_at=stored.saved_at,
        status=stored.status,
        fetch_error=stored.fetch_error,
        highlights=[highlight.as_json() for highlight in stored.highlights],
    )
    if not body:
        del result["text"], result["html"]
    return result


def header_line(header: ArticleHeader) -> str:
    """One article as a line of `list` and `search`: id, unread and favourite marks, title, details."""
    marks = ("•" if not header.read else " ") + ("★" if header.favorite else " ")
    details = [
        one_line(header.site_name),
        (header.published or header.saved_at or "")[:10],
        f"{header.reading_minutes} min",
    ]
    if header.status != "ready":
        details.append("not downloaded" if header.status == "pending" else "download failed")
    return f"{header.id:>6} {marks} {one_line(header.title)}  ({' · '.join(d for d in details if d)})"


class ProgressBar:
    """A one-line progress bar on stderr, redrawn in place."""

    def __init__(self) -> None:
        self.width = max(20, min(shutil.get_terminal_size((80, 24)).columns, 100) - 40)
        self.drawn = False

    def update(self, progress: Progress) -> None:
        total = progress.total or 0
        done = min(progress.done, total) if total else progress.done
        filled = int(self.width * done / total) if total else 0
        name = one_line(Path(progress.current).name)[-28:] if progress.current else ""
        counter = f"{done}/{total}" if total else str(done)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {counter} {name:<28}")
        sys.stderr.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            sys.stderr.write("\r" + " " * (self.width + 45) + "\r")
            sys.stderr.flush()


def progress_bar(quiet: bool) -> ProgressBar | None:
    """A progress bar when stderr is a terminal and the person did not ask for quiet."""
    return ProgressBar() if sys.stderr.isatty() and not quiet else None
