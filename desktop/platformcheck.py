"""Before the window opens on Linux/X11: are the system libraries Qt's xcb plugin needs there? If not, say which and how to install them."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# Each library the xcb platform plugin of PySide6 links (ldd of libqxcb.so and libQt6XcbQpa.so)
# that a fresh desktop may lack, with the package that brings it on Debian/Ubuntu and on Fedora.
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
}


# Where the dynamic loader looks by default, before /etc/ld.so.conf adds more.
_DEFAULT_DIRECTORIES = ("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib")


@functools.cache
def _library_directories() -> tuple[Path, ...]:
    """The directories the dynamic loader searches: LD_LIBRARY_PATH, /etc/ld.so.conf(.d), the defaults."""
    found = [entry for entry in os.environ.get("LD_LIBRARY_PATH", "").split(":") if entry]
    for conf in [Path("/etc/ld.so.conf"), *sorted(Path("/etc/ld.so.conf.d").glob("*.conf"))]:
        try:
            lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        found += [line.strip() for line in lines if line.strip().startswith("/")]
    found += _DEFAULT_DIRECTORIES
    return tuple(Path(entry) for entry in dict.fromkeys(found))


def _loads(name: str) -> bool:
    """True when the dynamic loader finds library `name` (as Qt's plugin will look for it).

    A look at the loader's directories first (a few stat calls); only a library not seen
    there is handed to the loader itself, so a setup of its own is never taken for missing.
    """
    if any((directory / name).exists() for directory in _library_directories()):
        return True
    import ctypes  # only for the rare library not where the loader usually looks

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def uses_xcb(environment: Mapping[str, str] = os.environ, argv: list[str] | None = None) -> bool:
    """True when Qt will open its window through X11 (xcb): on Linux, unless another platform is chosen."""
    if not sys.platform.startswith("linux"):
        return False
    argv = sys.argv if argv is None else argv
    if "-platform" in argv:
        at = argv.index("-platform")
        chosen = argv[at + 1] if at + 1 < len(argv) else ""
    else:
        chosen = environment.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":", 1)[0].split(";", 1)[0] == "xcb"
    # Unchosen, Qt takes Wayland in a Wayland session and X11 where there is a display.
    return bool(environment.get("DISPLAY")) and not environment.get("WAYLAND_DISPLAY")


def missing_libraries(loads: Callable[[str], bool] = _loads) -> list[str]:
    """The libraries of XCB_LIBRARIES the system cannot load, in table order."""
    return [name for name in XCB_LIBRARIES if not loads(name)]


def install_advice(missing: list[str]) -> str:
    """What to tell the person: what is missing and the command that installs it."""
    debian = " ".join(dict.fromkeys(XCB_LIBRARIES[name][0] for name in missing))
    fedora = " ".join(dict.fromkeys(XCB_LIBRARIES[name][1] for name in missing))
    return (
        "The window cannot open: Qt's X11 plugin needs system libraries that are missing:\n"
        f"  {', '.join(missing)}\n"
        "Install them with\n"
        f"  Debian, Ubuntu:  sudo apt-get install {debian}\n"
        f"  Fedora:          sudo dnf install {fedora}\n"
        "(or run with QT_QPA_PLATFORM=wayland in a Wayland session)."
    )


def check() -> str | None:
    """The advice when the window would fail to open for want of xcb libraries; None when all is well."""
    if not uses_xcb():
        return None
    missing = missing_libraries()
    return install_advice(missing) if missing else None


def main() -> int:
    """`python -m desktop.platformcheck`, as `make run` does before it starts the window: 1 and the advice when something is missing."""
    advice = check()
    if advice:
        print(advice, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
