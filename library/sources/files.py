"""Local files and folders: pages, copied text, gzip of either, and folders of them."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from library.article import Document, Entry, Rejected
from library.errors import SourceError, reason_of
from library.sources import markdown, saved_pages
from library.sources.decode import decode_bytes
from library.sources.exports import Sample, structure_of

# A saved page is rarely over 10 MB; MHTML and SingleFile pages carry their images and
# reach tens of MB. Beyond this we refuse rather than hold hundreds of MB in memory.
MAX_PAGE_BYTES = 64 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text"}

# The names exports carry (renamed downloads keep these). In a folder, a file of any other
# name (source code, a stylesheet, a log) is not read as an export even when its text holds
# an export's markup: a project's tests are full of them. Named on its own, any file is tried.
EXPORT_SUFFIXES = {
    "",  # Chrome's and Safari's own files: Bookmarks, Bookmarks.plist below
    ".bak",
    ".baklz4",
    ".csv",
    ".json",
    ".jsonlz4",
    ".plist",
    ".tsv",
    ".url",
    ".webloc",
    ".xml",
    ".zip",
}

# Text copied from a page reads as sentences: a list of names, settings or paths does not.
MIN_PROSE_CHARACTERS = 150
MIN_SENTENCES = 2
# Prose has a sentence end every 100 to 200 characters; a long list with a sentence at its top
# (a comment) has few.
MAX_CHARACTERS_PER_SENTENCE = 500
# Latin sentence ends need a space or the end after them ("setup.py" is no sentence end);
# CJK ones do not.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?:\s|$)|[。！？]")


def read_limited(path: Path, limit: int = MAX_PAGE_BYTES) -> bytes:
    """The bytes of `path`, or SourceError naming the limit when it is larger."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(f"{path}: too large ({_mib(size)}; the limit is {_mib(limit)})")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise SourceError(f"{path}: too large (over {_mib(limit)}, the limit)")
    return data


def gunzip_limited(data: bytes, where: Path, limit: int = MAX_PAGE_BYTES) -> bytes:
    """Decompress gzip `data`, refusing to inflate past `limit` (a gzip bomb stays small)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise SourceError(f"{where}: not a valid gzip file ({error})") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise SourceError(f"{where}: too large when decompressed (over {_mib(limit)}, the limit)")
    return out


def document_from_bytes(path: Path, data: bytes, name: str) -> Document:
    """A page or a text file, by what the bytes hold and then by the name's suffix."""
    kind = binary_kind(data)
    if kind:
        raise SourceError(f"{path}: {kind}, not a web page or text")
    if Path(name).suffix.lower() in TEXT_SUFFIXES and not saved_pages.looks_like_html(data):
        return Document(source=str(path), content=decode_bytes(data), kind="text")
    # Every page format, by content or name; anything else is text.
    document = saved_pages.read_saved_page(path, data, name)
    if document is not None:
        return document
    return Document(source=str(path), content=decode_bytes(data), kind="text")


# Magic numbers of files people mistake for pages (a picture saved as .html, a PDF).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


_MIME_HEADERS = re.compile(
    rb"^(?:[A-Za-z-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?(?:MIME-Version|Content-Type):", re.I
)


def binary_kind(data: bytes) -> str | None:
    """What `data` is when it is a known binary format or otherwise not text; None for text."""
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(b"bplist00"):
        return None  # a Safari web archive: saved_pages reads it
    head = data[:8192]
    # MHTML may carry binary parts: it is a mail message, recognised by its headers.
    if _MIME_HEADERS.match(head):
        return None
    # Text in UTF-16/32 carries a BOM and is handled by decoding; any other NUL means binary.
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data"
    return None


def file_entry(path: Path) -> Entry:
    """The entry for one page or text file (gzip-compressed or not)."""
    data = read_limited(path)
    name = path.name
    if name.lower().endswith(".gz"):
        data = gunzip_limited(data, path)
        name = name[:-3]
    document = document_from_bytes(path, data, name)
    return Entry(source=str(path), source_kind=document.kind, document=document, url=document.url)


def may_be_export(path: Path, *, in_folder: bool) -> bool:
    """False for a file in a folder whose name no export carries (see `EXPORT_SUFFIXES`)."""
    if not in_folder:
        return True
    suffix = Path(path.name.lower().removesuffix(".gz")).suffix
    return suffix in _EXPORT_NAMES or markdown.is_markdown_file(path)


def reads_as_prose(text: str) -> bool:
    """True when `text` holds sentences, as text copied from a page does."""
    collapsed = " ".join(text.split())
    sentences = len(_SENTENCE_END.findall(collapsed))
    return len(collapsed) >= MIN_PROSE_CHARACTERS and sentences >= max(
        MIN_SENTENCES, len(collapsed) / MAX_CHARACTERS_PER_SENTENCE
    )


def refusal_of(sample: Sample, *, in_folder: bool) -> str | None:
    """Why the file `sample` shows, which no export format read, is not imported; None to read it as a page or text.

    Structured data (JSON, CSV, XML, a property list, YAML) is never an article, nor
    is a picture or other binary file. Pages are taken by name or by content, text
    by its name (`.txt`); so are files without a suffix when named on their own (a
    download saved without one), but not in a folder, which holds READMEs, notes,
    code and pictures too: those are skipped, not turned into "articles".
    """
    name = sample.path.name.lower()
    compressed = name.endswith(".gz")
    suffix = Path(name.removesuffix(".gz")).suffix
    if suffix in saved_pages.PAGE_SUFFIXES and not compressed and saved_pages.looks_like_html(sample.head):
        return None  # a page that opens like one: no data file, whatever else its text holds
    structure = structure_of(sample)
    if structure is not None:
        return f"not an export this application knows ({structure})"
    text = sample.text if in_folder and suffix in TEXT_SUFFIXES and not compressed else ""
    # An empty file goes on to be refused as "the page is empty".
    if text.strip() and not reads_as_prose(text):
        return "text that does not read as an article (a list, settings or notes, no sentences)"
    if suffix in _READABLE_SUFFIXES:
        return None
    kind = None if compressed else binary_kind(sample.head)
    if kind is not None:
        return f"{kind}, not a page, text or export"
    if not compressed and _is_page(sample.head):
        return None
    if not suffix and not in_folder:
        return None
    return "not a page, text or export this application knows"


# The names under which a folder's file may be an export (see `EXPORT_SUFFIXES`).
_EXPORT_NAMES = EXPORT_SUFFIXES | TEXT_SUFFIXES | saved_pages.PAGE_SUFFIXES

# What a folder import takes by name: text files and every saved-page format.
_READABLE_SUFFIXES = (
    TEXT_SUFFIXES | saved_pages.PAGE_SUFFIXES | saved_pages.MHTML_SUFFIXES | {saved_pages.WEBARCHIVE_SUFFIX}
)


def _is_page(head: bytes) -> bool:
    """True when the bytes open like a page of any saved kind: HTML, MHTML or a web archive."""
    if head.startswith(b"bplist00"):
        return b"WebMainResource" in head
    return saved_pages.looks_like_html(head) or bool(_MIME_HEADERS.match(head[:8192]))


def walk_folder(folder: Path, _seen: set[tuple[int, int]] | None = None) -> Iterator[Path | Rejected]:
    """Files under `folder`, recursively, in name order; hidden files and `_files` folders skipped.

    A folder reached twice (a link to a folder above it, or two links to one folder) is
    read once: a link back up would otherwise repeat the tree until paths grow too long.
    A folder inside that cannot be listed comes as a `Rejected` with why, and the walk
    goes on; only `folder` itself raises SourceError.
    """
    seen = set() if _seen is None else _seen
    try:
        identity = folder.stat()
        if (identity.st_dev, identity.st_ino) in seen:
            return
        seen.add((identity.st_dev, identity.st_ino))
        children = sorted(folder.iterdir(), key=lambda p: p.name.lower())
    except OSError as error:
        raise SourceError(f"{folder}: cannot list the folder ({error.strerror or error})") from None
    names = {child.name for child in children}
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            # A "complete" save's resources belong to its page, not to the import; a folder
            # that merely has such a name, with no page beside it, is the person's own.
            if _is_resource_folder(child, names):
                continue
            try:
                yield from walk_folder(child, seen)
            except SourceError as error:
                yield Rejected(str(child), reason_of(error, str(child)))
        else:
            yield child


def _is_resource_folder(folder: Path, siblings: set[str]) -> bool:
    """True for `X_files` (or a localised name) when a page `X.html`/`X.htm` sits beside it,
    and for `assets` beside Markdown notes (the images they name)."""
    if folder.name == "assets" and any(markdown.is_markdown_file(Path(name)) for name in siblings):
        return True
    for suffix in saved_pages.RESOURCE_FOLDER_SUFFIXES:
        if folder.name.endswith(suffix):
            stem = folder.name[: -len(suffix)]
            if any(f"{stem}{ext}" in siblings for ext in saved_pages.PAGE_SUFFIXES):
                return True
    return False


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"
