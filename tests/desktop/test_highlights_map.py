"""The map between an article's plain text and the reading pane's document, on real pages and odd ones."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from desktop.highlights_map import TextMap
from desktop.readerview import ReaderView
from library.article import Article, Document
from library.extract import extract
from library.store import Library
from tests.conftest import SHARED, need_shared
from tests.desktop.conftest import ReaderViewFactory

_SPACES = re.compile(r"\s+")


@pytest.fixture
def view(make_reader_view: ReaderViewFactory) -> ReaderView:
    return make_reader_view(900, 700)


def shown(view: ReaderView, library: Library, article: Article) -> str:
    """Save `article`, show it, and return its text as the library keeps it."""
    stored = library.get(library.save(article, source_kind="html").article_id)
    assert stored is not None
    view.show_article(stored)
    return stored.article.text


def document_text(view: ReaderView, start: int, end: int) -> str:
    """The characters of the pane's document from `start` to `end`, spaces and objects aside."""
    document = view.document()
    units = "".join(document.characterAt(position) for position in range(start, end))
    # Positions count UTF-16 units: a character beyond the first plane comes as two halves.
    characters = units.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    return re.sub("[\\s\ufffc\ufdd0\ufdd1\u2029]+", "", characters)


def assert_maps_both_ways(view: ReaderView, text: str, start: int, end: int) -> None:
    mapping = TextMap(view.document(), text)
    span = mapping.to_document(start, end)
    assert span is not None, text[start:end]
    assert document_text(view, *span) == _SPACES.sub("", text[start:end])
    back = mapping.to_text(*span)
    assert back is not None and text[back[0] : back[1]] == text[start:end].strip()


def test_the_header_is_not_the_article(view: ReaderView, library: Library) -> None:
    # The title's words open the text too: the body's first words are mapped, not the title's.
    body = "Harbour plan approved after a long debate.\n\nWork starts in spring."
    text = shown(
        view,
        library,
        Article(
            title="Harbour plan approved",
            section="Local",
            byline="Ann Writer",
            html="".join(f"<p>{p}</p>" for p in body.split("\n\n")),
            text=body,
            url="https://example.com/h",
        ),
    )
    mapping = TextMap(view.document(), text)
    start, _end = mapping.to_document(0, 7) or (0, 0)
    assert view.document().findBlock(start).text().startswith("Harbour plan approved after")
    assert mapping.coverage == 1.0
    assert_maps_both_ways(view, text, 0, len("Harbour plan approved"))


def test_lists_tables_line_breaks_images_captions_and_wide_characters(
    view: ReaderView, library: Library
) -> None:
    html = (
        "<p>First <b>bold</b> words,<br>then a second line.</p>"
        '<p class="caption">A caption the text leaves out</p>'
        "<ul><li>one item</li><li>another item</li></ul>"
        "<table><tr><td>cell one</td><td>cell two</td></tr></table>"
        "<p>Emoji 🎉 and 漢字 and a no-break\u00a0space.</p>"
    )
    text = (
        "First bold words,\nthen a second line.\n\none item\n\nanother item\n\ncell one cell two\n\n"
        "Emoji 🎉 and 漢字 and a no-break space."
    )
    text = shown(
        view, library, Article(title="Odd shapes", html=html, text=text, url="https://example.com/o")
    )
    assert TextMap(view.document(), text).coverage == 1.0
    for passage in (
        "bold words,\nthen a",
        "one item\n\nanother",
        "cell one cell two",
        "🎉 and 漢字",
        "no-break space",
    ):
        start = text.index(passage)
        assert_maps_both_ways(view, text, start, start + len(passage))


def test_a_selection_in_a_caption_or_the_header_keeps_to_the_article(
    view: ReaderView, library: Library
) -> None:
    html = '<p>Before the picture.</p><p class="caption">Photo: somebody</p><p>After the picture.</p>'
    text = shown(
        view,
        library,
        Article(
            title="Pictures",
            html=html,
            text="Before the picture.\n\nAfter the picture.",
            url="https://e.com/p",
        ),
    )
    mapping = TextMap(view.document(), text)
    document = view.document()
    caption = next(b for b in _blocks(view) if b.text().startswith("Photo"))
    whole = (0, document.characterCount() - 1)
    assert mapping.to_text(*whole) == (0, len(text))
    from_caption = mapping.to_text(caption.position() + 2, document.characterCount() - 1)
    assert from_caption == (text.index("After"), len(text))
    assert mapping.to_text(caption.position(), caption.position() + 5) is None


def _blocks(view: ReaderView) -> Iterator[object]:
    block = view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def test_sentences_of_corpus_pages_map_both_ways(view: ReaderView, library: Library) -> None:
    # Every other page of the corpus: enough shapes (tables, code, lists, captions, scripts) in half the time.
    pages = sorted(need_shared(SHARED / "corpus" / "readability").glob("*/source.html"))[::2]
    assert len(pages) > 50
    checked = 0
    for page in pages:
        document = Document(
            source=str(page), content=page.read_text(encoding="utf-8"), url="http://fakehost/test/page.html"
        )
        text = shown(view, library, extract(document))
        mapping = TextMap(view.document(), text)
        assert mapping.coverage == 1.0, page.parent.name
        for sentence in list(re.finditer(r"[^.\s][^.\n]{11,}", text))[:40]:
            span = mapping.to_document(*sentence.span())
            assert span is not None, (page.parent.name, sentence.group())
            assert document_text(view, *span) == _SPACES.sub("", sentence.group()), page.parent.name
            back = mapping.to_text(*span)
            assert back is not None and text[back[0] : back[1]] == sentence.group().strip(), page.parent.name
            checked += 1
    assert checked > 1500


def test_what_is_squeezed_out_is_spaces_images_and_invisible_marks() -> None:
    from desktop.highlights_map import squeeze

    expected = re.compile("[\\s\x00\ufffc\u00ad\u200b\u200c\u200d\u2060\ufeff]")
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        character = chr(code)
        assert (squeeze(character) == "") == bool(expected.fullmatch(character)), hex(code)
    assert squeeze(" a\u00a0b\n\nc\ufffc d\u00ad e\u2028f ") == "abcdef"
