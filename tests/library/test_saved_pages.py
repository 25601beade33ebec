"""Saved pages: complete saves with their folders, SingleFile, MHTML and Safari web archives."""

from __future__ import annotations

import base64
import gzip
import plistlib
import quopri
import struct
import zlib
from pathlib import Path

import pytest

from library.article import Document, Entry
from library.errors import SourceError
from library.sources import read_source, saved_pages
from library.sources.decode import decode_bytes
from library.sources.saved_pages import read_saved_page

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
READABILITY = SHARED / "corpus" / "readability"


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


def read(path: Path) -> Document | None:
    """What files.py would get for `path`: its bytes and its name."""
    return read_saved_page(path, path.read_bytes(), path.name)


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


# ---- "Save page as, complete" ---------------------------------------------------------------


def test_complete_save_with_saved_from_comment_keys_images_by_absolute_address(tmp_path: Path) -> None:
    # Chrome's "Webpage, Complete": the folder is named after the file, references start with
    # "./" and are percent-encoded, and the page records its address in a comment.
    folder = tmp_path / "Quiet Harbour_files"
    write(folder / "photo.png", png(10))
    write(folder / "wide photo.png", png(20))
    write(folder / "chart.gif", GIF)
    write(folder / "script.js", "document.title = 'x';")
    write(folder / "style.css", "body { color: red }")
    # A 404 page the browser saved under an image's name: not an image, not kept.
    write(folder / "missing.png", "<html><body>Not found</body></html>")
    url = "https://news.example.org/2024/harbour.html"
    page = write(
        tmp_path / "Quiet Harbour.html",
        f"""<!DOCTYPE html>
{saved_from(url)}
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
""",
    )
    folder_url = "https://news.example.org/2024/Quiet%20Harbour_files"
    assert read(page) == Document(
        source=str(page),
        content=f"""<!DOCTYPE html>
{saved_from(url)}
<html><head><meta charset="utf-8"><title>Quiet harbour</title>
<link rel="stylesheet" href="./Quiet%20Harbour_files/style.css">
<script src="./Quiet%20Harbour_files/script.js"></script></head>
<body><article><h1>Quiet harbour</h1>
<p>Boats “rest” here.</p>
<img src="{folder_url}/photo.png" alt="Boats">
<img srcset="{folder_url}/wide%20photo.png 2x, https://cdn.example.org/big.png 3x" alt="">
<img data-src="{folder_url}/chart.gif" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<img src="./Quiet%20Harbour_files/missing.png">
<img src="https://cdn.example.org/remote.png">
</article></body></html>
""",
        kind="html",
        url=url,
        resources={
            f"{folder_url}/photo.png": png(10),
            f"{folder_url}/wide%20photo.png": png(20),
            f"{folder_url}/chart.gif": GIF,
        },
    )


def test_complete_save_without_address_keys_images_as_written(tmp_path: Path) -> None:
    # Firefox's "Web Page, complete" records no address: the extractor leaves references as
    # written, so the keys are the references themselves and the page text is untouched.
    write(tmp_path / "tides_files" / "moon.png", png(30))
    write(tmp_path / "tides_files" / "sub" / "a&b.png", png(40))
    text = """<html><head><title>Tides</title></head><body>
<p>The moon pulls.</p>
<img src="tides_files/moon.png?v=2"><img src="tides_files/sub/a&amp;b.png">
</body></html>"""
    page = write(tmp_path / "tides.htm", text)
    assert read(page) == Document(
        source=str(page),
        content=text,
        kind="html",
        url=None,
        resources={"tides_files/moon.png?v=2": png(30), "tides_files/sub/a&b.png": png(40)},
    )


@pytest.mark.parametrize(
    ("page_name", "folder_name"),
    [
        ("Artikel.html", "Artikel-Dateien"),  # Firefox in German
        ("article.html", "article_fichiers"),  # Firefox in French
        ("articulo.htm", "articulo_archivos"),  # Firefox in Spanish
        ("artigo.html", "artigo_arquivos"),  # Firefox in Brazilian Portuguese
        # Chrome names the folder after the page's title when the file was renamed on saving.
        ("saved.html", "A Long Walk_files"),
    ],
)
def test_resource_folder_names_of_other_languages_and_titles(
    tmp_path: Path, page_name: str, folder_name: str
) -> None:
    write(tmp_path / folder_name / "path.png", png(50))
    reference = folder_name.replace(" ", "%20") + "/path.png"
    page = write(tmp_path / page_name, f'<html><body><img src="{reference}"></body></html>')
    document = read(page)
    assert document is not None
    assert document.resources == {reference: png(50)}


def test_folders_that_are_not_a_saves_resource_folder_are_not_read(tmp_path: Path) -> None:
    # A hand-written page beside an images/ folder: only a save's own folder is trusted.
    write(tmp_path / "images" / "logo.png", png(60))
    page = write(tmp_path / "index.html", '<html><body><img src="images/logo.png"></body></html>')
    document = read(page)
    assert document is not None
    assert document.resources == {}


@pytest.mark.parametrize(
    "reference",
    [
        "page_files/../../secret/outside.png",  # climbs out of the folder
        "page_files/%2e%2e/%2e%2e/secret/outside.png",  # the same, percent-encoded
        "page_files%2F..%2F..%2Fsecret%2Foutside.png",  # slashes encoded too
        "page_files\\..\\..\\secret\\outside.png",  # Windows separators, which browsers honour
        "../secret/outside.png",  # beside the page, not in its folder
        "{root}/secret/outside.png",  # an absolute path
        "file://{root}/secret/outside.png",  # a file: URL
        "page_files/link.png",  # a symbolic link inside the folder pointing out of it
        "linked_files/outside.png",  # a resource "folder" that is a link to elsewhere
        "page_files/nested",  # a folder, not a file
        "page_files/not-there.png",  # nothing by that name
        "page_files/a%00.png",  # an encoded NUL, which no file name holds
    ],
)
def test_references_escaping_the_resource_folder_are_ignored(tmp_path: Path, reference: str) -> None:
    root = tmp_path
    write(root / "secret" / "outside.png", png(70))
    site = root / "site"
    write(site / "page_files" / "inside.png", png(80))
    (site / "page_files" / "nested").mkdir()
    (site / "page_files" / "link.png").symlink_to(root / "secret" / "outside.png")
    (site / "linked_files").symlink_to(root / "secret", target_is_directory=True)
    reference = reference.format(root=root)
    page = write(
        site / "page.html",
        f'<html><body><img src="{reference}"><img src="page_files/inside.png"></body></html>',
    )
    document = read(page)
    assert document is not None
    # The image inside the folder shows the page was read; the escaping one stays out.
    assert document.resources == {"page_files/inside.png": png(80)}


def test_images_over_the_caps_stay_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Caps lowered to a few hundred bytes so the test writes no large files.
    monkeypatch.setattr(saved_pages, "MAX_IMAGE_BYTES", 150)
    monkeypatch.setattr(saved_pages, "MAX_RESOURCE_BYTES", 2 * len(png(1)) + 10)
    write(tmp_path / "big_files" / "huge.png", png(1) + b"\x00" * 200)
    for number in (1, 2, 3):
        write(tmp_path / "big_files" / f"{number}.png", png(number))
    page = write(
        tmp_path / "big.html",
        "<html><body>"
        '<img src="big_files/huge.png"><img src="big_files/1.png">'
        '<img src="big_files/2.png"><img src="big_files/3.png">'
        "</body></html>",
    )
    document = read(page)
    assert document is not None
    assert document.resources == {"big_files/1.png": png(1), "big_files/2.png": png(2)}


URL = "https://example.com/a/page.html"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # Uppercase tags and attributes from old pages saved by Internet Explorer.
        ('<IMG SRC="p_files/x.png">', '<IMG SRC="https://example.com/a/p_files/x.png">'),
        # Unquoted and single-quoted values, and a ">" inside a quoted attribute before src.
        (
            '<img alt="a > b" src=p_files/x.png>',
            '<img alt="a > b" src="https://example.com/a/p_files/x.png">',
        ),
        ("<img src='p_files/x.png'/>", '<img src="https://example.com/a/p_files/x.png"/>'),
        # A slash between attributes, which the HTML tokenizer skips.
        ('<img/src="p_files/x.png">', '<img/src="https://example.com/a/p_files/x.png">'),
        # <picture> sources and lazy-loading attributes.
        (
            '<source srcset="p_files/x.png 1x,p_files/x.png 2x" type="image/png">',
            '<source srcset="https://example.com/a/p_files/x.png 1x, https://example.com/a/p_files/x.png 2x"'
            ' type="image/png">',
        ),
        (
            '<img data-srcset="p_files/x.png 640w" data-original="p_files/x.png">',
            '<img data-srcset="https://example.com/a/p_files/x.png 640w"'
            ' data-original="https://example.com/a/p_files/x.png">',
        ),
        # A lazy loader's own attribute naming an image file, which the extractor also reads.
        (
            '<img data-full-size="p_files/x.png" alt="Boats">',
            '<img data-full-size="https://example.com/a/p_files/x.png" alt="Boats">',
        ),
        # A candidate without a descriptor ends at its comma.
        (
            '<img srcset="p_files/x.png, p_files/x.png 2x">',
            '<img srcset="https://example.com/a/p_files/x.png, https://example.com/a/p_files/x.png 2x">',
        ),
        # A data: URI in a srcset holds commas; it must survive the rewrite of its neighbour.
        (
            '<img srcset="data:image/gif;base64,R0lG,AAA= 1x, p_files/x.png 2x">',
            '<img srcset="data:image/gif;base64,R0lG,AAA= 1x, https://example.com/a/p_files/x.png 2x">',
        ),
        # An SVG <image> and a video poster.
        ('<image href="p_files/x.png"/>', '<image href="https://example.com/a/p_files/x.png"/>'),
        (
            '<video poster="p_files/x.png"></video>',
            '<video poster="https://example.com/a/p_files/x.png"></video>',
        ),
        # A reference outside an image element is no image of the article.
        ('<a href="p_files/x.png">full size</a>', '<a href="p_files/x.png">full size</a>'),
        # Markup quoted inside an attribute is text, not a tag.
        ('<img alt="see <img src=p_files/x.png>">', '<img alt="see <img src=p_files/x.png>">'),
        # A tag with an unclosed quote is skipped, never guessed at.
        ('<img src="p_files/x.png', '<img src="p_files/x.png'),
    ],
)
def test_references_in_the_shapes_pages_write_them(tmp_path: Path, markup: str, expected: str) -> None:
    write(tmp_path / "p_files" / "x.png", png(90))
    page = write(tmp_path / "p.html", f"{saved_from(URL)}\n{markup}")
    document = read(page)
    assert document is not None
    assert document.content == f"{saved_from(URL)}\n{expected}"
    assert document.resources == (
        {"https://example.com/a/p_files/x.png": png(90)} if expected != markup else {}
    )


@pytest.mark.parametrize(
    ("top", "base", "expected_base", "key", "url"),
    [
        # The address is known: keys are resolved against it and <base> keeps its meaning for links.
        (
            saved_from(URL),
            '<base href="https://cdn.example.org/">',
            None,
            "https://example.com/a/p_files/x.png",
            URL,
        ),
        # No address, but an absolute <base>: the extractor resolves against the base, so do the keys.
        ("", '<base href="https://example.org/blog/">', None, "https://example.org/blog/p_files/x.png", None),
        # No address and a relative <base>: it would move references keyed as written, so it goes.
        ("", '<base href="static/" target="_top">', '<base  target="_top">', "p_files/x.png", None),
    ],
)
def test_base_element_and_resource_keys(
    tmp_path: Path, top: str, base: str, expected_base: str | None, key: str, url: str | None
) -> None:
    write(tmp_path / "p_files" / "x.png", png(100))
    page = write(
        tmp_path / "p.html", f'{top}<html><head>{base}</head><body><img src="p_files/x.png"></body></html>'
    )
    expected_content = f'{top}<html><head>{expected_base or base}</head><body><img src="{key}"></body></html>'
    assert read(page) == Document(
        source=str(page), content=expected_content, kind="html", url=url, resources={key: png(100)}
    )


# ---- plain pages and SingleFile -------------------------------------------------------------


def test_plain_html_page_is_decoded_and_carries_nothing_else(tmp_path: Path) -> None:
    # A page saved "HTML only" by an old browser, in windows-1252 with curly quotes.
    data = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        b'</head><body><p>\x93Quoted\x94 caf\xe9</p><img src="pic.png"></body></html>'
    )
    page = write(tmp_path / "old.html", data)
    write(tmp_path / "pic.png", png(110))  # beside the page, not in a resource folder
    assert read(page) == Document(
        source=str(page),
        content='<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        '</head><body><p>“Quoted” café</p><img src="pic.png"></body></html>',
        kind="html",
        url=None,
        resources={},
    )


def test_singlefile_page_gives_its_address_and_keeps_data_images_inline(tmp_path: Path) -> None:
    # SingleFile's header comment sits just after <html>; its images are data: URIs.
    image = "data:image/png;base64," + base64.b64encode(png(120)).decode("ascii")
    text = f"""<!DOCTYPE html> <html lang="en"><!--
 Page saved with SingleFile 
 url: https://blog.example.net/posts/tides?ref=feed 
 saved date: Tue Mar 12 2024 09:30:00 GMT+0100 (Central European Standard Time)
--><meta charset="utf-8"><title>Tides</title><body><p>High tide at noon.</p>
<img src="{image}" alt="Tide chart"></body></html>"""  # noqa: W291 (SingleFile writes trailing spaces)
    page = write(tmp_path / "Tides (12_03_2024 09_30_00).html", text)
    assert read(page) == Document(
        source=str(page),
        content=text,
        kind="html",
        url="https://blog.example.net/posts/tides?ref=feed",
        resources={},
    )


def test_save_page_we_records_its_address_in_a_meta_element(tmp_path: Path) -> None:
    # The "Save Page WE" extension writes savepage-* meta elements instead of a comment.
    text = (
        '<html><head><meta name="savepage-url" content="https://example.com/story">'
        '<meta name="savepage-title" content="Story"></head><body>Story</body></html>'
    )
    page = write(tmp_path / "Story.html", text)
    assert read(page) == Document(
        source=str(page), content=text, kind="html", url="https://example.com/story", resources={}
    )


@pytest.mark.parametrize(
    ("marker", "url"),
    [
        # Internet Explorer marks a page opened from the disk with a non-address.
        ("<!-- saved from url=(0014)about:internet -->", None),
        # The length in brackets ends the address even when the comment runs on.
        ("<!-- saved from url=(0020)https://example.com/#more -->", "https://example.com/"),
        ("<!-- Saved From URL=(0020)https://example.com/ -->", "https://example.com/"),
    ],
)
def test_saved_from_comment_variants(tmp_path: Path, marker: str, url: str | None) -> None:
    page = write(tmp_path / "p.html", f"<!DOCTYPE html>\n{marker}\n<html><body>x</body></html>")
    document = read(page)
    assert document is not None
    assert document.url == url


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.md", b"# Reading list\n\nFinish the harbour story.\n"),  # prose notes
        ("data.json", b'{"title": "Tides"}'),
        ("feed.xml", b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'),
        # A plain e-mail: MIME headers, but not multipart, so not an MHTML page.
        ("letter.eml", b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n"),
        # An e-mail with an attachment is multipart, but not the multipart/related of a saved page.
        (
            "letter.eml",
            b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n'
            b"--m\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--m--\r\n",
        ),
    ],
)
def test_files_that_are_not_pages_give_none(tmp_path: Path, name: str, data: bytes) -> None:
    assert read(write(tmp_path / name, data)) is None


# ---- MHTML ----------------------------------------------------------------------------------


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


def internet_explorer_mhtml() -> bytes:
    """The shape Internet Explorer's "Web Archive, single file" writes: windows-1252, cid: images."""
    page = (
        b"<HTML><HEAD><META content='text/html'><TITLE>Harbour</TITLE></HEAD><BODY>"
        b"<P>\x93Quiet\x94 harbour \x96 caf\xe9 tables.</P>"
        b'<IMG src="cid:photo@example.com"><IMG src="images/map.gif">'
        b'<SCRIPT src="scripts/app.js"></SCRIPT></BODY></HTML>'
    )
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
                page,
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


def test_internet_explorer_mhtml(tmp_path: Path) -> None:
    path = write(tmp_path / "harbour.mht", internet_explorer_mhtml())
    assert read(path) == Document(
        source=str(path),
        # Quoted-printable decoded, windows-1252 from the part's header (curly quotes, en dash, é),
        # the cid: and the relative reference rewritten to the parts' addresses.
        content="<HTML><HEAD><META content='text/html'><TITLE>Harbour</TITLE></HEAD><BODY>"
        "<P>“Quiet” harbour – café tables.</P>"
        '<IMG src="http://www.example.com/news/photo.png"><IMG src="http://www.example.com/news/images/map.gif">'
        '<SCRIPT src="scripts/app.js"></SCRIPT></BODY></HTML>',
        kind="html",
        url="http://www.example.com/news/harbour.htm",
        resources={
            "http://www.example.com/news/photo.png": png(130),
            "http://www.example.com/news/images/map.gif": GIF,
        },
    )


def test_chrome_mhtml(tmp_path: Path) -> None:
    # Chrome ("Saved by Blink"): the page address in Snapshot-Content-Location, absolute image
    # addresses in the page, stylesheets as cid: parts, a long address folded over two lines.
    boundary = "----MultipartBoundary--Zq3nQ4x----"
    long_name = "a-photo-with-a-long-name-" + "x" * 40 + ".png"
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="cid:css-1@mhtml.blink"></head>'
        "<body><h1>Tides — a story</h1>"
        f'<img src="https://img.example.net/{long_name}"><img src="https://img.example.net/gone.png">'
        "</body></html>"
    ).encode()
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
                page,
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
                ["Content-Type: image/png", f"Content-Location: https://img.example.net/\r\n {long_name}"],
                png(140),
                "base64",
            ),
        ],
    )
    path = write(tmp_path / "Tides.mhtml", data)
    assert read(path) == Document(
        source=str(path),
        content=page.decode(),
        kind="html",
        url="https://news.example.net/tides",
        resources={f"https://img.example.net/{long_name}": png(140)},
    )


def test_mhtml_root_named_by_start_and_image_known_only_by_content_id(tmp_path: Path) -> None:
    # RFC 2387: start= names the root even when another HTML part (a frame) comes first; a part
    # with only a Content-ID is keyed by its cid: address, which the page already uses.
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
                b'<html><body><p>Main</p><img src="cid:pic@x"></body></html>',
                "quoted-printable",
            ),
            mime_part(["Content-Type: image/jpeg", "Content-ID: <pic@x>"], JPEG_START, "base64"),
        ],
    )
    path = write(tmp_path / "mail.mht", data)
    assert read(path) == Document(
        source=str(path),
        content='<html><body><p>Main</p><img src="cid:pic@x"></body></html>',
        kind="html",
        url=None,
        resources={"cid:pic@x": JPEG_START},
    )


def test_mhtml_relative_content_locations_resolve_against_the_root(tmp_path: Path) -> None:
    # RFC 2557 lets a part give a relative Content-Location, resolved against the root's; an
    # office suite's "single file web page" saved from disk has a file: root, so no page address.
    root = "file:///C:/Users/Public/Report.htm"
    data = mhtml(
        ["MIME-Version: 1.0", 'Content-Type: multipart/related; boundary="r"; type="text/html"'],
        "r",
        [
            mime_part(
                ["Content-Type: text/html; charset=utf-8", f"Content-Location: {root}"],
                # The page writes the space as is; the part's address has it percent-encoded.
                b'<html><body><img src="Report_files/image 001.png"></body></html>',
                "quoted-printable",
            ),
            mime_part(
                ["Content-Type: image/png", "Content-Location: Report_files/image%20001.png"],
                png(135),
                "base64",
            ),
        ],
    )
    path = write(tmp_path / "Report.mht", data)
    key = "file:///C:/Users/Public/Report_files/image%20001.png"
    assert read(path) == Document(
        source=str(path),
        content=f'<html><body><img src="{key}"></body></html>',
        kind="html",
        url=None,
        resources={key: png(135)},
    )


def test_mhtml_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = write(tmp_path / "harbour.html", internet_explorer_mhtml())
    document = read(path)
    assert document is not None
    assert document.url == "http://www.example.com/news/harbour.htm"
    assert "“Quiet”" in document.content


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        # Only an image part: nothing to read.
        (
            "photo.mht",
            mhtml(
                ["MIME-Version: 1.0", 'Content-Type: multipart/related; boundary="b"'],
                "b",
                [
                    mime_part(
                        ["Content-Type: image/png", "Content-Location: https://x/p.png"], png(1), "base64"
                    )
                ],
            ),
            "damaged MHTML file (it holds no HTML part)",
        ),
        # The header lost its boundary parameter (a hand-edited or truncated header).
        (
            "page.mhtml",
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; type=text/html\r\n\r\n<html>x</html>\r\n",
            "damaged MHTML file (its header declares no boundary between parts)",
        ),
        # The body never uses the boundary the header declares (parts cut off by a failed copy).
        (
            "page.mhtml",
            b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="zz"\r\n\r\n<html>x</html>\r\n',
            "damaged MHTML file (its parts' boundary never appears)",
        ),
        # Named .mht, but neither MIME nor a page.
        (
            "notes.mht",
            b"Just some notes.\n",
            "not an MHTML file (no MIME multipart header) and not a web page",
        ),
    ],
)
def test_broken_mhtml_raises_source_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = write(tmp_path / name, data)
    with pytest.raises(SourceError) as raised:
        read(path)
    assert str(raised.value) == f"{path}: {reason}"


# ---- Safari web archives --------------------------------------------------------------------


def webarchive(main: dict[str, object], subresources: list[dict[str, object]]) -> bytes:
    """A Safari web archive: a binary property list of the main resource and its subresources."""
    return plistlib.dumps({"WebMainResource": main, "WebSubresources": subresources}, fmt=plistlib.FMT_BINARY)


def test_safari_webarchive_with_image_subresources(tmp_path: Path) -> None:
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
            # An image the page does not show (a later carousel slide): kept, it costs little.
            {
                "WebResourceData": GIF,
                "WebResourceMIMEType": "image/gif",
                "WebResourceURL": "https://sea.example.com/slide.gif",
            },
        ],
    )
    path = write(tmp_path / "Kelp.webarchive", data)
    assert read(path) == Document(
        source=str(path),
        content=page.replace("media/kelp%20bed.png", "https://sea.example.com/kelp/media/kelp%20bed.png"),
        kind="html",
        url="https://sea.example.com/kelp/",
        resources={
            "https://sea.example.com/kelp/media/kelp%20bed.png": png(150),
            "https://sea.example.com/slide.gif": GIF,
        },
    )


def test_webarchive_of_a_plain_text_page_is_text(tmp_path: Path) -> None:
    # Safari archives a .txt it shows as a page with that MIME type.
    data = webarchive(
        {
            "WebResourceData": "Plain “notes”.\n".encode("utf-16"),
            "WebResourceMIMEType": "text/plain",
            "WebResourceTextEncodingName": "utf-16",
            "WebResourceURL": "https://example.com/notes.txt",
        },
        [],
    )
    path = write(tmp_path / "notes.webarchive", data)
    assert read(path) == Document(
        source=str(path),
        content="Plain “notes”.\n",
        kind="text",
        url="https://example.com/notes.txt",
        resources={},
    )


def test_webarchive_images_over_the_cap_stay_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Archives carry their images in memory already; the caps still bound what the library keeps.
    monkeypatch.setattr(saved_pages, "MAX_IMAGE_BYTES", 150)
    page = '<html><body><img src="small.png"><img src="large.png"></body></html>'
    data = webarchive(
        {"WebResourceData": page.encode(), "WebResourceURL": "https://example.com/"},
        [
            {"WebResourceData": png(1), "WebResourceURL": "https://example.com/small.png"},
            {"WebResourceData": png(2) + b"\x00" * 200, "WebResourceURL": "https://example.com/large.png"},
        ],
    )
    document = read(write(tmp_path / "caps.webarchive", data))
    assert document is not None
    assert (
        document.content
        == '<html><body><img src="https://example.com/small.png"><img src="large.png"></body></html>'
    )
    assert document.resources == {"https://example.com/small.png": png(1)}


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        # Cut short by an interrupted copy: the offset table at the end is gone.
        (
            "cut.webarchive",
            webarchive({"WebResourceData": b"<p>x</p>", "WebResourceURL": "https://x/"}, [])[:-20],
            "damaged Safari web archive (InvalidFileException)",
        ),
        # Some other application's property list.
        (
            "prefs.webarchive",
            plistlib.dumps({"NSWindowFrame": "0 0 100 100"}, fmt=plistlib.FMT_BINARY),
            "a property list, but not a Safari web archive (no WebMainResource)",
        ),
        (
            "empty.webarchive",
            webarchive({"WebResourceURL": "https://x/"}, []),
            "damaged Safari web archive (the page has no data)",
        ),
        # Safari archives an image opened on its own as well.
        (
            "photo.webarchive",
            webarchive({"WebResourceData": png(1), "WebResourceMIMEType": "image/png"}, []),
            "a Safari web archive of image/png, not of a web page",
        ),
        (
            "notes.webarchive",
            b"plain notes\n",
            "not a Safari web archive (no binary property list) and not a web page",
        ),
    ],
)
def test_broken_webarchive_raises_source_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = write(tmp_path / name, data)
    with pytest.raises(SourceError) as raised:
        read(path)
    assert str(raised.value) == f"{path}: {reason}"


@pytest.mark.parametrize(
    ("name", "data", "expected_text"),
    [
        # A malformed IPv6 host makes Python's URL functions raise: in the marker, <base> and a src.
        (
            "p.html",
            b'<!-- saved from url=(0013)https://[oops -->\n<html><head><base href="http://[">'
            b'</head><body><img src="http://[::zz]/x.png"><p>Still here</p></body></html>',
            "Still here",
        ),
        # A charset label holding a NUL, which codecs.lookup refuses with ValueError.
        (
            "p.mht",
            mhtml(
                ["MIME-Version: 1.0", 'Content-Type: multipart/related; boundary="b"'],
                "b",
                [
                    mime_part(
                        ['Content-Type: text/html; charset="utf\x00-8"', "Content-Location: http://[broken/"],
                        "<p>Still “here”</p>".encode(),
                        "quoted-printable",
                    ),
                    mime_part(
                        ["Content-Type: image/png", "Content-Location: http://[broken/x.png"],
                        png(1),
                        "base64",
                    ),
                ],
            ),
            "Still “here”",
        ),
        (
            "p.webarchive",
            webarchive(
                {
                    "WebResourceData": b"<p>Still here</p>",
                    "WebResourceTextEncodingName": "\x00",
                    "WebResourceURL": "http://[",
                },
                [],
            ),
            "Still here",
        ),
    ],
)
def test_damaged_details_never_stop_the_page(
    tmp_path: Path, name: str, data: bytes, expected_text: str
) -> None:
    document = read(write(tmp_path / name, data))
    assert document is not None
    assert expected_text in document.content
    assert document.url is None


# ---- through read_source --------------------------------------------------------------------


def test_read_source_gives_an_entry_carrying_the_saved_page(tmp_path: Path) -> None:
    # A complete save compressed to save space: the folder belongs to the name without .gz.
    write(tmp_path / "Harbour_files" / "boat.png", png(160))
    url = "https://example.org/harbour"
    text = f'{saved_from(url)}<html><body><p>Boats.</p><img src="Harbour_files/boat.png"></body></html>'
    page = write(tmp_path / "Harbour.html.gz", gzip.compress(text.encode("utf-8")))
    entries = list(read_source(str(page)))
    assert entries == [
        Entry(
            source=str(page),
            source_kind="html",
            document=Document(
                source=str(page),
                content=text.replace("Harbour_files/boat.png", "https://example.org/Harbour_files/boat.png"),
                kind="html",
                url=url,
                resources={"https://example.org/Harbour_files/boat.png": png(160)},
            ),
            url=url,
        )
    ]


def test_read_source_reports_a_broken_mhtml_as_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path / "cut.mht", b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="q"\r\n\r\n'
    )
    (rejected,) = read_source(str(path))
    assert not isinstance(rejected, Entry)
    assert rejected.reason == "damaged MHTML file (its parts' boundary never appears)"


# ---- real pages -----------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.skipif(not READABILITY.is_dir(), reason="the shared corpus (../shared/corpus) is not here")
def test_real_pages_pass_through_unchanged() -> None:
    # 130 real pages with no resource folder beside them: the text is exactly the decoded page
    # (the tag reader edits nothing it was not asked to), and only the two pages saved by a
    # browser (mathjax, wikipedia-4) record an address.
    addresses = {}
    for source in sorted(READABILITY.glob("*/source.html")):
        data = source.read_bytes()
        document = read_saved_page(source, data, source.name)
        assert document is not None, source
        assert document.content == decode_bytes(data), source
        assert document.resources == {}, source
        if document.url:
            addresses[source.parent.name] = document.url
    assert addresses == {
        "mathjax": "https://mathjax.github.io/MathJax-demos-web/mml-chtml.html",
        "wikipedia-4": "https://en.wikipedia.org/wiki/List_of_films_featuring_time_loops",
    }
