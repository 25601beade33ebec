"""Start the window: build the QApplication, open the library, show the main window (or photograph it)."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QEventLoop,
    QMessageLogContext,
    QSettings,
    QSocketNotifier,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop import dialogs, platformcheck
from desktop.mainwindow import LIBRARY_KEY, MainWindow
from library.errors import LibraryError
from library.store import Library, default_library_path
from resources import resource_path

# Exit statuses, as on the command line: 0 fine, 2 usage or library errors.
EXIT_OK, EXIT_ERROR = 0, 2

APP_NAME = dialogs.APP_NAME
ORGANIZATION = "article-reader"
# Points QSettings at an ini file instead of the user's settings (tests, screenshots, portable use).
SETTINGS_ENV = "ARTICLE_READER_SETTINGS"
# How long --screenshot waits for the list and the article before giving up.
SCREENSHOT_TIMEOUT_MS = 10_000


# The offscreen platform says this whenever a window's size limits change: there is no
# window manager to tell, which is the point of rendering offscreen.
_OFFSCREEN_NOTICE = "This plugin does not support propagateSizeHints"


def _quiet_offscreen_notices() -> None:
    """Let Qt's messages through to stderr, except the offscreen platform's harmless notice."""

    def handler(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if _OFFSCREEN_NOTICE not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run_window(args: argparse.Namespace) -> int:
    """Open the window on the library in `args.library` and run until it closes; return the exit status.

    With `args.screenshot`, render the window offscreen (unless a platform was
    chosen), save it as a PNG and return at once.
    """
    screenshot: str | None = getattr(args, "screenshot", None)
    if screenshot:
        size = _parse_size(getattr(args, "size", None))
        if size is None:
            print(
                f"article-reader: error: --size wants WIDTHxHEIGHT, such as 1280x800, not {args.size}",
                file=sys.stderr,
            )
            return EXIT_ERROR
        if "QT_QPA_PLATFORM" not in os.environ and "-platform" not in sys.argv:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    font_scale = getattr(args, "font_scale", None)
    if font_scale is not None and not 50 <= font_scale <= 300:
        print(f"article-reader: error: --font-scale must be 50 to 300, not {font_scale}", file=sys.stderr)
        return EXIT_ERROR

    # Qt's own message for a missing xcb library blames the wrong one: name what is missing instead.
    advice = platformcheck.check()
    if advice:
        print(f"article-reader: {advice}", file=sys.stderr)
        return EXIT_ERROR
    app = _application()
    if screenshot:
        _quiet_offscreen_notices()

    with _settings(temporary=bool(screenshot)) as settings:
        path = _library_path(args, settings)
        try:
            library = Library.open(path)
        except LibraryError as error:
            print(f"article-reader: library error: {error}", file=sys.stderr)
            if not screenshot:
                dialogs.show_library_error(error.path, error.reason)
            return EXIT_ERROR
        with library:
            return _run(app, library, settings, args, screenshot)


def _run(
    app: QApplication, library: Library, settings: QSettings, args: argparse.Namespace, screenshot: str | None
) -> int:
    # A screenshot shows the library as it is: no downloads behind its back, nothing marked read.
    window = MainWindow(library, settings, download_in_background=not screenshot, read_only=bool(screenshot))
    if getattr(args, "theme", None):
        window.look.set_theme(args.theme)
    font_scale = getattr(args, "font_scale", None)
    if font_scale is not None:
        window.look.set_font_scale(font_scale)
    article = getattr(args, "article", None)
    if article is not None:
        if library.header(article) is None:
            print(f"article-reader: error: no article with id {article}", file=sys.stderr)
            window.close()
            return EXIT_ERROR
        window.open_article(article)
    if getattr(args, "read_mode", False):
        window.look.set_read_mode(True)
    if screenshot:
        return _screenshot(window, Path(screenshot), _parse_size(getattr(args, "size", None)) or (1280, 800))
    window.show()
    with _closing_on_signals(window):
        return app.exec()


def _library_path(args: argparse.Namespace, settings: QSettings) -> Path:
    """--library, else ARTICLE_READER_LIBRARY, else the library last opened in the window, else the default."""
    if getattr(args, "library", None):
        return Path(args.library).expanduser()
    remembered = settings.value(LIBRARY_KEY)
    if remembered and not os.environ.get("ARTICLE_READER_LIBRARY"):
        return Path(str(remembered))
    return default_library_path()


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *_qt_arguments()])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    # Lets Wayland and the taskbar match the window with resources/article-reader.desktop.
    QGuiApplication.setDesktopFileName("article-reader")
    with contextlib.suppress(FileNotFoundError):
        icon_file = resource_path("icons/article-reader.svg")
        if icon_file.is_file():
            QGuiApplication.setWindowIcon(QIcon(str(icon_file)))
    return app


@contextlib.contextmanager
def _closing_on_signals(window: MainWindow) -> Iterator[None]:
    """Ctrl+C in the terminal, or SIGTERM, closes the window as its Quit does (settings saved)."""
    # Python runs signal handlers only between bytecodes, never while Qt's event loop waits;
    # a socket the handler writes to wakes the loop up.
    receiver, sender = socket.socketpair()
    receiver.setblocking(False)
    sender.setblocking(False)
    notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read)

    def close_window() -> None:
        with contextlib.suppress(OSError):
            receiver.recv(64)
        window.close()

    notifier.activated.connect(close_window)
    previous_fd = signal.set_wakeup_fd(sender.fileno())
    previous = {number: signal.signal(number, lambda *_: None) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        receiver.close()
        sender.close()


def _qt_arguments() -> list[str]:
    # Qt's own options (-platform, -style, ...) pass through; ours were parsed by argparse.
    arguments = sys.argv[1:]
    passed = []
    for number, argument in enumerate(arguments):
        if argument in {"-platform", "-style", "-stylesheet", "-reverse"}:
            passed.append(argument)
            if argument != "-reverse" and number + 1 < len(arguments):
                passed.append(arguments[number + 1])
    return passed


def _parse_size(text: str | None) -> tuple[int, int] | None:
    """ "1280x800" as (1280, 800); the default size when not given; None when it is malformed."""
    if not text:
        return (1280, 800)
    width, _x, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        return None
    return size if 320 <= size[0] <= 8000 and 240 <= size[1] <= 8000 else None


@contextlib.contextmanager
def _settings(*, temporary: bool) -> Iterator[QSettings]:
    """The settings store: the ini file named by ARTICLE_READER_SETTINGS, a throwaway one, or the user's."""
    chosen = os.environ.get(SETTINGS_ENV)
    if chosen:
        yield QSettings(chosen, QSettings.Format.IniFormat)
        return
    if temporary:
        # A screenshot shows the defaults and leaves the person's own settings alone.
        with tempfile.TemporaryDirectory(prefix="article-reader-settings-") as folder:
            settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
            yield settings
            del settings
        return
    yield QSettings()


def _screenshot(window: MainWindow, target: Path, size: tuple[int, int]) -> int:
    window.resize(*size)
    window.show()
    deadline = QDeadlineTimer(SCREENSHOT_TIMEOUT_MS)
    # Layout, the first page of the list and the article's images all settle within a few
    # passes of the event loop; the deadline only guards against a hang.
    for _ in range(20):
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if deadline.hasExpired():
            break
    window.ensure_ready()
    QApplication.processEvents()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"article-reader: error: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    picture = window.grab()
    saved = picture.save(str(target), "PNG")
    window.close()
    if not saved:
        print(f"article-reader: error: cannot write {target}", file=sys.stderr)
        return EXIT_ERROR
    print(target)
    return EXIT_OK
