"""The pages the reading pane shows, as HTML: an article with its header, one not downloaded yet, the welcome page."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode, urlsplit

from PySide6.QtCore import QDate, QLocale, Qt

from desktop.pictures import IMAGE_SCHEME, PLACEHOLDER_SCHEME
from library.records import StoredArticle

# Between byline, site, date and reading time: a middle dot that never starts a line.
META_SEPARATOR = "\u00a0\u00a0·\u00a0 "
# First strong isolate ... pop directional isolate: each part of the line under the title keeps
# its own direction, so "5 min read" never comes out as "min read 5" in a right-to-left article.
_ISOLATE, _END_ISOLATE = "\u2068", "\u2069"
LIBRARY_IMAGE = re.compile(IMAGE_SCHEME + r":([0-9a-f]{64})")
# Every image address of a page the pane shows (library images and placeholders).
PAGE_IMAGE = re.compile(r'<img src="((?:' + IMAGE_SCHEME + "|" + PLACEHOLDER_SCHEME + r'):[^"]*)"')
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC_ATTRIBUTE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_ALT_ATTRIBUTE = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_SIZE = {
    "w": re.compile(r"""\swidth\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE),
    "h": re.compile(r"""\sheight\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE),
}
# What the importer writes for an image it could not download yet: the pending image's id.
_PENDING_IMAGE = re.compile(r"library-pending:(\w{1,80})")
_PRE_BLOCK = re.compile(r"<pre\b[^>]*>.*?</pre\s*>", re.IGNORECASE | re.DOTALL)

CHOOSE_AN_ARTICLE = "<p>Choose an article from the list to read it.</p>"


def welcome_html() -> str:
    """The first-run page: how to bring articles in."""
    return (
        "<p>Your library is empty. Bring in the articles you saved, and read them here, offline.</p>"
        "<ul>"
        "<li><b>File › Import Files…</b> (Ctrl+O) or <b>Import Folder…</b> (Ctrl+Shift+O): saved web pages "
        "(.html, .mhtml, .webarchive, SingleFile), text files, and exports from Pocket, Instapaper, "
        "Omnivore, Wallabag, Readwise Reader or your browser’s bookmarks.</li>"
        "<li><b>Drag and drop</b> files, folders or web addresses onto this window.</li>"
        "<li><b>Paste</b> (Ctrl+V) a web address, or text or a page you copied.</li>"
        "<li>From a terminal: <code>article-reader import</code> and the files, folders or addresses.</li>"
        "</ul>"
        "<p>Press <b>?</b> at any time for the keyboard shortcuts.</p>"
    )


def message_page(title: str, html_body: str) -> str:
    """A page of the application's own: a title (when there is one) over trusted HTML."""
    heading = f'<h1 class="title">{html.escape(title)}</h1>\n' if title else ""
    return heading + html_body


def article_page(stored: StoredArticle) -> str:
    """The HTML the pane shows for `stored`: a header, then the stored body, or why there is none yet."""
    article = stored.article
    escape = html.escape
    parts = []
    if article.section:
        parts.append(f'<p class="kicker">{escape(article.section)}</p>')
    title = article.title or article.url or "Untitled"
    parts.append(f'<h1 class="title">{escape(title)}</h1>')
    meta = []
    if article.byline:
        meta.append(escape(article.byline))
    site = article.site_name or _host(article.url)
    if site and article.url and article.url.lower().startswith(("http://", "https://")):
        meta.append(f'<a href="{escape(article.url)}">{escape(site)}</a>')
    elif site:
        meta.append(escape(site))
    published = _display_date(article.published)
    if published:
        meta.append(escape(published))
    if stored.reading_minutes > 0:
        meta.append(f"{stored.reading_minutes} min read")
    if meta:
        isolated = (f"{_ISOLATE}{part}{_END_ISOLATE}" for part in meta)
        parts.append(f'<p class="meta">{META_SEPARATOR.join(isolated)}</p>')
    if stored.status == "ready" and article.html.strip():
        parts.append(boxed_code(library_images_only(article.html)))
    else:
        parts.append(not_downloaded_html(stored))
    page = "\n".join(parts)
    if (article.dir or "").lower() == "rtl":
        page = f'<div dir="rtl">\n{page}\n</div>'
    return page


def not_downloaded_html(stored: StoredArticle) -> str:
    """What the pane says under the title of an article known only by its address."""
    url = stored.article.url or ""
    link = f"<p><a href='{html.escape(url, quote=True)}'>{html.escape(url)}</a></p>" if url else ""
    reason = (
        f'<p class="notice">The last attempt to download it failed: {html.escape(stored.fetch_error)}</p>'
        if stored.fetch_error
        else ""
    )
    return (
        '<p class="notice">This article has not been downloaded yet: only its address is in the library.</p>'
        + reason
        + "<p>Use <b>File › Download Pending Articles</b> to fetch it for reading offline, "
        "or open the original (O).</p>" + link
    )


def library_images_only(body: str) -> str:
    """`body` with its images as the pane asks for them: library images with the size the page
    wrote carried in the address (so Qt draws the image in its own shape, never stretched), images
    still to be downloaded as placeholders, and no others, so that nothing shows a broken picture."""

    def keep(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = _attribute(tag, _SRC_ATTRIBUTE)
        pending = _PENDING_IMAGE.fullmatch(src)
        if LIBRARY_IMAGE.fullmatch(src):
            address = src
        elif pending:
            address = f"{PLACEHOLDER_SCHEME}:{pending.group(1)}"
        else:
            return ""
        wished = {name: value for name in ("w", "h") if (value := _attribute(tag, _SIZE[name])).isdigit()}
        alt = html.unescape(_attribute(tag, _ALT_ATTRIBUTE))
        if pending and alt:
            wished["alt"] = alt
        if wished:
            address += "?" + urlencode(wished, quote_via=quote)
        alt_attribute = f' alt="{html.escape(alt)}"' if alt else ""
        return f'<img src="{html.escape(address)}"{alt_attribute}>'

    return _IMG_TAG.sub(keep, body)


def _attribute(tag: str, pattern: re.Pattern[str]) -> str:
    found = pattern.search(tag)
    return next((group for group in found.groups() if group is not None), "").strip() if found else ""


def boxed_code(body: str) -> str:
    """`body` with each <pre> in a one-cell table: Qt pads table cells but not blocks, and code needs room."""

    def box(match: re.Match[str]) -> str:
        # A newline before </pre> would show as an empty last line inside the box.
        code = re.sub(r"\s+(</pre\s*>)$", r"\1", match.group(0), flags=re.IGNORECASE)
        return (
            f'<table class="code" width="100%" cellspacing="0"><tr><td class="code">{code}</td></tr></table>'
        )

    return _PRE_BLOCK.sub(box, body)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _display_date(iso: str | None) -> str | None:
    """An ISO 8601 date as the reader's locale writes a long date, without the weekday."""
    if not iso:
        return None
    date = QDate.fromString(iso[:10], Qt.DateFormat.ISODate)
    if not date.isValid():
        return None
    locale = QLocale()
    pattern = locale.dateFormat(QLocale.FormatType.LongFormat)
    pattern = re.sub(r"d{4}[,.\s]*", "", pattern).strip(" ,")
    return locale.toString(date, pattern or "d MMMM yyyy")
