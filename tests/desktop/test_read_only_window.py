"""The window over a library it cannot write: it reads, marks nothing by itself, and says why once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from library.article import Article
from library.store import Library
from tests.library.test_read_only import _unprivileged_prefix

# Run in a process to which file permissions apply (root ignores them): the window offscreen,
# an article opened, Favourite asked twice; what was shown comes back as JSON.
DRIVE_THE_WINDOW = """
import json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from desktop import dialogs
from desktop.mainwindow import MainWindow
from library.store import Library

app = QApplication([])
told = []
dialogs.show_error = lambda parent, title, message: told.append(message)
library = Library.open(sys.argv[1])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = MainWindow(library, settings)
window.show()
app.processEvents()
window.open_article(1)
window.action("favorite").trigger()
window.action("favorite").trigger()
app.processEvents()
print(json.dumps({
    "label": window.read_only_label.isVisible(),
    "dialogs": told,
    "status": window.statusBar().currentMessage(),
    "title": window.windowTitle(),
}))
window.close()
library.close()
"""


def test_a_read_only_library_is_read_and_says_so_once(tmp_path: Path) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    path = shelf / "library.db"
    with Library.open(path) as library:
        library.save(
            Article(title="Kept safe", url="https://example.com/a", html="<p>Kept.</p>", text="Kept."),
            source_kind="html",
        )
    before = path.read_bytes()
    path.chmod(0o444)
    shelf.chmod(0o555)
    try:
        done = subprocess.run(
            [
                *_unprivileged_prefix(),
                sys.executable,
                "-c",
                DRIVE_THE_WINDOW,
                str(path),
                str(tmp_path / "s.ini"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    finally:
        shelf.chmod(0o755)
        path.chmod(0o644)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["title"] == "Kept safe — Article Reader"  # read as ever
    assert shown["label"] is True
    # Opening marked nothing read (no dialog for that); the first Favourite said why in a dialog,
    # the second in the status bar.
    assert len(shown["dialogs"]) == 1 and "read-only" in shown["dialogs"][0]
    assert "read-only" in shown["status"]
    assert path.read_bytes() == before
    assert sorted(p.name for p in shelf.iterdir()) == ["library.db"]
