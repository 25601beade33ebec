"""The one srcset reader the sources and the extractor share."""

from __future__ import annotations

import pytest

from library.htmlimages import SrcsetCandidate, choose_from_srcset, srcset_candidates


@pytest.mark.parametrize(
    ("srcset", "candidates"),
    [
        ("a.png 1x, b.png 2x", [("a.png", "1x"), ("b.png", "2x")]),
        # No space after the comma: still two candidates.
        ("a.png 640w,b.png 1280w", [("a.png", "640w"), ("b.png", "1280w")]),
        # A candidate without a descriptor ends at its comma.
        ("a.png, b.png 2x", [("a.png", ""), ("b.png", "2x")]),
        # A data: URI holds commas; only trailing ones end an address.
        (
            "data:image/gif;base64,R0lG,AAA= 1x, b.png 2x",
            [("data:image/gif;base64,R0lG,AAA=", "1x"), ("b.png", "2x")],
        ),
        # A descriptor ends at a comma outside parentheses.
        ("a.png 100w (max-width: 1px, 2px), b.png", [("a.png", "100w (max-width: 1px, 2px)"), ("b.png", "")]),
        ("  ,, a.png  ,  ", [("a.png", "")]),
        ("", []),
    ],
)
def test_srcset_candidates_are_split_as_the_html_standard_says(
    srcset: str, candidates: list[tuple[str, str]]
) -> None:
    assert srcset_candidates(srcset) == [SrcsetCandidate(url, descriptor) for url, descriptor in candidates]


@pytest.mark.parametrize(
    ("srcset", "chosen"),
    [
        # The narrowest candidate wide enough for a 1000 px column on a dense screen.
        ("s.jpg 320w, m.jpg 1024w, l.jpg 2048w", "m.jpg"),
        # None wide enough: the widest.
        ("s.jpg 320w, m.jpg 640w", "m.jpg"),
        # Density descriptors count as half a column each; no descriptor is 1x.
        ("a.jpg, b.jpg 2x, c.jpg 3x", "b.jpg"),
        ("a.jpg 1x,b.jpg 2x", "b.jpg"),
        # Unreadable descriptors are skipped, not guessed.
        ("a.jpg big, b.jpg 300w", "b.jpg"),
        ("a.jpg big", None),
        ("", None),
    ],
)
def test_the_candidate_worth_showing(srcset: str, chosen: str | None) -> None:
    assert choose_from_srcset(srcset) == chosen
