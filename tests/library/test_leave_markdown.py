"""The `markdown` export and Markdown import: notes with front matter, images beside them, and back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from library.article import Highlight
from library.articlerows import images_of, pending_images_of
from library.export import Selection, export_articles
from library.export.markdown import highlights_section, html_to_markdown
from library.export.staging import safe_stem
from library.importer import Importer
from library.records import StoredArticle, View
from library.sources.markdown import FRONT_MATTER_KEYS, split_highlights
from library.store import Library
from tests.library.leavelibrary import fill_library, png


@pytest.fixture
def full_library(library: Library, tmp_path: Path) -> Library:
    fill_library(library, tmp_path / "sources")
    return library


def notes(folder: Path) -> dict[str, tuple[dict[str, object], str]]:
    """Each note's front matter and body, by file name."""
    found = {}
    for path in folder.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
        assert match, path
        found[path.name] = (yaml.safe_load(match.group(1)), match.group(2))
    return found


def everything(library: Library) -> list[StoredArticle]:
    return [s for h in library.headers(View(), limit=1000) if (s := library.get(h.id)) is not None]


def test_each_article_is_a_note_with_our_front_matter(full_library: Library, tmp_path: Path) -> None:
    report = export_articles(full_library, Selection(), "markdown", tmp_path / "notes")
    written = notes(tmp_path / "notes")
    assert report.articles == len(written) == full_library.count()
    meta, body = written["Committee findings.md"]
    ours = [key for key in meta if key in FRONT_MATTER_KEYS]
    assert ours == [key for key in FRONT_MATTER_KEYS if key in meta] and len(ours) == 9  # no published date
    assert meta["title"] == "Committee findings" and meta["url"] == "https://example.com/news/findings"
    assert meta["author"] == "Ada Writer" and meta["site"] == "Example News"
    assert meta["tags"] == ["long read", "policy"] and meta["state"] == "read"
    assert meta["favourite"] is True and meta["progress"] == 0.42
    assert notes(tmp_path / "notes")["نتائج اللجنة.md"][0]["state"] == "archived"
    assert "![A chart](https://images.example.org/chart.png)" in written["Wallabag findings.md"][1]
    # The body as Markdown: headings, lists, quotes, code, a table, images beside it.
    assert "\n## The numbers\n" in body and "| Year | Firms |" in body and "| 2024 | 1,377 |" in body
    assert "\n- First point, *stressed*\n" in body and "[a link](https://example.com/x)" in body
    assert "\n> We will comply" in body and "```\nrules = simplify(rules)\nwait(years=2)\n```" in body
    images = re.findall(r"!\[([^\]]*)\]\((assets/[0-9a-f]{64}\.\w+)\)", body)
    assert ("A red square", images[0][1]) == images[0] and len(images) == 3
    for _alt, link in images:
        assert (tmp_path / "notes" / link).is_file()
    assert body.rstrip().endswith("> two more years to comply\n\nToo long?\n\nAsk the ministry.")


def test_a_markdown_export_imports_back_with_what_markdown_carries(
    full_library: Library, tmp_path: Path
) -> None:
    export_articles(full_library, Selection(), "markdown", tmp_path / "notes")
    with Library.open(tmp_path / "restored.db") as restored:
        report = Importer(restored).import_sources([str(tmp_path / "notes")])
        assert not report.failures and len(report.results) == full_library.count()
        back = {s.article.title: s for s in everything(restored)}
        for original in everything(full_library):
            again = back[original.article.title]
            article, restored_article = original.article, again.article
            assert restored_article.url == (article.url or article.canonical_url)
            assert (restored_article.byline, restored_article.site_name) == (
                article.byline,
                article.site_name,
            )
            assert restored_article.published == article.published and again.saved_at == original.saved_at
            assert again.tags == original.tags and again.status == original.status
            assert again.state == original.state
            assert [(h.text, h.note) for h in again.highlights] == [
                (h.text, h.note) for h in original.highlights
            ]
            assert {i.data for i in images_of(restored, again.id)} == {
                i.data for i in images_of(full_library, original.id)
            }
            # An image still on the web stays one: a link in the note, a pending image again.
            assert {i.url for i in pending_images_of(restored, again.id)} == {
                i.url for i in pending_images_of(full_library, original.id)
            }
            restored_text = " ".join(restored_article.text.split())
            for paragraph in article.text.split("\n\n"):
                assert " ".join(paragraph.split()) in restored_text


def test_file_names_are_safe_everywhere_and_never_collide(library: Library, tmp_path: Path) -> None:
    from library.article import Article

    titles = [
        "CON",
        'a/b\\c:d*e?f"g<h>i|j',
        "Trailing dots...",
        "Same",
        "same",
        "SAME",
        " ",
        "x" * 300,
        ".hidden",
    ]
    for number, title in enumerate(titles):
        library.save(
            Article(title=title, html="<p>Text</p>", text="Text", url=f"https://example.com/{number}"),
            source_kind="html",
        )
    export_articles(library, Selection(), "markdown", tmp_path / "notes")
    names = sorted(p.name for p in (tmp_path / "notes").glob("*.md"))
    assert len(names) == len(titles) and len({n.casefold() for n in names}) == len(names)
    for name in names:
        stem = name.removesuffix(".md")
        assert not re.search(r'[<>:"/\\|?*\x00-\x1f]', name) and stem == stem.strip(" .")
        assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"} and len(name.encode()) < 200
    folded = {name.casefold() for name in names}
    assert {"same.md", "same (2).md", "same (3).md", "con_.md"} <= folded


def test_safe_stem_keeps_ordinary_titles_as_they_are() -> None:
    assert safe_stem("Ein Bericht über Zürich — 2024") == "Ein Bericht über Zürich — 2024"
    assert safe_stem("") == "Untitled"
    assert safe_stem("What? Why: now") == "What Why now"


def test_layout_tables_become_their_content_and_rows_get_every_column() -> None:
    markdown = html_to_markdown(
        "<table><tr><td><p>Left column</p><ul><li>item</li></ul></td><td><p>Right</p></td></tr></table>"
        "<table><tr><th>Name</th></tr><tr><td>Ada</td><td>1815</td></tr></table>",
        {},
    )
    assert "Left column" in markdown and "\n- item\n" in markdown and "| Left" not in markdown
    assert "| Name |  |" in markdown and "| Ada | 1815 |" in markdown


def test_images_not_in_the_library_become_their_alt_text() -> None:
    markdown = html_to_markdown(
        '<p>Look: <img src="https://tracker.example/p.gif" alt="a chart"> here</p>', {}
    )
    assert markdown.strip() == r"Look: \[a chart\] here"  # brackets escaped: text, not a link


def test_the_highlights_section_reads_back_exactly() -> None:
    highlights = [Highlight("one line"), Highlight("two\nlines\n\nand a paragraph", note="a note\n\nin two")]
    body, found = split_highlights("Body text.\n\n" + highlights_section(highlights))
    assert body.strip() == "Body text." and [(h.text, h.note) for h in found] == [
        ("one line", ""),
        ("two\nlines\n\nand a paragraph", "a note\n\nin two"),
    ]
    # A "Highlights" heading inside an article, with more of the article after it, stays the article's.
    text = "## Highlights\n\n> a quote\n\n## Later\n\nMore."
    assert split_highlights(text) == (text, [])


def test_web_clipper_notes_import_with_their_metadata(library: Library, tmp_path: Path) -> None:
    tmp_path = tmp_path / "vault"
    (tmp_path / "assets").mkdir(parents=True)
    (tmp_path / "assets" / "one.png").write_bytes(png(1, 2, 3))
    (tmp_path / "Obsidian.md").write_text(
        '---\ntitle: "Clipped: a story"\nsource: "https://example.com/story"\nauthor:\n  - "[[Ana Lima]]"\n'
        '  - "[[Bo Berg]]"\npublished: 2024-02-01\ncreated: 2024-03-01\ndescription: "A story."\n'
        'tags:\n  - "clippings"\n  - "#news"\n---\n# Clipped: a story\n\nThe first paragraph of the story.\n\n'
        "![one](assets/one.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script><b onclick=x>bold</b>\n",
        encoding="utf-8",
    )
    (tmp_path / "MarkDownload.md").write_text(
        "---\ntitle: Downloaded\nurl: https://example.org/d\ndate: 2023-07-04T10:00:00Z\n---\n\n"
        "Some ~~old~~ text with `code`.\n",
        encoding="utf-8",
    )
    (tmp_path / "outside.md").write_text(
        "---\ntitle: outside\n---\nA note\n\n![secret](../../etc/passwd)\n", encoding="utf-8"
    )
    (tmp_path / "README.md").write_text("# My own notes\n\nNot a saved article.\n", encoding="utf-8")
    report = Importer(library).import_sources([str(tmp_path)])
    assert not report.failures and report.count("imported") == 3 and report.count("skipped") == 1
    by_title = {s.article.title: s for s in everything(library)}
    clipped = by_title["Clipped: a story"]
    assert (
        clipped.article.url == "https://example.com/story" and clipped.article.byline == "Ana Lima, Bo Berg"
    )
    assert clipped.article.published == "2024-02-01" and clipped.saved_at.startswith("2024-03-01")
    assert clipped.article.excerpt == "A story." and clipped.tags == ["clippings", "news"]
    assert clipped.source_kind == "markdown"
    html = clipped.article.html
    assert "<table>" in html and "<h1>" not in html and "script" not in html and "onclick" not in html
    assert [i.data for i in images_of(library, clipped.id)] == [png(1, 2, 3)]
    assert re.search(r'<img src="library-image:[0-9a-f]{64}"', html)
    downloaded = by_title["Downloaded"]
    assert downloaded.saved_at.startswith("2023-07-04T10:00:00") and "<s>old</s>" in downloaded.article.html
    assert images_of(library, by_title["outside"].id) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nBody\n", "not valid YAML"),
        ("---\n- a list\n---\nBody\n", "keys and values"),
    ],
)
def test_bad_front_matter_is_reported_with_the_file(
    library: Library, tmp_path: Path, text: str, reason: str
) -> None:
    note = tmp_path / "bad.md"
    note.write_text(text, encoding="utf-8")
    report = Importer(library).import_sources([str(note)])
    assert [r.outcome for r in report.results] == ["failed"] and reason in (report.results[0].reason or "")
