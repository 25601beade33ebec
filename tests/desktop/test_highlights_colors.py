"""Every highlight colour leaves every text colour of every theme at a WCAG contrast of 4.5:1 or more."""

from __future__ import annotations

import re

import pytest

from desktop.highlights_colors import COLOUR_NAMES, HIGHLIGHT_COLOURS, contrast_ratio, highlight_colour
from library.highlights.model import COLORS
from resources import resource_text

# The text an article's plain text can hold, and so a highlight can cover: the body, its
# links and its quotations. (The header, captions and notices are not in the article's text.)
HIGHLIGHTABLE = ("body", "a", "blockquote")
MINIMUM = 4.5


def declared_colour(theme: str, selector: str) -> str:
    """The `color` the theme's style sheet gives `selector` (the body's when it gives none)."""
    sheet = resource_text(f"themes/{theme}.css")
    for rule in re.finditer(r"([^{}]+)\{([^}]*)\}", sheet):
        selectors = [part.strip() for part in re.sub(r"/\*.*?\*/", "", rule.group(1), flags=re.S).split(",")]
        value = re.search(r"(?:^|;)\s*color\s*:\s*(#[0-9a-fA-F]{6})", rule.group(2))
        if selector in selectors and value:
            return value.group(1).lower()
    return declared_colour(theme, "body")


@pytest.mark.parametrize("theme", ["light", "sepia", "dark"])
@pytest.mark.parametrize("color", COLORS)
def test_text_stays_readable_over_every_highlight(theme: str, color: str) -> None:
    background = highlight_colour(theme, color)  # type: ignore[arg-type]
    for selector in HIGHLIGHTABLE:
        text = declared_colour(theme, selector)
        assert contrast_ratio(text, background) >= MINIMUM, (theme, color, selector, text, background)


def test_the_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#1d1d1f", "#1d1d1f") == 1.0


def test_each_theme_has_five_different_colours_that_differ_from_the_page() -> None:
    for theme, colours in HIGHLIGHT_COLOURS.items():
        assert list(colours) == list(COLORS) and len(set(colours.values())) == 5
        page = declared_background(theme)
        assert all(contrast_ratio(page, colour) > 1.1 for colour in colours.values()), theme
    assert list(COLOUR_NAMES.values()) == ["Yellow", "Green", "Blue", "Pink", "Purple"]


def declared_background(theme: str) -> str:
    sheet = resource_text(f"themes/{theme}.css")
    match = re.search(r"body\s*\{[^}]*background-color\s*:\s*(#[0-9a-fA-F]{6})", sheet)
    assert match, theme
    return match.group(1).lower()
