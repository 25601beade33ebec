"""Writing an export safely: into a temporary name beside the target, renamed only when complete.

A cancelled or failed export leaves nothing that looks finished; file names inside
are safe on Windows, macOS and Linux alike.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import unicodedata
from pathlib import Path
from types import TracebackType
from typing import Self

from pathvalidate import sanitize_filename

from library.errors import ReaderError

# Written into every folder export: says what made it, so `--replace` only ever replaces our own.
MANIFEST = ".article-reader-export.json"
# Windows keeps a whole path under 260 characters unless long paths are enabled; with room for
# the folder a person picks, a name of 80 characters (plus suffix and a " (2)") fits.
NAME_CHARACTERS = 80


class ExportError(ReaderError):
    """An export cannot be written where asked (exists, unwritable, the disk full); nothing was left."""


def os_problem(error: OSError, path: Path) -> ExportError:
    """An OSError in words that name the file, as an ExportError."""
    return ExportError(f"{path}: cannot be written ({error.strerror or error})")


class StagedOutput:
    """A file or folder written at a temporary name beside `target` and renamed onto it by `commit()`.

    Leaving the block without `commit()` (an error, a cancel) removes what was written.
    An existing `target` is refused unless `replace` is set; a folder is replaced only
    when an earlier export of ours wrote it (it holds our manifest).
    """

    def __init__(self, target: Path, *, folder: bool, replace: bool = False) -> None:
        self.target = target
        self.folder = folder
        self.replace = replace
        # A folder beside the target, so the rename stays on one file system; a file export is
        # written inside it, with room for the writer's own temporary files.
        self.workspace = target.with_name(f".{target.name}.partial-{secrets.token_hex(4)}")
        self.path = self.workspace if folder else self.workspace / target.name
        self._committed = False

    def __enter__(self) -> Self:
        self._check_target()
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.workspace.mkdir()
        except OSError as error:
            raise os_problem(error, self.target) from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if not self._committed or not self.folder:
            _remove(self.workspace)

    def _check_target(self) -> None:
        target = self.target
        if not target.exists() and not target.is_symlink():
            return
        if not self.replace:
            raise ExportError(f"{target}: already exists; choose another name, or replace it with --replace")
        if target.is_dir() != self.folder:
            kind = "a folder" if target.is_dir() else "a file"
            raise ExportError(
                f"{target}: is {kind}; this export writes {'a folder' if self.folder else 'a file'}"
            )
        if self.folder and not (target / MANIFEST).is_file():
            raise ExportError(f"{target}: a folder an export of ours did not write; it was left as it is")

    def write_manifest(self, details: dict[str, object]) -> None:
        """Mark the folder as an export of ours, with what it holds."""
        (self.path / MANIFEST).write_text(json.dumps(details, indent=2) + "\n", encoding="utf-8")

    def commit(self) -> None:
        """Put the finished export in place of `target` (replacing an older one when allowed)."""
        old: Path | None = None
        try:
            if self.target.exists() or self.target.is_symlink():
                old = self.target.with_name(f".{self.target.name}.old-{secrets.token_hex(4)}")
                self.target.rename(old)
            self.path.rename(self.target)
        except OSError as error:
            if old is not None and not self.target.exists():
                with contextlib.suppress(OSError):
                    old.rename(self.target)
            raise os_problem(error, self.target) from None
        self._committed = True
        if old is not None:
            _remove(old)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


class FileNames:
    """Names for the files of one folder: safe everywhere, never two alike (ignoring case)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def name(self, wanted: str, suffix: str) -> str:
        """A file name made from `wanted` ending in `suffix`, e.g. "A title.md", then "A title (2).md"."""
        stem = safe_stem(wanted)
        candidate = stem + suffix
        number = 1
        # macOS and Windows take "Note.md" and "note.md" (and NFC and NFD forms) for the same file.
        while _fold(candidate) in self._taken:
            number += 1
            candidate = f"{stem} ({number}){suffix}"
        self._taken.add(_fold(candidate))
        return candidate


def safe_stem(text: str) -> str:
    """`text` as the stem of a file name every system accepts: no reserved names or characters,
    no trailing dots or spaces, not hidden, at most NAME_CHARACTERS characters; "Untitled" if empty."""
    text = unicodedata.normalize("NFC", text)
    text = " ".join(sanitize_filename(text, replacement_text=" ", platform="universal").split())
    if len(text) > NAME_CHARACTERS:
        text = (
            text[:NAME_CHARACTERS].rsplit(" ", 1)[0]
            if " " in text[:NAME_CHARACTERS]
            else text[:NAME_CHARACTERS]
        )
    # Cutting may leave a trailing dot or space, or a reserved name ("CON" of "CON. A story").
    text = sanitize_filename(text.strip(" ."), platform="universal").lstrip(".").strip(" .")
    return text or "Untitled"


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def staged_size(path: Path) -> int:
    """The bytes a finished export takes: one file's size, or a folder's files together."""
    if path.is_file():
        return path.stat().st_size
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())
