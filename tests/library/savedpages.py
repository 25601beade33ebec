"""Saved-page fixtures as browsers write them, for the saved-page tests and `bench/saved_pages.py`.

Each builder writes one save into a folder and returns where it is and the HTML of
its page as saved (for MHTML and web archives, the page part decoded), so a test can
compare what the reader made of it with what was there.
"""

from __future__ import annotations

import base64
import plistlib
import quopri
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from library.extract import parse_html


def png(red: int, green: int = 0, blue: int = 0) -> bytes:
    """A real 1x1 PNG of one colour, so each test image has its own bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, green, blue]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# The smallest GIF: a 1x1 image with a two-colour palette.
GIF = bytes.fromhex("474946383961010001008000000000ffffff21f90401000000002c00000000010001000002024401003b")
JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


def write(path: Path, data: bytes | str) -> Path:
    """Write `data` (text as UTF-8) to `path`, creating its folders; return `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def saved_from(url: str) -> str:
    """The "mark of the web" comment Chrome and Internet Explorer write at the top of a save."""
    return f"<!-- saved from url=({len(url):04d}){url} -->"


@dataclass(frozen=True)
class SavedPage:
    """A save written to disk, and the HTML of its page as it was saved."""

    path: Path
    page: str


# ---- comparing pages as the extractor reads them ----------------------------------------------


Node = tuple[str, tuple[tuple[str, str], ...], str | None, str | None]


def parsed(text: str) -> list[Node]:
    """Every node of `text` as the extractor parses it: tag, attributes, text and tail, in order."""
    return [
        (str(node.tag), tuple(node.attrib.items()), node.text, node.tail) for node in parse_html(text).iter()
    ]


def reference_changes(before: str, after: str) -> list[tuple[str, str, str, str]]:
    """(tag, attribute, old value, new value) for each attribute value `after` changed in `before`.

    Fails unless both parse to the same page for the extractor otherwise: the same
    elements in the same order, the same text, the same attributes.
    """
    old, new = parsed(before), parsed(after)
    assert [(tag, [name for name, _ in attributes], text, tail) for tag, attributes, text, tail in new] == [
        (tag, [name for name, _ in attributes], text, tail) for tag, attributes, text, tail in old
    ]
    return [
        (old_node[0], name, old_value, new_value)
        for old_node, new_node in zip(old, new, strict=True)
        for (name, old_value), (_, new_value) in zip(old_node[1], new_node[1], strict=True)
        if old_value != new_value
    ]


# ---- "Save page as, complete" -------------------------------------------------------------------


def chrome_complete_save(folder: Path) -> SavedPage:
    """Chrome's "Webpage, Complete": the folder named after the file, "./" references percent-encoded,
    the page's address in a comment, and a 404 page saved under an image's name."""
    files = folder / "Quiet Harbour_files"
    write(files / "photo.png", png(10))
    write(files / "wide photo.png", png(20))
    write(files / "chart.gif", GIF)
    write(files / "script.js", "document.title = 'x';")
    write(files / "style.css", "body { color: red }")
    write(files / "missing.png", "<html><body>Not found</body></html>")
    page = f"""<!DOCTYPE html>
{saved_from("https://news.example.org/2024/harbour.html")}
<html><head><meta charset="utf-8"><title>Quiet harbour</title>
<link rel="stylesheet" href="./Quiet%20Harbour_files/style.css">
<script src="./Quiet%20Harbour_files/script.js"></script></head>
<body><article><h1>Quiet harbour</h1>
<p>Boats “rest” here.</p>
<img src="./Quiet%20Harbour_files/photo.png" alt="Boats">
<img srcset="./Quiet%20Harbour_files/wide%20photo.png 2x, https://cdn.example.org/big.png 3x" alt="">
<img data-src="./Quiet%20Harbour_files/chart.gif" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<img src="./Quiet%20Harbour_files/missing.png">
<img src="https://cdn.example.org/remote.png">
</article></body></html>
"""
    return SavedPage(write(folder / "Quiet Harbour.html", page), page)


def firefox_complete_save(folder: Path) -> SavedPage:
    """Firefox's "Web Page, complete": no address recorded, references as written."""
    write(folder / "tides_files" / "moon.png", png(30))
    write(folder / "tides_files" / "sub" / "a&b.png", png(40))
    page = """<html><head><title>Tides</title></head><body>
<p>The moon pulls.</p>
<img src="tides_files/moon.png?v=2"><img src="tides_files/sub/a&amp;b.png">
</body></html>"""
    return SavedPage(write(folder / "tides.htm", page), page)


BROKEN_URL = "https://example.com/broken/page.html"


def broken_markup_complete_save(folder: Path) -> SavedPage:
    """A save of a page with broken markup: upper-case tags, ">" and an unclosed quote in attribute
    values, and `<img` inside a comment, a CDATA section, a script and a textarea."""
    for number in range(1, 6):
        write(folder / "Broken_files" / f"{number}.png", png(number))
    page = f"""<!DOCTYPE html>
{saved_from(BROKEN_URL)}
<HTML><HEAD><TITLE>Broken</TITLE></HEAD><BODY>
<P>Before the images.
<IMG SRC="Broken_files/1.png" ALT="Upper case">
<img alt="a > b" src=Broken_files/2.png>
<!-- <img src="Broken_files/3.png"> in a comment -->
<![CDATA[ <img src="Broken_files/3.png"> ]]>
<script>document.write('<img src="Broken_files/3.png">');</script>
<textarea><img src="Broken_files/3.png"></textarea>
<img alt="never closed><p>Swallowed by the quote</p><img src="Broken_files/4.png">
<p>Still here: <b>bold <i>both</b> italic</i> &amp; done</p>
<table><tr><td>cell<p>in a cell</td></tr></table>
<img src="Broken_files/5.png\""""
    return SavedPage(write(folder / "Broken.html", page), page)


def singlefile_save(folder: Path) -> SavedPage:
    """SingleFile: its header comment just after <html>, its images data: URIs."""
    image = "data:image/png;base64," + base64.b64encode(png(120)).decode("ascii")
    page = f"""<!DOCTYPE html> <html lang="en"><!--
 Page saved with SingleFile 
 url: https://blog.example.net/posts/tides?ref=feed 
 saved date: Tue Mar 12 2024 09:30:00 GMT+0100 (Central European Standard Time)
--><meta charset="utf-8"><title>Tides</title><body><p>High tide at noon.</p>
<img src="{image}" alt="Tide chart"></body></html>"""  # noqa: W291 (SingleFile writes trailing spaces)
    return SavedPage(write(folder / "Tides (12_03_2024 09_30_00).html", page), page)


def save_page_we_save(folder: Path) -> SavedPage:
    """The "Save Page WE" extension: savepage-* meta elements instead of a comment."""
    page = (
        '<html><head><meta name="savepage-url" content="https://example.com/story">'
        '<meta name="savepage-title" content="Story"></head><body>Story</body></html>'
    )
    return SavedPage(write(folder / "Story.html", page), page)


def old_windows_1252_page(folder: Path) -> SavedPage:
    """A page saved "HTML only" by an old browser, in windows-1252, a picture beside it (not in a folder)."""
    data = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        b'</head><body><p>\x93Quoted\x94 caf\xe9</p><img src="pic.png"></body></html>'
    )
    write(folder / "pic.png", png(110))
    return SavedPage(write(folder / "old.html", data), data.decode("cp1252"))


# ---- MHTML --------------------------------------------------------------------------------------


def mime_part(headers: list[str], body: bytes, encoding: str) -> bytes:
    """One MIME part with CRLF line ends, its body in quoted-printable or base64 as MHTML writers do."""
    if encoding == "quoted-printable":
        encoded = quopri.encodestring(body).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    else:
        encoded = base64.encodebytes(body).replace(b"\n", b"\r\n")
    head = "".join(f"{line}\r\n" for line in [*headers, f"Content-Transfer-Encoding: {encoding}"])
    return head.encode("ascii") + b"\r\n" + encoded


def mhtml(headers: list[str], boundary: str, parts: list[bytes], preamble: str = "") -> bytes:
    """A MIME multipart message: `headers`, an optional preamble, then `parts` between boundaries."""
    head = "".join(f"{line}\r\n" for line in headers).encode("ascii") + b"\r\n" + preamble.encode("ascii")
    body = b"".join(b"\r\n--" + boundary.encode("ascii") + b"\r\n" + part for part in parts)
    return head + body + b"\r\n--" + boundary.encode("ascii") + b"--\r\n"


IE_BOUNDARY = "----=_NextPart_000_0000_01DA7451.2B5C8E20"
IE_PAGE = (
    b"<HTML><HEAD><META content='text/html'><TITLE>Harbour</TITLE></HEAD><BODY>"
    b"<P>\x93Quiet\x94 harbour \x96 caf\xe9 tables.</P>"
    b'<IMG src="cid:photo@example.com"><IMG src="images/map.gif">'
    b'<SCRIPT src="scripts/app.js"></SCRIPT></BODY></HTML>'
)


def internet_explorer_mhtml() -> bytes:
    """The shape Internet Explorer's "Web Archive, single file" writes: windows-1252, cid: images."""
    return mhtml(
        [
            "From: <Saved by Windows Internet Explorer 8>",
            "Subject: Harbour",
            "Date: Tue, 12 Mar 2024 09:30:00 +0100",
            "MIME-Version: 1.0",
            "Content-Type: multipart/related;",
            '\ttype="text/html";',
            f'\tboundary="{IE_BOUNDARY}"',
            "X-MimeOLE: Produced By Microsoft MimeOLE V6.1.7601.24158",
        ],
        IE_BOUNDARY,
        [
            mime_part(
                [
                    "Content-Type: text/html;",
                    '\tcharset="Windows-1252"',
                    "Content-Location: http://www.example.com/news/harbour.htm",
                ],
                IE_PAGE,
                "quoted-printable",
            ),
            mime_part(
                [
                    "Content-Type: image/png",
                    "Content-ID: <photo@example.com>",
                    "Content-Location: http://www.example.com/news/photo.png",
                ],
                png(130),
                "base64",
            ),
            mime_part(
                ["Content-Type: image/gif", "Content-Location: http://www.example.com/news/images/map.gif"],
                GIF,
                "base64",
            ),
            mime_part(
                [
                    "Content-Type: application/javascript",
                    "Content-Location: http://www.example.com/news/scripts/app.js",
                ],
                b"alert('hi');",
                "quoted-printable",
            ),
        ],
        preamble="This is a multi-part message in MIME format.\r\n",
    )


def internet_explorer_mhtml_save(folder: Path) -> SavedPage:
    return SavedPage(write(folder / "harbour.mht", internet_explorer_mhtml()), IE_PAGE.decode("cp1252"))


CHROME_MHTML_IMAGE = "a-photo-with-a-long-name-" + "x" * 40 + ".png"


def chrome_mhtml_save(folder: Path) -> SavedPage:
    """Chrome ("Saved by Blink"): the page address in Snapshot-Content-Location, absolute image
    addresses in the page, stylesheets as cid: parts, a long address folded over two lines."""
    boundary = "----MultipartBoundary--Zq3nQ4x----"
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="cid:css-1@mhtml.blink"></head>'
        "<body><h1>Tides — a story</h1>"
        f'<img src="https://img.example.net/{CHROME_MHTML_IMAGE}"><img src="https://img.example.net/gone.png">'
        "</body></html>"
    )
    data = mhtml(
        [
            "From: <Saved by Blink>",
            "Snapshot-Content-Location: https://news.example.net/tides",
            "Subject: Tides",
            "Date: Tue, 12 Mar 2024 09:30:00 -0000",
            "MIME-Version: 1.0",
            "Content-Type: multipart/related;",
            '\ttype="text/html";',
            f'\tboundary="{boundary}"',
        ],
        boundary,
        [
            mime_part(
                [
                    "Content-Type: text/html",
                    "Content-ID: <frame-5C1@mhtml.blink>",
                    "Content-Location: https://news.example.net/tides",
                ],
                page.encode(),
                "quoted-printable",
            ),
            mime_part(
                [
                    "Content-Type: text/css",
                    "Content-ID: <css-1@mhtml.blink>",
                    "Content-Location: cid:css-1@mhtml.blink",
                ],
                b"h1 { color: navy }",
                "quoted-printable",
            ),
            mime_part(
                [
                    "Content-Type: image/png",
                    f"Content-Location: https://img.example.net/\r\n {CHROME_MHTML_IMAGE}",
                ],
                png(140),
                "base64",
            ),
        ],
    )
    return SavedPage(write(folder / "Tides.mhtml", data), page)


def mhtml_root_named_by_start_save(folder: Path) -> SavedPage:
    """RFC 2387: start= names the root even when another HTML part (a frame) comes first; a part
    with only a Content-ID is keyed by its cid: address, which the page already uses."""
    page = '<html><body><p>Main</p><img src="cid:pic@x"></body></html>'
    data = mhtml(
        [
            "MIME-Version: 1.0",
            'Content-Type: multipart/related; boundary="b1"; type="text/html"; start="<root@x>"',
        ],
        "b1",
        [
            mime_part(
                ["Content-Type: text/html; charset=utf-8", "Content-ID: <frame@x>"], b"<p>ad</p>", "base64"
            ),
            mime_part(
                ["Content-Type: text/html; charset=utf-8", "Content-ID: <root@x>"],
                page.encode(),
                "quoted-printable",
            ),
            mime_part(["Content-Type: image/jpeg", "Content-ID: <pic@x>"], JPEG_START, "base64"),
        ],
    )
    return SavedPage(write(folder / "mail.mht", data), page)


OFFICE_ROOT = "file:///C:/Users/Public/Report.htm"


def office_mhtml_save(folder: Path) -> SavedPage:
    """An office suite's "single file web page" saved from disk: a file: root, so no page address,
    and a part with a relative Content-Location (RFC 2557) that the page writes with a space."""
    page = (
        "<html><body><h1>Quarterly report</h1><p>Sales rose in every region this quarter, the north most of"
        " all, while costs, which had climbed for two years, fell back to where they were.</p>"
        '<img src="Report_files/image 001.png"></body></html>'
    )
    data = mhtml(
        ["MIME-Version: 1.0", 'Content-Type: multipart/related; boundary="r"; type="text/html"'],
        "r",
        [
            mime_part(
                ["Content-Type: text/html; charset=utf-8", f"Content-Location: {OFFICE_ROOT}"],
                page.encode(),
                "quoted-printable",
            ),
            mime_part(
                ["Content-Type: image/png", "Content-Location: Report_files/image%20001.png"],
                png(135),
                "base64",
            ),
        ],
    )
    return SavedPage(write(folder / "Report.mht", data), page)


# ---- Safari web archives --------------------------------------------------------------------------


def webarchive(main: dict[str, object], subresources: list[dict[str, object]]) -> bytes:
    """A Safari web archive: a binary property list of the main resource and its subresources."""
    return plistlib.dumps({"WebMainResource": main, "WebSubresources": subresources}, fmt=plistlib.FMT_BINARY)


def safari_webarchive_save(folder: Path) -> SavedPage:
    """Safari: the page in windows-1252, an image the page shows, a script, and an image it does not."""
    page = '<html><head><title>Kelp</title></head><body><p>“Kelp” forests</p><img src="media/kelp%20bed.png"></body></html>'
    data = webarchive(
        {
            "WebResourceData": page.encode("cp1252"),
            "WebResourceMIMEType": "text/html",
            "WebResourceTextEncodingName": "windows-1252",
            "WebResourceURL": "https://sea.example.com/kelp/",
            "WebResourceFrameName": "",
        },
        [
            {
                "WebResourceData": png(150),
                "WebResourceMIMEType": "image/png",
                "WebResourceURL": "https://sea.example.com/kelp/media/kelp%20bed.png",
            },
            {
                "WebResourceData": b"console.log('tracking')",
                "WebResourceMIMEType": "text/javascript",
                "WebResourceURL": "https://sea.example.com/app.js",
            },
            {
                "WebResourceData": GIF,
                "WebResourceMIMEType": "image/gif",
                "WebResourceURL": "https://sea.example.com/slide.gif",
            },
        ],
    )
    return SavedPage(write(folder / "Kelp.webarchive", data), page)


# Every save above, by name: the saved-page tests check each, the bench imports them all.
FIXTURES: dict[str, Callable[[Path], SavedPage]] = {
    "Chrome complete save": chrome_complete_save,
    "Firefox complete save": firefox_complete_save,
    "complete save of broken markup": broken_markup_complete_save,
    "SingleFile": singlefile_save,
    "Save Page WE": save_page_we_save,
    "old windows-1252 page": old_windows_1252_page,
    "Internet Explorer MHTML": internet_explorer_mhtml_save,
    "Chrome MHTML": chrome_mhtml_save,
    "MHTML with a start= root": mhtml_root_named_by_start_save,
    "office MHTML": office_mhtml_save,
    "Safari web archive": safari_webarchive_save,
}


# ---- real pages saved "complete" -------------------------------------------------------------------


def complete_save_of(html: str, folder: Path, name: str) -> SavedPage:
    """`html` saved "complete" as `name`.html from https://example.com/`name`, as Chrome does: every
    <img src> pointed at its own image in `name`_files/, the address in a comment. Written by lxml,
    not by the code under test."""
    root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    for number, image in enumerate(root.iter("img")):
        if image.get("src"):
            image.set("src", f"{name}_files/image {number}.png")
            write(folder / f"{name}_files" / f"image {number}.png", png(number % 256, number // 256))
    address = saved_from(f"https://example.com/{name}")
    page = f"<!DOCTYPE html>\n{address}\n" + lxml.html.tostring(root, encoding="unicode")
    return SavedPage(write(folder / f"{name}.html", page), page)


_PARSER = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
