"""File ▸ Export and File ▸ Back Up Library: the same choices as the command line, with progress and Cancel."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.exportdialog import BackupJob, ExportChoice, ExportDialog, ExportWorker
from library.records import View
from library.store import Library
from tests.desktop.conftest import fill

EXPORT_TIMEOUT_MS = 60_000


def dialog_for(qtbot: QtBot, library: Library, choice: ExportChoice) -> ExportDialog:
    counts = {"view": library.count(choice.view), "all": library.count()}
    dialog = ExportDialog(library.path, choice, counts)
    qtbot.addWidget(dialog)
    return dialog


def exported_titles(path: Path) -> list[str]:
    return [article["title"] for article in json.loads(path.read_text(encoding="utf-8"))["articles"]]


def test_the_selection_a_view_or_everything_is_exported(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    ids = fill(library, 6)
    library.set_state(ids[:2], favorite=True)
    choice = ExportChoice(selected=(ids[4],), view=View("favorites"), view_name="Favourites")
    for scope, expected in (
        ("selection", ["Article number 5"]),
        ("view", ["Article number 1", "Article number 2"]),
        ("all", [f"Article number {n}" for n in range(1, 7)]),
    ):
        dialog = dialog_for(qtbot, library, choice)
        dialog.scope_buttons[scope].setChecked(True)
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("json"))
        dialog.output.setText(str(tmp_path / f"{scope}.json"))
        with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS) as done:
            dialog.export_button.click()
        assert done.args[0].articles == len(expected)
        assert sorted(exported_titles(tmp_path / f"{scope}.json")) == expected
        assert "Exported" in dialog.status.text()


def test_nothing_selected_means_the_view_is_offered(qtbot: QtBot, library: Library) -> None:
    fill(library, 2)
    dialog = dialog_for(qtbot, library, ExportChoice(view=View("unread"), view_name="Unread"))
    assert not dialog.scope_buttons["selection"].isEnabled() and dialog.scope() == "view"
    assert dialog.scope_buttons["view"].text() == "Unread (2)"


def test_the_format_gives_the_output_its_suffix(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, library, ExportChoice())
    dialog.output.setText(str(tmp_path / "mine.json"))
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("epub"))
    assert dialog.output.text() == str(tmp_path / "mine.epub")
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("markdown"))
    assert dialog.output.text() == str(tmp_path / "mine")


def test_cancel_stops_the_export_and_leaves_nothing(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    fill(library, 40)
    dialog = dialog_for(qtbot, library, ExportChoice())
    dialog.scope_buttons["all"].setChecked(True)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("html"))
    out = tmp_path / "out"
    out.mkdir()
    dialog.output.setText(str(out / "site"))

    # Cancel the moment the first article is written, in the export thread itself, so the test
    # does not depend on how soon the window hears of it: what Cancel does between articles.
    def cancel_after_the_first(worker: ExportWorker) -> None:
        def cancel(done: int, _total: int, _title: str) -> None:
            if done == 1:
                dialog.stop_export()

        worker.progress.connect(cancel, Qt.ConnectionType.DirectConnection)

    dialog.started.connect(cancel_after_the_first)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=EXPORT_TIMEOUT_MS)
    assert "Cancelled" in dialog.status.text() and list(out.iterdir()) == []
    assert getattr(dialog.report, "cancelled", False)


def test_a_refused_export_says_why(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    fill(library, 1)
    taken = tmp_path / "taken.csv"
    taken.write_text("mine", encoding="utf-8")
    dialog = dialog_for(qtbot, library, ExportChoice())
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    dialog.output.setText(str(taken))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=EXPORT_TIMEOUT_MS)
    assert "already exists" in dialog.status.text() and taken.read_text(encoding="utf-8") == "mine"


def test_back_up_library_copies_it_checked_and_says_so(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QWidget

    fill(library, 3)
    window = QWidget()
    qtbot.addWidget(window)
    job = BackupJob(window, library.path, tmp_path / "copy.db")
    with qtbot.waitSignal(job.finished, timeout=EXPORT_TIMEOUT_MS) as done:
        job.start()
    report = done.args[0]
    assert report is not None and report.path == tmp_path / "copy.db"
    with Library.open(report.path) as copy:
        assert copy.count() == 3 and copy.integrity_check() == "ok"
    assert job.message is not None and "checked" in job.message.text()
    job.message.close()


def test_file_export_offers_the_windows_selection_and_view(main_window: Any, qtbot: QtBot) -> None:
    pane = main_window.library_pane
    pane.show_view(View("favorites"))
    main_window.action("export").trigger()
    dialog = main_window.exporting.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert dialog.choice.view == View("favorites") and dialog.scope_buttons["view"].text() == "Favourites (1)"
    assert dialog.scope_buttons["all"].text().endswith(f"({main_window.library.count()})")
    dialog.close()


def test_file_back_up_library_writes_a_checked_copy(
    main_window: Any, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import exportdialog

    monkeypatch.setattr(exportdialog, "ask_backup_path", lambda _parent, _suggested: tmp_path / "copy.db")
    main_window.action("backup").trigger()
    job = main_window.exporting.backup
    assert job is not None
    qtbot.waitUntil(lambda: job.message is not None, timeout=EXPORT_TIMEOUT_MS)
    with Library.open(tmp_path / "copy.db") as copy:
        assert copy.count() == main_window.library.count()
    job.message.close()


def test_a_finished_export_offers_close_and_shows_where_it_went(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import dialogs

    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    fill(library, 2)
    dialog = dialog_for(qtbot, library, ExportChoice(view=View("all"), view_name="All articles"))
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert cancel.text() == "Cancel" and not dialog.show_button.isVisible()
    dialog.show()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("markdown"))
    dialog.output.setText(str(tmp_path / "notes"))
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS):
        dialog.export_button.click()
    assert cancel.text() == "Close" and dialog.show_button.isVisible()
    dialog.show_button.click()
    assert opened == [str(tmp_path / "notes")]
    # A file export shows the folder it is in.
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("epub"))
    dialog.output.setText(str(tmp_path / "book.epub"))
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS):
        dialog.export_button.click()
    dialog.show_button.click()
    assert opened[-1] == str(tmp_path)
    cancel.click()
    assert not dialog.isVisible()
