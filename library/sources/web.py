"""Fetch pages and images over HTTP(S), within time, size and redirect limits."""

from __future__ import annotations

import errno
import logging
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import TYPE_CHECKING

from library.article import Document, DocumentKind
from library.errors import SourceError
from library.images import sniff_image_type
from library.sources.decode import decode_bytes

if TYPE_CHECKING:
    # Imported for real only when a Fetcher is made, so that reading local files and
    # `article-reader extract` never pay for loading an HTTP stack.
    import httpx

log = logging.getLogger("reader.fetch")

USER_AGENT = "ArticleReader/0.1 (+offline reader)"
# What a desktop browser asks for, so servers that vary on Accept send the page a person would see.
PAGE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
IMAGE_ACCEPT = "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"
# Only the codings `_inflate` can decode under the size limit; left alone, httpx would also
# offer br and zstd whenever their packages happen to be installed.
ACCEPT_ENCODING = "gzip, deflate"

_PAGE_KINDS: dict[str, DocumentKind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
# Types servers give files they know nothing about; an image sent this way is still an image.
_UNLABELLED = {"", "application/octet-stream", "binary/octet-stream"}
_GZIP = {"gzip", "x-gzip"}
_UNREADABLE_CODINGS = {"br", "zstd", "compress", "x-compress"}
# Compressed bodies are inflated this much at a time, so a decompression bomb costs
# at most one step beyond the size limit.
_INFLATE_STEP = 64 * 1024
_MIB = 1024 * 1024


@dataclass(frozen=True)
class FetchLimits:
    """How long and how much one fetch may take before it is given up.

    `read_timeout` bounds each wait for data; `total_timeout` bounds the whole
    download, so a server that sends a byte every few seconds cannot hold a
    worker forever.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_page_bytes: int = 20 * _MIB
    max_image_bytes: int = 10 * _MIB
    max_redirects: int = 5
    total_timeout: float = 300.0


DEFAULT_LIMITS = FetchLimits()


# How many different hosts must be unreachable in a row, with nothing reached in between,
# before the failures are taken to mean "no network" rather than "these sites are gone".
OFFLINE_AFTER_HOSTS = 3


class FetchError(SourceError):
    """An address that could not be fetched; the message is "<address>: <reason>", like every SourceError.

    `unreachable`: no connection to the host could be made (its name did not
    resolve, it refused, no route, no answer); that says nothing about the page,
    but one such failure cannot tell a dead site from a machine without a network.
    `offline`: unreachable, and so were the last `OFFLINE_AFTER_HOSTS` different
    hosts this Fetcher tried, with none reached in between: the network is missing.
    """

    def __init__(self, url: str, reason: str, *, unreachable: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.unreachable = unreachable
        self.offline = False


def is_offline_error(error: SourceError) -> bool:
    """True when `error` means "no network here" rather than "this address is bad".

    That is when connections to several different hosts in a row failed (names not
    resolved, connections refused, no route, no answer): the machine is offline or
    its proxy is down, so callers keep the entry pending and try again later. A
    single dead or refusing site is not "offline": it would otherwise stop every
    later download behind it.
    """
    return isinstance(error, FetchError) and error.offline


class Fetcher:
    """Fetches pages and images over HTTP(S) with limits; one connection pool; thread-safe for use from a worker thread."""

    def __init__(
        self,
        limits: FetchLimits = DEFAULT_LIMITS,
        user_agent: str = USER_AGENT,
        *,
        named_hosts: Iterable[str] = (),
    ) -> None:
        import httpx

        from library.sources.addresses import HostPolicy, checked_transport, environment_proxies

        self.limits = limits
        # Private and loopback hosts are fetched only when the person named them.
        self.hosts = HostPolicy(named_hosts)
        # Hosts found unreachable since anything was last reached; worker threads share it.
        self._unreachable_hosts: set[str] = set()
        self._lock = threading.Lock()
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(
                connect=limits.connect_timeout,
                read=limits.read_timeout,
                write=limits.read_timeout,
                pool=limits.connect_timeout,
            ),
            # Redirects are followed here, one at a time, so that each target is checked
            # (http and https only) and a loop is named as one.
            follow_redirects=False,
            transport=checked_transport(self.hosts),
            mounts=environment_proxies(),
        )

    def fetch_document(self, url: str, *, named: bool = True) -> Document:
        """The page at `url`, decoded; `Document.url` is the address after redirects.

        With `named` (the person typed, pasted or imported the address), its host
        may be on a private network or this computer; its redirects and images
        elsewhere may not.

        HTML and XHTML come back as kind "html", text/plain as kind "text". The
        charset comes from the Content-Type header, then the page itself (see
        `decode_bytes`).

        Raises:
            SourceError: (a FetchError) the address is not http(s), cannot be
                reached, answers with an error status, is not a page, is larger
                than `max_page_bytes`, redirects too often or takes too long.
        """
        address = _checked_address(url)
        if named:
            self.hosts.name(_host_of(address))

        def accept_page(media_type: str) -> None:
            if media_type and media_type not in _PAGE_KINDS:
                raise FetchError(address, f"not a web page ({media_type})")

        response, data = self._get(address, PAGE_ACCEPT, self.limits.max_page_bytes, accept_page)
        kind = _PAGE_KINDS.get(_media_type(response)) or _sniffed_page_kind(data)
        if kind is None:
            raise FetchError(address, "not a web page (no content type, and the content is binary)")
        if not data.strip():
            raise FetchError(address, "the server sent an empty page")
        content = decode_bytes(data, response.charset_encoding)
        return Document(source=url, content=content, kind=kind, url=str(response.url))

    def fetch_image(self, url: str) -> tuple[bytes, str]:
        """The image at `url` and its MIME type, which is the type its bytes show.

        Raises:
            SourceError: (a FetchError) as for `fetch_document`, or the reply is
                not an image (by its Content-Type or its bytes), or is larger
                than `max_image_bytes`.
        """
        address = _checked_address(url)

        def accept_image(media_type: str) -> None:
            if not media_type.startswith("image/") and media_type not in _UNLABELLED:
                raise FetchError(address, f"not an image ({media_type})")

        response, data = self._get(address, IMAGE_ACCEPT, self.limits.max_image_bytes, accept_image)
        found = sniff_image_type(data)
        if found is None:
            declared = _media_type(response) or "no content type"
            if not data:
                sent = "nothing"
            elif _sniffed_page_kind(data) == "html":
                sent = "a web page"
            else:
                sent = "something else"
            raise FetchError(address, f"not an image (the server said {declared} but sent {sent})")
        return data, found

    def close(self) -> None:
        """Close the pooled connections; the Fetcher cannot be used afterwards."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _get(
        self, address: str, accept: str, limit: int, check_type: Callable[[str], None]
    ) -> tuple[httpx.Response, bytes]:
        """The final response (closed) and its decoded body, or FetchError for any failure."""
        import httpx

        from library.network import OFFLINE_VARIABLE, offline_by_environment
        from library.sources.addresses import AddressRefused

        if offline_by_environment():
            offline = FetchError(address, f"not downloaded: working offline ({OFFLINE_VARIABLE} is set)")
            offline.offline = True
            raise offline
        started = time.monotonic()
        try:
            self.hosts.check_name(_host_of(address))
            response = self._follow_redirects(address, accept)
            try:
                _check_status(address, response)
                check_type(_media_type(response))
                data = self._read_body(address, response, limit, started)
            finally:
                response.close()
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
            failure = _transport_failure(address, error, self.limits)
            if failure.unreachable:
                failure.offline = self._note_network(reached=False, host=_failed_host(address, error))
            else:
                # A TLS error, a timeout while reading, a broken reply: some host answered.
                self._note_network(reached=True)
            raise failure from error
        except AddressRefused as refused:
            raise FetchError(address, f"{refused.host} {refused.reason}") from None
        log.debug("fetched %s (%d bytes) from %s", address, len(data), response.url)
        return response, data

    def _note_network(self, *, reached: bool, host: str = "") -> bool:
        """Record whether a host was reached; True when enough different hosts in a row were not."""
        with self._lock:
            if reached:
                self._unreachable_hosts.clear()
                return False
            self._unreachable_hosts.add(host)
            return len(self._unreachable_hosts) >= OFFLINE_AFTER_HOSTS

    def _follow_redirects(self, address: str, accept: str) -> httpx.Response:
        """The first response that is not a redirect, still unread."""
        request = self._client.build_request("GET", address, headers={"Accept": accept})
        visited = {address}
        looped = False
        redirects = 0
        while True:
            response = self._client.send(request, stream=True)
            # Any answer, even a redirect to a dead host, shows the network works.
            self._note_network(reached=True)
            if response.next_request is None:
                return response
            response.close()
            redirects += 1
            if redirects > self.limits.max_redirects:
                in_loop = " (in a loop)" if looped else ""
                raise FetchError(address, f"more than {self.limits.max_redirects} redirects{in_loop}")
            request = response.next_request
            target = str(request.url)
            if request.url.scheme not in ("http", "https"):
                raise FetchError(address, f"redirected to {target}, which is not a web address")
            self.hosts.check_name(request.url.host)
            # A revisit is not an error by itself: sites set a cookie and send you back.
            looped = looped or target in visited
            visited.add(target)

    def _read_body(self, address: str, response: httpx.Response, limit: int, started: float) -> bytes:
        """The body, decompressed, refused as soon as it passes `limit` bytes either way."""
        too_large = FetchError(address, f"larger than the {_size(limit)} limit")
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        deadline = started + self.limits.total_timeout

        def on_the_wire() -> Iterator[bytes]:
            # Content-Length may be missing or wrong, and trailing bytes after a
            # compressed stream are skipped by `_inflate`: count what arrives too.
            received = 0
            for chunk in response.iter_raw():
                received += len(chunk)
                if received > limit:
                    raise too_large
                if time.monotonic() > deadline:
                    raise FetchError(
                        address, f"still downloading after {_seconds(self.limits.total_timeout)} s"
                    )
                yield chunk

        stream = on_the_wire()
        for coding in reversed(_content_codings(address, response.headers.get("Content-Encoding", ""))):
            stream = _inflate(address, stream, coding)
        pieces: list[bytes] = []
        size = 0
        for piece in stream:
            size += len(piece)
            if size > limit:
                raise too_large
            pieces.append(piece)
        return b"".join(pieces)


# The HTML standard's MIME sniffing: a page without a Content-Type is HTML when it starts with one of these.
# The standard defines it on the first bytes, and a parser cannot serve: it makes a page of any bytes.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?"
    rb"(?:<!--|<(?:!DOCTYPE\s+HTML|HTML|HEAD|SCRIPT|IFRAME|H1|DIV|FONT|TABLE|A|STYLE|TITLE|B|BODY|BR|P)[\s>])",
    re.IGNORECASE,
)
# Bytes that never occur in text (the HTML standard's "binary data bytes").
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def _sniffed_page_kind(data: bytes) -> DocumentKind | None:
    """What a reply without a Content-Type holds: "html", "text", or None for binary data."""
    if _HTML_START.match(data[:1445]):
        return "html"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or not _BINARY_BYTES.search(data[:1445]):
        return "text"
    return None


# A DNS name (IDNA already turned into ASCII by httpx; "_" is common in practice), an IPv4
# address, or an IPv6 address, which httpx gives without its brackets.
_HOST_NAME = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")


def _checked_address(url: str) -> str:
    """`url` stripped of surrounding space, or FetchError when it is not an http(s) address."""
    import httpx

    address = url.strip()
    try:
        parsed = httpx.URL(address)
    except httpx.InvalidURL as error:
        raise FetchError(url, f"not a valid web address ({error})") from None
    if not parsed.scheme:
        raise FetchError(url, "not a web address (it does not start with http:// or https://)")
    if parsed.scheme not in ("http", "https"):
        raise FetchError(url, f"not a web address (only http and https are fetched, not {parsed.scheme}:)")
    if not parsed.host:
        raise FetchError(url, "not a valid web address (no host name)")
    # httpx percent-encodes a space or "<" in a host name and would then ask DNS for it;
    # the failure would read as "unreachable" and keep a broken address pending.
    if not _HOST_NAME.fullmatch(parsed.raw_host.decode("ascii", "replace")):
        raise FetchError(url, f"not a valid web address (bad host name {parsed.host!r})")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise FetchError(url, f"not a valid web address (no such port {parsed.port})")
    return address


def _host_of(address: str) -> str:
    import httpx

    return httpx.URL(address).host


def _check_status(address: str, response: httpx.Response) -> None:
    """FetchError unless the server answered 2xx."""
    import httpx

    if 200 <= response.status_code < 300:
        return
    phrase = response.reason_phrase
    if not phrase:
        try:
            phrase = HTTPStatus(response.status_code).phrase
        except ValueError:
            phrase = ""
    reason = f"HTTP {response.status_code} {phrase}".rstrip()
    if response.url != httpx.URL(address):
        reason += f" (at {response.url})"
    raise FetchError(address, reason)


def _media_type(response: httpx.Response) -> str:
    """The Content-Type without parameters, lower case; "" when the server sent none."""
    header: str = response.headers.get("Content-Type", "")
    return header.split(";", 1)[0].strip().lower()


def _content_codings(address: str, header: str) -> list[str]:
    """The compressions applied to a body, in the order the server applied them."""
    codings = []
    for token in header.lower().split(","):
        coding = token.strip()
        if coding in _GZIP or coding == "deflate":
            codings.append(coding)
        elif coding in _UNREADABLE_CODINGS:
            raise FetchError(address, f"sent compressed as {coding!r}, which this app cannot read")
        # "identity" and labels no one defines (servers send "utf-8" here) are read as
        # they are, as browsers do.
    return codings


def _inflate(address: str, chunks: Iterator[bytes], coding: str) -> Iterator[bytes]:
    """Undo one gzip or deflate layer, `_INFLATE_STEP` bytes of output at a time."""
    inflater: zlib._Decompress | None = None
    head = b""
    try:
        for chunk in chunks:
            if inflater is None:
                # Deflate comes zlib-wrapped or raw in the wild; two bytes tell which.
                head += chunk
                if len(head) < 2:
                    continue
                inflater = zlib.decompressobj(_window_bits(coding, head))
                chunk, head = head, b""
            if inflater.eof:
                # Bytes after the end of the compressed stream are padding or junk.
                continue
            yield from _inflated(inflater, chunk)
        if inflater is None and head:
            inflater = zlib.decompressobj(_window_bits(coding, head))
            yield from _inflated(inflater, head)
        if inflater is not None:
            rest = inflater.flush()
            if rest:
                yield rest
        if inflater is None or not inflater.eof:
            # The transfer ended cleanly but the compressed stream did not: storing the
            # part would keep a silently cut article.
            raise FetchError(address, f"damaged {coding} data (it ends early)")
    except zlib.error as error:
        # zlib says "Error -3 while decompressing data: invalid block type"; the end is the news.
        detail = str(error).rsplit(": ", 1)[-1]
        raise FetchError(address, f"damaged {coding} data ({detail})") from None


def _inflated(inflater: zlib._Decompress, data: bytes) -> Iterator[bytes]:
    """Everything `data` inflates to, in pieces no larger than `_INFLATE_STEP`."""
    while True:
        out = inflater.decompress(data, _INFLATE_STEP)
        if out:
            yield out
        data = inflater.unconsumed_tail
        if inflater.eof or (not data and len(out) < _INFLATE_STEP):
            return


def _window_bits(coding: str, head: bytes) -> int:
    """zlib's wbits for a gzip stream, a zlib-wrapped deflate stream, or a raw one."""
    if coding in _GZIP:
        return 16 + zlib.MAX_WBITS
    zlib_wrapped = len(head) >= 2 and head[0] & 0x0F == 8 and ((head[0] << 8) | head[1]) % 31 == 0
    return zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS


def _transport_failure(address: str, error: Exception, limits: FetchLimits) -> FetchError:
    """One clear reason for what httpx raised, marked unreachable when no connection was made."""
    import httpx

    if isinstance(error, httpx.ConnectTimeout):
        return FetchError(
            address,
            f"cannot reach host (no answer within {_seconds(limits.connect_timeout)} s)",
            unreachable=True,
        )
    if isinstance(error, httpx.PoolTimeout):
        return FetchError(address, f"timed out after {_seconds(limits.connect_timeout)} s waiting to connect")
    if isinstance(error, httpx.TimeoutException):
        return FetchError(address, f"timed out after {_seconds(limits.read_timeout)} s")
    if isinstance(error, httpx.ProxyError):
        return FetchError(address, f"the proxy failed ({error})", unreachable=True)
    if isinstance(error, httpx.ConnectError):
        return _connect_failure(address, error)
    if isinstance(error, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return FetchError(address, f"not a valid web address ({error})")
    if isinstance(error, httpx.ReadError | httpx.WriteError):
        return FetchError(address, f"connection lost ({_root_cause(error)})")
    if isinstance(error, httpx.RemoteProtocolError):
        return FetchError(address, f"the server sent a broken reply ({error})")
    return FetchError(address, f"cannot be fetched ({error})")


# Errors connecting that mean no route to the host: the machine's network, or only this host
# (an IPv6-only site seen from an IPv4-only network).
_UNREACHABLE = {
    errno.ENETUNREACH: "network unreachable",
    errno.ENETDOWN: "network is down",
    errno.EHOSTUNREACH: "host unreachable",
    errno.EHOSTDOWN: "host is down",
    errno.EADDRNOTAVAIL: "no network address to connect from",
    errno.ETIMEDOUT: "no answer",
}


def _connect_failure(address: str, error: Exception) -> FetchError:
    """The reason a connection could not be made: TLS, name resolution, refusal or routing."""
    for cause in _causes(error):
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = cause.verify_message or cause.reason or "certificate verify failed"
            return FetchError(address, f"secure connection failed (certificate not trusted: {detail})")
        if isinstance(cause, ssl.SSLError):
            return FetchError(address, f"secure connection failed ({cause.reason or cause})")
        if isinstance(cause, socket.gaierror):
            return FetchError(address, "cannot reach host (name not resolved)", unreachable=True)
        if isinstance(cause, ConnectionRefusedError):
            return FetchError(address, "cannot reach host (connection refused)", unreachable=True)
        if isinstance(cause, OSError) and cause.errno in _UNREACHABLE:
            return FetchError(address, f"cannot reach host ({_UNREACHABLE[cause.errno]})", unreachable=True)
    return FetchError(address, f"cannot connect ({_root_cause(error)})")


def _failed_host(address: str, error: Exception) -> str:
    """The host a failed request went to: after redirects, not always `address`'s."""
    import httpx

    try:
        if isinstance(error, httpx.RequestError):
            return error.request.url.host
    except RuntimeError:
        pass  # httpx raises this when it never attached the request to the error
    return httpx.URL(address).host


def _causes(error: BaseException) -> Iterator[BaseException]:
    """`error` and the exceptions it was raised from, outermost first (httpx wraps httpcore wraps OSError)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _root_cause(error: BaseException) -> str:
    """The innermost exception's message, which says the most (e.g. "Connection reset by peer")."""
    *_, innermost = _causes(error)
    if isinstance(innermost, OSError) and innermost.strerror:
        return innermost.strerror
    return str(innermost) or type(innermost).__name__


def _seconds(value: float) -> str:
    return f"{value:g}"


def _size(limit: int) -> str:
    """A byte count as people read it: "20 MB", "64 KB", "1.5 MB", "900 bytes"."""
    if limit >= _MIB:
        return f"{limit / _MIB:.1f}".removesuffix(".0") + " MB"
    if limit >= 1024:
        return f"{limit / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{limit} bytes"
