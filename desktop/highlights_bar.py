"""The small bar that floats near a selection or a clicked highlight: five colours, note, copy, delete."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

from desktop.highlights_colors import COLOUR_NAMES, highlight_colour
from library.highlights.model import COLORS, Color

_SWATCH = 16
# Between the bar and the text it is about.
_GAP = 6


class HighlightBar(QFrame):
    """Floats over the reading pane's page. For a selection, a colour makes a highlight; for a
    highlight, a colour recolours it and Copy and Delete act on it.

    Signals:
        color_chosen(str): a colour button was pressed (its name: "yellow", ...).
        note_requested, copy_requested, delete_requested: the other buttons.
    """

    color_chosen = Signal(str)
    note_requested = Signal()
    copy_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("highlightBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        self.colour_buttons: dict[Color, QToolButton] = {}
        for color in COLORS:
            button = self._button(f"Highlight in {COLOUR_NAMES[color].lower()}", "")
            button.clicked.connect(lambda _checked=False, chosen=color: self.color_chosen.emit(chosen))
            self.colour_buttons[color] = button
            layout.addWidget(button)
        self.note_button = self._button("Add or edit a note (N)", "Note")
        self.copy_button = self._button("Copy the highlighted words", "Copy")
        self.delete_button = self._button("Delete the highlight", "Delete")
        for button in (self.note_button, self.copy_button, self.delete_button):
            layout.addWidget(button)
        self.note_button.clicked.connect(self.note_requested)
        self.copy_button.clicked.connect(self.copy_requested)
        self.delete_button.clicked.connect(self.delete_requested)
        self.set_theme("light")
        self.hide()

    def _button(self, tip: str, text: str) -> QToolButton:
        button = QToolButton(self)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRaise(True)
        if text:
            button.setText(text)
        return button

    def set_theme(self, theme: str) -> None:
        """Draw the colour buttons as the page's theme paints highlights."""
        for color, button in self.colour_buttons.items():
            pixmap = QPixmap(_SWATCH, _SWATCH)
            pixmap.fill(QColor(highlight_colour(theme, color)))
            button.setIcon(QIcon(pixmap))
            button.setIconSize(QSize(_SWATCH, _SWATCH))

    def show_for(self, around: QRect, *, on_highlight: bool) -> None:
        """Show the bar above `around` (in the parent's coordinates), below it when there is no room.

        For a highlight, Copy and Delete are offered; for a plain selection, only colours and a note.
        """
        self.copy_button.setVisible(on_highlight)
        self.delete_button.setVisible(on_highlight)
        self.adjustSize()
        parent = self.parentWidget()
        width = parent.width() if parent is not None else self.width()
        x = min(max(0, around.center().x() - self.width() // 2), max(0, width - self.width()))
        y = around.top() - self.height() - _GAP
        if y < 0:
            y = around.bottom() + _GAP
        self.move(QPoint(x, y))
        self.show()
        self.raise_()
