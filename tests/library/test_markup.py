"""Pages parsed for the sources and written back: the extractor must read the very same tree again."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from library.sources.decode import decode_bytes
from library.sources.markup import parse_page, parse_start, write_page
from tests.library.savedpages import parsed

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS_PAGES = [
    *sorted((SHARED / "corpus" / "readability").glob("*/source.html")),
    *sorted((SHARED / "corpus" / "scrapinghub" / "html").glob("*.html.gz")),
]


def written(markup: str) -> str:
    page = parse_page(markup)
    assert page is not None
    return write_page(page)


@pytest.mark.parametrize(
    "markup",
    [
        # Raw text, which lxml's own writer turns into character references the parser keeps as text.
        "<iframe><b>fallback</b> &amp; more</iframe><noembed><i>x</i></noembed>"
        "<noframes>a<b</noframes><xmp><a>q</a> &amp;</xmp>",
        # Addresses, which lxml's own writer percent-encodes (a space becomes %20, a leading one goes).
        '<img src="p files/ü.png"><a href=" https://example.com/a b ">l</a>'
        '<form action="/search me"></form><a name="Café">x</a>',
        # Empty elements before text, whose end tag lxml's own writer leaves out.
        '<ul><li class="divider"></li>\n<li></li> tail</ul><p></p>text<select><option></option></select>',
        # Boolean attributes, which lxml's own writer writes without their value.
        '<input checked disabled=""><select><option selected="selected">o</option></select>',
        # Character references that must come back as the same characters.
        '<p>a&#13;b &lt;c&gt; &amp;amp; &nbsp;</p><img alt="&quot;q&quot; &#13;\n&amp;copy;">',
        # Text read with character references but no tags.
        "<title>a<b>c &amp;</title><textarea>&lt;x&gt; &amp;amp;\n</textarea>",
        # Line feeds at the start of preformatted text.
        "<pre>\n\nx</pre><textarea>\nta</textarea><listing>\nl</listing>",
        # Attribute names a broken page leaves, which the parser keeps.
        '<link "="" ="=" href="x.css"><p a<b="1">x</p>',
        # Elements HTML makes empty but this parser does not: what follows goes inside them.
        '<picture><source srcset="a.png 1x"><img src="b.png"></picture>'
        '<video><track src="t.vtt"></video>x<wbr>y<embed src="e">z',
        # Tables, misnested formatting.
        "<table>text<tr><td>1<p>b</td></tr>more</table><b>bold <i>both</b> italic</i>",
        # Foreign content and templates.
        '<svg viewBox="0 0 1 1"><image xlink:href="a.png"/><foreignObject><p>t</p></foreignObject></svg>'
        "<math><mi>x</mi></math><template><b>t</b></template>",
        # An XML declaration and an XHTML doctype.
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml" '
        'xml:lang="en"><body><p>x<br/></p></body></html>',
        # Scripts and style sheets holding markup, comments and CDATA holding images.
        '<head><style>p > a { content: "</p>" }</style><script>if (a < b && c > d) { x = "<img src=x>"; }'
        '</script></head><body><!-- <img src="c.png"> --><![CDATA[<img src="d.png">]]><p>after</p></body>',
        # <plaintext>, whose text runs to the end of the page.
        "<p>before</p><plaintext><b>rest</b> &amp; </plaintext> after",
        "<frameset><frame src='a.html'><frame src='b.html'></frameset>",
        # Upper-case tags, unquoted values, a ">" in a value, a quote never closed.
        '<P CLASS=x>One<IMG SRC=a.png ALT="a > b"><img alt="never closed><p>swallowed</p>',
    ],
)
def test_written_pages_parse_back_to_the_same_tree(markup: str) -> None:
    assert parsed(written(markup)) == parsed(markup)


def test_pages_nested_past_the_parsers_depth_limit_are_written_whole() -> None:
    # libxml2 stops descending at 2,048 levels; writing walks the tree without recursion.
    markup = "<div>" * 3000 + "deep" + "</div>" * 3000 + "<p>after</p>"
    assert parsed(written(markup)) == parsed(markup)


def test_a_page_with_no_markup_is_not_parsed() -> None:
    assert parse_page("   \n") is None


def test_the_start_of_a_page_keeps_its_comments() -> None:
    start = parse_start("<!DOCTYPE html><!-- saved from url=(0018)https://example/ --><html><head>")
    assert start is not None
    assert [node.text for node in start.itersiblings(preceding=True)] == [
        " saved from url=(0018)https://example/ "
    ]
    assert parse_start("") is None


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS_PAGES, reason="the shared corpus (../shared/corpus) is not here")
@pytest.mark.parametrize(
    "source", CORPUS_PAGES, ids=lambda path: path.parent.name[:12] + "/" + path.name[:12]
)
def test_real_pages_parse_back_to_the_same_tree(source: Path) -> None:
    data = source.read_bytes()
    text = decode_bytes(gzip.decompress(data) if source.suffix == ".gz" else data)
    assert parsed(written(text)) == parsed(text)
