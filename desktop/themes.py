"""Colours: the reading themes' paper and ink, the window's palettes for them, and icons drawn in either."""

from __future__ import annotations

import functools
import logging
import re

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from resources import resource_text

log = logging.getLogger("reader.themes")

# The reading themes and what the menus call them; "system" is light or dark as the desktop is.
THEMES: dict[str, str] = {"system": "Follow the system", "light": "Light", "sepia": "Sepia", "dark": "Dark"}
DEFAULT_THEME = "system"

# Icon sizes drawn ahead, so an icon is sharp wherever Qt shows it.
ICON_PIXELS = (16, 18, 20, 22, 24, 32, 36, 44, 48)
_RULE = r"{selector}\s*\{{([^}}]*)\}}"
_DECLARATION = r"(?:^|;)\s*{name}\s*:\s*([^;]+)"
_ROOT_COLOUR = re.compile(r'(<svg\b[^>]*?\scolor=")[^"]*(")')


@functools.cache
def theme_sheet(theme: str) -> str:
    """The style sheet of a reading theme ("light", "sepia" or "dark") from resources/themes."""
    return resource_text(f"themes/{theme}.css")


def effective_theme(theme: str) -> str:
    """`theme`, with "system" resolved to "light" or "dark" as the application palette is."""
    if theme != "system":
        return theme
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return "dark" if window.lightness() < 128 else "light"


def theme_colours(theme: str) -> dict[str, QColor]:
    """The palette colours a theme's style sheet declares: background, text, selection and selected text.

    Raises:
        ValueError: `theme` is not "light", "sepia" or "dark".
    """
    if theme not in THEMES or theme == "system":
        raise ValueError(f"no such reading theme: {theme!r} (light, sepia or dark)")
    sheet = theme_sheet(theme)

    def declared(selector: str, name: str) -> QColor:
        rule = re.search(_RULE.format(selector=re.escape(selector)), sheet)
        value = re.search(_DECLARATION.format(name=name), rule.group(1)) if rule else None
        colour = QColor(value.group(1).strip()) if value else QColor()
        if not colour.isValid():
            raise ValueError(f"themes/{theme}.css: no {name} for {selector}")
        return colour

    return {
        "background": declared("body", "background-color"),
        "text": declared("body", "color"),
        "selection": declared("::selection", "background-color"),
        "selected_text": declared("::selection", "color"),
    }


def _palette(colours: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return palette


def dark_palette() -> QPalette:
    """A dark window palette for the dark theme, calm greys rather than black."""
    colours = {
        QPalette.ColorRole.Window: "#2a2b2e",
        QPalette.ColorRole.WindowText: "#dcdcdc",
        QPalette.ColorRole.Base: "#1e1f21",
        QPalette.ColorRole.AlternateBase: "#26272a",
        QPalette.ColorRole.Text: "#dcdcdc",
        QPalette.ColorRole.Button: "#323337",
        QPalette.ColorRole.ButtonText: "#dcdcdc",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#3d5a80",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#323337",
        QPalette.ColorRole.ToolTipText: "#dcdcdc",
        QPalette.ColorRole.PlaceholderText: "#8a8b8e",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.LinkVisited: "#c58af9",
        QPalette.ColorRole.Light: "#3a3b3f",
        QPalette.ColorRole.Midlight: "#333438",
        QPalette.ColorRole.Mid: "#2a2b2e",
        QPalette.ColorRole.Dark: "#1a1b1d",
        QPalette.ColorRole.Shadow: "#000000",
    }
    return _palette(colours, disabled_text="#77787b")


def light_palette() -> QPalette:
    """A light window palette, for the light and sepia themes when the system is dark."""
    colours = {
        QPalette.ColorRole.Window: "#f3f3f4",
        QPalette.ColorRole.WindowText: "#1d1d1f",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f6f6f7",
        QPalette.ColorRole.Text: "#1d1d1f",
        QPalette.ColorRole.Button: "#ececee",
        QPalette.ColorRole.ButtonText: "#1d1d1f",
        QPalette.ColorRole.Highlight: "#cfe0f5",
        QPalette.ColorRole.HighlightedText: "#1d1d1f",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1d1d1f",
        QPalette.ColorRole.PlaceholderText: "#8a8a8e",
        QPalette.ColorRole.Link: "#1a5fb4",
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.Midlight: "#e4e4e6",
        QPalette.ColorRole.Mid: "#c8c8cc",
        QPalette.ColorRole.Dark: "#a0a0a4",
        QPalette.ColorRole.Shadow: "#707074",
    }
    return _palette(colours, disabled_text="#9a9a9e")


def page_palette(palette: QPalette, theme: str) -> QPalette:
    """`palette` with the reading page's colours of `theme` (one of light, sepia, dark): its page, text and selection."""
    colours = theme_colours(theme)
    palette = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Base, colours["background"])
        palette.setColor(group, QPalette.ColorRole.Window, colours["background"])
        palette.setColor(group, QPalette.ColorRole.Text, colours["text"])
        palette.setColor(group, QPalette.ColorRole.Highlight, colours["selection"])
        palette.setColor(group, QPalette.ColorRole.HighlightedText, colours["selected_text"])
    return palette


def window_palette(theme: str) -> QPalette:
    """The application palette for `theme`: dark for dark, light for light and sepia, the platform's for "system"."""
    if theme == "dark":
        return dark_palette()
    if theme in {"light", "sepia"}:
        return light_palette()
    # An empty palette hands the colours back to the platform, which follows the system.
    return QPalette()


def system_is_dark() -> bool:
    """True when the desktop asks for dark colours (or its palette is dark)."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


@functools.cache
def _tinted_icon(name: str, rgba: int) -> QIcon:
    svg = resource_text(f"icons/{name}.svg")
    colour = QColor.fromRgba(rgba)
    # The icons draw with currentColor, which the root's color attribute sets.
    svg = _ROOT_COLOUR.sub(lambda m: f"{m.group(1)}{colour.name()}{m.group(2)}", svg, 1)
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    icon = QIcon()
    for pixels in ICON_PIXELS:
        image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        # SVG colours have no alpha: a translucent colour is drawn as its opaque self, faded.
        painter.setOpacity(colour.alphaF())
        renderer.render(painter)
        painter.end()
        icon.addPixmap(QPixmap.fromImage(image))
    return icon


def tinted_icon(name: str, colour: QColor) -> QIcon:
    """Icon `name` from resources/icons (e.g. "star", "search") drawn in `colour`, sharp at every size.

    Raises:
        FileNotFoundError: there is no such icon.
    """
    return _tinted_icon(name, colour.rgba())


def icon(name: str, colour: QColor) -> QIcon:
    """Icon `name` drawn in `colour` (the palette's, so it suits light and dark); empty when it is missing."""
    try:
        return tinted_icon(name, colour)
    except FileNotFoundError:
        log.warning("icon %s is missing from the installed application", name)
        return QIcon()
