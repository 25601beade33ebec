"""Charset: BOM, then header, then the page's declaration, then detection."""

from __future__ import annotations

import pytest

from library.sources.decode import decode_bytes, known_encoding

CURLY = "“Quoted” – it’s here"


@pytest.mark.parametrize(
    ("data", "header", "expected"),
    [
        # A Windows-1252 page that declares nothing: curly quotes must survive.
        (
            f"<html><body><p>{CURLY} and more English words in a sentence.</p></body></html>".encode(
                "cp1252"
            ),
            None,
            CURLY,
        ),
        # Declares latin-1, means windows-1252 (browsers agree: WHATWG maps the label).
        (f'<meta charset="iso-8859-1"><p>{CURLY}</p>'.encode("cp1252"), None, CURLY),
        # The BOM wins over a wrong declaration.
        ("\ufeff<meta charset='windows-1252'><p>Zürich “x”</p>".encode(), None, "Zürich “x”"),
        # UTF-16 with BOM.
        ("<p>Zürich</p>".encode("utf-16"), None, "Zürich"),
        # The header wins over the meta declaration.
        ('<meta charset="utf-8"><p>Café</p>'.encode("cp1252"), "windows-1252", "Café"),
        # A wrong declaration over bytes that are really UTF-8: the bytes win.
        ('<meta charset="windows-1252"><p>Zürich “x”</p>'.encode(), None, "Zürich “x”"),
        # A header that says UTF-8 over windows-1252 bytes: not mojibake, not replacement characters.
        (f"<p>{CURLY} in a page with some more words to detect.</p>".encode("cp1252"), "utf-8", CURLY),
        # Shift_JIS declared in meta.
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>日本語</p>'.encode(
                "shift_jis"
            ),
            None,
            "日本語",
        ),
    ],
)
def test_decoding(data: bytes, header: str | None, expected: str) -> None:
    text = decode_bytes(data, header)
    assert expected in text
    assert "\ufffd" not in text


def test_unknown_labels_are_ignored() -> None:
    assert known_encoding("no-such-charset") is None
    assert known_encoding("latin1") == "cp1252"
    assert known_encoding(" 'UTF-8' ") == "utf-8"
