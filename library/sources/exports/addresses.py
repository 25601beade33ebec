"""A plain list of web addresses, one a line: what most tools export when they export anything.

Recognised when every complete line of the file's start is an http(s) address (blank
lines and `#` comments aside). Read a line at a time, so a list of any length takes
the same memory; a line further down that is not an address is reported with its number.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from library.article import Entry, Rejected
from library.sources.exports.common import address_problem, display_name, web_address
from library.sources.exports.sample import HEAD_BYTES, FileFormat, Sample

SOURCE_KIND = "addresses"
# A line longer than this is no address (browsers stop at about 2 MB; real ones are far shorter).
MAX_LINE_BYTES = 64 * 1024


def is_address_list(sample: Sample) -> bool:
    """True when the file's start holds only web addresses, one a line, and at least one."""
    lines = sample.lines
    if len(sample.head) >= HEAD_BYTES and lines:
        lines = lines[:-1]  # the head ends inside a line
    addresses = 0
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if web_address(text) is None:
            return False
        addresses += 1
    return addresses > 0


def read_address_list(path: Path) -> Iterator[Entry | Rejected]:
    """An entry for each address in the list, in order."""
    name = display_name(path)
    try:
        stream = path.open("rb")
    except OSError as error:
        yield Rejected(name, f"cannot be read ({error.strerror or error})")
        return
    with stream:
        for number, raw in enumerate(stream, start=1):
            source = f"{name} line {number}"
            if len(raw) > MAX_LINE_BYTES:
                yield Rejected(source, address_problem(raw[:200].decode("utf-8", "replace")))
                continue
            text = raw.decode("utf-8", "replace").strip().lstrip("\ufeff")
            if not text or text.startswith("#"):
                continue
            url = web_address(text)
            if url is None:
                yield Rejected(source, address_problem(text))
                continue
            yield Entry(source=source, source_kind=SOURCE_KIND, url=url)


FORMAT = FileFormat("list of web addresses", is_address_list, read_address_list, may_open_with_markup=False)
