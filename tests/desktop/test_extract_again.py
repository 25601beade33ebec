"""Extract Again and Show Original Page, through the real window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from library.importer import Importer
from library.store import Library
from tests.desktop.conftest import Dialogs, WindowFactory

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Quiet harbour</title>
<link rel="canonical" href="https://news.example.org/quiet-harbour"></head><body>
<nav><a href="/">Home page of the Harbour Gazette</a></nav><article><h1>Quiet harbour</h1>
<p>The harbour was quiet on Sunday, with most of the fleet laid up for the winter repairs.</p>
<p>Harbour master Ana Ruiz said the season had been the best in a decade for the small boats.</p>
<p>Repairs to the north quay start next week and should be finished before the spring tides.</p>
</article><footer>Copyright the Harbour Gazette</footer><script>alert("never shown")</script></body></html>"""


def imported(library: Library, tmp_path: Path) -> int:
    page = tmp_path / "harbour.html"
    page.write_text(PAGE)
    return Importer(library).import_sources([str(page)]).results[0].article_id or 0


def test_extract_again_puts_the_article_right_and_keeps_the_reader_where_they_were(
    qtbot: QtBot, make_window: WindowFactory, library: Library, tmp_path: Path
) -> None:
    article_id = imported(library, tmp_path)
    library.set_state([article_id], favorite=True)
    with library.transaction():
        # As an older extractor left it: the chrome, not the story.
        library.db.execute(
            "UPDATE articles SET html = '<p>Home page of the Harbour Gazette</p>', "
            "text = 'Home page of the Harbour Gazette', content_hash = 'older' WHERE id = ?",
            [article_id],
        )
    window = make_window(library)
    window.open_article(article_id)
    assert "best in a decade" not in window.reader.toPlainText()
    window.action("extract_again").trigger()
    qtbot.waitUntil(lambda: "best in a decade" in window.reader.toPlainText())
    assert "Extracted again: 1 article changed" in window.statusBar().currentMessage()
    stored = library.get(article_id)
    assert stored is not None and stored.state.favorite and library.count() == 1


def test_show_original_page_shows_the_whole_page_as_text(
    make_window: WindowFactory, library: Library, tmp_path: Path, dialogs: Dialogs
) -> None:
    article_id = imported(library, tmp_path)
    window = make_window(library)
    window.open_article(article_id)
    assert window.action("show_original").isEnabled()
    window.action("show_original").trigger()
    [(title, text)] = dialogs.texts
    assert title == "Original page: Quiet harbour"
    assert "Home page of the Harbour Gazette" in text and "Copyright the Harbour Gazette" in text
    assert "best in a decade" in text
    assert "<" not in text and "alert" not in text
