"""Read mode's own small controls: text size, theme, typeface, line spacing, and the way back."""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QEasingCurve,
    QEvent,
    QObject,
    QPropertyAnimation,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QEnterEvent,
    QFont,
    QIcon,
    QImage,
    QPainter,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QMenu,
    QToolButton,
    QWidget,
)

from desktop.look import (
    DEFAULT_LINE_SPACING,
    DEFAULT_SCALE,
    DEFAULT_TYPEFACE,
    LINE_SPACINGS,
    MAX_SCALE,
    MIN_SCALE,
    SANS_FAMILIES,
    SERIF_FAMILIES,
    TYPEFACES,
    Look,
    ReadingLook,
    clamp_scale,
    next_zoom_step,
    previous_zoom_step,
)
from desktop.themes import DEFAULT_THEME, ICON_PIXELS, THEMES, effective_theme, theme_colours, tinted_icon

# Out of the way while reading: the controls fade to this after a while untouched, and come back
# as soon as the pointer or the keyboard focus reaches them.
IDLE_OPACITY = 0.3
IDLE_DELAY_MS = 2500
FADE_MS = 220
ICON_SIZE = 18
SWATCH_SIZE = 22


def _theme_swatch(theme: str) -> QIcon:
    """A disc in the theme's paper colour with an "A" in its ink: what choosing it will look like."""
    colours = theme_colours(theme)
    icon = QIcon()
    for pixels in ICON_PIXELS:
        image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = QColor(colours["text"])
        ring.setAlphaF(0.45)
        painter.setPen(QPen(ring, max(1.0, pixels / 18)))
        painter.setBrush(colours["background"])
        inset = max(1.0, pixels / 16)
        painter.drawEllipse(QRectF(inset, inset, pixels - 2 * inset, pixels - 2 * inset))
        font = QFont()
        font.setFamilies(SERIF_FAMILIES)
        font.setPixelSize(max(6, round(pixels * 0.5)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(colours["text"])
        painter.drawText(QRectF(0, 0, pixels, pixels), Qt.AlignmentFlag.AlignCenter, "A")
        painter.end()
        icon.addPixmap(QPixmap.fromImage(image))
    return icon


class ReadModeBar(QFrame):
    """The small controls shown in read mode, in the page's own colours, fading while unused.

    The bar only asks; the window decides and tells the bar what is in force
    through `show_look()` (or `follow()` the reading look). Every control is
    reachable with Tab and works with Space; each has a tooltip.

    Signals:
        font_scale_requested(int): smaller, larger, or the percentage (back to 100%) was chosen.
        theme_requested(str): "light", "sepia" or "dark" was chosen.
        typeface_requested(str): "serif" or "sans" was chosen.
        line_spacing_requested(float): a line spacing was chosen.
        exit_requested(): "leave read mode" was chosen.
    """

    font_scale_requested = Signal(int)
    theme_requested = Signal(str)
    typeface_requested = Signal(str)
    line_spacing_requested = Signal(float)
    exit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readModeBar")
        self.setAccessibleName("Read mode controls")
        self._scale = DEFAULT_SCALE
        self._theme = DEFAULT_THEME
        self._typeface = DEFAULT_TYPEFACE
        self._line_spacing = DEFAULT_LINE_SPACING
        self._styled_as = ""

        # The controls fade, not the bar: its background stays the page's colour.
        self._controls = QWidget(self)
        self._opacity = QGraphicsOpacityEffect(self._controls)
        self._opacity.setOpacity(1.0)
        self._controls.setGraphicsEffect(self._opacity)
        self._fade = QPropertyAnimation(self._opacity, QByteArray(b"opacity"), self)
        self._fade.setDuration(FADE_MS)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.setInterval(IDLE_DELAY_MS)
        self._idle_timer.timeout.connect(self.fade)

        self.smaller_button = self._button("Smaller text (Ctrl+-)", icon_name="font-smaller")
        self.smaller_button.clicked.connect(lambda: self._request_scale(previous_zoom_step(self._scale)))
        self.scale_button = self._button("Text size; click for 100% (Ctrl+0)", text="100%")
        self.scale_button.setMinimumWidth(self.scale_button.fontMetrics().horizontalAdvance("300%") + 16)
        self.scale_button.clicked.connect(lambda: self._request_scale(DEFAULT_SCALE))
        self.larger_button = self._button("Larger text (Ctrl++)", icon_name="font-larger")
        self.larger_button.clicked.connect(lambda: self._request_scale(next_zoom_step(self._scale)))

        self.theme_buttons: dict[str, QToolButton] = {}
        self._theme_group = QButtonGroup(self)
        for theme, name in THEMES.items():
            if theme == "system":
                continue
            button = self._button(f"{name} theme", checkable=True)
            button.setIcon(_theme_swatch(theme))
            button.setIconSize(QSize(SWATCH_SIZE, SWATCH_SIZE))
            button.clicked.connect(lambda _checked=False, t=theme: self._request_theme(t))
            self._theme_group.addButton(button)
            self.theme_buttons[theme] = button

        self.typeface_buttons: dict[str, QToolButton] = {}
        self._typeface_group = QButtonGroup(self)
        for typeface, name in TYPEFACES.items():
            button = self._button(f"{name} typeface", text=name, checkable=True)
            font = QFont(button.font())
            font.setFamilies(SERIF_FAMILIES if typeface == "serif" else SANS_FAMILIES)
            button.setFont(font)
            button.clicked.connect(lambda _checked=False, t=typeface: self._request_typeface(t))
            self._typeface_group.addButton(button)
            self.typeface_buttons[typeface] = button

        self.spacing_button = self._button("Line spacing", icon_name="line-spacing")
        self.spacing_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.spacing_menu = QMenu(self.spacing_button)
        self.spacing_actions: dict[float, QAction] = {}
        spacing_group = QActionGroup(self.spacing_menu)
        for factor, name in LINE_SPACINGS.items():
            action = QAction(f"{name} ({factor:g})", self.spacing_menu)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, f=factor: self._request_line_spacing(f))
            spacing_group.addAction(action)
            self.spacing_menu.addAction(action)
            self.spacing_actions[factor] = action
        self.spacing_button.setMenu(self.spacing_menu)

        self.exit_button = self._button("Leave read mode (Esc)", text="Leave", icon_name="close")
        self.exit_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.exit_button.clicked.connect(self.exit_requested)

        row = QHBoxLayout(self._controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        groups: list[list[QToolButton]] = [
            [self.smaller_button, self.scale_button, self.larger_button],
            list(self.theme_buttons.values()),
            list(self.typeface_buttons.values()),
            [self.spacing_button],
        ]
        for index, group in enumerate(groups):
            if index:
                row.addSpacing(14)
            for button in group:
                row.addWidget(button)
        row.addSpacing(24)
        row.addWidget(self.exit_button)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(10, 4, 10, 4)
        outer.addStretch(1)
        outer.addWidget(self._controls)
        outer.addStretch(1)

        self._apply_look()
        self.set_font_scale(self._scale)
        self.set_line_spacing(self._line_spacing)
        self.set_typeface(self._typeface)

    # -- what is in force --------------------------------------------------------------

    def set_font_scale(self, percent: int) -> None:
        """Show `percent` as the text size; smaller and larger are disabled at the limits."""
        self._scale = percent
        self.scale_button.setText(f"{percent}%")
        self.scale_button.setAccessibleName(f"Text size {percent}%")
        self.smaller_button.setEnabled(percent > MIN_SCALE)
        self.larger_button.setEnabled(percent < MAX_SCALE)

    def font_scale(self) -> int:
        return self._scale

    def set_theme(self, theme: str) -> None:
        """Show `theme` as chosen ("system" checks none) and take on its colours."""
        self._theme = theme
        for name, button in self.theme_buttons.items():
            button.setChecked(name == theme)
        if effective_theme(theme) != self._styled_as:
            self._apply_look()

    def set_typeface(self, typeface: str) -> None:
        """Show `typeface` ("serif" or "sans") as chosen."""
        self._typeface = typeface
        for name, button in self.typeface_buttons.items():
            button.setChecked(name == typeface)

    def set_line_spacing(self, factor: float) -> None:
        """Show `factor` as the line spacing (a factor between the choices checks none)."""
        self._line_spacing = factor
        for value, action in self.spacing_actions.items():
            action.setChecked(abs(value - factor) < 0.01)

    def show_look(self, look: Look) -> None:
        """Show every value of `look` as the one in force."""
        self.set_font_scale(look.font_scale)
        self.set_theme(look.theme)
        self.set_typeface(look.typeface)
        self.set_line_spacing(look.line_spacing)

    def follow(self, look: ReadingLook) -> None:
        """Show `look` now and whenever it changes, and ask it for what the controls choose."""
        self.show_look(look.look)
        look.changed.connect(lambda: self.show_look(look.look))
        self.font_scale_requested.connect(look.set_font_scale)
        self.theme_requested.connect(look.set_theme)
        self.typeface_requested.connect(look.set_typeface)
        self.line_spacing_requested.connect(look.set_line_spacing)

    # -- fading ------------------------------------------------------------------------

    def opacity(self) -> float:
        """How visible the controls are now: 1 when in use, IDLE_OPACITY when faded."""
        return float(self._opacity.opacity())

    def wake(self) -> None:
        """Show the controls fully, and fade them again after a while untouched."""
        self._animate_to(1.0)
        self._idle_timer.start()

    def fade(self) -> None:
        """Fade the controls, unless the pointer or the keyboard focus is on them."""
        if self.underMouse() or self._has_focus_inside():
            self._idle_timer.start()
            return
        self._animate_to(IDLE_OPACITY)

    def enterEvent(self, event: QEnterEvent) -> None:
        super().enterEvent(event)
        self._animate_to(1.0)
        self._idle_timer.stop()

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self._idle_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.wake()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self._animate_to(1.0)
            self._idle_timer.stop()
        elif event.type() == QEvent.Type.FocusOut:
            self._idle_timer.start()
        return super().eventFilter(watched, event)

    # -- internals ---------------------------------------------------------------------

    def _button(
        self, tip: str, *, text: str = "", icon_name: str = "", checkable: bool = False
    ) -> QToolButton:
        button = QToolButton(self._controls)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextOnly
            if text and not icon_name
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        if text:
            button.setText(text)
        if icon_name:
            button.setProperty("iconName", icon_name)
        button.installEventFilter(self)
        return button

    def _has_focus_inside(self) -> bool:
        focused = self.focusWidget()
        return focused is not None and focused.hasFocus() and self.isAncestorOf(focused)

    def _animate_to(self, opacity: float) -> None:
        if self._fade.endValue() == opacity and self._fade.state() == QPropertyAnimation.State.Running:
            return
        self._fade.stop()
        self._fade.setStartValue(self._opacity.opacity())
        self._fade.setEndValue(opacity)
        self._fade.start()

    def _apply_look(self) -> None:
        """The page's paper and ink for the bar, quiet buttons, and icons in the ink."""
        self._styled_as = effective_theme(self._theme)
        colours = theme_colours(self._styled_as)
        paper, ink = colours["background"], colours["text"]

        def rgba(colour: QColor, alpha: float) -> str:
            return f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {alpha})"

        self.setStyleSheet(
            f"QFrame#readModeBar {{ background: {paper.name()}; border-bottom: 1px solid {rgba(ink, 0.08)}; }}"
            f"QToolButton {{ color: {ink.name()}; background: transparent; border: 1px solid transparent;"
            " border-radius: 6px; padding: 3px 7px; }"
            f"QToolButton:hover {{ background: {rgba(ink, 0.08)}; }}"
            f"QToolButton:checked {{ background: {rgba(ink, 0.10)}; border-color: {rgba(ink, 0.30)}; }}"
            f"QToolButton:focus {{ border-color: {rgba(ink, 0.55)}; }}"
            f"QToolButton:disabled {{ color: {rgba(ink, 0.35)}; }}"
            "QToolButton::menu-indicator { image: none; width: 0px; }"
        )
        muted = QColor(ink)
        muted.setAlphaF(0.4)
        for button in self._controls.findChildren(QToolButton):
            name = button.property("iconName")
            if name:
                icon = QIcon(tinted_icon(str(name), ink))
                disabled = tinted_icon(str(name), muted)
                for pixels in ICON_PIXELS:
                    icon.addPixmap(disabled.pixmap(pixels, pixels), QIcon.Mode.Disabled)
                button.setIcon(icon)
                button.setIconSize(QSize(ICON_SIZE, ICON_SIZE))

    def _request_scale(self, percent: int) -> None:
        percent = clamp_scale(percent)
        self.set_font_scale(percent)
        self.font_scale_requested.emit(percent)

    def _request_theme(self, theme: str) -> None:
        self.set_theme(theme)
        self.theme_requested.emit(theme)

    def _request_typeface(self, typeface: str) -> None:
        self.set_typeface(typeface)
        self.typeface_requested.emit(typeface)

    def _request_line_spacing(self, factor: float) -> None:
        self.set_line_spacing(factor)
        self.line_spacing_requested.emit(factor)
