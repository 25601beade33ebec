"""Our own JSON export read back (docs/export-json.md): every article exactly as it was stored.

The export is one JSON document, in a zip with its images as `images/<sha256>`, or
alone with the images inline in base64. We write it one article a line, so it is
read a line at a time here (memory stays at one article); a file that was
reformatted is read whole instead.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import lxml.html

from library.article import ARTICLE_FIELDS, Article, Entry, ReadingState, Rejected
from library.images import MAX_IMAGE_BYTES, sniff_image_type
from library.sources.exports.common import (
    MAX_FILE_BYTES,
    ExportProblem,
    ExportZip,
    display_name,
    head_text,
    kind_of,
)
from library.sources.exports.sample import FileFormat

if TYPE_CHECKING:
    from library.records import PendingImage, StoredImage

FORMAT_ID = "article-reader-export"
FORMAT_VERSION = 1
JSON_MEMBER = "library.json"
IMAGE_FOLDER = "images/"
ORIGINAL_FOLDER = "originals/"
# An original page is at most what the importer reads of a page (library/sources/files.py).
MAX_ORIGINAL_BYTES = 64 * 1024 * 1024
# One line holds one article: its HTML, text and (in a lone .json file) its images in base64.
MAX_LINE_CHARS = 256 * 1024 * 1024
# Our own exports hold a whole library's images: the usual zip total (4 GB) is too small for them.
MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024 * 1024
# Reads a member of the zip (its name, the most it may inflate to); None when there is no such member.
Member = Callable[[str, int], bytes | None]
_HEADER = re.compile(r'^\s*\{\s*"format"\s*:\s*"article-reader-export"')
_HEAD_BYTES = 4096
_STATUSES = ("ready", "pending", "failed")
# The library's own image sources (stored, and waiting to be downloaded), which the sanitiser
# does not know: checked as web addresses it keeps, then put back.
_LIBRARY_IMAGE = re.compile(r"library-(image|pending):([0-9a-f]{16,64})")
_CHECKABLE_IMAGE = re.compile(r"https://library-(image|pending)\.invalid/([0-9a-f]{16,64})")


def is_export_json(text: str) -> bool:
    """True for the start of our JSON export: an object whose first key says it is one."""
    return bool(_HEADER.match(text))


def is_export_zip(archive: ExportZip) -> bool:
    """True when the archive holds our JSON export."""
    return JSON_MEMBER in archive.members and is_export_json(
        head_text(archive.read_head(JSON_MEMBER, _HEAD_BYTES))
    )


def read_export_json(path: Path) -> Iterator[Entry | Rejected]:
    """The articles of a lone `.json` export, images inline."""
    name = display_name(path)
    try:
        with path.open("r", encoding="utf-8-sig", newline="\n") as stream:
            yield from _read_document(stream, name, lambda _name, _limit: None)
    except (OSError, UnicodeDecodeError) as error:
        yield Rejected(name, f"cannot be read ({_why(error)})")


def read_export_zip(path: Path) -> Iterator[Entry | Rejected]:
    """The articles of a zip export, images from its `images/` folder."""
    import zipfile  # here: every file is tested for this format, few are a zip

    name = display_name(path)
    try:
        archive = ExportZip(path, member_limit=MAX_ORIGINAL_BYTES, total_limit=MAX_ARCHIVE_BYTES)
        stream_zip = zipfile.ZipFile(path)
    except ExportProblem as problem:
        yield Rejected(name, problem.reason)
        return
    except (OSError, zipfile.BadZipFile) as error:
        yield Rejected(name, f"cannot be read ({_why(error)})")
        return

    def member(name: str, limit: int) -> bytes | None:
        return archive.read(name, limit) if name in archive.members else None

    with archive, stream_zip:
        try:
            with stream_zip.open(JSON_MEMBER) as raw:
                stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="\n")
                yield from _read_document(stream, f"{name}: {JSON_MEMBER}", member)
        except (OSError, UnicodeDecodeError, zipfile.BadZipFile, EOFError) as error:
            yield Rejected(f"{name}: {JSON_MEMBER}", f"cannot be read ({_why(error)})")


def _read_document(stream: TextIO, where: str, member: Member) -> Iterator[Entry | Rejected]:
    """Every article of the document in `stream`, a line at a time when it has our layout."""
    first = stream.readline(MAX_LINE_CHARS)
    header = _header(first)
    if header is None:
        # Not one article a line (someone reformatted it): read it whole, within the size cap.
        rest = stream.read(MAX_FILE_BYTES + 1)
        if len(first) + len(rest) > MAX_FILE_BYTES:
            yield Rejected(where, "reformatted and too large to read whole (over 256 MB)")
            return
        yield from _read_whole(first + rest, where, member)
        return
    problem = _version_problem(header)
    if problem:
        yield Rejected(where, problem)
        return
    line_number = 1
    while True:
        line = stream.readline(MAX_LINE_CHARS)
        line_number += 1
        if not line:
            yield Rejected(f"{where} line {line_number}", "the file ends early: the export is incomplete")
            return
        stripped = line.strip()
        if stripped.startswith("]"):
            return
        if not line.endswith("\n") and len(line) >= MAX_LINE_CHARS:
            yield Rejected(f"{where} line {line_number}", "an article over 256 MB; the rest was not read")
            return
        source = f"{where} line {line_number}"
        try:
            record = json.loads(stripped.removesuffix(","))
        except (json.JSONDecodeError, RecursionError) as error:
            yield Rejected(source, f"not valid JSON ({error})")
            continue
        yield _entry(record, source, member)


def _header(line: str) -> dict[str, Any] | None:
    """The export's header (format, version, ...) from its first line, when the file has our layout."""
    if not is_export_json(line) or not line.rstrip().endswith("["):
        return None
    try:
        header = json.loads(line.rstrip() + "]}")
    except json.JSONDecodeError:
        return None
    return header if isinstance(header, dict) else None


def _version_problem(header: dict[str, Any]) -> str | None:
    version = header.get("version")
    if header.get("format") != FORMAT_ID or not isinstance(version, int) or isinstance(version, bool):
        return "not an Article Reader export (no format and version)"
    if version > FORMAT_VERSION:
        return f"written by a newer version of Article Reader (export version {version}); update to read it"
    return None


def _read_whole(text: str, where: str, member: Member) -> Iterator[Entry | Rejected]:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        yield Rejected(where, f"not valid JSON ({error})")
        return
    if not isinstance(document, dict):
        yield Rejected(where, f"expected an object, found {kind_of(document)}")
        return
    problem = _version_problem(document)
    articles = document.get("articles")
    if problem or not isinstance(articles, list):
        yield Rejected(where, problem or "no list of articles")
        return
    for number, record in enumerate(articles, start=1):
        yield _entry(record, f"{where} article {number}", member)


def _entry(record: object, source: str, member: Member) -> Entry | Rejected:
    try:
        return _read_article(record, source, member)
    except ExportProblem as problem:
        return Rejected(source, problem.reason)


def _read_article(record: object, source: str, member: Member) -> Entry:
    from library.records import PreparedArticle  # here, not at the top: reading pages never needs it

    if not isinstance(record, dict):
        raise ExportProblem(f"expected an article object, found {kind_of(record)}")
    fields = {name: _optional_text(record, name) for name in ARTICLE_FIELDS}
    status = record.get("status", "ready")
    if status not in _STATUSES:
        raise ExportProblem(f"unknown status {status!r}")
    images = [_image(value, member) for value in _list(record, "images")]
    pending = [_pending_image(value) for value in _list(record, "pending_images")]
    original = _original(record.get("original"), member)
    article = Article(
        title=fields["title"] or "",
        html=safe_stored_html(fields["html"] or ""),
        text=fields["text"] or "",
        url=fields["url"],
        canonical_url=fields["canonical_url"],
        byline=fields["byline"],
        site_name=fields["site_name"],
        section=fields["section"],
        published=fields["published"],
        updated=fields["updated"],
        lang=fields["lang"],
        dir=fields["dir"],
        excerpt=fields["excerpt"],
        lead_image=fields["lead_image"],
    )
    state = _object(record, "state")
    tags = _list(record, "tags")
    highlights = [row for row in _list(record, "highlights") if isinstance(row, dict)]
    return Entry(
        source=source,
        source_kind=_optional_text(record, "source_kind") or "export",
        url=article.url,
        tags=[tag for tag in tags if isinstance(tag, str)],
        state=ReadingState(
            read=_flag(state, "read"),
            favorite=_flag(state, "favorite"),
            archived=_flag(state, "archived"),
            progress=_progress(state),
        ),
        saved_at=_optional_text(record, "saved_at"),
        prepared=PreparedArticle(
            article=article,
            status=status,
            fetch_error=_optional_text(record, "fetch_error"),
            source_path=_optional_text(record, "source_path"),
            imported_at=_optional_text(record, "imported_at"),
            last_opened=_optional_text(state, "last_opened"),
            images=images,
            pending_images=pending,
            original=original,
            highlight_rows=highlights,
        ),
    )


def _image(value: object, member: Member) -> StoredImage:
    import hashlib

    from library.records import StoredImage

    if not isinstance(value, dict) or not isinstance(value.get("sha256"), str):
        raise ExportProblem("an image without its sha256")
    digest = value["sha256"]
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ExportProblem(f"an image's sha256 is not a digest: {digest[:70]!r}")
    inline = value.get("data")
    if isinstance(inline, str):
        try:
            data: bytes | None = base64.b64decode(inline, validate=True)
        except (binascii.Error, ValueError):
            raise ExportProblem(f"image {digest[:12]}: not valid base64") from None
    else:
        try:
            data = member(IMAGE_FOLDER + digest, MAX_IMAGE_BYTES)
        except ExportProblem as problem:
            raise ExportProblem(f"image {digest[:12]}: {problem.reason}") from None
    if data is None:
        raise ExportProblem(f"image {digest[:12]} is missing from the export")
    if hashlib.sha256(data).hexdigest() != digest:
        raise ExportProblem(f"image {digest[:12]} is damaged (its bytes do not match its digest)")
    mime = sniff_image_type(data)
    if mime is None:
        raise ExportProblem(f"image {digest[:12]} is not an image")
    url = value.get("url")
    return StoredImage(digest, url if isinstance(url, str) else None, mime, data)


def _pending_image(value: object) -> PendingImage:
    from library.records import PendingImage

    if (
        not isinstance(value, dict)
        or not isinstance(value.get("token"), str)
        or not isinstance(value.get("url"), str)
    ):
        raise ExportProblem("a pending image without its token and address")
    return PendingImage(value["token"], value["url"])


def _original(value: object, member: Member) -> tuple[str, str | None, str] | None:
    """The page the article was extracted from: inline as text, or a file of the zip."""
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("kind") not in ("html", "text"):
        raise ExportProblem("an original page without its kind")
    url = value.get("url") if isinstance(value.get("url"), str) else None
    text = value.get("text")
    if not isinstance(text, str):
        name = value.get("file")
        data = member(name, MAX_ORIGINAL_BYTES) if isinstance(name, str) else None
        if data is None:
            raise ExportProblem(f"the original page {str(name)[:60]!r} is missing from the export")
        text = data.decode("utf-8", "surrogatepass")
    return value["kind"], url, text


def safe_stored_html(html: str) -> str:
    """`html` through the sanitiser every article passes; kept byte for byte when it changes nothing.

    An export's HTML is what we stored, but a file can be edited: it must not bring in
    what extraction would have removed. The sanitiser writes some characters differently
    (`&nbsp;` for U+00A0), so the two are compared as trees.
    """
    from library.extract.output import sanitise

    if not html.strip():
        return html
    checkable = _LIBRARY_IMAGE.sub(r"https://library-\1.invalid/\2", html)
    cleaned = sanitise(checkable)
    if _tree(cleaned) == _tree(checkable):
        return html
    return _CHECKABLE_IMAGE.sub(r"library-\1:\2", cleaned)


def _tree(html: str) -> str:
    parser = lxml.html.HTMLParser(huge_tree=True)
    container = lxml.html.fragment_fromstring(html, create_parent="div", parser=parser)
    return str(lxml.html.tostring(container, encoding="unicode"))


def _optional_text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise ExportProblem(f"'{name}' should be text, found {kind_of(value)}")


def _list(record: dict[str, Any], name: str) -> list[Any]:
    value = record.get(name, [])
    if not isinstance(value, list):
        raise ExportProblem(f"'{name}' should be a list, found {kind_of(value)}")
    return value


def _object(record: dict[str, Any], name: str) -> dict[str, Any]:
    value = record.get(name, {})
    if not isinstance(value, dict):
        raise ExportProblem(f"'{name}' should be an object, found {kind_of(value)}")
    return value


def _flag(record: dict[str, Any], name: str) -> bool | None:
    value = record.get(name)
    return value if isinstance(value, bool) else None


def _progress(record: dict[str, Any]) -> float | None:
    value = record.get("progress")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        return None
    return float(value)


def _why(error: Exception) -> str:
    return str(getattr(error, "strerror", None) or error)


ZIP: FileFormat = FileFormat(
    "Article Reader export zip",
    lambda sample: sample.zip_holds(is_export_zip),
    read_export_zip,
    may_open_with_markup=False,
)
JSON: FileFormat = FileFormat(
    "Article Reader export JSON",
    lambda sample: is_export_json(sample.text),
    read_export_json,
    may_open_with_markup=False,
)
