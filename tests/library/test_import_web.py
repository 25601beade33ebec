"""Importing web addresses and address-only export entries, against a real server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from library.article import Entry, ReadingState
from library.importer import Importer
from library.importlog import recent_lines
from library.sources.web import Fetcher, FetchLimits
from library.store import Library
from tests.library.httpserver import LocalHTTPServer, Reply, closed_port

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header><a href="/">Home</a></header><article><h1>{title}</h1>
<p>The river rose two metres overnight, flooding the lower town and closing the old bridge to traffic.</p>
<p><img src="/img/ok.png" alt="The bridge"></p>
<p>Engineers said the bridge was sound but would stay closed until the water fell below the warning mark.</p>
<p><img src="/img/missing.png" alt="Gone"> <img src="/img/not-an-image.png" alt="Fake"></p>
<p>Shops along the quay moved their stock upstairs, and volunteers filled sandbags through the night.</p>
</article></body></html>"""

HTML = {"content-type": "text/html; charset=utf-8"}


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        running.route("/img/ok.png", Reply(200, {"content-type": "image/png"}, PNG))
        running.route("/img/missing.png", Reply(404))
        running.route(
            "/img/not-an-image.png", Reply(200, {"content-type": "image/png"}, b"<html>nope</html>")
        )
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchLimits(connect_timeout=2, read_timeout=2)) as opened:
        yield opened


def test_a_web_address_is_fetched_with_its_images(
    server: LocalHTTPServer, fetcher: Fetcher, library: Library
) -> None:
    url = server.route("/news/flood", Reply(200, HTML, PAGE.format(title="Flood closes bridge").encode()))
    report = Importer(library, fetcher).import_sources([url])
    result = report.results[0]
    assert result.outcome == "imported", result.reason
    stored = library.get(result.article_id or 0)
    assert stored is not None
    assert stored.article.url == url and stored.source_kind == "web"
    html = stored.article.html
    # The one real image is stored and referenced; the 404 and the fake are left out.
    assert html.count("library-image:") == 1 and "/img/" not in html and "127.0.0.1" not in html
    sha = html.split("library-image:")[1][:64]
    assert library.image(stored.id, sha) == (PNG, "image/png")


def test_a_failing_address_is_reported_and_not_stored(
    server: LocalHTTPServer, fetcher: Fetcher, library: Library
) -> None:
    missing = server.route("/gone", Reply(404))
    broken = server.route("/broken", Reply(500))
    report = Importer(library, fetcher).import_sources([missing, broken])
    assert [(r.outcome, r.reason) for r in report.results] == [
        ("failed", "HTTP 404 Not Found"),
        ("failed", "HTTP 500 Internal Server Error"),
    ]
    assert library.count() == 0
    assert [e.outcome for e in recent_lines(library)] == ["failed", "failed"]


def test_an_address_whose_host_cannot_be_reached_waits_and_downloads_later(
    server: LocalHTTPServer, fetcher: Fetcher, library: Library
) -> None:
    # The host is down (or the network is): the address a person gave is kept, not lost.
    port = closed_port()
    url = f"http://127.0.0.1:{port}/news/flood"
    report = Importer(library, fetcher).import_sources([url])
    result = report.results[0]
    assert (result.outcome, result.reason) == ("pending", "cannot reach host (connection refused)")
    assert [(h.url, h.status) for h in library.headers()] == [(url, "pending")]
    # Back up: the next download finds it in the queue, as `fetch` would.
    with LocalHTTPServer(port=port) as back:
        back.route("/news/flood", Reply(200, HTML, PAGE.format(title="Flood closes bridge").encode()))
        fetched = Importer(library, fetcher).fetch_pending()
    assert [r.outcome for r in fetched.results] == ["updated"]
    assert [(h.title, h.status) for h in library.headers()] == [("Flood closes bridge", "ready")]


def test_without_a_fetcher_nothing_touches_the_network(server: LocalHTTPServer, library: Library) -> None:
    url = server.route("/news/flood", Reply(200, HTML, PAGE.format(title="Flood").encode()))
    report = Importer(library).import_sources([url])
    assert report.results[0].outcome == "pending"
    assert server.requests == []


def pocket_entry(url: str, n: int) -> Entry:
    return Entry(
        source=f"pocket.zip: part_000000.csv line {n + 1}",
        source_kind="pocket",
        url=url,
        hints={"title": f"Saved title {n}"},
        tags=["later"],
        state=ReadingState(archived=True, read=True),
        saved_at="2023-05-01T10:00:00+00:00",
    )


def test_address_only_entries_wait_then_download_in_place(
    server: LocalHTTPServer, fetcher: Fetcher, library: Library
) -> None:
    good = server.route("/a", Reply(200, HTML, PAGE.format(title="Downloaded later").encode()))
    gone = server.route("/b", Reply(404))
    dead = f"http://127.0.0.1:{closed_port()}/c"
    importer = Importer(library, fetcher)
    for n, url in enumerate([good, gone, dead]):
        assert importer.import_entries([pocket_entry(url, n)]).results[0].outcome == "pending"
    assert server.requests == []  # nothing fetched at import time
    pending = library.headers()
    assert {h.title for h in pending} == {"Saved title 0", "Saved title 1", "Saved title 2"}
    assert all(h.status == "pending" and h.archived for h in pending)

    report = importer.fetch_pending()
    outcomes = {r.source: (r.outcome, r.reason) for r in report.results}
    assert outcomes[good] == ("updated", None)
    assert outcomes[gone] == ("failed", "HTTP 404 Not Found")
    assert outcomes[dead][0] == "pending"  # a host that does not answer may come back
    downloaded = library.get(report.results[0].article_id or 0)
    assert downloaded is not None
    assert downloaded.article.title == "Downloaded later" and downloaded.status == "ready"
    assert downloaded.tags == ["later"] and downloaded.state.archived
    assert downloaded.saved_at == "2023-05-01T10:00:00+00:00"
    failed = [h for h in library.pending(include_failed=True) if h.status == "failed"]
    assert [h.fetch_error for h in failed] == ["HTTP 404 Not Found"]

    # Retrying: the failed one is tried again only when asked.
    assert {r.source for r in importer.fetch_pending().results} == {dead}
    assert gone in {r.source for r in importer.fetch_pending(retry_failed=True).results}


def test_importing_the_same_entries_twice_changes_nothing(
    server: LocalHTTPServer, fetcher: Fetcher, library: Library
) -> None:
    url = server.route("/a", Reply(200, HTML, PAGE.format(title="Once").encode()))
    importer = Importer(library, fetcher)
    importer.import_entries([pocket_entry(url, 0)]).results[0]
    importer.fetch_pending()
    before = library.get(1)
    again = importer.import_entries([pocket_entry(url, 0)]).results[0]
    assert again.outcome == "duplicate"
    assert library.get(1) == before and library.count() == 1
