"""Where HTML keeps an image's address: lazy-loading attributes and srcset candidates, read one way."""

from __future__ import annotations

import re
from typing import NamedTuple

# Image attributes that lazy-loading scripts fill in, best first. The extractor takes the first
# that holds an address; saved pages point every one of them at the image saved with the page.
LAZY_SRC_ATTRIBUTES = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-fallback-src",
)
LAZY_SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset")
# Reading width on a high-density screen: the smallest srcset candidate at least this wide is enough.
PREFERRED_IMAGE_WIDTH = 1000


class SrcsetCandidate(NamedTuple):
    """One image of a srcset: its address and its descriptor as written ("640w", "2x" or "")."""

    url: str
    descriptor: str


def srcset_candidates(srcset: str) -> list[SrcsetCandidate]:
    """The candidates of a srcset, split as the HTML standard does.

    Addresses may hold commas (data: URIs), so an address is a run of non-space
    characters that loses only its trailing commas; a descriptor ends at a comma
    outside parentheses.
    """
    candidates: list[SrcsetCandidate] = []
    position, length = 0, len(srcset)
    while match := _CANDIDATE_URL.match(srcset, position):
        url, position = match.group(1), match.end()
        if url.endswith(","):
            candidates.append(SrcsetCandidate(url.rstrip(","), ""))
            continue
        end = srcset.find(",", position)
        end = length if end < 0 else end
        if "(" in srcset[position:end]:
            end = _descriptor_end(srcset, position)
        candidates.append(SrcsetCandidate(url, srcset[position:end].strip()))
        position = end + 1
    return candidates


# Spaces and commas before a candidate, then its address: a run of anything but space.
_CANDIDATE_URL = re.compile(r"[\s,]*(\S+)")


def _descriptor_end(srcset: str, position: int) -> int:
    """Where the descriptor starting at `position` ends: the first comma outside parentheses."""
    depth = 0
    while position < len(srcset) and (srcset[position] != "," or depth > 0):
        depth += {"(": 1, ")": -1}.get(srcset[position], 0)
        position += 1
    return position


def choose_from_srcset(srcset: str) -> str | None:
    """The candidate of a `srcset` worth showing: the narrowest at least 1000 px wide, else the widest."""
    sized: list[tuple[float, str]] = []
    for url, descriptor in srcset_candidates(srcset):
        # A candidate without a descriptor is "1x"; of several descriptors the first counts.
        first = descriptor.split()[0] if descriptor.strip() else "1x"
        try:
            if first.endswith("w"):
                size = float(first[:-1])
            elif first.endswith("x"):
                size = float(first[:-1]) * PREFERRED_IMAGE_WIDTH / 2
            else:
                continue
        except ValueError:
            continue
        sized.append((size, url))
    if not sized:
        return None
    wide_enough = [candidate for candidate in sized if candidate[0] >= PREFERRED_IMAGE_WIDTH]
    return (min(wide_enough) if wide_enough else max(sized))[1]
