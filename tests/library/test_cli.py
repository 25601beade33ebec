"""The command line, run in-process on a real library file (and once as a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from library.cli import main

PAGE = """<html lang="en"><head><title>Harbour plan approved</title>
<meta property="og:site_name" content="Example Times"></head><body><article><h1>Harbour plan approved</h1>
<p>The harbour plan was approved on Monday after a long debate in the council chamber, officials said.</p>
<p>Work on the new quay is to begin next spring and last two years, according to the published timetable.</p>
<p>Fishermen welcomed the decision, saying the old quay had been unsafe for more than a decade.</p>
</article></body></html>"""


@pytest.fixture
def cli(library_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `article-reader --library <tmp> ARGS`; return (status, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--library", str(library_path), *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_import_summary_and_exit_status(cli, page: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = cli("import", "--offline", str(page))
    assert status == 0 and "imported 1" in out
    status, out, _ = cli("import", "--offline", str(page), str(tmp_path / "nope.html"))
    assert status == 1
    assert "duplicates 1" in out and "failed 1" in out
    assert f"failed: {tmp_path / 'nope.html'}: no such file" in out


def test_seed_import_then_search(cli, seed_page: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", "--offline", str(seed_page))[0] == 0
    status, out, _ = cli("search", "Stoltenberg", "--json")
    hits = json.loads(out)
    assert status == 0 and [h["title"] for h in hits] == [
        "NATO urges more Russia talks to defuse Ukraine crisis"
    ]
    assert "Stoltenberg" in hits[0]["snippet"]
    status, out, _ = cli("search", '"security demands"', "--json")
    assert len(json.loads(out)) == 1
    for query in ['"', "*", "NEAR(", "-x", "AND"]:
        # `--` ends the options, so "-x" is a query and not a flag, as in any command line.
        assert cli("search", "--", query)[0] == 0


def test_list_show_mark_tag_delete(cli, page: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", "--offline", str(page))
    items = json.loads(cli("list", "--json")[1])
    assert len(items) == 1
    item = items[0]
    assert item["title"] == "Harbour plan approved" and item["site_name"] == "Example Times"
    assert "html" not in item and "text" not in item
    for key in (
        "id",
        "url",
        "tags",
        "favorite",
        "archived",
        "read",
        "progress",
        "saved_at",
        "byline",
        "published",
        "lang",
        "dir",
        "excerpt",
        "lead_image",
        "word_count",
        "section",
    ):
        assert key in item, key
    article_id = str(item["id"])

    shown = json.loads(cli("show", article_id, "--format", "json")[1])
    assert "The harbour plan was approved on Monday" in shown["text"] and "<p>" in shown["html"]
    assert "Fishermen welcomed" in cli("show", article_id)[1]
    assert cli("show", article_id, "--format", "html")[1].lstrip().startswith("<")

    assert cli("mark", article_id, "--favorite", "--read")[0] == 0
    assert json.loads(cli("list", "--favorites", "--json")[1])[0]["read"] is True
    assert json.loads(cli("list", "--unread", "--json")[1]) == []
    cli("mark", article_id, "--archive")
    assert len(json.loads(cli("list", "--archived", "--json")[1])) == 1

    assert cli("tag", article_id, "--add", "harbours", "--add", "local")[0] == 0
    assert json.loads(cli("list", "--tag", "local", "--json")[1])[0]["tags"] == ["harbours", "local"]
    cli("tag", article_id, "--remove", "local")
    assert json.loads(cli("list", "--tag", "local", "--json")[1]) == []

    assert cli("delete", article_id)[0] == 0
    assert json.loads(cli("list", "--json")[1]) == []


def test_usage_errors_exit_2(cli, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A named library that is not there is not made by a command that only reads or changes it.
    for command in (("list",), ("show", "1"), ("mark", "1", "--read"), ("export", "-f", "json", "-o", "x")):
        with pytest.raises(SystemExit) as exited:
            cli(*command)
        assert exited.value.code == 2
    assert not library_path.exists()
    cli("import", "--offline", "https://example.com/a")  # import makes it
    status, _, err = cli("show", "999")
    assert status == 2 and "no article with id 999" in err
    with pytest.raises(SystemExit) as exited:
        cli("mark", "1", "--read", "--unread")
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        cli("list", "--limit", "0")
    assert exited.value.code == 2


def test_a_garbage_library_is_refused_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00\x01garbage" * 1000)
    before = garbage.read_bytes()
    assert main(["--library", str(garbage), "list"]) == 2
    err = capsys.readouterr().err
    assert str(garbage) in err and "not an SQLite database" in err and "Traceback" not in err
    assert garbage.read_bytes() == before


def test_extract_json_keys_and_errors(page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.html"
    assert main(["extract", "--json", str(page), str(missing)]) == 1
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    expected_keys = {
        "source",
        "title",
        "byline",
        "site_name",
        "section",
        "published",
        "lang",
        "dir",
        "excerpt",
        "lead_image",
        "word_count",
        "text",
        "html",
    }
    assert expected_keys <= set(first)
    assert first["source"] == str(page) and first["title"] == "Harbour plan approved"
    assert first["text"].count("\n\n") == 2
    assert second == {"source": str(missing), "error": "no such file or folder"}


def test_the_installed_command_documents_every_command() -> None:
    script = Path(sys.executable).with_name("article-reader")
    out = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True).stdout
    for command in (
        "import",
        "fetch",
        "list",
        "search",
        "show",
        "mark",
        "tag",
        "delete",
        "extract",
        "--library",
        "--screenshot",
    ):
        assert command in out
    help_of_list = subprocess.run(
        [str(script), "list", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "--unread" in help_of_list and "--json" in help_of_list


def test_export_help_lists_every_format_and_extract_does_not_load_the_exporters(tmp_path: Path) -> None:
    from library.export import FORMATS

    script = Path(sys.executable).with_name("article-reader")
    help_of_export = subprocess.run(
        [str(script), "export", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for name, fmt in FORMATS.items():
        assert f"{name:<10} {fmt.description}" in help_of_export
    wrong = subprocess.run(
        [str(script), "--library", str(tmp_path / "l.db"), "export", "--format", "nope", "-o", "x"],
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 2 and "'markdown'" in wrong.stderr
    # `extract` is timed as a whole process per batch of pages: the exporters are not its business,
    # nor are the readers of archives, mail-format pages, JSON and property lists, or the records
    # of a library, which a folder of pages never needs.
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>" + "A sentence of the article, with words. " * 20 + "</p></body></html>")
    probe = (
        "import sys; from desktop.launcher import main; main(['extract', '--json', sys.argv[1]]); "
        "unneeded = ('library.export', 'rapidfuzz', 'zipfile', 'email', 'ijson', 'plistlib', 'library.records'); "
        "print(any(m in sys.modules for m in unneeded), file=sys.stderr)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe, str(page)], capture_output=True, text=True, check=True
    ).stderr
    assert loaded.strip().endswith("False")


HOSTILE = "Breaking\x1b]0;pwned\x07 news\x1b[31m red\x1b[2J\x9b1m\x07\x00\u2028end"


def test_text_from_outside_reaches_the_terminal_without_escapes(cli, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    from library.article import Article
    from library.store import Library

    with Library.open(library_path) as library:
        saved = library.save(
            Article(title=HOSTILE, url="https://example.com/a", html="<p>x</p>", text=f"Body {HOSTILE}"),
            source_kind="html",
            tags=[f"tag{HOSTILE}"],
        )
    article_id = str(saved.article_id)
    for args in (("list",), ("search", "Breaking"), ("show", article_id), ("tag", article_id, "--add", "x")):
        status, out, err = cli(*args)
        assert status == 0, args
        assert not any(ch in out + err for ch in "\x1b\x07\x00\x9b\u2028"), args
    listed = cli("list")[1]
    # A window-title string is removed whole; colour codes go, the words stay.
    assert "Breaking news red" in listed and "pwned" not in listed


def test_json_output_escapes_the_separators_javascript_takes_for_line_ends(cli, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    from library.article import Article
    from library.store import Library

    with Library.open(library_path) as library:
        library.save(
            Article(title="One\u2028Two\u2029Three", url="https://example.com/a", html="<p>x</p>", text="x"),
            source_kind="html",
        )
    out = cli("list", "--json")[1]
    assert "\u2028" not in out and "\u2029" not in out and "\\u2028" in out
    assert json.loads(out)[0]["title"] == "One\u2028Two\u2029Three"


def test_empty_answers_say_so_and_json_stays_a_list(cli, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    from library.store import Library

    Library.open(library_path).close()
    status, out, err = cli("list")
    assert status == 0 and out == "" and "No articles" in err
    status, out, err = cli("search", "anything")
    assert status == 0 and out == "" and "Nothing matches 'anything'" in err
    assert json.loads(cli("list", "--json")[1]) == [] and json.loads(cli("search", "x", "--json")[1]) == []


def test_an_empty_tag_is_refused(cli, page: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", "--offline", str(page))
    for empty in ("", "   "):
        with pytest.raises(SystemExit) as exited:
            cli("tag", "1", "--add", empty)
        assert exited.value.code == 2
    assert json.loads(cli("list", "--json")[1])[0]["tags"] == []


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import metadata

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"article-reader {metadata.version('article-reader')}"


def test_import_summary_counts_skipped_files_apart_from_failures(cli, page: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "harbour.html").write_text(PAGE, encoding="utf-8")
    (folder / "data.json").write_text('{"version": 1}', encoding="utf-8")
    (folder / "notes.py").write_text("print('not an article')\n", encoding="utf-8")
    status, out, _ = cli("import", "--offline", str(folder))
    assert status == 0
    assert out.splitlines()[0].endswith("failed 0, skipped 2")


def test_fetch_says_what_it_downloaded_and_what_still_waits(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.library.httpserver import LocalHTTPServer, Reply

    with LocalHTTPServer() as server:
        page = server.route("/harbour", Reply(200, {"content-type": "text/html"}, PAGE.encode()))
        addresses = tmp_path / "reading-list.txt"
        addresses.write_text(f"{page}\n{server.url('/gone')}\n")
        assert cli("import", "--offline", str(addresses))[0] == 0
        monkeypatch.setenv("ARTICLE_READER_OFFLINE", "1")
        status, out, err = cli("fetch")
        assert status == 0 and "working offline" in err and server.requests == []
        monkeypatch.delenv("ARTICLE_READER_OFFLINE")
        status, out, _ = cli("fetch")
    assert status == 1
    assert out.splitlines()[0] == "downloaded 1, failed 1, still waiting 0"
    assert "HTTP 404" in out
    status, out, _ = cli("fetch")
    assert status == 0 and "Nothing to download" in out


def test_an_address_whose_host_is_down_waits_and_the_summary_says_why(cli) -> None:  # type: ignore[no-untyped-def]
    from tests.library.httpserver import closed_port

    url = f"http://127.0.0.1:{closed_port()}/story"
    status, out, _err = cli("import", url)
    assert status == 0
    assert "to download later 1, failed 0" in out
    assert (
        f"  waiting: {url}: cannot reach host (connection refused) (article-reader fetch tries again)" in out
    )
    status, out, _err = cli("fetch")
    assert "still waiting 1" in out and f"waiting: {url}: cannot reach host" in out
