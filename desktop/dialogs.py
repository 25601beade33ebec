"""Every modal dialog and every hand-off to the system, behind plain functions that tests replace in one place."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.workers import failure_rows, summary

if TYPE_CHECKING:
    from library.importer import ImportReport

APP_NAME = "Article Reader"
IMPORT_FILTER = (
    "Saved pages and exports (*.html *.htm *.xhtml *.mht *.mhtml *.webarchive *.txt *.md *.gz *.zip *.csv *.json);;"
    "All files (*)"
)
LIBRARY_FILTER = "Article Reader libraries (*.db *.sqlite *.sqlite3);;All files (*)"


def ask_import_files(parent: QWidget) -> list[str]:
    """Ask for files to import (saved pages, text files, exports); [] when cancelled."""
    files, _filter = QFileDialog.getOpenFileNames(parent, "Import files", "", IMPORT_FILTER)
    return list(files)


def ask_import_folder(parent: QWidget) -> str | None:
    """Ask for a folder to import, recursively; None when cancelled."""
    folder = QFileDialog.getExistingDirectory(parent, "Import a folder")
    return folder or None


def ask_library_file(parent: QWidget, current: str) -> str | None:
    """Ask for a library file to open (an existing one, or the name of a new one); None when cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        "Open another library",
        current,
        LIBRARY_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return path or None


def ask_tags(parent: QWidget, current: list[str]) -> list[str] | None:
    """Ask for the tags of the selected articles, comma separated; None when cancelled."""
    text, accepted = QInputDialog.getText(
        parent, "Tags", "Tags, separated by commas:", QLineEdit.EchoMode.Normal, ", ".join(current)
    )
    if not accepted:
        return None
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """Tell the person something could not be done (modal)."""
    QMessageBox.warning(parent, title, message)


def show_library_error(path: object, reason: str) -> None:
    """Say that the library cannot be opened and why (modal)."""
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "The library cannot be opened.")
    box.setInformativeText(f"{path}\n\n{reason[:1].upper()}{reason[1:]}.")
    box.exec()


def show_shortcuts(parent: QWidget, rows: list[tuple[str, str]]) -> None:
    """The list of keyboard shortcuts (modal)."""
    body = "".join(
        f"<tr><td style='padding:2px 18px 2px 0'>{escape(what)}</td><td><b>{escape(keys)}</b></td></tr>"
        for what, keys in rows
    )
    box = QMessageBox(parent)
    box.setWindowTitle("Keyboard shortcuts")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<table>{body}</table>")
    box.exec()


def show_about(parent: QWidget) -> None:
    """The About box (modal)."""
    QMessageBox.about(
        parent,
        "About Article Reader",
        "<h3>Article Reader</h3><p>A calm, fast, private reader for the articles you saved.</p>"
        "<p>Everything stays in one file on this computer; nothing is sent anywhere.</p>",
    )


def show_text(parent: QWidget, title: str, text: str) -> None:
    """Show plain text to read and copy (an article's original page): never rendered as HTML."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.resize(760, 640)
    layout = QVBoxLayout(dialog)
    view = QPlainTextEdit(dialog)
    view.setReadOnly(True)
    view.setPlainText(text)
    layout.addWidget(view)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.exec()


def progress(parent: QWidget, label: str, total: int) -> QProgressDialog:
    """A modal progress bar with Cancel, for work done on the window's own thread."""
    bar = QProgressDialog(label, "Cancel", 0, total, parent)
    bar.setWindowModality(Qt.WindowModality.WindowModal)
    bar.setMinimumDuration(300)
    return bar


def show_dialog(dialog: QDialog) -> None:
    """Show a dialog of the window's own (the preferences) and wait for it to close (modal)."""
    dialog.exec()


def open_url(url: QUrl) -> bool:
    """Hand an address to the system's browser or mail program."""
    return QDesktopServices.openUrl(url)


def exec_menu(menu: QMenu, position: QPoint) -> QAction | None:
    """Show a context menu and wait for a choice (modal)."""
    return menu.exec(position)


class ImportReportDialog(QDialog):
    """The end of an import that had failures: a summary line and each failure with its reason."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished")
        self.resize(720, 360)
        layout = QVBoxLayout(self)
        failures = failure_rows(report)
        heading = QLabel(
            f"<b>{len(failures)} item{'s' if len(failures) != 1 else ''} could not be imported.</b>"
            f"<br>{summary(report).capitalize()}.",
            self,
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Item", "Reason"])
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.header().setStretchLastSection(True)
        for source, reason in failures:
            item = QTreeWidgetItem([source, reason])
            item.setToolTip(0, source)
            item.setToolTip(1, reason)
            self.table.addTopLevelItem(item)
        self.table.setColumnWidth(0, 320)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def show_import_report(parent: QWidget | None, report: ImportReport) -> None:
    """Show the failures of a finished import (modal)."""
    ImportReportDialog(report, parent).exec()
