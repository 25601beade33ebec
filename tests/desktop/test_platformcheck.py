"""The start-up check for the X11 libraries Qt's xcb plugin needs: what is missing, and how to install it."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import platformcheck
from desktop.platformcheck import XCB_LIBRARIES, install_advice, missing_libraries, uses_xcb

REPO = Path(__file__).resolve().parents[2]


def test_the_advice_names_each_missing_library_and_the_packages_for_debian_and_fedora() -> None:
    # As on the machine a new user tried: icccm and keysyms missing, cursor installed.
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    missing = missing_libraries(lambda name: name not in absent)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    advice = install_advice(missing)
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in advice
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in advice
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms" in advice
    assert "cursor" not in advice


@pytest.mark.parametrize(
    ("environment", "argv", "expected"),
    [
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, [], False),
        ({"QT_QPA_PLATFORM": "xcb"}, [], True),
        ({"DISPLAY": ":0"}, [], True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, [], False),
        ({"DISPLAY": ":0"}, ["article-reader", "-platform", "offscreen"], False),
        ({}, [], False),
    ],
)
def test_the_check_runs_only_where_qt_would_use_x11(
    environment: dict[str, str], argv: list[str], expected: bool
) -> None:
    assert uses_xcb(environment, argv) is (expected and sys.platform.startswith("linux"))


def test_the_readme_installs_every_library_checked_for() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    apt = next(line for line in readme.splitlines() if line.startswith("sudo apt-get install"))
    dnf = next(line for line in readme.splitlines() if line.startswith("sudo dnf install"))
    for library, (debian, fedora) in XCB_LIBRARIES.items():
        # The libraries every X11 desktop has (libxcb itself, libX11-xcb, libxcb-util) need no mention.
        if debian.startswith(("libxcb-", "libxkbcommon")) and fedora not in {"libxcb", "xcb-util"}:
            assert debian in apt.split(), library
            assert fedora in dnf.split(), library


def loadable(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def test_make_run_and_the_window_say_what_this_machine_lacks(tmp_path: Path) -> None:
    # This very machine, as Qt's plugin would find it: no fake loader.
    lacking = [name for name in XCB_LIBRARIES if not loadable(name)]
    environment = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    checked = subprocess.run(
        [sys.executable, "-m", "desktop.platformcheck"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert checked.returncode == (1 if lacking else 0)
    for name in lacking:
        assert name in checked.stderr
    if lacking:
        # The window's own start says the same, instead of Qt's message about another library.
        window = subprocess.run(
            [sys.executable, "-m", "desktop.launcher", "--library", str(tmp_path / "l.db")],
            env=environment, capture_output=True, text=True, cwd=REPO, timeout=60,
        )  # fmt: skip
        assert window.returncode == 2
        assert platformcheck.install_advice(lacking) in window.stderr
        assert "could not load the Qt platform plugin" not in window.stderr
