"""The reading look (theme, typeface, line spacing, text size, read mode): its one owner and its choices."""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QFont, QFontDatabase

from desktop.themes import DEFAULT_THEME, THEMES

ZOOM_STEPS = (50, 67, 75, 80, 90, 100, 110, 120, 133, 150, 170, 200, 240, 300)
MIN_SCALE, MAX_SCALE, DEFAULT_SCALE = ZOOM_STEPS[0], ZOOM_STEPS[-1], 100

# What the menus, the read-mode bar and the preferences call the typefaces.
TYPEFACES: dict[str, str] = {"serif": "Serif", "sans": "Sans serif"}
DEFAULT_TYPEFACE = "serif"

# The choices offered; the reading pane takes any factor in between as well.
LINE_SPACINGS: dict[float, str] = {1.3: "Compact", 1.5: "Comfortable", 1.8: "Airy", 2.0: "Loose"}
MIN_LINE_SPACING, MAX_LINE_SPACING, DEFAULT_LINE_SPACING = 1.2, 2.2, 1.5

SERIF_FAMILIES = [
    "Charter",
    "Bitstream Charter",
    "Iowan Old Style",
    "Georgia",
    "Source Serif 4",
    "Literata",
    "Noto Serif",
    "DejaVu Serif",
    "Liberation Serif",
    "Times New Roman",
]
SANS_FAMILIES = [
    "Inter",
    "Segoe UI",
    "Helvetica Neue",
    "Noto Sans",
    "Ubuntu",
    "Cantarell",
    "DejaVu Sans",
    "Liberation Sans",
    "Arial",
]


def next_zoom_step(percent: int) -> int:
    """The zoom step after `percent` (the largest step when there is none)."""
    return next((step for step in ZOOM_STEPS if step > percent), ZOOM_STEPS[-1])


def previous_zoom_step(percent: int) -> int:
    """The zoom step before `percent` (the smallest step when there is none)."""
    return next((step for step in reversed(ZOOM_STEPS) if step < percent), ZOOM_STEPS[0])


def clamp_scale(percent: int) -> int:
    """`percent` within MIN_SCALE..MAX_SCALE."""
    return min(MAX_SCALE, max(MIN_SCALE, int(percent)))


def clamp_line_spacing(factor: float) -> float:
    """`factor` within MIN_LINE_SPACING..MAX_LINE_SPACING, to the hundredth.

    Raises:
        ValueError: `factor` is not a finite number.
    """
    if not math.isfinite(factor):
        raise ValueError(f"line spacing must be a number, not {factor!r}")
    return round(min(MAX_LINE_SPACING, max(MIN_LINE_SPACING, float(factor))), 2)


@dataclass(frozen=True)
class Look:
    """How articles are shown: the values the reading pane, the read-mode bar and the menus follow."""

    theme: str = DEFAULT_THEME
    typeface: str = DEFAULT_TYPEFACE
    line_spacing: float = DEFAULT_LINE_SPACING
    font_scale: int = DEFAULT_SCALE
    read_mode: bool = False


# Where each value of the look is remembered.
_KEYS = {
    "theme": "reader/theme",
    "typeface": "reader/typeface",
    "line_spacing": "reader/line_spacing",
    "font_scale": "reader/font_scale",
    "read_mode": "reader/read_mode",
}


class ReadingLook(QObject):
    """The one owner of the reading look: it checks each change, remembers it, and says so.

    Signals:
        changed: the look changed (read it from `look`); the pane, the bar and the menus follow.
    """

    changed = Signal()

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._look = Look()

    @property
    def look(self) -> Look:
        """The look in force."""
        return self._look

    def load(self) -> None:
        """Take the remembered look; a value that makes no sense (a hand-edited file) keeps its default."""
        default = Look()
        theme = self._stored("theme", str)
        typeface = self._stored("typeface", str)
        spacing = self._stored("line_spacing", float)
        scale = self._stored("font_scale", int)
        read_mode = self._stored("read_mode", _as_bool)
        self._look = Look(
            theme=theme if theme in THEMES else default.theme,
            typeface=typeface if typeface in TYPEFACES else default.typeface,
            line_spacing=clamp_line_spacing(spacing) if isinstance(spacing, float) else default.line_spacing,
            font_scale=clamp_scale(scale) if isinstance(scale, int) else default.font_scale,
            read_mode=bool(read_mode) if read_mode is not None else default.read_mode,
        )
        self.changed.emit()

    def save(self) -> None:
        """Remember every value of the look."""
        for name, key in _KEYS.items():
            self._settings.setValue(key, getattr(self._look, name))

    def set_theme(self, theme: str) -> None:
        """ "system", "light", "sepia" or "dark"; anything else is ignored."""
        if theme in THEMES:
            self._change(theme=theme)

    def set_typeface(self, typeface: str) -> None:
        """ "serif" or "sans"; anything else is ignored."""
        if typeface in TYPEFACES:
            self._change(typeface=typeface)

    def set_line_spacing(self, factor: float) -> None:
        """Lines `factor` times the text size apart (clamped to 1.2..2.2)."""
        try:
            self._change(line_spacing=clamp_line_spacing(factor))
        except ValueError:
            return

    def set_font_scale(self, percent: int) -> None:
        """The text at `percent` of its default size (clamped to 50..300)."""
        self._change(font_scale=clamp_scale(percent))

    def zoom_in(self) -> None:
        """One zoom step larger."""
        self.set_font_scale(next_zoom_step(self._look.font_scale))

    def zoom_out(self) -> None:
        """One zoom step smaller."""
        self.set_font_scale(previous_zoom_step(self._look.font_scale))

    def reset_zoom(self) -> None:
        """The text at 100%."""
        self.set_font_scale(DEFAULT_SCALE)

    def set_read_mode(self, on: bool) -> None:
        """Only the article, or the whole window."""
        self._change(read_mode=bool(on))

    def _change(self, **values: Any) -> None:
        changed = dataclasses.replace(self._look, **values)
        if changed == self._look:
            return
        self._look = changed
        for name in values:
            self._settings.setValue(_KEYS[name], getattr(changed, name))
        self.changed.emit()

    def _stored(self, name: str, kind: Any) -> Any:
        value = self._settings.value(_KEYS[name])
        if value is None:
            return None
        try:
            return kind(value)
        except (TypeError, ValueError):
            return None


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def body_font(typeface: str, point_size: float, base: QFont | None = None) -> QFont:
    """The article text's font: the first installed family of the typeface's list, at `point_size`."""
    font = QFont(base) if base is not None else QFont()
    serif = typeface == "serif"
    font.setStyleHint(QFont.StyleHint.Serif if serif else QFont.StyleHint.SansSerif)
    family = installed_family(tuple(SERIF_FAMILIES if serif else SANS_FAMILIES))
    # One family, not the list: Qt would look the list up again for every run of text it lays out,
    # which makes laying out a long article a third slower.
    if family:
        font.setFamily(family)
    else:
        font.setFamilies([])
        font.setFamily("serif" if serif else "sans-serif")
    font.setPointSizeF(point_size)
    return font


@functools.cache
def installed_family(families: tuple[str, ...]) -> str | None:
    """The first of `families` this computer has, or None."""
    return next((family for family in families if QFontDatabase.hasFamily(family)), None)
