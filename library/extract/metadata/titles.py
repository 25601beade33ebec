"""The headline inside a page's `<title>`: the site name and section around it removed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from library.extract.metadata.text import SPACES

# ` | `, ` - `, ` – `, ` — `, ` :: `, ` » `, ` / `, ` \ `, ` > `: the marks between a headline and a site name.
_TITLE_SEPARATOR = re.compile(r" (?:[|\-–—\\/>»]|::) ")
_HIERARCHY_SEPARATOR = re.compile(r" (?:[\\/>»]) ")
_SEPARATOR_CHARS = re.compile(r"[|\-–—\\/>»:]+")


def clean_document_title(raw: str, h1s: Sequence[str] = (), h2s: Sequence[str] = ()) -> str:
    """The headline inside a `<title>`: the site name and section around it removed.

    `h1s` and `h2s` are the texts of the page's headings: a title with a colon
    that one of them repeats is kept whole, and a title too short or too long
    to be a headline gives way to the page's only `h1`. A title that would
    shrink to a few words, or lose more than the site name, is kept whole: a
    short title is more likely to be the headline itself than a fragment of one.
    """
    original = SPACES.sub(" ", raw).strip()
    title = original
    hierarchical = False
    headings = {SPACES.sub(" ", text).strip() for text in h1s}
    separators = list(_TITLE_SEPARATOR.finditer(original))
    if separators:
        hierarchical = bool(_HIERARCHY_SEPARATOR.search(original))
        # The site name usually follows the last separator ("Headline | Site")...
        title = original[: separators[-1].start()]
        if title not in headings and _word_count(title) < 3:
            # ...but some sites put it first ("Site | Headline"): a first part too short to be a
            # headline is the site's, unless the page's h1 repeats it.
            title = original[separators[0].end() :]
    elif ": " in original:
        if original not in {SPACES.sub(" ", text).strip() for text in (*h1s, *h2s)}:
            title = original[original.rfind(":") + 1 :]
            if _word_count(title) < 2:
                title = original[original.find(":") + 1 :]
            elif _word_count(original[: original.find(":")]) > 5:
                # A long phrase before the colon is part of the headline, not a site or section name.
                title = original
    elif (len(original) > 150 or len(original) < 15) and len(h1s) == 1:
        title = SPACES.sub(" ", h1s[0])
    title = title.strip()
    words = _word_count(title)
    confirmed = bool(separators) and title in headings
    # What is left of a title cut at a separator is more likely a fragment than a headline when
    # it is short, unless the page's h1 says exactly that.
    fragment = not hierarchical or words != _word_count(_SEPARATOR_CHARS.sub("", original)) - 1
    if words <= 4 and fragment and not confirmed:
        title = original
    return title


def _word_count(text: str) -> int:
    return len(text.split())
