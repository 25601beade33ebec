"""The network only where the person asked: no requests into this computer or the local network
from other people's pages, nothing at all when working offline, and images that wait for the network."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.errors import SourceError
from library.importer import Importer
from library.network import OFFLINE_VARIABLE
from library.sources.addresses import HostPolicy, refusal
from library.sources.web import Fetcher, FetchLimits, is_offline_error
from library.store import Library
from tests.library.httpserver import LocalHTTPServer, Reply

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
LIMITS = FetchLimits(connect_timeout=2, read_timeout=2)

SAVED_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Harbour news</title></head><body><article>
<h1>Harbour news</h1>
<p>The harbour reopened on Monday after repairs to the sea wall that took most of the winter.</p>
<figure><img src="{image}" alt="The sea wall"><figcaption>The repaired sea wall.</figcaption></figure>
<p>Fishing boats were back at their moorings by the afternoon, and the ferry ran to timetable.</p>
<p>The council said the works came in under budget, a first for a project of this size here.</p>
</article></body></html>"""


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        running.route("/img/wall.png", Reply(200, {"content-type": "image/png"}, PNG))
        yield running


def saved_page(tmp_path: Path, image: str) -> Path:
    page = tmp_path / "harbour.html"
    page.write_text(SAVED_PAGE.format(image=image))
    return page


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("224.0.0.1", False),
        ("ff02::1", False),
        ("0.0.0.0", False),
        ("240.0.0.1", False),
    ],
)
def test_only_public_addresses_are_fetched_unasked(address: str, public: bool) -> None:
    assert (refusal(ipaddress.ip_address(address)) is None) is public


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.1"])
def test_a_saved_pages_images_on_this_computer_are_never_requested(
    server: LocalHTTPServer, library: Library, tmp_path: Path, host: str
) -> None:
    # "localhost" and "127.1" are names: they are refused after they resolve to loopback.
    image = server.url("/img/wall.png").replace("127.0.0.1", host)
    with Fetcher(LIMITS) as fetcher:
        report = Importer(library, fetcher).import_sources([str(saved_page(tmp_path, image))])
    assert report.results[0].outcome == "imported"
    assert server.requests == []
    stored = library.get(report.results[0].article_id or 0)
    assert stored is not None and "library-image:" not in stored.article.html


def test_an_address_the_person_gave_is_fetched_with_its_images_even_on_this_computer(
    server: LocalHTTPServer, library: Library
) -> None:
    page = SAVED_PAGE.format(image="/img/wall.png").encode()
    url = server.route("/harbour", Reply(200, {"content-type": "text/html"}, page))
    with Fetcher(LIMITS) as fetcher:
        report = Importer(library, fetcher).import_sources([url])
    assert [r.path for r in server.requests] == ["/harbour", "/img/wall.png"]
    stored = library.get(report.results[0].article_id or 0)
    assert stored is not None and "library-image:" in stored.article.html


def test_a_redirect_from_a_named_host_to_an_unnamed_local_one_is_refused(server: LocalHTTPServer) -> None:
    elsewhere = server.url("/target").replace("127.0.0.1", "localhost")
    hop = server.route("/hop", Reply(302, {"location": elsewhere}))
    with Fetcher(LIMITS) as fetcher, pytest.raises(SourceError, match="localhost refused"):
        fetcher.fetch_document(hop)
    assert [r.path for r in server.requests] == ["/hop"]


def test_working_offline_touches_no_network(
    server: LocalHTTPServer, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(OFFLINE_VARIABLE, "1")
    url = server.route("/page", Reply(200, {"content-type": "text/html"}, b"<p>x</p>"))
    with Fetcher(LIMITS) as fetcher:
        with pytest.raises(SourceError, match="working offline") as refused:
            fetcher.fetch_document(url)
        assert is_offline_error(refused.value)
    assert server.requests == []


def test_images_that_wait_for_the_network_are_drawn_later(
    server: LocalHTTPServer, library: Library, tmp_path: Path
) -> None:
    page = saved_page(tmp_path, server.url("/img/wall.png"))
    offline = Importer(library).import_sources([str(page)])
    assert offline.images_pending == 1 and server.requests == []
    article_id = offline.results[0].article_id or 0
    stored = library.get(article_id)
    assert stored is not None and "library-pending:" in stored.article.html
    assert "The repaired sea wall." in stored.article.html  # the caption stays with its placeholder
    # Later, with the network (and this test server's host allowed, as a person's own server would be):
    with Fetcher(LIMITS, named_hosts={"127.0.0.1"}) as fetcher:
        Importer(library, fetcher).fetch_pending()
    stored = library.get(article_id)
    assert stored is not None
    assert "library-pending:" not in stored.article.html and "library-image:" in stored.article.html
    assert library.pending_images() == []


def test_a_named_host_may_be_private_and_others_may_not() -> None:
    policy = HostPolicy()
    with pytest.raises(Exception, match="loopback"):
        policy.resolve("127.0.0.1", 80)
    policy.name("127.0.0.1")
    assert policy.resolve("127.0.0.1", 80) == ["127.0.0.1"]
