"""Saved web pages: plain HTML, "complete" saves, SingleFile, MHTML and Safari web archives."""

from __future__ import annotations

import contextlib
import email
import email.utils
import functools
import html
import logging
import plistlib
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, unquote, urldefrag, urljoin, urlsplit
from xml.parsers.expat import ExpatError

from library.article import Document, DocumentKind
from library.errors import SourceError
from library.images import sniff_image_type
from library.sources.decode import bom_encoding, decode_bytes

log = logging.getLogger("reader.sources")

# A photo in an article is rarely over a few MB; a save holding hundreds of MB of images
# is not an article. Over either cap, images stay references for the importer to fetch.
MAX_IMAGE_BYTES = 16 * 1024 * 1024
MAX_RESOURCE_BYTES = 64 * 1024 * 1024

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
MHTML_SUFFIXES = {".mht", ".mhtml"}
WEBARCHIVE_SUFFIX = ".webarchive"

_HTML_TYPES = ("text/html", "application/xhtml+xml")

# Save markers sit at the top of a page; SingleFile puts its comment after <html> and <head>.
_HEAD_CHARS = 16 * 1024

# Internet Explorer's and Chrome's "mark of the web": the length of the address, then the address.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\s*(\d+)\s*\)\s*(\S+?)\s*-->", re.IGNORECASE)
_SINGLEFILE = re.compile(r"<!--\s*Page saved with SingleFile\b(.*?)-->", re.IGNORECASE | re.DOTALL)
_SINGLEFILE_URL = re.compile(r"^\s*url:\s*(\S+)", re.IGNORECASE | re.MULTILINE)

# Whatever starts a page: a doctype, the root elements, or a save marker before them.
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body)[\s/>]|<!--\s*(?:saved from url=|page saved with singlefile)",
    re.IGNORECASE,
)

# An HTML start tag's attributes, read one at a time as the HTML tokenizer does.
_ATTRIBUTE = re.compile(r"""[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_TAG_END = re.compile(r"[\s/]*>")

_IMAGE_TAGS = {"img", "source", "image", "input", "video"}
# Lazy-loading scripts keep the real address in data-* attributes; the extractor reads them too.
_URL_ATTRIBUTES = {
    "src",
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-fallback-src",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "lowsrc",
    "poster",
    "href",
    "xlink:href",
}
_SRCSET_ATTRIBUTES = {"srcset", "data-srcset", "data-lazy-srcset"}
# Unknown lazy loaders use attributes of their own; like the extractor, take any whose value
# names an image file.
_IMAGE_ADDRESS = re.compile(
    r"^\s*\S+\.(?:jpe?g|png|webp|gif|avif|svg|bmp|ico)(?:[?#]\S*)?\s*$", re.IGNORECASE
)

# Characters a browser's URL parser leaves alone; others (spaces, non-ASCII) it percent-encodes.
_URL_SAFE = "%/:=&?~#+!$,;'@()*[]"

_CHARSET_LABEL = re.compile(r"[A-Za-z0-9_.:\-]{1,40}")


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
    if data.startswith(b"bplist00") or _is_xml_webarchive(data):
        return _read_webarchive(path, data)
    if _is_mhtml(data, suffix):
        return _read_mhtml(path, data)
    if suffix in PAGE_SUFFIXES or looks_like_html(data):
        return _read_html_page(path, data)
    if suffix in MHTML_SUFFIXES:
        raise SourceError(f"{path}: not an MHTML file (no MIME multipart header) and not a web page")
    if suffix == WEBARCHIVE_SUFFIX:
        raise SourceError(f"{path}: not a Safari web archive (no binary property list) and not a web page")
    return None


# ---- recognising the format -------------------------------------------------------------


def _head_text(data: bytes, size: int = 8192) -> str:
    """The start of `data` as text, good enough for looking for markup (UTF-16 pages carry a BOM)."""
    encoding = bom_encoding(data) or "latin-1"
    return data[:size].decode(encoding, errors="replace").lstrip("\ufeff")


def looks_like_html(data: bytes) -> bool:
    """True when `data` starts with markup and shows a page's doctype, root elements or save marker."""
    head = _head_text(data)
    return head.lstrip().startswith("<") and bool(_HTML_START.search(head))


_HEADER_LINE = re.compile(rb"[!-9;-~]+:")
_MULTIPART = re.compile(rb"^content-type:\s*multipart/([a-z-]+)", re.IGNORECASE | re.MULTILINE)
_MIME_VERSION = re.compile(rb"^mime-version:", re.IGNORECASE | re.MULTILINE)


def _is_mhtml(data: bytes, suffix: str) -> bool:
    """True when `data` opens with MIME headers announcing a multipart/related message.

    A file named .mht or .mhtml may say multipart/mixed or leave out MIME-Version;
    any other file must carry both, so an HTML page mentioning the words stays a page.
    """
    head = data[:16384]
    if not _HEADER_LINE.match(head):
        return False
    ends = [end for end in (head.find(b"\r\n\r\n"), head.find(b"\n\n")) if end >= 0]
    if not ends:
        return False
    headers = re.sub(rb"\r?\n[ \t]+", b" ", head[: min(ends)])
    multipart = _MULTIPART.search(headers)
    if multipart is None:
        return False
    if suffix in MHTML_SUFFIXES:
        return True
    return multipart.group(1).lower() == b"related" and bool(_MIME_VERSION.search(headers))


def _is_xml_webarchive(data: bytes) -> bool:
    """True for a web archive converted to an XML property list (plutil does that)."""
    head = data[:65536]
    return head.lstrip().startswith(b"<?xml") and b"<plist" in head and b"WebMainResource" in head


def _web_address(candidate: str | None) -> str | None:
    """`candidate` when it is an absolute http(s) address, else None."""
    if not candidate:
        return None
    candidate = "".join(candidate.split())
    parts = _split(candidate)
    if parts is not None and parts.scheme.lower() in {"http", "https"} and parts.netloc:
        return candidate
    return None


def _split(address: str) -> SplitResult | None:
    """`address` in its parts; None when it is malformed (an unclosed "[" of an IPv6 host, say)."""
    try:
        return urlsplit(address)
    except ValueError:
        return None


def _join(base: str | None, reference: str) -> str | None:
    """`reference` resolved against `base`, or as written without one; None when either is malformed."""
    if not base:
        return reference
    try:
        return urljoin(base, reference)
    except ValueError:
        return None


# ---- HTML pages: plain, "complete", SingleFile ----------------------------------------------


def _read_html_page(path: Path, data: bytes) -> Document:
    """A page file, with the address its save marker records and the images of its resource folder."""
    text = decode_bytes(data)
    url = _recorded_address(text)
    base_href = _base_href(text)
    # Keys follow what the extractor will compute for a reference: resolved against the page's
    # address, or its <base> when only that is absolute, or left as written when neither is.
    key_base = url or _web_address(base_href)
    resources = _Resources()
    resolver = _FolderResolver(path.parent, key_base, resources)
    text = _rewrite_image_references(text, resolver.resolve)
    if resources.images and key_base is None and base_href is not None:
        # A relative <base> would move the references we keyed as written.
        text = _remove_base_href(text)
    return Document(source=str(path), content=text, kind="html", url=url, resources=resources.images)


def _recorded_address(text: str) -> str | None:
    """The address a save marker records: "saved from url=", SingleFile's comment or Save Page WE's meta."""
    head = text[:_HEAD_CHARS]
    saved_from = _SAVED_FROM.search(head)
    if saved_from:
        length, address = int(saved_from.group(1)), saved_from.group(2)
        # The length in brackets ends the address exactly; anything after it is not part of it.
        if 0 < length < len(address):
            address = address[:length]
        if _web_address(address):
            return _web_address(address)
    singlefile = _SINGLEFILE.search(head)
    if singlefile:
        line = _SINGLEFILE_URL.search(singlefile.group(1))
        if line and _web_address(line.group(1)):
            return _web_address(line.group(1))
    for tag in _tags(head, {"meta"}):
        if tag.value("name").lower() == "savepage-url" and _web_address(tag.value("content")):
            return _web_address(tag.value("content"))
    return None


def _base_href(text: str) -> str | None:
    """The href of the page's first <base> that has one, as written."""
    for tag in _tags(text, {"base"}):
        href = tag.attribute("href")
        if href is not None:
            return href.value.strip()
    return None


def _remove_base_href(text: str) -> str:
    """`text` without the href of its first <base> that has one."""
    for tag in _tags(text, {"base"}):
        href = tag.attribute("href")
        if href is not None:
            return text[: href.start] + text[href.end :]
    return text


class _FolderResolver:
    """Finds a page's references in the resource folders beside it, and only there."""

    def __init__(self, page_folder: Path, key_base: str | None, resources: _Resources) -> None:
        self.page_folder = page_folder
        self.key_base = key_base
        self.resources = resources
        self._folders: dict[str, Path | None] = {}
        self._files: dict[Path, bytes | None] = {}

    def resolve(self, reference: str) -> str | None:
        """The resource key for `reference` once its image is loaded; None when it is not a local image."""
        reference = reference.strip()
        file = self._local_file(reference)
        if file is None:
            return None
        key = _join(self.key_base, reference)
        if key is None:
            return None
        if key in self.resources.images:
            return key
        if file not in self._files:
            self._files[file] = self._read_image(file)
        image = self._files[file]
        if image is None or not self.resources.add(key, image):
            return None
        return key

    def _local_file(self, reference: str) -> Path | None:
        """The regular file `reference` names inside a resource folder, after following links."""
        parts = _split(reference.replace("\\", "/"))
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
            lowered = name.lower()
            named_like_one = any(
                lowered.endswith(suffix.lower()) and len(lowered) > len(suffix)
                for suffix in RESOURCE_FOLDER_SUFFIXES
            )
            if named_like_one and folder.is_dir() and not folder.is_symlink():
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
                return handle.read(MAX_IMAGE_BYTES + 1)
        except OSError as error:
            log.info("%s: image left out (%s)", file, error.strerror or error)
            return None


# ---- MHTML --------------------------------------------------------------------------------


def _read_mhtml(path: Path, data: bytes) -> Document:
    """The main HTML part of an MHTML file, with its image parts as resources."""
    message = email.message_from_bytes(data)
    if not message.is_multipart():
        if message.get_boundary() is None:
            raise SourceError(f"{path}: damaged MHTML file (its header declares no boundary between parts)")
        raise SourceError(f"{path}: damaged MHTML file (its parts' boundary never appears)")
    parts = [part for part in message.walk() if not part.is_multipart()]
    root = _root_part(message, parts)
    if root is None:
        raise SourceError(f"{path}: damaged MHTML file (it holds no HTML part)")
    root_location = _location(root)
    payload = root.get_payload(decode=True)
    text = decode_bytes(
        payload if isinstance(payload, bytes) else b"", _charset_label(root.get_content_charset())
    )
    url = _web_address(root_location) or _web_address(_header(message, "Snapshot-Content-Location"))

    resources = _Resources()
    by_content_id: dict[str, str] = {}
    for part in parts:
        if part is root:
            continue
        location, content_id = _location(part), _content_id(part)
        if location:
            key = _join(root_location, location) or location
        elif content_id:
            key = f"cid:{content_id}"
        else:
            continue  # nothing in the page can refer to it
        image = part.get_payload(decode=True)
        if isinstance(image, bytes) and resources.add(key, image) and content_id:
            by_content_id[content_id] = key

    base_href = _base_href(text)
    base = (_join(root_location, base_href) if base_href else None) or root_location
    resolve_url = _url_resolver(base, resources)

    def resolve(reference: str) -> str | None:
        reference = reference.strip()
        if reference[:4].lower() == "cid:":
            return by_content_id.get(unquote(reference[4:]))
        return resolve_url(reference)

    text = _rewrite_image_references(text, resolve)
    return Document(source=str(path), content=text, kind="html", url=url, resources=resources.images)


def _root_part(message: Message, parts: list[Message]) -> Message | None:
    """The part RFC 2387 calls the root: named by `start=`, else the first of the `type=`, else HTML."""
    start = _parameter(message, "start")
    if start:
        wanted = start.strip().strip("<>")
        for part in parts:
            if _content_id(part) == wanted and part.get_content_type() in _HTML_TYPES:
                return part
    root_type = (_parameter(message, "type") or "").strip().lower()
    for wanted_type in ((root_type,) if root_type in _HTML_TYPES else ()) + _HTML_TYPES:
        for part in parts:
            if part.get_content_type() == wanted_type:
                return part
    return None


def _header(part: Message, name: str) -> str | None:
    """A header's value as text without folding whitespace, or None when absent or empty."""
    value = part.get(name)
    if value is None:
        return None
    # Long addresses are folded over lines; an address never holds whitespace.
    text = "".join(str(value).split())
    return text or None


def _location(part: Message) -> str | None:
    return _header(part, "Content-Location")


def _content_id(part: Message) -> str | None:
    value = _header(part, "Content-ID")
    return value.strip("<>") if value else None


def _parameter(message: Message, name: str) -> str | None:
    """A Content-Type parameter as a string (RFC 2231 values collapsed)."""
    value = message.get_param(name)
    if value is None:
        return None
    return email.utils.collapse_rfc2231_value(value)


# ---- Safari web archives --------------------------------------------------------------------


def _read_webarchive(path: Path, data: bytes) -> Document:
    """The main resource of a Safari web archive, with its image subresources."""
    archive = _load_plist(path, data)
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    if not isinstance(main, dict):
        raise SourceError(f"{path}: a property list, but not a Safari web archive (no WebMainResource)")
    page = main.get("WebResourceData")
    if not isinstance(page, bytes):
        raise SourceError(f"{path}: damaged Safari web archive (the page has no data)")
    mime_type = str(main.get("WebResourceMIMEType") or "text/html").lower()
    kind: DocumentKind
    if mime_type in _HTML_TYPES:
        kind = "html"
    elif mime_type.startswith("text/"):
        kind = "text"
    else:
        raise SourceError(f"{path}: a Safari web archive of {mime_type}, not of a web page")
    encoding = main.get("WebResourceTextEncodingName")
    text = decode_bytes(page, _charset_label(encoding))
    page_location = main.get("WebResourceURL") if isinstance(main.get("WebResourceURL"), str) else None

    resources = _Resources()
    subresources = archive.get("WebSubresources")
    for subresource in subresources if isinstance(subresources, list) else []:
        if not isinstance(subresource, dict):
            continue
        location, image = subresource.get("WebResourceURL"), subresource.get("WebResourceData")
        if isinstance(location, str) and isinstance(image, bytes) and location:
            resources.add(location, image)

    if kind == "html":
        base_href = _base_href(text)
        base = (_join(page_location, base_href) if base_href else None) or page_location
        text = _rewrite_image_references(text, _url_resolver(base, resources))
    return Document(
        source=str(path), content=text, kind=kind, url=_web_address(page_location), resources=resources.images
    )


def _charset_label(label: object) -> str | None:
    """`label` when it has the shape of a charset name; damaged headers can hold anything."""
    if isinstance(label, str) and _CHARSET_LABEL.fullmatch(label.strip()):
        return label.strip()
    return None


def _load_plist(path: Path, data: bytes) -> Any:
    """The object in a property list; SourceError when the bytes are not a readable one."""
    try:
        return plistlib.loads(data)
    # Binary plists fail with InvalidFileException (a ValueError); XML ones with whatever expat,
    # base64 or int() meet in the damaged text.
    except (ValueError, IndexError, KeyError, TypeError, ExpatError) as error:
        raise SourceError(f"{path}: damaged Safari web archive ({type(error).__name__})") from None
    except RecursionError:
        raise SourceError(f"{path}: damaged Safari web archive (objects nested without end)") from None


# ---- resources and reference rewriting ------------------------------------------------------


@dataclass
class _Resources:
    """Images gathered for one page, kept only while they fit the per-image and total caps."""

    images: dict[str, bytes] = field(default_factory=dict)
    total: int = 0

    def has_room(self, size: int) -> bool:
        return size <= MAX_IMAGE_BYTES and self.total + size <= MAX_RESOURCE_BYTES

    def add(self, key: str, data: bytes) -> bool:
        """Keep `data` under `key` when it is an image that fits; True when it is kept."""
        if key in self.images:
            return True
        if sniff_image_type(data) is None:
            return False
        if not self.has_room(len(data)):
            log.info("%s: image left out (%d bytes, over the size cap)", key, len(data))
            return False
        self.images[key] = data
        self.total += len(data)
        return True


def _url_resolver(base: str | None, resources: _Resources) -> Callable[[str], str | None]:
    """A resolver that finds a reference among resources keyed by absolute address."""
    by_address = {_normal_address(key): key for key in resources.images}

    def resolve(reference: str) -> str | None:
        reference = reference.strip()
        if not reference or reference.startswith("#"):
            return None
        target = _join(base, reference)
        return None if target is None else by_address.get(_normal_address(target))

    return resolve


def _normal_address(address: str) -> str:
    """`address` percent-encoded as a browser would send it, so "a b.png" finds "a%20b.png"."""
    try:
        return quote(urldefrag(address).url, safe=_URL_SAFE)
    except ValueError:  # a malformed host, or text that is not Unicode (UnicodeError is a ValueError)
        return address


def _rewrite_image_references(text: str, resolve: Callable[[str], str | None]) -> str:
    """`text` with every image reference that `resolve` knows replaced by the key it returns."""
    # A page names one image in src, srcset and data-src alike: look each reference up once.
    known: dict[str, str | None] = {}

    def key_for(reference: str) -> str | None:
        if reference not in known:
            # data: images stay inline; the importer turns them into library images itself.
            inline = reference.lstrip()[:5].lower() == "data:"
            known[reference] = None if inline else resolve(reference)
        return known[reference]

    edits: list[tuple[int, int, str]] = []
    for tag in _tags(text, _IMAGE_TAGS):
        for attribute in tag.attributes:
            if attribute.value_start == attribute.end:
                continue  # a valueless attribute has nothing to rewrite
            if attribute.name in _URL_ATTRIBUTES or (
                tag.name == "img"
                and attribute.name not in _SRCSET_ATTRIBUTES
                and _IMAGE_ADDRESS.match(attribute.value)
            ):
                key = key_for(attribute.value)
                if key is not None and key != attribute.value:
                    edits.append((attribute.value_start, attribute.end, _quoted(key)))
            elif attribute.name in _SRCSET_ATTRIBUTES:
                rewritten = _rewrite_srcset(attribute.value, key_for)
                if rewritten != attribute.value:
                    edits.append((attribute.value_start, attribute.end, _quoted(rewritten)))
    if not edits:
        return text
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        pieces += [text[position:start], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _quoted(value: str) -> str:
    return '"' + html.escape(value, quote=True) + '"'


def _rewrite_srcset(value: str, resolve: Callable[[str], str | None]) -> str:
    """`value` with the candidates `resolve` knows replaced by their keys; unchanged when none is."""
    candidates = list(_srcset_candidates(value))
    rewritten = [(resolve(address) or address, descriptor) for address, descriptor in candidates]
    if rewritten == candidates:
        return value
    return ", ".join(f"{address} {descriptor}".strip() for address, descriptor in rewritten)


def _srcset_candidates(value: str) -> Iterator[tuple[str, str]]:
    """(address, descriptor) pairs of a srcset, split as the HTML standard does.

    Addresses may hold commas (data: URIs), so an address is a run of non-space
    characters that loses only its trailing commas; descriptors end at a comma
    outside parentheses.
    """
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        address = value[start:position]
        if not address:
            return
        if address.endswith(","):
            yield address.rstrip(","), ""
            continue
        start, depth = position, 0
        while position < length and (value[position] != "," or depth > 0):
            depth += {"(": 1, ")": -1}.get(value[position], 0)
            position += 1
        yield address, value[start:position].strip()
        position += 1


@dataclass
class _Attribute:
    """One attribute of a start tag and where its value sits in the page text."""

    name: str
    value: str
    start: int
    value_start: int
    end: int


@dataclass
class _Tag:
    name: str
    attributes: list[_Attribute]

    def attribute(self, name: str) -> _Attribute | None:
        # The HTML tokenizer keeps the first of repeated attributes.
        return next((attribute for attribute in self.attributes if attribute.name == name), None)

    def value(self, name: str) -> str:
        found = self.attribute(name)
        return found.value if found else ""


@functools.cache
def _tag_start(names: frozenset[str]) -> re.Pattern[str]:
    """A pattern for the start of a tag named in `names` (names are plain ASCII words)."""
    return re.compile(rf"<({'|'.join(sorted(names))})(?=[\s/>])", re.IGNORECASE)


def _tags(text: str, names: set[str]) -> Iterator[_Tag]:
    """Start tags named in `names`, each with its attributes and their positions.

    Reads attributes one at a time, as the HTML tokenizer does, so a quoted value
    holding ">" stays inside its tag. The search goes on where a tag ended, so no
    text is read twice however the tags nest or break; a tag broken beyond
    reading (a quote never closed) is skipped.
    """
    start_pattern = _tag_start(frozenset(names))
    position = 0
    while match := start_pattern.search(text, position):
        name = match.group(1).lower()
        attributes: list[_Attribute] = []
        position = match.end()
        while True:
            end = _TAG_END.match(text, position)
            if end:
                yield _Tag(name, attributes)
                position = end.end()
                break
            attribute = _ATTRIBUTE.match(text, position)
            if attribute is None or attribute.end() == position:
                break
            raw = attribute.group(2)
            if raw is None:
                value, value_start = "", attribute.end()
            else:
                value = html.unescape(raw[1:-1] if raw[0] in "\"'" else raw)
                value_start = attribute.start(2)
            attributes.append(
                _Attribute(
                    attribute.group(1).lower(), value, attribute.start(1), value_start, attribute.end()
                )
            )
            position = attribute.end()
