"""The preferences dialog: the reading look, the network, and the library file in use; every change applies at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import dialogs
from desktop.importing import Importer
from desktop.look import LINE_SPACINGS, MAX_SCALE, MIN_SCALE, TYPEFACES, ReadingLook
from desktop.themes import THEMES


class PreferencesDialog(QDialog):
    """Reading (theme, typeface, line spacing, text size), network (Work Offline, background
    downloads) and the library file, with "Open Another Library…".

    Nothing waits for an OK: each control asks the reading look or the importer at once,
    and shows what is in force when it changes elsewhere (the keys, the read-mode bar).
    """

    def __init__(
        self,
        look: ReadingLook,
        importer: Importer,
        library_path: Callable[[], Path],
        open_library: Callable[[str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._look = look
        self._importer = importer
        self._library_path = library_path
        self._open_library = open_library

        reading = QGroupBox("Reading", self)
        form = QFormLayout(reading)
        self.theme_box = self._combo(THEMES)
        self.typeface_box = self._combo(TYPEFACES)
        self.spacing_box = self._combo(
            {value: f"{label} ({value:g})" for value, label in LINE_SPACINGS.items()}
        )
        self.scale_box = QSpinBox(self)
        self.scale_box.setRange(MIN_SCALE, MAX_SCALE)
        self.scale_box.setSuffix("%")
        self.scale_box.setSingleStep(10)
        form.addRow("&Theme:", self.theme_box)
        form.addRow("T&ypeface:", self.typeface_box)
        form.addRow("Line &spacing:", self.spacing_box)
        form.addRow("Text si&ze:", self.scale_box)

        network = QGroupBox("Network", self)
        network_layout = QVBoxLayout(network)
        self.offline_box = QCheckBox("Work &offline: use no network at all", self)
        self.background_box = QCheckBox("Download saved &addresses in the background", self)
        network_layout.addWidget(self.offline_box)
        network_layout.addWidget(self.background_box)

        library = QGroupBox("Library", self)
        library_layout = QHBoxLayout(library)
        self.library_label = QLabel(self)
        self.library_label.setWordWrap(True)
        self.open_button = QPushButton("Open Another &Library…", self)
        library_layout.addWidget(self.library_label, 1)
        library_layout.addWidget(self.open_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for group in (reading, network, library):
            layout.addWidget(group)
        layout.addWidget(buttons)

        self.show_current()
        self.theme_box.activated.connect(lambda: look.set_theme(self.theme_box.currentData()))
        self.typeface_box.activated.connect(lambda: look.set_typeface(self.typeface_box.currentData()))
        self.spacing_box.activated.connect(lambda: look.set_line_spacing(self.spacing_box.currentData()))
        self.scale_box.valueChanged.connect(look.set_font_scale)
        self.offline_box.toggled.connect(importer.set_offline)
        self.background_box.toggled.connect(importer.set_background_downloads)
        self.open_button.clicked.connect(self.choose_library)
        look.changed.connect(self.show_current)
        importer.network_changed.connect(self.show_current)

    def _combo(self, choices: dict[str, str] | dict[float, str]) -> QComboBox:
        box = QComboBox(self)
        for value, label in choices.items():
            box.addItem(label, value)
        return box

    def show_current(self) -> None:
        """Show what is in force now, asking for nothing."""
        look = self._look.look
        for box, value in (
            (self.theme_box, look.theme),
            (self.typeface_box, look.typeface),
            (self.spacing_box, look.line_spacing),
        ):
            box.setCurrentIndex(box.findData(value))
        self.scale_box.blockSignals(True)
        self.scale_box.setValue(look.font_scale)
        self.scale_box.blockSignals(False)
        importer = self._importer
        reason = importer.offline_reason()
        for check, on in (
            (self.offline_box, importer.is_offline()),
            (self.background_box, importer.background_downloads()),
        ):
            check.blockSignals(True)
            check.setChecked(on)
            check.blockSignals(False)
        self.offline_box.setEnabled(not reason)
        self.offline_box.setToolTip(reason)
        self.background_box.setEnabled(not importer.is_offline())
        self.library_label.setText(str(self._library_path()))

    def choose_library(self) -> None:
        """Ask for another library file and open it in the window."""
        chosen = dialogs.ask_library_file(self, str(self._library_path()))
        if chosen and self._open_library(chosen):
            self.show_current()
