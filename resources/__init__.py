"""Files shipped with the application: reading styles, themes, icons and the desktop launcher."""

from __future__ import annotations

import atexit
import contextlib
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

# Files extracted from a zipped install live until the process ends; normal installs need none.
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def _locate(name: str) -> Traversable:
    parts = PurePosixPath(name).parts
    # Names come from our own code, but a stray ".." or absolute path must never reach outside the package.
    if not parts or name.startswith("/") or ".." in parts:
        raise FileNotFoundError(f"not a resource name: {name!r}")
    found = files(__name__).joinpath(*parts)
    if not found.is_file():
        raise FileNotFoundError(f"resource {name!r} is missing from the installed application")
    return found


def resource_text(name: str) -> str:
    """The text of resource `name` (e.g. "reader.css", "themes/dark.css"), read as UTF-8.

    Raises:
        FileNotFoundError: there is no such resource (a packaging mistake).
    """
    return _locate(name).read_text(encoding="utf-8")


def resource_path(name: str) -> Path:
    """A real file path for resource `name` (e.g. "icons/search.svg"), for APIs that want a path.

    Raises:
        FileNotFoundError: there is no such resource (a packaging mistake).
    """
    found = _locate(name)
    if isinstance(found, Path):
        return found
    return _extracted.enter_context(as_file(found))
