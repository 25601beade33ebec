"""Saved web pages: plain HTML, "complete" saves, SingleFile, MHTML and Safari web archives."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from library.article import Document
from library.errors import SourceError
from library.sources import page_images
from library.sources.decode import bom_encoding, decode_bytes
from library.sources.markup import parse_page, parse_start
from library.sources.page_archives import MHTML_SUFFIXES as MHTML_SUFFIXES  # names files.py looks for
from library.sources.page_archives import WEBARCHIVE_SUFFIX as WEBARCHIVE_SUFFIX
from library.sources.page_archives import is_mhtml, is_webarchive, read_mhtml, read_webarchive
from library.sources.page_images import Resources, keep_images, split_address, web_address

log = logging.getLogger("reader.sources")

# The folder a "Save page as, complete" writes beside X.html. Firefox (and Internet Explorer
# before it) localises the suffix: the first four are the common ones, the rest other
# languages' names. Only images a page refers to are read, so a wrong guess costs a lookup.
RESOURCE_FOLDER_SUFFIXES = (
    "_files",
    "-Dateien",
    "_fichiers",
    "_archivos",
    "_arquivos",
    "_file",
    "_bestanden",
    "-filer",
    "_pliki",
    "_soubory",
    "_tiedostot",
)

PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml"}

# Save markers sit at the top of a page; SingleFile puts its comment after <html> and <head>.
_HEAD_CHARS = 16 * 1024

# What save markers say, read from the text of the comments the parser finds at the top of a page.
# Internet Explorer's and Chrome's "mark of the web": the length of the address, then the address.
_SAVED_FROM = re.compile(r"\s*saved from url=\(\s*(\d+)\s*\)\s*(\S+?)\s*", re.IGNORECASE)
_SINGLEFILE = re.compile(r"\s*Page saved with SingleFile\b(.*)", re.IGNORECASE | re.DOTALL)
_SINGLEFILE_URL = re.compile(r"^\s*url:\s*(\S+)", re.IGNORECASE | re.MULTILINE)

# Whatever starts a page: a doctype, the root elements, or a save marker before them. A pattern
# over the first bytes rather than a parser, as browsers sniff: a parser makes a page of any text.
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body)[\s/>]|<!--\s*(?:saved from url=|page saved with singlefile)",
    re.IGNORECASE,
)


def read_saved_page(path: Path, data: bytes, name: str) -> Document | None:
    """The page in a saved-page file, recognised by content; None when it is not one.

    `data` is the file's bytes (already size-limited and decompressed) and `name`
    its name without `.gz`; `path` locates a "complete" save's resource folder.
    The suffix of `name` is only a hint: a web archive renamed `.html` is still
    read as one.

    Raises:
        SourceError: the file is recognisably an MHTML file or web archive but
            damaged, or is named as one and is neither that nor a page.
    """
    suffix = Path(name).suffix.lower()
    if is_webarchive(data):
        return read_webarchive(path, data)
    if is_mhtml(data, suffix):
        return read_mhtml(path, data)
    if suffix in PAGE_SUFFIXES or looks_like_html(data):
        return _read_html_page(path, data)
    if suffix in MHTML_SUFFIXES:
        raise SourceError(f"{path}: not an MHTML file (no MIME multipart header) and not a web page")
    if suffix == WEBARCHIVE_SUFFIX:
        raise SourceError(f"{path}: not a Safari web archive (no binary property list) and not a web page")
    return None


def looks_like_html(data: bytes) -> bool:
    """True when `data` starts with markup and shows a page's doctype, root elements or save marker."""
    # UTF-16 pages carry a BOM; anything else is read as bytes, good enough for looking for markup.
    encoding = bom_encoding(data) or "latin-1"
    head = data[:8192].decode(encoding, errors="replace").lstrip("\ufeff")
    return head.lstrip().startswith("<") and bool(_HTML_START.search(head))


# ---- HTML pages: plain, "complete", SingleFile ----------------------------------------------


def _read_html_page(path: Path, data: bytes) -> Document:
    """A page file, with the address its save marker records and the images of its resource folder.

    The page stays as it was written: each image is kept under the address the
    extractor will compute for the page's reference to it.
    """
    text = decode_bytes(data)
    url = _recorded_address(text)
    document = Document(source=str(path), content=text, kind="html", url=url)
    # Only a save's own folder beside the page is read: without one, there is nothing to parse for.
    if not _has_resource_folder(path.parent):
        return document
    page = parse_page(text)
    if page is None:
        return document
    resources = Resources()
    keep_images(page, url, resources, _FolderImages(path.parent, resources).find)
    return Document(source=str(path), content=text, kind="html", url=url, resources=resources.images)


def _recorded_address(text: str) -> str | None:
    """The address a save marker records: "saved from url=", SingleFile's comment or Save Page WE's meta."""
    from lxml import etree

    head = parse_start(text[:_HEAD_CHARS])
    if head is None:
        return None
    comments = [
        *reversed([node for node in head.itersiblings(preceding=True) if node.tag is etree.Comment]),
        *head.iter(etree.Comment),
    ]
    for comment in comments:
        saved_from = _SAVED_FROM.fullmatch(comment.text or "")
        if saved_from:
            length, address = int(saved_from.group(1)), saved_from.group(2)
            # The length in brackets ends the address exactly; anything after it is not part of it.
            if 0 < length < len(address):
                address = address[:length]
            if web_address(address):
                return web_address(address)
        singlefile = _SINGLEFILE.match(comment.text or "")
        line = _SINGLEFILE_URL.search(singlefile.group(1)) if singlefile else None
        if line and web_address(line.group(1)):
            return web_address(line.group(1))
    for meta in head.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "savepage-url" and web_address(meta.get("content")):
            return web_address(meta.get("content"))
    return None


def _has_resource_folder(folder: Path) -> bool:
    """True when `folder` holds a folder named as a save's resource folder (`X_files` and the like)."""
    try:
        modified = folder.stat().st_mtime_ns
    except OSError:
        return False
    return bool(_resource_folder_names(os.fspath(folder), modified))


@functools.lru_cache(maxsize=64)
def _resource_folder_names(folder: str, modified: int) -> frozenset[str]:
    """The names of the resource folders in `folder` as it was at `modified`.

    Listed once per folder and change: importing a folder of 10,000 pages would
    otherwise list it 10,000 times. Adding or renaming an entry changes the time.
    """
    try:
        with os.scandir(folder) as entries:
            return frozenset(
                entry.name
                for entry in entries
                if _named_like_resource_folder(entry.name) and entry.is_dir(follow_symlinks=False)
            )
    except OSError:
        return frozenset()


def _named_like_resource_folder(name: str) -> bool:
    lowered = name.lower()
    return any(
        lowered.endswith(suffix.lower()) and len(lowered) > len(suffix) for suffix in RESOURCE_FOLDER_SUFFIXES
    )


class _FolderImages:
    """Reads the images a page refers to from the resource folders beside it, and only there."""

    def __init__(self, page_folder: Path, resources: Resources) -> None:
        self.page_folder = page_folder
        self.resources = resources  # read for its room: files past the caps are not even read
        self._folders: dict[str, Path | None] = {}
        self._files: dict[Path, bytes | None] = {}

    def find(self, reference: str) -> bytes | None:
        """The bytes of the file `reference` names in a resource folder, if they fit the caps."""
        file = self._local_file(reference.strip())
        if file is None:
            return None
        if file not in self._files:
            self._files[file] = self._read_image(file)
        return self._files[file]

    def _local_file(self, reference: str) -> Path | None:
        """The regular file `reference` names inside a resource folder, after following links."""
        parts = split_address(reference.replace("\\", "/"))
        if parts is None or parts.scheme or parts.netloc:
            return None  # web addresses, data: and file: URLs, //host paths
        relative = unquote(parts.path)
        if not relative or relative.startswith("/") or "\x00" in relative:
            return None
        segments = posixpath.normpath(relative).split("/")
        if len(segments) < 2 or segments[0] in {".", ".."}:
            return None
        folder = self._resource_folder(segments[0])
        if folder is None:
            return None
        try:
            # resolve() follows symbolic links, so a link pointing out of the folder lands outside it.
            file = folder.joinpath(*segments[1:]).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not file.is_relative_to(folder) or not file.is_file():
            return None
        return file

    def _resource_folder(self, name: str) -> Path | None:
        """The resolved folder `name` beside the page when it is a save's resource folder."""
        if name not in self._folders:
            self._folders[name] = None
            folder = self.page_folder / name
            if _named_like_resource_folder(name) and folder.is_dir() and not folder.is_symlink():
                with contextlib.suppress(OSError, RuntimeError):
                    self._folders[name] = folder.resolve(strict=True)
        return self._folders[name]

    def _read_image(self, file: Path) -> bytes | None:
        """The bytes of `file` when it fits under the caps; None when it does not or cannot be read."""
        try:
            size = file.stat().st_size
            if not self.resources.has_room(size):
                log.info("%s: image left out (%d bytes, over the size cap)", file, size)
                return None
            with file.open("rb") as handle:
                return handle.read(page_images.MAX_IMAGE_BYTES + 1)
        except OSError as error:
            log.info("%s: image left out (%s)", file, error.strerror or error)
            return None
