"""A real HTTP(S) server on 127.0.0.1, run in a thread, for tests that fetch pages and images."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import ssl
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Literal

# A self-signed certificate for 127.0.0.1 and localhost, valid until 2126, made for these tests with
#   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
#     -subj "/CN=Article Reader test server" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost"
# It protects nothing: it lets a test see both a certificate that is not trusted and, with
# SSL_CERT_FILE pointing at it, one that is.
TEST_CERTIFICATE = """\
-----BEGIN CERTIFICATE-----
MIIBvDCCAWOgAwIBAgIUS+OrMZ04LPDqDW4RWEkQOcqSfgswCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwaQXJ0aWNsZSBSZWFkZXIgdGVzdCBzZXJ2ZXIwIBcNMjYxMTI3
MjI0NzAyWhgPMjEyNjExMDMyMjQ3MDJaMCUxIzAhBgNVBAMMGkFydGljbGUgUmVh
ZGVyIHRlc3Qgc2VydmVyMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE0apx5+zY
IKh3pcV8Jai8lISp/yUyYACnjh/iInlyQr/RNi0Gr06SnbVhd2RxfLY1qUdHq7Y8
4guFfg035HIDDqNvMG0wHQYDVR0OBBYEFFzFu+GJxcy/DJ1TOEYM9uYj2/2LMB8G
A1UdIwQYMBaAFFzFu+GJxcy/DJ1TOEYM9uYj2/2LMA8GA1UdEwEB/wQFMAMBAf8w
GgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MAoGCCqGSM49BAMCA0cAMEQCIFCT
CNDrx9ts2tKZnAHWIL58QKP7wHopX+XVKAPccv1QAiA1i2XnnkxB/hdWsZoOJHaM
Ch4pmFhfdPVSoMV7z2VVmw==
-----END CERTIFICATE-----
"""
TEST_PRIVATE_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgm5xfL/CP2lXthweE
+jPIRGikAdMs4ZLEWRIm6OQV5rKhRANCAATRqnHn7NggqHelxXwlqLyUhKn/JTJg
AKeOH+IieXJCv9E2LQavTpKdtWF3ZHF8tjWpR0ertjziC4V+DTfkcgMO
-----END PRIVATE KEY-----
"""

# A handler that is stalling or dripping gives up after this long even if the test never stops
# the server, so a forgotten server cannot hang the run.
_LONGEST_STALL = 30.0


@dataclass(frozen=True)
class Request:
    """One request as the server received it; header names are lower case."""

    method: str
    path: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Reply:
    """What the server sends for a route.

    A `bytes` body goes out with a Content-Length. An iterable body goes out one
    part at a time, `chunk_delay` seconds apart, with chunked transfer encoding
    (or unframed, when `headers` sets its own Content-Length); a generator body
    is used up by the first request, so give a list or a route function when a
    route is fetched twice. `stall="headers"` accepts the request and never
    answers; `stall="body"` sends the status and headers, then nothing. Stalls
    and delays end as soon as the server stops.
    """

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""
    chunk_delay: float = 0.0
    stall: Literal["headers", "body"] | None = None


RouteFunction = Callable[[Request], Reply]

_NOT_FOUND = Reply(404, {"Content-Type": "text/plain; charset=utf-8"}, b"no such route\n")


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to `location` (absolute or relative, sent as given)."""
    return Reply(status, {"Location": location, "Content-Type": "text/plain"}, b"moved\n")


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on, so connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class LocalHTTPServer:
    """An HTTP/1.1 server on 127.0.0.1 serving routes the test sets; a context manager.

    Every connection serves one request and closes, so stopping never waits for
    idle keep-alive connections. `requests` lists what arrived, in order. An
    exception raised by a route function is re-raised by `stop()`, so a broken
    test route fails the test instead of vanishing into a server thread.

        with LocalHTTPServer() as server:
            url = server.route("/a", Reply(200, {"Content-Type": "text/html"}, b"<p>hi</p>"))
    """

    def __init__(self, *, tls: bool = False, port: int = 0) -> None:
        """`port` 0 takes a free one; a given port brings back a server that was down."""
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._routes: dict[str, Reply | RouteFunction] = {}
        self._lock = threading.Lock()
        self._failures: list[BaseException] = []
        self._folder = tempfile.TemporaryDirectory(prefix="article-reader-httpserver-")
        self.certificate_file = Path(self._folder.name) / "certificate.pem"
        self.certificate_file.write_text(TEST_CERTIFICATE, encoding="ascii")
        context: ssl.SSLContext | None = None
        if tls:
            key_file = Path(self._folder.name) / "key.pem"
            key_file.write_text(TEST_PRIVATE_KEY, encoding="ascii")
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.certificate_file, key_file)
        self._server = _Server(("127.0.0.1", port), _Handler, owner=self, tls=context)
        self._scheme = "https" if tls else "http"
        self._thread = threading.Thread(target=self._accept_until_stopped, name="test-http-server")
        self._thread.daemon = True
        self._thread.start()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        port: int = self._server.server_address[1]
        return port

    def url(self, path: str = "/") -> str:
        """The absolute address of `path` on this server."""
        return f"{self._scheme}://127.0.0.1:{self.port}{path}"

    def route(self, path: str, reply: Reply | RouteFunction) -> str:
        """Serve `reply` (or what the function returns for each request) at `path`; return its URL.

        `path` may include a query string; a request matches the whole path and
        query first, then the path alone.
        """
        with self._lock:
            self._routes[path] = reply
        return self.url(path)

    def stop(self) -> None:
        """Stop serving, end stalled replies, wait for the handler threads, remove the temporary files."""
        self.stopping.set()
        # The accept loop blocks without polling; one empty connection wakes it to see `stopping`.
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=5):
            pass
        self._thread.join()
        self._server.server_close()
        self._folder.cleanup()
        if self._failures:
            raise self._failures[0]

    def __enter__(self) -> LocalHTTPServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def _accept_until_stopped(self) -> None:
        # serve_forever() polls every half second, which would add that much to every test's teardown.
        while not self.stopping.is_set():
            self._server.handle_request()

    def _reply_for(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            found = self._routes.get(request.path) or self._routes.get(request.path.split("?", 1)[0])
        if found is None:
            return _NOT_FOUND
        return found if isinstance(found, Reply) else found(request)

    def _record_failure(self, error: BaseException) -> None:
        with self._lock:
            self._failures.append(error)


class _Server(ThreadingHTTPServer):
    # Handler threads are joined on close (they end quickly once `stopping` is set).
    daemon_threads = False
    block_on_close = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        *,
        owner: LocalHTTPServer,
        tls: ssl.SSLContext | None,
    ) -> None:
        self.owner = owner
        self.tls = tls
        super().__init__(address, handler)

    def get_request(self) -> tuple[socket.socket, tuple[str, int]]:
        connection, address = super().get_request()
        if self.tls is not None:
            # The handshake happens in the handler's thread, so a client that never
            # completes it cannot block the accept loop.
            connection = self.tls.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
        return connection, address

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's full name, a DNS query that can take
        # seconds on some machines; 127.0.0.1 needs no name.
        socketserver.TCPServer.server_bind(self)
        self.server_name = "127.0.0.1"
        self.server_port = self.server_address[1]

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        # A client that hangs up early (over a size limit, after a timeout, on a bad
        # certificate) is what many tests are about, not a failure of the server.
        if isinstance(error, OSError):
            return
        if error is not None:
            self.owner._record_failure(error)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # A client that connects and sends nothing cannot keep a handler thread forever.
    timeout = _LONGEST_STALL
    server: _Server

    def setup(self) -> None:
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.do_handshake()

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: object) -> None:
        # Tests read `requests`; access logs on stderr would only be noise.
        return

    def _serve(self) -> None:
        owner = self.server.owner
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = owner._reply_for(Request(self.command, self.path, headers))
        self.close_connection = True
        if reply.stall == "headers":
            owner.stopping.wait(_LONGEST_STALL)
            return
        names = {name.lower() for name in reply.headers}
        chunked = not isinstance(reply.body, bytes) and "content-length" not in names
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if isinstance(reply.body, bytes) and "content-length" not in names:
            self.send_header("Content-Length", str(len(reply.body)))
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        if reply.stall == "body":
            owner.stopping.wait(_LONGEST_STALL)
            return
        if self.command == "HEAD":
            return
        parts = [reply.body] if isinstance(reply.body, bytes) else reply.body
        for part in parts:
            if reply.chunk_delay and owner.stopping.wait(reply.chunk_delay):
                return
            if chunked:
                if part:  # an empty chunk would end the body early
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            else:
                self.wfile.write(part)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        with contextlib.suppress(OSError):
            self.wfile.flush()
