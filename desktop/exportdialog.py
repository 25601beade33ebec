"""File ▸ Export and File ▸ Back Up Library: the command line's choices, with progress and Cancel.

The export runs in a thread of its own over its own connection to the library (a
connection belongs to the thread that opened it), so the window stays responsive;
Cancel stops it between articles and nothing is left where the export was going.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import dialogs
from library.errors import ReaderError
from library.records import View
from library.store import Library

# What the person can export, in the order offered: the same choices as `article-reader export`.
SCOPES = ("selection", "view", "all")


@dataclass(frozen=True)
class ExportChoice:
    """What the window knows when File ▸ Export is chosen: the selected articles and the current view."""

    selected: tuple[int, ...] = ()
    view: View = View()
    view_name: str = "All articles"
    search: str | None = None


class ExportWorker(QObject):
    """Runs one export in the export thread.

    Signals:
        progress: done, total, the title of the article being written.
        finished: the `ExportReport` (cancelled or not), or None when it failed.
        failed: why the export could not be written.
    """

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self, library_path: Path, selection: object, fmt: str, output: Path, stop: threading.Event
    ) -> None:
        super().__init__()
        self._library_path = library_path
        self._selection = selection
        self._format = fmt
        self._output = output
        self._stop = stop

    @Slot()
    def run(self) -> None:
        from library.export import Selection, export_articles
        from library.store import Library

        report = None
        try:
            assert isinstance(self._selection, Selection)
            with Library.open(self._library_path) as library:
                report = export_articles(
                    library,
                    self._selection,
                    self._format,
                    self._output,
                    progress=lambda p: self.progress.emit(p.done, p.total or 0, p.current),
                    should_stop=self._stop.is_set,
                    application="article-reader (window)",
                )
        except ReaderError as error:
            self.failed.emit(str(error))
        finally:
            self.finished.emit(report)


class ExportDialog(QDialog):
    """Choose what to export, how and where; then watch it go, or cancel it.

    Signals:
        started: the `ExportWorker` of an export about to begin (its signals come from the export thread).
        exported: the `ExportReport` of a finished export (not emitted for one cancelled or failed).
    """

    started = Signal(object)
    exported = Signal(object)

    def __init__(
        self, library_path: Path, choice: ExportChoice, counts: dict[str, int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from library.export import FORMATS

        self.setWindowTitle("Export")
        self.library_path = library_path
        self.choice = choice
        self._thread: QThread | None = None
        self._worker: ExportWorker | None = None
        self._stop = threading.Event()
        self.report: object | None = None

        self.scopes = QButtonGroup(self)
        scope_box = QVBoxLayout()
        labels = {
            "selection": f"The selected articles ({len(choice.selected)})",
            "view": f"{choice.view_name}"
            + (f", matching “{choice.search}”" if choice.search else "")
            + f" ({counts.get('view', 0):,})",
            "all": f"Everything ({counts.get('all', 0):,})",
        }
        self.scope_buttons: dict[str, QRadioButton] = {}
        for number, scope in enumerate(SCOPES):
            button = QRadioButton(labels[scope])
            button.setObjectName(f"scope-{scope}")
            self.scopes.addButton(button, number)
            self.scope_buttons[scope] = button
            scope_box.addWidget(button)
        self.scope_buttons["selection"].setEnabled(bool(choice.selected))
        self.scope_buttons["selection" if choice.selected else "view"].setChecked(True)

        self.format_box = QComboBox()
        for name, fmt in FORMATS.items():
            self.format_box.addItem(f"{name}: {fmt.description}", name)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.output = QLineEdit()
        self.output.setObjectName("output")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.output, 1)
        where.addWidget(browse)

        form = QFormLayout()
        form.addRow("Articles:", scope_box)
        form.addRow("Format:", self.format_box)
        form.addRow("Save to:", where)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.cancel_or_close)
        # Once an export is written: where it went, a click away.
        self.show_button = self.buttons.addButton("Show Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.show_button.clicked.connect(self.show_export)
        self.show_button.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._format_changed()

    # -- choosing ----------------------------------------------------------------------

    def format_name(self) -> str:
        return str(self.format_box.currentData())

    def scope(self) -> str:
        return SCOPES[self.scopes.checkedId()]

    def selection(self) -> object:
        from library.export import Selection

        scope = self.scope()
        if scope == "selection":
            return Selection(ids=self.choice.selected)
        if scope == "view":
            return Selection(view=self.choice.view, search=self.choice.search)
        return Selection()

    def _format_changed(self) -> None:
        from library.export import FORMATS

        fmt = FORMATS[self.format_name()]
        current = (
            Path(self.output.text()) if self.output.text().strip() else Path.home() / "Article Reader export"
        )
        stem = current.name.removesuffix(current.suffix) if current.suffix else current.name
        self.output.setText(str(current.with_name(stem + fmt.suffix)))

    def _browse(self) -> None:
        from library.export import FORMATS

        fmt = FORMATS[self.format_name()]
        caption = "Folder to create for the export" if fmt.folder else "Export to"
        chosen, _filter = QFileDialog.getSaveFileName(self, caption, self.output.text())
        if chosen:
            self.output.setText(chosen)

    # -- running -----------------------------------------------------------------------

    def is_running(self) -> bool:
        return self._thread is not None

    @Slot()
    def start(self) -> None:
        """Begin the export chosen, in the export thread."""
        if self.is_running() or not self.output.text().strip():
            return
        self._stop = threading.Event()
        worker = ExportWorker(
            self.library_path,
            self.selection(),
            self.format_name(),
            Path(self.output.text().strip()).expanduser(),
            self._stop,
        )
        thread = QThread(self)
        thread.setObjectName("export")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        worker.finished.connect(thread.quit)
        self._thread, self._worker = thread, worker
        self.export_button.setEnabled(False)
        self.show_button.setVisible(False)
        self._close_button().setText("Cancel")
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText("Exporting…")
        self.started.emit(worker)
        thread.start()

    @Slot()
    def cancel_or_close(self) -> None:
        """Cancel stops a running export (nothing is left behind); otherwise it closes the dialog."""
        if self.is_running():
            self.stop_export()
            self.status.setText("Cancelling…")
        else:
            self.reject()

    def stop_export(self) -> None:
        """Ask the running export to stop after the article in hand (safe from any thread)."""
        self._stop.set()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, title: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"{done} of {total}: {title}" if title else f"{done} of {total}")

    @Slot(str)
    def _on_failed(self, reason: str) -> None:
        self.status.setText(f"The export could not be written: {reason}")

    @Slot(object)
    def _on_finished(self, report: object) -> None:
        from library.export import ExportReport

        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        del worker
        self.export_button.setEnabled(True)
        self.progress.setVisible(False)
        self.report = report
        if not isinstance(report, ExportReport):
            return  # failed: the reason is shown
        if report.cancelled:
            self.status.setText("Cancelled: nothing was written.")
            return
        noun = "article" if report.articles == 1 else "articles"
        notes = "".join(f"\n{note}" for note in report.notes)
        self.status.setText(f"Exported {report.articles} {noun} to {report.output}.{notes}")
        # Done: nothing is left to cancel.
        self._close_button().setText("Close")
        self.show_button.setVisible(True)
        self.exported.emit(report)

    def _close_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert button is not None
        return button

    @Slot()
    def show_export(self) -> None:
        """Open the folder of the finished export (the export itself, when it is a folder)."""
        from library.export import ExportReport

        if isinstance(self.report, ExportReport):
            output = Path(self.report.output)
            dialogs.open_url(QUrl.fromLocalFile(str(output if output.is_dir() else output.parent)))

    def closeEvent(self, event: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(30_000)
        super().closeEvent(event)  # type: ignore[arg-type]


class BackupWorker(QObject):
    """Copies the library in a thread of its own. Signals: finished (the BackupReport, or None), failed."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, library_path: Path, target: Path) -> None:
        super().__init__()
        self._library_path = library_path
        self._target = target

    @Slot()
    def run(self) -> None:
        from library.backup import backup_file

        report = None
        try:
            report = backup_file(self._library_path, self._target)
        except ReaderError as error:
            self.failed.emit(str(error))
        finally:
            self.finished.emit(report)


class BackupJob(QObject):
    """File ▸ Back Up Library once the place is chosen: the copy made in a thread, the outcome shown.

    Signals:
        finished: the `BackupReport`, or None when the copy could not be made (the reason is shown).
    """

    finished = Signal(object)

    def __init__(self, parent: QWidget, library_path: Path, target: Path) -> None:
        super().__init__(parent)
        self._parent = parent
        self.copying = QThread(self)
        self.copying.setObjectName("backup")
        self._worker = BackupWorker(library_path, target)
        self._worker.moveToThread(self.copying)
        self.copying.started.connect(self._worker.run)
        self._worker.failed.connect(self._on_failed)
        self._worker.finished.connect(self._on_finished)
        self._worker.finished.connect(self.copying.quit)
        self.message: QMessageBox | None = None

    def start(self) -> None:
        self.copying.start()

    @Slot(str)
    def _on_failed(self, reason: str) -> None:
        self._show(QMessageBox.Icon.Warning, f"The library could not be backed up: {reason}")

    @Slot(object)
    def _on_finished(self, report: object) -> None:
        from library.backup import BackupReport

        self.copying.quit()
        self.copying.wait()
        if isinstance(report, BackupReport):
            self._show(
                QMessageBox.Icon.Information,
                f"The library was copied to {report.path} and checked.\n\n"
                f'To open the copy: article-reader --library "{report.path}"',
            )
        self.finished.emit(report)

    def _show(self, icon: QMessageBox.Icon, text: str) -> None:
        # Not modal: the window goes on while the person reads it.
        self.message = QMessageBox(icon, "Back Up Library", text, QMessageBox.StandardButton.Ok, self._parent)
        self.message.open()


def back_up_library(parent: QWidget, library_path: Path, target: Path | None = None) -> BackupJob | None:
    """File ▸ Back Up Library: ask where (unless `target` is given), then copy in the background.

    Returns the running job, or None when the person chose no place.
    """
    if target is None:
        suggested = str(library_path.with_name(f"{library_path.stem}-backup{library_path.suffix}"))
        chosen, _filter = QFileDialog.getSaveFileName(parent, "Back Up Library", suggested)
        if not chosen:
            return None
        target = Path(chosen)
    job = BackupJob(parent, library_path, target)
    job.start()
    return job


def ask_backup_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to write a backup: the person's choice in a save dialog, or None (a seam for tests)."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Back Up Library", str(suggested))
    return Path(chosen) if chosen else None


class ExportCommands(QObject):
    """File ▸ Export… and File ▸ Back Up Library… for the window's library, selection and view.

    The window is read when a command runs (it may have opened another library since).
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ExportDialog | None = None
        self.backup: BackupJob | None = None

    def _library(self) -> Library:
        library: Library = getattr(self.window, "library")  # noqa: B009 (the window's current one)
        return library

    def choice(self) -> ExportChoice:
        """What the window shows now: the selected rows, and the view or the search the list shows."""
        from desktop.sidebarmodel import view_label

        pane = getattr(self.window, "library_pane")  # noqa: B009
        selected = tuple(header.id for header in pane.selected_headers())
        if pane.article_model.search_mode and pane.search_box.text().strip():
            # The window's searches cover every article.
            return ExportChoice(selected, View(), "All articles", pane.search_box.text().strip())
        return ExportChoice(selected, pane.view, view_label(pane.view))

    def export(self) -> None:
        """Open the Export dialog (not modal: the window goes on while an export runs)."""
        library = self._library()
        choice = self.choice()
        in_view = (
            len(library.search_ids(choice.search, choice.view))
            if choice.search
            else library.count(choice.view)
        )
        self.dialog = ExportDialog(
            library.path, choice, {"view": in_view, "all": library.count()}, self.window
        )
        self.dialog.open()

    def back_up(self) -> None:
        """Ask where, then copy the library in the background."""
        path = self._library().path
        target = ask_backup_path(self.window, path.with_name(f"{path.stem}-backup{path.suffix}"))
        if target is not None:
            self.backup = back_up_library(self.window, path, target)
