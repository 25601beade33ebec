"""Saved pages: complete saves with their folders, SingleFile, MHTML and Safari web archives."""

from __future__ import annotations

import gzip
import plistlib
import time
from pathlib import Path

import pytest

from library.article import Document, Entry
from library.errors import SourceError
from library.extract import extract
from library.sources import page_images, read_source
from library.sources.decode import decode_bytes
from library.sources.saved_pages import read_saved_page
from tests.library.savedpages import (
    BROKEN_URL,
    CHROME_MHTML_IMAGE,
    FIXTURES,
    GIF,
    JPEG_START,
    SavedPage,
    broken_markup_complete_save,
    chrome_complete_save,
    chrome_mhtml_save,
    complete_save_of,
    firefox_complete_save,
    internet_explorer_mhtml,
    internet_explorer_mhtml_save,
    mhtml,
    mhtml_root_named_by_start_save,
    mime_part,
    office_mhtml_save,
    old_windows_1252_page,
    png,
    reference_changes,
    safari_webarchive_save,
    save_page_we_save,
    saved_from,
    singlefile_save,
    webarchive,
    write,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
READABILITY = SHARED / "corpus" / "readability"
SCRAPINGHUB = SHARED / "corpus" / "scrapinghub" / "html"


def read(path: Path) -> Document | None:
    """What files.py would get for `path`: its bytes and its name."""
    return read_saved_page(path, path.read_bytes(), path.name)


def as_saved(saved: SavedPage, url: str | None, resources: dict[str, bytes]) -> Document:
    """The document of an HTML save whose page is kept exactly as written."""
    return Document(source=str(saved.path), content=saved.page, kind="html", url=url, resources=resources)


def read_page(path: Path) -> Document:
    document = read(path)
    assert document is not None, f"{path} was not read as a saved page"
    return document


# ---- "Save page as, complete" ---------------------------------------------------------------


def test_complete_save_with_saved_from_comment_keys_images_by_absolute_address(tmp_path: Path) -> None:
    # Chrome's "Webpage, Complete": the images the page shows from its folder are kept under the
    # addresses the extractor computes for them; the script, the style sheet, the 404 page and the
    # remote image are not; the page stays exactly as it was written.
    saved = chrome_complete_save(tmp_path)
    folder_url = "https://news.example.org/2024/Quiet%20Harbour_files"
    assert read(saved.path) == as_saved(
        saved,
        "https://news.example.org/2024/harbour.html",
        {
            f"{folder_url}/photo.png": png(10),
            f"{folder_url}/wide%20photo.png": png(20),
            f"{folder_url}/chart.gif": GIF,
        },
    )


def test_complete_save_without_address_keys_images_as_written(tmp_path: Path) -> None:
    # Firefox's "Web Page, complete" records no address: the extractor leaves references as
    # written, so the keys are the references themselves and the page text is untouched.
    saved = firefox_complete_save(tmp_path)
    assert read(saved.path) == as_saved(
        saved,
        None,
        {"tides_files/moon.png?v=2": png(30), "tides_files/sub/a&b.png": png(40)},
    )


def test_broken_markup_is_read_as_the_parser_reads_it(tmp_path: Path) -> None:
    # Only the <img> elements the parser sees are images: not markup inside a comment, a CDATA
    # section, a script or a textarea, not the one an unclosed quote swallowed, not a tag cut
    # off at the end.
    saved = broken_markup_complete_save(tmp_path)
    folder_url = "https://example.com/broken/Broken_files"
    assert read(saved.path) == as_saved(
        saved,
        BROKEN_URL,
        {f"{folder_url}/1.png": png(1), f"{folder_url}/2.png": png(2)},
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
    monkeypatch.setattr(page_images, "MAX_IMAGE_BYTES", 150)
    monkeypatch.setattr(page_images, "MAX_RESOURCE_BYTES", 2 * len(png(1)) + 10)
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
    ("markup", "found"),
    [
        # Uppercase tags and attributes from old pages saved by Internet Explorer.
        ('<IMG SRC="p_files/x.png">', True),
        # Unquoted and single-quoted values, and a ">" inside a quoted attribute before src.
        ('<img alt="a > b" src=p_files/x.png>', True),
        ("<img src='p_files/x.png'/>", True),
        # A slash between attributes, which the HTML tokenizer skips.
        ('<img/src="p_files/x.png">', True),
        # <picture> sources and lazy-loading attributes.
        ('<picture><source srcset="p_files/x.png 1x,p_files/x.png 2x" type="image/png"></picture>', True),
        ('<img data-srcset="p_files/x.png 640w">', True),
        ('<img data-original="p_files/x.png">', True),
        # A lazy loader's own attribute naming an image file, which the extractor also reads.
        ('<img data-full-size="p_files/x.png" alt="Boats">', True),
        # A candidate without a descriptor ends at its comma.
        ('<img srcset="p_files/x.png, https://example.com/big.png 2x">', True),
        # A data: URI in a srcset holds commas.
        ('<img srcset="data:image/gif;base64,R0lG,AAA= 1x, p_files/x.png 2x">', True),
        # An SVG <image> and a video poster.
        ('<svg><image href="p_files/x.png"/></svg>', True),
        ('<video poster="p_files/x.png"></video>', True),
        # A reference outside an image element is no image of the article.
        ('<a href="p_files/x.png">full size</a>', False),
        # Markup quoted inside an attribute is text, not a tag.
        ('<img alt="see <img src=p_files/x.png>">', False),
        # A tag cut off inside a quote is no tag, as the parser reads it.
        ('<img src="p_files/x.png', False),
        # A script, a comment and a CDATA section hold text, not images.
        ("<script>'<img src=p_files/x.png>'</script>", False),
        ('<!-- <img src="p_files/x.png"> -->', False),
        ('<![CDATA[<img src="p_files/x.png">]]>', False),
    ],
)
def test_references_in_the_shapes_pages_write_them(tmp_path: Path, markup: str, found: bool) -> None:
    write(tmp_path / "p_files" / "x.png", png(90))
    text = f"{saved_from(URL)}\n{markup}"
    document = read_page(write(tmp_path / "p.html", text))
    assert document.content == text
    assert document.resources == ({"https://example.com/a/p_files/x.png": png(90)} if found else {})


@pytest.mark.parametrize(
    ("top", "base", "key", "url"),
    [
        # The address is known: the extractor resolves references against the <base>, so do the keys.
        (
            saved_from(URL),
            '<base href="https://cdn.example.org/">',
            "https://cdn.example.org/p_files/x.png",
            URL,
        ),
        (saved_from(URL), '<base href="../b/">', "https://example.com/b/p_files/x.png", URL),
        # No address, but an absolute <base>: the same.
        ("", '<base href="https://example.org/blog/">', "https://example.org/blog/p_files/x.png", None),
        # No address and a relative <base>: the extractor leaves references as written, so do the keys.
        ("", '<base href="static/" target="_top">', "p_files/x.png", None),
    ],
)
def test_base_element_and_resource_keys(
    tmp_path: Path, top: str, base: str, key: str, url: str | None
) -> None:
    write(tmp_path / "p_files" / "x.png", png(100))
    text = f'{top}<html><head>{base}</head><body><img src="p_files/x.png"></body></html>'
    page = write(tmp_path / "p.html", text)
    assert read(page) == Document(
        source=str(page), content=text, kind="html", url=url, resources={key: png(100)}
    )


def test_a_resource_folder_made_after_a_first_read_is_found(tmp_path: Path) -> None:
    # Folders are listed once per change: a save completed after a first import is still seen.
    page = write(tmp_path / "late.html", '<html><body><img src="late_files/x.png"></body></html>')
    assert read_page(page).resources == {}
    time.sleep(0.01)  # a coarse file system clock must see the folder change
    write(tmp_path / "late_files" / "x.png", png(95))
    assert read_page(page).resources == {"late_files/x.png": png(95)}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_saved_page_stays_the_same_page_for_extraction(tmp_path: Path, name: str) -> None:
    # Reading a save leaves its page as written, but for the cid: references of an MHTML page
    # (the extractor keeps no cid: image), which then name an image saved with the page.
    saved = FIXTURES[name](tmp_path)
    document = read_page(saved.path)
    changes = reference_changes(saved.page, document.content)
    if not changes:
        assert document.content == saved.page
    for tag, _, old, new in changes:
        assert (tag, old[:4], new in document.resources) == ("img", "cid:", True)


@pytest.mark.parametrize(
    ("name", "found"),
    [
        (
            "Chrome complete save",
            [
                "https://news.example.org/2024/Quiet%20Harbour_files/photo.png",
                "https://news.example.org/2024/Quiet%20Harbour_files/wide%20photo.png",
                "https://news.example.org/2024/Quiet%20Harbour_files/chart.gif",
            ],
        ),
        ("Firefox complete save", ["tides_files/moon.png?v=2", "tides_files/sub/a&b.png"]),
        (
            "complete save of broken markup",
            [
                "https://example.com/broken/Broken_files/1.png",
                "https://example.com/broken/Broken_files/2.png",
            ],
        ),
        (
            "Internet Explorer MHTML",
            ["http://www.example.com/news/photo.png", "http://www.example.com/news/images/map.gif"],
        ),
        ("office MHTML", ["Report_files/image 001.png"]),
        ("Safari web archive", ["https://sea.example.com/kelp/media/kelp%20bed.png"]),
    ],
)
def test_the_extractor_finds_the_saved_images_under_their_keys(
    tmp_path: Path, name: str, found: list[str]
) -> None:
    # What the importer does: it asks the resources for each image source of the article.
    document = read_page(FIXTURES[name](tmp_path).path)
    assert [src for src in extract(document).images if src in document.resources] == found


# ---- plain pages and SingleFile -------------------------------------------------------------


def test_plain_html_page_is_decoded_and_carries_nothing_else(tmp_path: Path) -> None:
    # A page saved "HTML only" by an old browser, in windows-1252 with curly quotes; its picture
    # is beside it, not in a resource folder.
    page = old_windows_1252_page(tmp_path).path
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
    saved = singlefile_save(tmp_path)
    assert read(saved.path) == as_saved(
        saved,
        "https://blog.example.net/posts/tides?ref=feed",
        {},
    )


def test_save_page_we_records_its_address_in_a_meta_element(tmp_path: Path) -> None:
    # The "Save Page WE" extension writes savepage-* meta elements instead of a comment.
    saved = save_page_we_save(tmp_path)
    assert read(saved.path) == as_saved(saved, "https://example.com/story", {})


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


def test_internet_explorer_mhtml(tmp_path: Path) -> None:
    # Quoted-printable decoded, windows-1252 from the part's header (curly quotes, en dash, é);
    # the cid: reference pointed at its part's address, which the extractor keeps.
    saved = internet_explorer_mhtml_save(tmp_path)
    document = read_page(saved.path)
    assert "“Quiet” harbour – café tables." in saved.page
    assert (document.url, document.resources) == (
        "http://www.example.com/news/harbour.htm",
        {
            "http://www.example.com/news/photo.png": png(130),
            "http://www.example.com/news/images/map.gif": GIF,
        },
    )
    assert reference_changes(saved.page, document.content) == [
        ("img", "src", "cid:photo@example.com", "http://www.example.com/news/photo.png")
    ]


def test_chrome_mhtml(tmp_path: Path) -> None:
    # The page already names its image by the part's address: nothing to rewrite.
    saved = chrome_mhtml_save(tmp_path)
    assert read(saved.path) == as_saved(
        saved,
        "https://news.example.net/tides",
        {f"https://img.example.net/{CHROME_MHTML_IMAGE}": png(140)},
    )


def test_mhtml_root_named_by_start_and_image_known_only_by_content_id(tmp_path: Path) -> None:
    saved = mhtml_root_named_by_start_save(tmp_path)
    assert read(saved.path) == as_saved(saved, None, {"cid:pic@x": JPEG_START})


def test_mhtml_relative_content_locations_resolve_against_the_root(tmp_path: Path) -> None:
    # The part is found against the root's file: address; with no web address, the extractor
    # keeps the reference as written, so the image is kept under that too.
    saved = office_mhtml_save(tmp_path)
    assert read(saved.path) == as_saved(
        saved,
        None,
        {
            "file:///C:/Users/Public/Report_files/image%20001.png": png(135),
            "Report_files/image 001.png": png(135),
        },
    )


def test_mhtml_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = write(tmp_path / "harbour.html", internet_explorer_mhtml())
    document = read_page(path)
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


def test_safari_webarchive_with_image_subresources(tmp_path: Path) -> None:
    # An image the page does not show (a later carousel slide) is kept too: it costs little.
    saved = safari_webarchive_save(tmp_path)
    assert read(saved.path) == as_saved(
        saved,
        "https://sea.example.com/kelp/",
        {
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
    monkeypatch.setattr(page_images, "MAX_IMAGE_BYTES", 150)
    page = '<html><body><img src="small.png"><img src="large.png"></body></html>'
    data = webarchive(
        {"WebResourceData": page.encode(), "WebResourceURL": "https://example.com/"},
        [
            {"WebResourceData": png(1), "WebResourceURL": "https://example.com/small.png"},
            {"WebResourceData": png(2) + b"\x00" * 200, "WebResourceURL": "https://example.com/large.png"},
        ],
    )
    document = read_page(write(tmp_path / "caps.webarchive", data))
    assert (document.content, document.resources) == (page, {"https://example.com/small.png": png(1)})


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
    (entry,) = read_source(str(page))
    assert isinstance(entry, Entry) and entry.document is not None
    assert (entry.source, entry.source_kind, entry.url) == (str(page), "html", url)
    document = entry.document
    assert (document.source, document.kind, document.url) == (str(page), "html", url)
    assert (document.content, document.resources) == (
        text,
        {"https://example.org/Harbour_files/boat.png": png(160)},
    )


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


@pytest.mark.corpus
@pytest.mark.skipif(not SCRAPINGHUB.is_dir(), reason="the shared corpus (../shared/corpus) is not here")
def test_real_pages_saved_complete_give_the_extractor_their_images(tmp_path: Path) -> None:
    # Twenty scrapinghub pages saved "complete", every <img> in the page's folder: each image of
    # the article that the save holds is found under the address the extractor gives it.
    found, missing = [], []
    for number, source in enumerate(sorted(SCRAPINGHUB.glob("*.html.gz"))[:20]):
        saved = complete_save_of(decode_bytes(gzip.decompress(source.read_bytes())), tmp_path, f"p{number}")
        document = read_page(saved.path)
        assert document.content == saved.page
        for src in extract(document).images:
            if f"p{number}_files/" in src:
                (found if src in document.resources else missing).append((source.name[:12], src))
    assert missing == []
    assert len(found) >= 20
