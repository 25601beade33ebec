"""Charset as browsers read it: BOM, then the transport's charset, then `<meta>`, then detection."""

from __future__ import annotations

import pytest

from library.sources.decode import declared_encoding, decode_bytes, known_encoding

CURLY = "“Quoted” – it’s here"
# A Western page with no declaration: a few curly quotes and dashes among plain ASCII prose.
ENGLISH = (
    "<html><head><title>Notes</title></head><body><p>The council’s report, published on Monday, "
    "said the “temporary” measures – first tried in 2019 – had worked. “We’re pleased,” the mayor "
    "said. Critics weren’t convinced; they called the figures “selective” and the process "
    "‘rushed’.</p></body></html>"
)
GERMAN = "<p>Die Straße führt über die Brücke nach Zürich; dort gibt es Öl, Käse und „Grüße“.</p>"


@pytest.mark.parametrize(
    ("data", "header", "expected"),
    [
        # A Windows-1252 page that declares nothing: curly quotes must survive (not cp775's Æ, ō, ö).
        (ENGLISH.encode("cp1252"), None, "“temporary” measures – first tried in 2019 – had worked. “We’re"),
        (f"<html><body><p>{CURLY} and more English words.</p></body></html>".encode("cp1252"), None, CURLY),
        # A detector that weighs DOS code pages read this one as cp852 ("councilĺs").
        (
            "<html><body><p>The council’s report was late. People waited for hours. The vote is on "
            "Monday. They’ll meet again.</p></body></html>".encode("cp1252"),
            None,
            "The council’s report was late. People waited for hours. The vote is on Monday. They’ll meet",
        ),
        # German in windows-1252, undeclared.
        (GERMAN.encode("cp1252"), None, "Straße führt über die Brücke nach Zürich"),
        # Polish in windows-1250 and Russian in windows-1251, undeclared.
        ("<p>Łódź jest piękna, a Gdańsk leży nad morzem; źródło, żółw.</p>".encode("cp1250"), None, "Łódź"),
        ("<p>Москва — столица России, крупнейший город страны.</p>".encode("cp1251"), None, "Москва"),
        # Shift_JIS, undeclared.
        ("<p>日本語の文章です。東京は日本の首都です。</p>".encode("shift_jis"), None, "東京は日本の首都"),
        # Declares latin-1, means windows-1252 (the Encoding Standard maps the label).
        (f'<meta charset="iso-8859-1"><p>{CURLY}</p>'.encode("cp1252"), None, CURLY),
        # The BOM wins over a wrong declaration.
        ("\ufeff<meta charset='windows-1252'><p>Zürich “x”</p>".encode(), None, "Zürich “x”"),
        # UTF-16 with BOM.
        ("<p>Zürich</p>".encode("utf-16"), None, "Zürich"),
        # The header wins over the meta declaration.
        ('<meta charset="utf-8"><p>Café</p>'.encode("cp1252"), "windows-1252", "Café"),
        # A wrong declaration over bytes that are really UTF-8: the bytes win.
        ('<meta charset="windows-1252"><p>Zürich “x”</p>'.encode(), None, "Zürich “x”"),
        # A header that says UTF-8 over windows-1252 bytes with no UTF-8 in them: detected instead.
        (f"<p>{CURLY} in a page with some more words to detect.</p>".encode("cp1252"), "utf-8", CURLY),
        # Shift_JIS declared in meta.
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>日本語</p>'.encode(
                "shift_jis"
            ),
            None,
            "日本語",
        ),
        # A declaration after a long script in the head still counts.
        (
            b"<html><head><script>" + b"var x = 1;\n" * 300 + b"</script>"
            b'<meta charset="windows-1251"></head><body><p>' + "Привет".encode("cp1251") + b"</p>",
            None,
            "Привет",
        ),
        # Bytes windows-1252 leaves unassigned become the C1 control of the same number, as in browsers.
        (b'<meta charset="windows-1252"><p>caf\xe9 \x81 cr\xe8me</p>', None, "café \x81 crème"),
    ],
)
def test_decoding(data: bytes, header: str | None, expected: str) -> None:
    text = decode_bytes(data, header)
    assert expected in text
    assert "\ufffd" not in text


def test_a_utf8_page_with_three_stray_bytes_stays_utf8() -> None:
    page = "<html><head><meta charset='utf-8'></head><body>" + GERMAN * 20 + "</body></html>"
    data = page.encode()
    # Three bytes of windows-1252 ("é", "’", "ü") pasted into the UTF-8 text.
    at = data.index(b"</p>", len(data) // 2)
    damaged = data[:at] + b"caf\xe9 it\x92s \xfcber " + data[at:]
    for declared in (damaged, damaged.replace(b"<meta charset='utf-8'>", b"")):
        text = decode_bytes(declared)
        assert text.count("\ufffd") == 3
        assert text.count("Straße führt über die Brücke nach Zürich") == 20
        assert "caf\ufffd it\ufffds \ufffdber" in text
    # The transport saying UTF-8 is read the same way.
    assert decode_bytes(damaged, "utf-8").count("\ufffd") == 3


def test_declarations_are_read_from_the_head_only() -> None:
    assert declared_encoding(b'<!-- <meta charset="koi8-r"> --><meta charset="utf-8">') == "utf-8"
    assert declared_encoding(b'<html><body><p>charset=koi8-r</p><meta charset="koi8-r">') is None
    assert declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-2"?><html>') == "iso8859-2"
    # UTF-16 cannot be declared in ASCII bytes; x-user-defined in a page means windows-1252.
    assert declared_encoding(b'<meta charset="utf-16">') == "utf-8"
    assert declared_encoding(b'<meta charset="x-user-defined">') == "cp1252"


def test_labels_follow_the_encoding_standard() -> None:
    assert known_encoding("no-such-charset") is None
    assert known_encoding("latin1") == "cp1252"
    assert known_encoding("US-ASCII") == "cp1252"
    assert known_encoding(" 'UTF-8' ") == "utf-8"
    assert known_encoding("shift_jis") == "cp932"
    assert known_encoding("euc-kr") == "cp949"
    assert known_encoding("gb2312") == "gb18030"
    assert known_encoding("iso-8859-9") == "cp1254"
    # The "replacement" encoding's labels are treated as unknown: the bytes are detected instead.
    assert known_encoding("iso-2022-kr") is None
