"""Extract again from the kept original: same id, state, tags and highlights; images from the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.article import ReadingState
from library.cli import main
from library.importer import Importer
from library.originals import KEEP_ORIGINALS, load_original
from library.reextract import reextract
from library.store import Library

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Quiet harbour</title>
<link rel="canonical" href="https://news.example.org/quiet-harbour"></head><body>
<nav><a href="/">Home</a></nav><article><h1>Quiet harbour</h1>
<p>The harbour was quiet on Sunday, with most of the fleet laid up for the winter repairs.</p>
<img src="./Quiet_files/photo.png" alt="Boats">
<p>Harbour master Ana Ruiz said the season had been the best in a decade for the small boats.</p>
<p>Repairs to the north quay start next week and should be finished before the spring tides.</p>
</article><footer>Copyright</footer></body></html>"""


@pytest.fixture
def saved_page(tmp_path: Path) -> Path:
    page = tmp_path / "Quiet.html"
    page.write_text(PAGE)
    (tmp_path / "Quiet_files").mkdir()
    (tmp_path / "Quiet_files" / "photo.png").write_bytes(PNG)
    return page


def test_extracting_again_restores_the_article_and_keeps_what_the_reader_did(
    library: Library, saved_page: Path
) -> None:
    report = Importer(library).import_sources([str(saved_page)])
    article_id = report.results[0].article_id or 0
    fresh = library.get(article_id)
    assert fresh is not None and "library-image:" in fresh.article.html
    library.set_state([article_id], favorite=True, archived=True)
    library.add_tags([article_id], ["harbours"])
    with library.transaction():
        library.db.execute(
            "INSERT INTO highlights (article_id, quote, note) VALUES (?, 'best in a decade', 'good year')",
            [article_id],
        )
        # As an older, worse extractor left it.
        library.db.execute(
            "UPDATE articles SET html = '<p>Home Copyright</p>', text = 'Home Copyright', content_hash = 'older' "
            "WHERE id = ?",
            [article_id],
        )
    again = reextract(library, [article_id])
    assert [r.outcome for r in again.results] == ["updated"]
    stored = library.get(article_id)
    assert stored is not None
    assert stored.article.text == fresh.article.text and stored.article.html == fresh.article.html
    assert stored.state == ReadingState(read=False, favorite=True, archived=True, progress=0.0)
    assert stored.tags == ["harbours"]
    # The highlight was nowhere in the older text; it is placed in the new one.
    (highlight,) = stored.highlights
    assert (highlight.quote, highlight.note, highlight.placement) == (
        "best in a decade",
        "good year",
        "exact",
    )
    assert stored.article.text[highlight.start or 0 : highlight.end] == "best in a decade"
    assert library.count() == 1
    # Once more changes nothing.
    assert [r.outcome for r in reextract(library, [article_id]).results] == ["duplicate"]


def test_without_kept_originals_there_is_nothing_to_extract_again(library: Library, saved_page: Path) -> None:
    library.set_setting(KEEP_ORIGINALS, "false")
    article_id = Importer(library).import_sources([str(saved_page)]).results[0].article_id or 0
    assert load_original(library, article_id) is None
    report = reextract(library, [article_id, 999])
    assert [(r.outcome, r.reason) for r in report.results] == [
        ("failed", "no original page was kept"),
        ("failed", "no such article"),
    ]


def test_the_command_line_extracts_everything_again(
    library_path: Path, saved_page: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--library", str(library_path), "import", "--offline", str(saved_page)]) == 0
    assert main(["--library", str(library_path), "reextract", "--all"]) == 0
    assert "extracted again 0, unchanged 1, failed 0" in capsys.readouterr().out
    assert main(["--library", str(library_path), "reextract", "1", "999"]) == 1
    assert "unchanged 1, failed 1\n  failed: article 999: no such article" in capsys.readouterr().out
    assert main(["--library", str(library_path), "settings", "keep-originals", "false"]) == 0
    assert main(["--library", str(library_path), "settings"]) == 0
    assert "keep-originals = false" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--library", str(library_path), "settings", "keep-originals", "maybe"])
    with pytest.raises(SystemExit):
        main(["--library", str(library_path), "reextract"])
