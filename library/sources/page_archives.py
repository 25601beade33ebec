"""Pages saved as one file with their images: MHTML (`.mht`, `.mhtml`) and Safari web archives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from library.article import Document, DocumentKind
from library.errors import SourceError
from library.sources.decode import decode_bytes
from library.sources.markup import parse_page, write_page
from library.sources.page_images import (
    Resources,
    base_href,
    join_address,
    keep_images,
    pointed_at,
    url_resolver,
    web_address,
)

if TYPE_CHECKING:
    from email.message import Message

# email, plistlib and expat are imported by the readers that need them: every page file is
# tested for these formats, but few are one, and `extract` over plain pages starts faster.

MHTML_SUFFIXES = {".mht", ".mhtml"}
WEBARCHIVE_SUFFIX = ".webarchive"
HTML_TYPES = ("text/html", "application/xhtml+xml")

_HEADER_LINE = re.compile(rb"[!-9;-~]+:")
_MULTIPART = re.compile(rb"^content-type:\s*multipart/([a-z-]+)", re.IGNORECASE | re.MULTILINE)
_MIME_VERSION = re.compile(rb"^mime-version:", re.IGNORECASE | re.MULTILINE)
_CHARSET_LABEL = re.compile(r"[A-Za-z0-9_.:\-]{1,40}")


def is_mhtml(data: bytes, suffix: str) -> bool:
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


def is_webarchive(data: bytes) -> bool:
    """True for a Safari web archive: a binary property list, or one converted to XML (plutil does that)."""
    if data.startswith(b"bplist00"):
        return True
    head = data[:65536]
    return head.lstrip().startswith(b"<?xml") and b"<plist" in head and b"WebMainResource" in head


def _keyed_for_extraction(
    text: str,
    url: str | None,
    location: str | None,
    resources: Resources,
    content_ids: dict[str, str] | None = None,
) -> str:
    """The page `text`, its images in `resources` also kept under the addresses the extractor will compute.

    References find their images as a browser's would, against the page's <base>
    and its `location`. `content_ids` maps an MHTML page's `cid:` references to
    their parts' keys: the extractor keeps no `cid:` image, so those references are
    pointed at their parts' addresses, the one change ever made to the page.
    """
    if not resources.images:
        return text
    page = parse_page(text)
    if page is None:
        return text
    href = base_href(page)
    find = url_resolver((join_address(location, href) if href else None) or location, resources)
    changed = False
    if content_ids:

        def part_address(reference: str) -> str | None:
            reference = reference.strip()
            return content_ids.get(unquote(reference[4:])) if reference[:4].lower() == "cid:" else None

        changed = pointed_at(page, part_address)

    def image(reference: str) -> bytes | None:
        key = find(reference)
        return None if key is None else resources.images[key]

    keep_images(page, url, resources, image)
    return write_page(page) if changed else text


# ---- MHTML --------------------------------------------------------------------------------


def read_mhtml(path: Path, data: bytes) -> Document:
    """The main HTML part of an MHTML file, with its image parts as resources."""
    import email

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
    url = web_address(root_location) or web_address(_header(message, "Snapshot-Content-Location"))

    resources = Resources()
    by_content_id: dict[str, str] = {}
    for part in parts:
        if part is root:
            continue
        location, content_id = _location(part), _content_id(part)
        if location:
            key = join_address(root_location, location) or location
        elif content_id:
            key = f"cid:{content_id}"
        else:
            continue  # nothing in the page can refer to it
        image = part.get_payload(decode=True)
        if isinstance(image, bytes) and resources.add(key, image) and content_id:
            by_content_id[content_id] = key

    text = _keyed_for_extraction(text, url, root_location, resources, by_content_id)
    return Document(source=str(path), content=text, kind="html", url=url, resources=resources.images)


def _root_part(message: Message, parts: list[Message]) -> Message | None:
    """The part RFC 2387 calls the root: named by `start=`, else the first of the `type=`, else HTML."""
    start = _parameter(message, "start")
    if start:
        wanted = start.strip().strip("<>")
        for part in parts:
            if _content_id(part) == wanted and part.get_content_type() in HTML_TYPES:
                return part
    root_type = (_parameter(message, "type") or "").strip().lower()
    for wanted_type in ((root_type,) if root_type in HTML_TYPES else ()) + HTML_TYPES:
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
    import email.utils

    return email.utils.collapse_rfc2231_value(value)


# ---- Safari web archives --------------------------------------------------------------------


def read_webarchive(path: Path, data: bytes) -> Document:
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
    if mime_type in HTML_TYPES:
        kind = "html"
    elif mime_type.startswith("text/"):
        kind = "text"
    else:
        raise SourceError(f"{path}: a Safari web archive of {mime_type}, not of a web page")
    encoding = main.get("WebResourceTextEncodingName")
    text = decode_bytes(page, _charset_label(encoding))
    page_location = main.get("WebResourceURL") if isinstance(main.get("WebResourceURL"), str) else None

    resources = Resources()
    subresources = archive.get("WebSubresources")
    for subresource in subresources if isinstance(subresources, list) else []:
        if not isinstance(subresource, dict):
            continue
        location, image = subresource.get("WebResourceURL"), subresource.get("WebResourceData")
        if isinstance(location, str) and isinstance(image, bytes) and location:
            resources.add(location, image)

    if kind == "html":
        text = _keyed_for_extraction(text, web_address(page_location), page_location, resources)
    return Document(
        source=str(path), content=text, kind=kind, url=web_address(page_location), resources=resources.images
    )


def _charset_label(label: object) -> str | None:
    """`label` when it has the shape of a charset name; damaged headers can hold anything."""
    if isinstance(label, str) and _CHARSET_LABEL.fullmatch(label.strip()):
        return label.strip()
    return None


def _load_plist(path: Path, data: bytes) -> Any:
    """The object in a property list; SourceError when the bytes are not a readable one."""
    import plistlib
    from xml.parsers.expat import ExpatError

    try:
        return plistlib.loads(data)
    # Binary plists fail with InvalidFileException (a ValueError); XML ones with whatever expat,
    # base64 or int() meet in the damaged text.
    except (ValueError, IndexError, KeyError, TypeError, ExpatError) as error:
        raise SourceError(f"{path}: damaged Safari web archive ({type(error).__name__})") from None
    except RecursionError:
        raise SourceError(f"{path}: damaged Safari web archive (objects nested without end)") from None
