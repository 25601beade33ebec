"""Annotator ranges (wallabag's) turned into the text around a highlight, or into nothing when they do not fit."""

from __future__ import annotations

import pytest

from library.highlights.ranges import context_from_ranges

HTML = "<p>Stir the sauce. <em>Then rest.</em></p><p>Bake the bread. Then rest. Serve it warm.</p>"


def annotator_range(path: str, start: int, end: int, end_path: str | None = None) -> list[dict[str, object]]:
    return [{"start": path, "startOffset": start, "end": end_path or path, "endOffset": end}]


def test_the_range_gives_the_words_on_each_side() -> None:
    second = "Bake the bread. Then rest. Serve it warm.".index("Then rest")
    before, after = context_from_ranges(HTML, annotator_range("/p[2]", second, second + 9), "Then rest")
    assert before == "Stir the sauce. Then rest.Bake the bread. "[-32:]
    assert after == ". Serve it warm."


def test_a_range_across_elements_and_inside_inline_ones() -> None:
    before, after = context_from_ranges(HTML, annotator_range("/p[1]/em[1]", 0, 9), "Then rest")
    assert (before, after) == ("Stir the sauce. ", ".Bake the bread. Then rest. Serve it warm."[:32])
    before, after = context_from_ranges(
        HTML, annotator_range("/p[1]", 5, 15, "/p[2]"), "the sauce. Then rest.Bake the bread."
    )
    assert (before, after) == ("Stir ", " Then rest. Serve it warm.")


def test_paths_from_a_root_that_wraps_the_article_are_followed() -> None:
    second = "Bake the bread. Then rest. Serve it warm.".index("Then rest")
    wrapped = annotator_range("/div[1]/p[2]", second, second + 9)
    assert context_from_ranges(HTML, wrapped, "Then rest")[1] == ". Serve it warm."


@pytest.mark.parametrize(
    "ranges",
    [
        [],
        "not a list",
        [None],
        annotator_range("/p[9]", 0, 4),  # no such element
        annotator_range("/p[2]", 0, 4),  # "Bake", not the quote
        annotator_range("/p[2]", 30, 10),  # backwards
        annotator_range("p[2]/../..", 0, 4),  # not an Annotator path
        [{"start": "/p[2]", "startOffset": "x", "end": "/p[2]", "endOffset": 4}],
    ],
)
def test_ranges_that_do_not_fit_give_no_context(ranges: object) -> None:
    assert context_from_ranges(HTML, ranges, "Then rest") == ("", "")


def test_html_that_cannot_be_read_gives_no_context() -> None:
    assert context_from_ranges("", annotator_range("/p[1]", 0, 4), "Stir") == ("", "")
