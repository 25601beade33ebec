"""`article-reader export` from the command line: choosing what, saying what happened, failing cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from library.article import Article
from library.cli import main
from library.store import Library

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    path = tmp_path / "library.db"
    with Library.open(path) as library:
        for number in range(8):
            library.save(
                Article(
                    title=f"Story {number}",
                    html=f"<p>{'harbour' if number < 3 else 'field'} {number}</p>",
                    text=f"{'harbour' if number < 3 else 'field'} {number}",
                    url=f"https://example.com/{number}",
                ),
                source_kind="html",
                tags=["work"] if number % 2 else [],
            )
        library.set_state([1, 2], favorite=True)
        library.set_state([3], archived=True, read=True)
    return path


def exported_titles(path: Path) -> set[str]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return {article["title"] for article in document["articles"]}


@pytest.mark.parametrize(
    ("choice", "titles"),
    [
        ([], {f"Story {n}" for n in range(8)}),
        (["--favorites"], {"Story 0", "Story 1"}),
        (["--archived"], {"Story 2"}),
        (["--tag", "work"], {"Story 1", "Story 3", "Story 5", "Story 7"}),
        (["--search", "harbour"], {"Story 0", "Story 1", "Story 2"}),
        (["--search", "harbour", "--favorites"], {"Story 0", "Story 1"}),
        (["5", "4"], {"Story 4", "Story 3"}),
    ],
)
def test_export_takes_all_a_view_a_search_or_ids(
    library_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    choice: list[str],
    titles: set[str],
) -> None:
    out = tmp_path / "out.json"
    assert main(["--library", str(library_path), "export", "--format", "json", "-o", str(out), *choice]) == 0
    assert exported_titles(out) == titles
    assert f"Exported {len(titles)} article" in capsys.readouterr().out


def test_usage_errors_exit_2_and_write_nothing(
    library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    base = ["--library", str(library_path), "export", "--format", "json", "-o", str(out)]
    with pytest.raises(SystemExit) as exited:
        main([*base, "1", "--unread"])
    assert exited.value.code == 2 and "not both" in capsys.readouterr().err
    assert main([*base, "99"]) == 2 and "no article with id 99" in capsys.readouterr().err
    out.write_text("mine", encoding="utf-8")
    assert main(base) == 2 and "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"


def test_an_export_that_runs_out_of_room_leaves_nothing(tmp_path: Path) -> None:
    import hashlib
    import os

    from library.records import StoredImage, image_reference

    library_path = tmp_path / "library.db"
    picture = b"\x89PNG\r\n\x1a\n" + os.urandom(1_000_000)
    digest = hashlib.sha256(picture).hexdigest()
    with Library.open(library_path) as library:
        library.save(
            Article(
                title="Picture",
                html=f'<p><img src="{image_reference(digest)}"></p>',
                text="",
                url="https://example.com/p",
            ),
            source_kind="html",
            images=[StoredImage(digest, None, "image/png", picture)],
        )
        library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Writes past the library's own size fail, as on a full disk: the export (the picture in
    # base64, a third larger) cannot be written, while the library still can be.
    limit = library_path.stat().st_size + 100_000
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        "from library.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    out = tmp_path / "out"
    out.mkdir()
    finished = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "--library",
            str(library_path),
            "export",
            "--format",
            "json",
            "-o",
            str(out / "big.json"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 2 and "cannot be written (File too large)" in finished.stderr
    assert list(out.iterdir()) == []


def test_exports_read_back_with_import(
    library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt, name in (("json", "all.zip"), ("markdown", "notes"), ("csv", "p.csv"), ("bookmarks", "b.html")):
        out = tmp_path / name
        assert main(["--library", str(library_path), "export", "--format", fmt, "-o", str(out), "-q"]) == 0
        restored = tmp_path / f"{name}.db"
        assert main(["--library", str(restored), "import", "--offline", "-q", str(out)]) == 0
        summary = capsys.readouterr().out.splitlines()[-1]
        assert "failed 0" in summary, (fmt, summary)
        with Library.open(restored) as library:
            assert library.count() == 8, fmt
