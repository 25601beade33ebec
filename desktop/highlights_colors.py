"""The five highlight colours as each reading theme paints them, readable under every text colour it uses.

Each is the lightest (light and sepia themes) or darkest (dark theme) tint of its hue
that still leaves the theme's body text, links and quotations at a WCAG contrast of
4.5:1 or more over it, so that a highlight never makes words harder to read;
tests/desktop/test_highlights_colors.py computes that from the themes' style sheets.
"""

from __future__ import annotations

from library.highlights.model import COLORS, Color

# For the window's own lists (the highlights panel, the Highlights view): the light
# theme's colours on a light palette, the dark theme's on a dark one.
HIGHLIGHT_COLOURS: dict[str, dict[Color, str]] = {
    "light": {
        "yellow": "#fff0a0",
        "green": "#cdeec0",
        "blue": "#d3e5fb",
        "pink": "#fcd6e2",
        "purple": "#e8daf8",
    },
    "sepia": {
        "yellow": "#f7df8a",
        "green": "#d3e2b0",
        "blue": "#cddeea",
        "pink": "#f2d1d3",
        "purple": "#e2d7ea",
    },
    "dark": {
        "yellow": "#4a4013",
        "green": "#1f4529",
        "blue": "#1f3b5c",
        "pink": "#552638",
        "purple": "#3e2f5a",
    },
}
# What menus call them.
COLOUR_NAMES: dict[Color, str] = {color: color.capitalize() for color in COLORS}


def highlight_colour(theme: str, color: Color) -> str:
    """The colour (#rrggbb) that `theme` ("light", "sepia" or "dark") paints a `color` highlight in."""
    return HIGHLIGHT_COLOURS.get(theme, HIGHLIGHT_COLOURS["light"])[color]


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour (0 for black, 1 for white)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
