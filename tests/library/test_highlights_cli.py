"""The highlight commands, run in-process on a real library file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from library.article import Article, Highlight
from library.cli import main
from library.store import Library

TEXT = (
    "The harbour plan was approved on Monday after a long debate in the council chamber.\n\n"
    "Work on the new quay is to begin next spring, and the old quay will close."
)
JSON_KEYS = {"id", "quote", "prefix", "suffix", "start", "end", "note", "color", "created_at", "placed"}


@pytest.fixture
def cli(library_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `article-reader --library <tmp> ARGS`; return (status, stdout, stderr)."""
    with Library.open(library_path) as library:
        library.save(
            Article(title="Harbour plan", text=TEXT, html="<p>x</p>", url="https://example.com/h"),
            source_kind="pocket",
            highlights=[Highlight("A passage from an older version of the page", "kept")],
        )

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--library", str(library_path), *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def test_highlight_by_quote_then_list_and_show_it(cli) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = cli(
        "highlight", "1", "--quote", "long  DEBATE", "--note", "why so long?", "--color", "blue"
    )
    assert status == 0 and out == "highlighted 2: “long debate”\n"
    status, out, _ = cli("highlights", "1")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "     2 blue   “long debate”" and lines[1].strip() == "note: why so long?"
    assert "(not found in the current text)" in lines[2]
    status, out, _ = cli("show", "1", "--format", "json")
    highlights = json.loads(out)["highlights"]
    assert [h["quote"] for h in highlights] == ["long debate", "A passage from an older version of the page"]
    assert all(set(h) >= JSON_KEYS for h in highlights)
    placed, missing = highlights
    assert TEXT[placed["start"] : placed["end"]] == "long debate" and placed["placed"] is True
    assert (
        placed["prefix"].endswith("after a ")
        and placed["color"] == "blue"
        and placed["note"] == "why so long?"
    )
    assert (missing["placed"], missing["start"], missing["end"], missing["note"]) == (
        False,
        None,
        None,
        "kept",
    )


def test_the_library_list_newest_first_as_json_and_filtered(cli) -> None:  # type: ignore[no-untyped-def]
    cli("highlight", "1", "--quote", "new quay", "--color", "green")
    status, out, _ = cli("highlights", "--json")
    rows = json.loads(out)
    assert status == 0 and next(row["quote"] for row in rows) == "new quay"
    assert {row["article_title"] for row in rows} == {"Harbour plan"}
    status, out, _ = cli("highlights", "--color", "green")
    assert "in article 1: Harbour plan" in out and "older version" not in out
    assert json.loads(cli("highlights", "--search", "older", "--json")[1])[0]["note"] == "kept"
    status, out, err = cli("highlights", "--color", "purple")
    assert (status, out, err) == (0, "", "No highlights here.\n")


def test_a_quote_that_is_missing_or_ambiguous_exits_1_saying_why(cli) -> None:  # type: ignore[no-untyped-def]
    status, _, err = cli("highlight", "1", "--quote", "a new bridge")
    assert status == 1 and "the quote is not in the text of article 1" in err
    status, _, err = cli("highlight", "1", "--quote", "quay")
    assert status == 1 and "occurs 2 times in article 1; choose one of 1-2 with --occurrence N" in err
    status, _, err = cli("highlight", "1", "--quote", "quay", "--occurrence", "3")
    assert status == 1 and "no occurrence 3" in err
    status, out, _ = cli("highlight", "1", "--quote", "quay", "--occurrence", "2", "--json")
    made = json.loads(out)
    assert status == 0 and made["start"] == TEXT.index("old quay") + 4 and set(made) >= JSON_KEYS
    assert cli("highlight", "7", "--quote", "quay")[0] == 2  # no such article


def test_unhighlight_deletes_one(cli) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = cli("unhighlight", "1")
    assert status == 0 and out == "deleted highlight 1: “A passage from an older version of the page”\n"
    assert json.loads(cli("highlights", "1", "--json")[1]) == []
    status, _, err = cli("unhighlight", "1")
    assert status == 2 and "no highlight with id 1" in err


def test_search_says_when_it_found_a_note(cli) -> None:  # type: ignore[no-untyped-def]
    cli("highlight", "1", "--quote", "new quay", "--note", "Concrete in March")
    status, out, _ = cli("search", "concrete")
    assert status == 0 and "in a note: [Concrete] in March" in out
    (hit,) = json.loads(cli("search", "concrete", "--json")[1])
    assert hit["found_in"] == "note" and hit["highlight_id"] == 2
