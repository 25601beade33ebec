"""Fetching pages and images from a real HTTP server on 127.0.0.1: limits, redirects, charsets, failures."""

from __future__ import annotations

import contextlib
import gzip
import itertools
import socket
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.errors import SourceError
from library.sources.web import (
    OFFLINE_AFTER_HOSTS,
    USER_AGENT,
    Fetcher,
    FetchError,
    FetchLimits,
    is_offline_error,
)
from tests.library.httpserver import LocalHTTPServer, Reply, closed_port, redirect

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

# Small limits keep the over-limit bodies small and the stalls short; a generous read timeout
# keeps ordinary replies safe on a busy machine.
LIMITS = FetchLimits(connect_timeout=5, read_timeout=5, max_page_bytes=64 * 1024, max_image_bytes=16 * 1024)
IMPATIENT = FetchLimits(connect_timeout=5, read_timeout=0.3)

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = "<!DOCTYPE html><html><head><title>Tanuki</title></head><body><p>Raccoon dogs are canids.</p></body></html>"

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(40)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40)
GIF = b"GIF89a\x01\x00\x01\x00" + bytes(20)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(24)
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00" + bytes(24)
SVG = b'<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'


@pytest.fixture(scope="module", autouse=True)
def no_proxy() -> Iterator[None]:
    # A developer's proxy settings would send requests for 127.0.0.1 to the proxy. Module-wide,
    # because the module's fetchers read the environment when they are made.
    with pytest.MonkeyPatch.context() as patch:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            patch.delenv(name, raising=False)
        yield


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


# One fetcher of each kind for the module, as the app keeps one: making one loads the CA bundle
# (about 0.2 s).
@pytest.fixture(scope="module")
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(LIMITS) as running:
        yield running


@pytest.fixture(scope="module")
def impatient() -> Iterator[Fetcher]:
    with Fetcher(IMPATIENT) as running:
        yield running


@pytest.fixture(scope="module")
def default_fetcher() -> Iterator[Fetcher]:
    with Fetcher() as running:
        yield running


def failure(call: object, *args: str) -> SourceError:
    """The SourceError `call(*args)` raises; the test fails if it returns."""
    assert callable(call)
    with pytest.raises(SourceError) as caught:
        call(*args)
    return caught.value


# --- pages -------------------------------------------------------------------------------


def test_page_is_decoded_with_the_header_charset(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    # A windows-1252 page that declares its charset only in the HTTP header (common on older sites).
    body = "<html><body><p>Crème brûlée – “quoted”</p></body></html>".encode("cp1252")
    url = server.route("/old", Reply(200, {"Content-Type": "text/html; charset=windows-1252"}, body))

    document = fetcher.fetch_document(url)

    assert document.kind == "html"
    assert "Crème brûlée – “quoted”" in document.content
    assert document.url == url
    assert document.source == url


def test_request_looks_like_a_browser_and_names_the_app(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    fetcher.fetch_document(server.route("/page", Reply(200, HTML, PAGE.encode())))

    sent = server.requests[0].headers
    assert sent["user-agent"] == USER_AGENT == "ArticleReader/0.1 (+offline reader)"
    assert sent["accept"].startswith("text/html,application/xhtml+xml")
    assert sent["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("content_type", "body", "kind", "expected"),
    [
        # XHTML served as XML (W3C specifications, some blogs).
        ("application/xhtml+xml", PAGE.encode(), "html", "Raccoon dogs"),
        # A plain-text article (RFCs, mailing list archives, gopher mirrors).
        ("text/plain; charset=utf-8", "Tanuki — notes\n\nParagraph.".encode(), "text", "Tanuki — notes"),
        # No Content-Type at all, HTML inside: sniffed as the HTML standard does.
        (None, PAGE.encode(), "html", "Raccoon dogs"),
        # No Content-Type, plain words inside.
        (None, b"Just words, no markup.", "text", "Just words"),
        # Upper-case type and extra parameters (IIS, some CDNs).
        ("TEXT/HTML; Charset=UTF-8; profile=x", PAGE.encode(), "html", "Raccoon dogs"),
    ],
)
def test_page_kinds(
    server: LocalHTTPServer, fetcher: Fetcher, content_type: str | None, body: bytes, kind: str, expected: str
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    document = fetcher.fetch_document(server.route("/p", Reply(200, headers, body)))

    assert document.kind == kind
    assert expected in document.content


WESTERN_TEXT = (
    "<html><body><p>It’s a naïve café — “quoted” and déjà vu, résumé, façade.</p>"
    "<p>The crème brûlée was über-good.</p></body></html>"
)


@pytest.mark.parametrize(
    ("header", "text", "encoding"),
    [
        # The server says UTF-8 but the page is windows-1252 and says so itself (an old CMS behind
        # a new web server): the page's own <meta> decides.
        (
            "text/html; charset=utf-8",
            '<html><head><meta charset="windows-1252"></head><body><p>It’s a naïve café</p></body></html>',
            "cp1252",
        ),
        # The server says latin-1 but the bytes are UTF-8 (a page re-saved as UTF-8).
        ("text/html; charset=iso-8859-1", "<p>Smörgåsbord — déjà vu</p>", "utf-8"),
        # The server says UTF-8, the page is windows-1252 and declares nothing: detection must land
        # on windows-1252, the web's usual legacy charset.
        pytest.param(
            "text/html; charset=utf-8", WESTERN_TEXT, "cp1252", id="utf-8-header-on-windows-1252-without-meta"
        ),
    ],
)
def test_wrong_charset_header_still_reads(
    server: LocalHTTPServer, fetcher: Fetcher, header: str, text: str, encoding: str
) -> None:
    url = server.route("/p", Reply(200, {"Content-Type": header}, text.encode(encoding)))

    assert fetcher.fetch_document(url).content == text


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        # The usual compression of web servers.
        ("gzip", gzip.compress),
        # Old servers label gzip this way.
        ("x-gzip", gzip.compress),
        # "deflate" as the standard says: zlib-wrapped.
        ("deflate", zlib.compress),
        # "deflate" as IIS and some proxies send it: a raw deflate stream.
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),
        # A server that writes its charset where the coding goes: browsers read the body as is.
        ("utf-8", lambda data: data),
    ],
)
def test_compressed_pages_are_inflated(
    server: LocalHTTPServer, fetcher: Fetcher, coding: str, compress: object
) -> None:
    assert callable(compress)
    body = (PAGE * 50).encode()
    url = server.route("/z", Reply(200, {**HTML, "Content-Encoding": coding}, compress(body)))

    assert fetcher.fetch_document(url).content == body.decode()


def test_real_corpus_page_served_gzipped(server: LocalHTTPServer, default_fetcher: Fetcher) -> None:
    # A page from the scrapinghub corpus, stored gzipped: its bytes go out as gzip content encoding.
    folder = SHARED / "corpus" / "scrapinghub" / "html"
    if not folder.is_dir():
        pytest.skip(f"shared corpus not found at {folder}")
    page = min(folder.glob("*.html.gz"))
    compressed = page.read_bytes()
    url = server.route("/corpus", Reply(200, {**HTML, "Content-Encoding": "gzip"}, compressed))

    document = default_fetcher.fetch_document(url)

    assert document.content == gzip.decompress(compressed).decode("utf-8")


# --- redirects ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_is_followed_and_final_address_reported(
    server: LocalHTTPServer, fetcher: Fetcher, status: int
) -> None:
    final = server.route("/article?id=7", Reply(200, HTML, PAGE.encode()))
    # A relative Location, as most servers send it.
    start = server.route("/short", redirect("/article?id=7", status))

    document = fetcher.fetch_document(start)

    assert document.url == final
    assert document.source == start
    assert "Raccoon dogs" in document.content


def test_five_redirects_are_followed_six_are_not(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    for hop in range(6):
        server.route(f"/hop{hop}", redirect(f"/hop{hop + 1}"))
    final = server.route("/hop6", Reply(200, HTML, PAGE.encode()))

    assert fetcher.fetch_document(server.url("/hop1")).url == final
    error = failure(fetcher.fetch_document, server.url("/hop0"))
    assert str(error) == f"{server.url('/hop0')}: more than 5 redirects"


def test_redirect_loop_is_named(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    server.route("/a", redirect("/b"))
    server.route("/b", redirect("/a"))

    error = failure(fetcher.fetch_document, server.url("/a"))

    assert str(error).endswith(": more than 5 redirects (in a loop)")
    assert len(server.requests) == 6


def test_redirect_to_another_scheme_is_refused(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    url = server.route("/away", redirect("ftp://files.example.com/article.txt"))

    error = failure(fetcher.fetch_document, url)

    assert "redirected to ftp://files.example.com/article.txt, which is not a web address" in str(error)


# --- failures ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "HTTP 404 Not Found"),  # a deleted article
        (410, "HTTP 410 Gone"),  # a deleted article, said more firmly
        (403, "HTTP 403 Forbidden"),  # a paywall or a bot blocker
        (500, "HTTP 500 Internal Server Error"),  # a broken site
        (503, "HTTP 503 Service Unavailable"),  # a site under maintenance
        (599, "HTTP 599"),  # a status with no standard name (some proxies)
    ],
)
def test_error_status(server: LocalHTTPServer, fetcher: Fetcher, status: int, reason: str) -> None:
    url = server.route("/p", Reply(status, HTML, b"<h1>Sorry</h1>"))

    error = failure(fetcher.fetch_document, url)

    assert str(error) == f"{url}: {reason}"
    assert not is_offline_error(error)
    assert not is_offline_error(SourceError(f"{url}: {reason}"))  # only a fetch can be offline


def test_error_status_after_redirect_names_where(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    start = server.route("/old", redirect("/gone", 301))

    error = failure(fetcher.fetch_document, start)

    assert str(error) == f"{start}: HTTP 404 Not Found (at {server.url('/gone')})"


@pytest.mark.parametrize(
    "reply",
    [
        # Nothing at all after the request: no status line.
        Reply(200, HTML, PAGE.encode(), stall="headers"),
        # Headers promising a body that never comes.
        Reply(200, HTML, PAGE.encode(), stall="body"),
    ],
)
def test_stalled_server_times_out(server: LocalHTTPServer, impatient: Fetcher, reply: Reply) -> None:
    url = server.route("/slow", reply)

    error = failure(impatient.fetch_document, url)

    assert str(error) == f"{url}: timed out after 0.3 s"
    assert not is_offline_error(error)


def test_dripping_server_hits_the_total_timeout(server: LocalHTTPServer) -> None:
    # Each part comes well inside the read timeout, but the page never ends.
    url = server.route("/drip", Reply(200, HTML, itertools.repeat(b"<p>x</p>"), chunk_delay=0.05))

    with Fetcher(FetchLimits(read_timeout=5, total_timeout=0.5)) as patient_per_read:
        error = failure(patient_per_read.fetch_document, url)

    assert str(error) == f"{url}: still downloading after 0.5 s"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/pdf",  # a paper linked from a bookmark
        "image/png",  # a bookmarked picture
        "application/json",  # an API address saved by mistake
        "application/octet-stream",  # a download
        "video/mp4",  # a video
    ],
)
def test_not_a_web_page(server: LocalHTTPServer, fetcher: Fetcher, content_type: str) -> None:
    url = server.route("/file", Reply(200, {"Content-Type": content_type}, b"%PDF-1.7 ..."))

    error = failure(fetcher.fetch_document, url)

    assert str(error) == f"{url}: not a web page ({content_type})"


def test_unlabelled_binary_is_not_a_page(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    url = server.route("/blob", Reply(200, {}, b"PK\x03\x04\x14\x00\x00\x00\x08\x00"))

    assert str(failure(fetcher.fetch_document, url)).endswith(
        "not a web page (no content type, and the content is binary)"
    )


def test_empty_page(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    url = server.route("/empty", Reply(200, HTML, b"\n"))

    assert str(failure(fetcher.fetch_document, url)) == f"{url}: the server sent an empty page"


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes, gzipped: about a thousandth of that on the wire."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    step = bytes(1024 * 1024)
    return b"".join(compressor.compress(step) for _ in range(size // len(step))) + compressor.flush()


@pytest.mark.parametrize(
    "reply",
    [
        # An honest Content-Length over the limit: refused before the body is read.
        Reply(200, HTML, b"x" * (64 * 1024 + 1)),
        # No Content-Length, a body that never ends: the download stops at the limit.
        Reply(200, HTML, itertools.repeat(b"<p>" + b"x" * 4093 + b"</p>")),
        # 16 MB of zeros in 16 KB of gzip (a decompression bomb): the decoded size counts.
        Reply(200, {**HTML, "Content-Encoding": "gzip"}, gzip_bomb(16 * 1024 * 1024)),
    ],
    ids=["content-length", "chunked-endless", "gzip-bomb"],
)
def test_page_over_the_size_limit(server: LocalHTTPServer, fetcher: Fetcher, reply: Reply) -> None:
    url = server.route("/big", reply)

    error = failure(fetcher.fetch_document, url)

    assert str(error) == f"{url}: larger than the 64 KB limit"


def test_page_at_the_size_limit_is_kept(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    body = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>"
    assert len(body) == LIMITS.max_page_bytes
    url = server.route("/edge", Reply(200, HTML, [body[:1000], body[1000:]]))

    assert len(fetcher.fetch_document(url).content) == len(body)


def test_default_limit_is_named_in_megabytes(server: LocalHTTPServer, default_fetcher: Fetcher) -> None:
    url = server.route("/huge", Reply(200, {**HTML, "Content-Length": str(21 * 1024 * 1024)}, [b"<p>"]))

    error = failure(default_fetcher.fetch_document, url)

    assert str(error) == f"{url}: larger than the 20 MB limit"


def test_unreadable_compression_is_refused(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    # Brotli, sent although the request did not offer it.
    url = server.route("/br", Reply(200, {**HTML, "Content-Encoding": "br"}, b"\x1b\x03\x00"))

    assert "sent compressed as 'br', which this app cannot read" in str(failure(fetcher.fetch_document, url))


@pytest.mark.parametrize(
    ("coding", "body", "reason"),
    [
        # A valid gzip header followed by bytes that are no deflate block.
        (
            "gzip",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 16,
            "damaged gzip data (invalid block type)",
        ),
        # A gzip stream cut short, though the transfer itself ended cleanly.
        ("gzip", gzip.compress(PAGE.encode())[:40], "damaged gzip data (it ends early)"),
        # Not compressed at all, yet labelled deflate.
        ("deflate", PAGE.encode(), "damaged deflate data ("),
    ],
)
def test_damaged_compression_is_refused(
    server: LocalHTTPServer, fetcher: Fetcher, coding: str, body: bytes, reason: str
) -> None:
    url = server.route("/bad", Reply(200, {**HTML, "Content-Encoding": coding}, body))

    assert str(failure(fetcher.fetch_document, url)).startswith(f"{url}: {reason}")


def test_one_unreachable_host_is_not_offline(fetcher: Fetcher) -> None:
    # A defunct blog with many saved articles refuses again and again: that is the site's
    # problem, and the downloads queued behind it must go on.
    for _ in range(OFFLINE_AFTER_HOSTS + 1):
        url = f"http://127.0.0.1:{closed_port()}/article"

        error = failure(fetcher.fetch_document, url)

        assert str(error) == f"{url}: cannot reach host (connection refused)"
        assert isinstance(error, FetchError) and error.unreachable
        assert not is_offline_error(error)


def test_several_unreachable_hosts_in_a_row_mean_offline(server: LocalHTTPServer) -> None:
    # What a machine without a network sees: every host fails, each for its own reason.
    refused_here = f"http://127.0.0.1:{closed_port()}/a"
    unknown = "http://no-such-host.invalid/b"  # .invalid never resolves (RFC 6761)
    refused_there = f"http://localhost:{closed_port()}/c"
    reachable = server.route("/p", Reply(200, HTML, PAGE.encode()))

    with Fetcher(LIMITS) as fresh:
        first = failure(fresh.fetch_document, refused_here)
        second = failure(fresh.fetch_document, unknown)
        third = failure(fresh.fetch_document, refused_there)
        fresh.fetch_document(reachable)  # the network is back: counting starts again
        after = failure(fresh.fetch_document, refused_there)

    assert str(second) == f"{unknown}: cannot reach host (name not resolved)"
    assert OFFLINE_AFTER_HOSTS == 3
    assert [is_offline_error(error) for error in (first, second, third, after)] == [False, False, True, False]


def test_untrusted_certificate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with LocalHTTPServer(tls=True) as secure, Fetcher(LIMITS) as plain:
        url = secure.route("/p", Reply(200, HTML, PAGE.encode()))
        error = failure(plain.fetch_document, url)

    assert str(error).startswith(f"{url}: secure connection failed (certificate not trusted: self")
    assert not is_offline_error(error)


def test_trusted_certificate(monkeypatch: pytest.MonkeyPatch) -> None:
    with LocalHTTPServer(tls=True) as secure:
        # SSL_CERT_FILE is how a person (or a company network) adds a certificate authority.
        monkeypatch.setenv("SSL_CERT_FILE", str(secure.certificate_file))
        with Fetcher(LIMITS) as trusting:
            document = trusting.fetch_document(secure.route("/p", Reply(200, HTML, PAGE.encode())))

    assert document.url is not None and document.url.startswith("https://127.0.0.1:")
    assert "Raccoon dogs" in document.content


@contextlib.contextmanager
def speaking_first(greeting: bytes) -> Iterator[int]:
    """A TCP server on 127.0.0.1 for one connection: it sends `greeting` first, then waits for the
    client to hang up. Yields the port."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve_one() -> None:
        with contextlib.suppress(OSError), listener.accept()[0] as connection:
            connection.sendall(greeting)
            # Reading until the client closes keeps our close from turning its error into a reset.
            while connection.recv(4096):
                pass

    thread = threading.Thread(target=serve_one)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        thread.join()
        listener.close()


def test_https_address_served_by_plain_http(fetcher: Fetcher) -> None:
    # An https:// bookmark for a site that only ever spoke plain HTTP on that port.
    with speaking_first(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n") as port:
        url = f"https://127.0.0.1:{port}/article"
        error = failure(fetcher.fetch_document, url)

    assert str(error).startswith(f"{url}: secure connection failed (")
    assert not is_offline_error(error)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("file:///etc/passwd", "not a web address (only http and https are fetched, not file:)"),
        ("ftp://ftp.example.com/a.txt", "not a web address (only http and https are fetched, not ftp:)"),
        ("javascript:alert(1)", "not a web address (only http and https are fetched, not javascript:)"),
        ("data:text/html,<p>hi</p>", "not a web address (only http and https are fetched, not data:)"),
        ("mailto:someone@example.com", "not a web address (only http and https are fetched, not mailto:)"),
        # A bookmark title pasted where the address goes.
        ("example.com/article", "not a web address (it does not start with http:// or https://)"),
        ("", "not a web address (it does not start with http:// or https://)"),
        ("http://", "not a valid web address (no host name)"),
        # A Pocket export line with a broken address.
        ("http://exa mple.com/", "not a valid web address (bad host name 'exa%20mple.com')"),
        # A port out of range (a typo in a hand-edited bookmarks file).
        ("https://example.com:99999/", "not a valid web address (no such port 99999)"),
    ],
)
def test_non_web_addresses_are_refused(fetcher: Fetcher, address: str, reason: str) -> None:
    for call in (fetcher.fetch_document, fetcher.fetch_image):
        error = failure(call, address)
        assert str(error).startswith(f"{address}: {reason}")
        assert not is_offline_error(error)


def test_one_fetcher_serves_several_threads(server: LocalHTTPServer, fetcher: Fetcher) -> None:
    for number in range(8):
        server.route(f"/p{number}", Reply(200, HTML, f"<p>page {number}</p>".encode()))
    found: dict[int, str] = {}

    def fetch(number: int) -> None:
        found[number] = fetcher.fetch_document(server.url(f"/p{number}")).content

    workers = [threading.Thread(target=fetch, args=(number,)) for number in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert found == {number: f"<p>page {number}</p>" for number in range(8)}


# --- images ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "data", "mime"),
    [
        ("image/png", PNG, "image/png"),
        ("image/jpeg", JPEG, "image/jpeg"),
        ("image/gif", GIF, "image/gif"),
        ("image/webp", WEBP, "image/webp"),
        ("image/avif", AVIF, "image/avif"),
        ("image/svg+xml", SVG, "image/svg+xml"),
        # A CDN that labels everything as a download: the bytes say JPEG.
        ("application/octet-stream", JPEG, "image/jpeg"),
        # No type at all (a bare S3 bucket).
        (None, PNG, "image/png"),
        # A server that calls a PNG a JPEG: the bytes win.
        ("image/jpeg", PNG, "image/png"),
    ],
)
def test_image(
    server: LocalHTTPServer, fetcher: Fetcher, content_type: str | None, data: bytes, mime: str
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    url = server.route("/img", Reply(200, headers, data))

    assert fetcher.fetch_image(url) == (data, mime)
    assert server.requests[0].headers["accept"].startswith("image/")


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        # An image address that now serves the site's home page.
        (Reply(200, HTML, PAGE.encode()), "not an image (text/html)"),
        # A hotlink blocker that answers every image with an HTML page labelled as PNG.
        (
            Reply(200, {"Content-Type": "image/png"}, PAGE.encode()),
            "not an image (the server said image/png but sent a web page)",
        ),
        # A truncated upload: the type is right, the bytes are nothing.
        (
            Reply(200, {"Content-Type": "image/png"}, b""),
            "not an image (the server said image/png but sent nothing)",
        ),
        # Random bytes as octet-stream.
        (
            Reply(200, {"Content-Type": "application/octet-stream"}, b"\x00\x01\x02\x03" * 8),
            "not an image (the server said application/octet-stream but sent something else)",
        ),
        (Reply(200, {"Content-Type": "image/png"}, PNG + bytes(16 * 1024)), "larger than the 16 KB limit"),
        (Reply(404, HTML, b"<h1>Not here</h1>"), "HTTP 404 Not Found"),
    ],
    ids=["html-type", "html-labelled-png", "empty", "octet-noise", "too-big", "404"],
)
def test_image_failures(server: LocalHTTPServer, fetcher: Fetcher, reply: Reply, reason: str) -> None:
    url = server.route("/img", reply)

    error = failure(fetcher.fetch_image, url)

    assert str(error) == f"{url}: {reason}"
