"""A plain list of web addresses, one a line: recognised by content, read a line at a time."""

from __future__ import annotations

from pathlib import Path

from library.article import Entry, Rejected
from library.sources.exports import addresses
from library.store import Library
from tests.library.exportfiles import HEAD_BYTES, detect, import_into, read_export, write_text


def test_a_list_of_addresses_becomes_one_article_each(library: Library, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "links.txt",
        "\ufeffhttps://example.com/one\n\n# saved from my phone\nhttps://example.org/two?ref=list\r\n"
        "  https://example.net/three  \n",
    )
    assert detect(path) is addresses.read_address_list
    report, stored = import_into(library, path)
    assert [r.outcome for r in report.results] == ["pending"] * 3
    assert [r.source for r in report.results] == ["links.txt line 1", "links.txt line 4", "links.txt line 5"]
    assert sorted(s.article.url or "" for s in stored) == [
        "https://example.com/one",
        "https://example.net/three",
        "https://example.org/two?ref=list",
    ]
    assert all(s.status == "pending" and s.tags == [] for s in stored)


def test_a_line_further_down_that_is_no_address_is_reported_with_its_number(tmp_path: Path) -> None:
    # Past the part recognition reads, so the file is still taken for a list.
    lines = [f"https://example.com/{n}" for n in range(5000)]
    lines.insert(4000, "call Ada about this")
    path = write_text(tmp_path / "links.txt", "\n".join(lines) + "\n")
    assert len("\n".join(lines[:4000])) > HEAD_BYTES
    results = read_export(path)
    assert len(results) == 5001
    assert results[4000] == Rejected("links.txt line 4001", "not a web address: 'call Ada about this'")
    assert isinstance(results[-1], Entry) and results[-1].url == "https://example.com/4999"


def test_text_with_an_address_in_it_is_not_a_list(tmp_path: Path) -> None:
    path = write_text(tmp_path / "note.txt", "Read this later:\nhttps://example.com/one\n")
    assert detect(path) is None
