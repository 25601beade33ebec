"""What every export reader gets from the shared helpers: malformed CSV rows, zip budgets, hostile JSON."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from library.article import Entry, Rejected
from library.sources.exports.common import ArchiveBudgetSpent, ExportZip, csv_records, read_zip_export
from tests.library.exportfiles import read_export, write_text, write_zip

HEADER = "title,url,time_added,tags,status\n"


def pocket_rows(count: int) -> list[str]:
    return [f"Article {n},https://example.com/{n},1700000000,,unread\n" for n in range(count)]


def test_an_unterminated_quote_costs_one_row_not_the_rest(tmp_path: Path) -> None:
    rows = pocket_rows(10_000)
    rows[99] = '"Article 99 with a stray quote,https://example.com/99,1700000000,,unread\n'
    path = write_text(tmp_path / "part_000000.csv", HEADER + "".join(rows))
    results = read_export(path)
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert len(rejected) == 1
    assert rejected[0].source == "part_000000.csv line 101"
    assert rejected[0].reason.startswith("1 fields where the header has 5; it runs on to line 10001")
    assert rejected[0].reason.endswith("so reading goes on from line 102")
    entries = [r for r in results if isinstance(r, Entry)]
    assert len(entries) == 9_999
    assert entries[99].source == "part_000000.csv line 102" and entries[99].url == "https://example.com/100"


def test_wrong_field_counts_and_nul_bytes_are_reported_by_line(tmp_path: Path) -> None:
    text = (
        HEADER
        + "".join(pocket_rows(2))
        + "Short,https://example.com/x\n"
        + "Nul\x00,https://example.com/n,1,,unread\n"
    )
    text += "".join(pocket_rows(1))
    results = list(csv_records(text, "part.csv"))
    assert [r.source for r in results] == [f"part.csv line {n}" for n in range(2, 7)]
    assert results[2] == Rejected("part.csv line 4", "2 fields where the header has 5")
    assert results[3] == Rejected("part.csv line 5", "holds NUL bytes (binary data, not text)")


def test_a_quoted_field_over_several_lines_is_still_one_row(tmp_path: Path) -> None:
    text = (
        HEADER
        + '"A title\nover two lines",https://example.com/a,1700000000,,unread\n'
        + "".join(pocket_rows(1))
    )
    results = list(csv_records(text, "part.csv"))
    assert [r.source for r in results] == ["part.csv line 2", "part.csv line 4"]
    assert all(not isinstance(r, Rejected) for r in results)


def test_a_zip_of_huge_members_stops_at_its_budget_and_says_so(tmp_path: Path) -> None:
    # Members that inflate a thousand times: the budget for a small archive is reached quickly.
    members = {
        f"part_{n:06d}.csv": HEADER + "x" * 2_000_000 + f",https://example.com/{n},1700000000,,unread\n"
        for n in range(6)
    }
    path = write_zip(tmp_path / "pocket.zip", members)
    with ExportZip(path, total_limit=5_000_000) as archive:
        archive.read("part_000000.csv")
        archive.read("part_000001.csv")
        with pytest.raises(ArchiveBudgetSpent, match="inflates to more than 5 MB in all"):
            archive.read("part_000002.csv")
    results = list(read_zip_export(path, one_entry_a_member, total_limit=5_000_000))
    assert [r.source for r in results if isinstance(r, Entry)] == ["part_000000.csv", "part_000001.csv"]
    assert results[-1] == Rejected(
        "pocket.zip",
        "the archive inflates to more than 5 MB in all (the budget for an archive of its size); "
        "the rest of it was not read",
    )


def one_entry_a_member(archive: ExportZip) -> Iterator[Entry | Rejected]:
    """A reader that inflates every member, as an Omnivore zip's articles are, one entry each."""
    for name in archive.names():
        archive.read(name)
        yield Entry(source=name, source_kind="test", url="https://example.com/")


def test_the_default_budget_grows_with_the_archive_but_not_past_four_gigabytes() -> None:
    from library.sources.exports.common import MAX_ZIP_TOTAL_BYTES, MIB, inflate_budget

    assert inflate_budget(5 * MIB) == 256 * MIB + 25 * 5 * MIB
    assert inflate_budget(10_000 * MIB) == MAX_ZIP_TOTAL_BYTES


def test_a_zip_that_takes_too_long_to_inflate_stops_at_its_time_budget(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "slow.zip", {"a.csv": "a" * 10, "b.csv": "b" * 10}, zipfile.ZIP_BZIP2)
    ticks = iter(range(0, 1000, 40))  # every reading of the clock is 40 s later than the last
    with ExportZip(path, seconds_limit=60, clock=lambda: float(next(ticks))) as archive:
        assert archive.read("a.csv") == b"a" * 10
        with pytest.raises(ArchiveBudgetSpent, match="took more than 60 s in all"):
            archive.read("b.csv")


def test_json_nested_past_any_export_is_refused_quickly(tmp_path: Path) -> None:
    path = write_text(tmp_path / "deep.json", "[" * 200_000 + json.dumps({"href": 1}) + "]" * 200_000)
    assert read_export_or_none(path) is None


def read_export_or_none(path: Path) -> object:
    from tests.library.exportfiles import detect

    return detect(path)
