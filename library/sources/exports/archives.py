"""Zip exports read member by member in memory, with limits on what they may inflate to."""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from library.article import Entry, Rejected
from library.sources.exports.loading import MIB, display_name, export_text, size_text
from library.sources.exports.values import ExportProblem

if TYPE_CHECKING:
    import zipfile

# One member of a zip export (a CSV part, a metadata JSON, one article's HTML).
MAX_MEMBER_BYTES = 64 * MIB
# All members of one zip together may inflate to a base plus a multiple of the archive's own
# size: text compresses five to ten times, so a real export stays well inside, while a small
# zip of huge members (a zip bomb) is stopped after a few hundred megabytes, not gigabytes.
ZIP_BASE_BYTES = 256 * MIB
ZIP_RATIO = 25
MAX_ZIP_TOTAL_BYTES = 4 * 1024 * MIB
# Seconds spent inflating, across all members: slow methods (bzip2, LZMA) stop here.
MAX_ZIP_SECONDS = 60.0
_INFLATE_STEP = 1 * MIB

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class ArchiveBudgetSpent(Exception):
    """The archive inflated past its budget of bytes or time: nothing more of it is read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_zip(head: bytes) -> bool:
    """True when the bytes start like a zip archive."""
    return head.startswith(_ZIP_MAGIC)


def inflate_budget(archive_bytes: int) -> int:
    """How many bytes all members of an archive of `archive_bytes` may inflate to together."""
    return min(MAX_ZIP_TOTAL_BYTES, ZIP_BASE_BYTES + ZIP_RATIO * archive_bytes)


class ExportZip:
    """A zip export read member by member in memory, never extracted, with size and time caps.

    Each member may inflate to `member_limit` bytes; all of them together to
    `total_limit` bytes (by default `inflate_budget` of the archive's size) and
    `seconds_limit` seconds of inflating. A member's declared size is checked
    first, and the bytes actually inflated are counted too, since a hostile
    archive can lie about sizes. Past the total budget every read raises
    ArchiveBudgetSpent, which `read_zip_export` reports once for the archive.
    """

    def __init__(
        self,
        path: Path,
        member_limit: int = MAX_MEMBER_BYTES,
        total_limit: int | None = None,
        seconds_limit: float = MAX_ZIP_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        import zipfile  # here, not at the top: most files tested for a zip are none

        try:
            self._zip = zipfile.ZipFile(path)
            archive_bytes = path.stat().st_size
        except zipfile.BadZipFile as error:
            raise ExportProblem(f"damaged or incomplete zip archive ({error})") from None
        except PermissionError:
            raise ExportProblem("permission denied") from None
        except OSError as error:
            raise ExportProblem(f"cannot be read ({error.strerror or error})") from None
        self.name = display_name(path)
        self._member_limit = member_limit
        self._total_limit = inflate_budget(archive_bytes) if total_limit is None else total_limit
        self._total_left = self._total_limit
        self._seconds_limit = seconds_limit
        self._seconds_spent = 0.0
        self._clock = clock
        self.members = {info.filename: info for info in self._zip.infolist() if _is_content(info)}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the archive file."""
        self._zip.close()

    def names(self) -> list[str]:
        """The members that hold content (no folders, no macOS resource forks), in archive order."""
        return list(self.members)

    def read(self, name: str, limit: int | None = None) -> bytes:
        """The inflated bytes of member `name`.

        Raises:
            ExportProblem: this member cannot be had (too large, damaged, encrypted).
            ArchiveBudgetSpent: the archive as a whole inflated past its budget.
        """
        info = self.members[name]
        limit = self._member_limit if limit is None else limit
        if info.file_size > limit:
            raise ExportProblem(
                f"too large ({size_text(info.file_size)} uncompressed; the limit is {size_text(limit)})"
            )
        if info.file_size > self._total_left:
            raise self._bytes_spent()
        allowed = min(limit, self._total_left)
        data = self._inflate(info, allowed + 1)
        self._total_left -= len(data)
        if len(data) > allowed:  # the member is larger than its header said
            if allowed < limit:
                raise self._bytes_spent()
            raise ExportProblem(f"too large (over {size_text(limit)} uncompressed, the limit)")
        return data

    def read_head(self, name: str, size: int) -> bytes:
        """The first `size` inflated bytes of member `name` (for recognising it), or b"" if unreadable."""
        try:
            data = self._inflate(self.members[name], min(size, self._total_left))
        except (ExportProblem, ArchiveBudgetSpent):
            return b""
        self._total_left -= len(data)
        return data

    def text(self, name: str) -> str:
        """Member `name` as UTF-8 text, or ExportProblem (see `read`)."""
        return export_text(self.read(name), strict=True)

    def _bytes_spent(self) -> ArchiveBudgetSpent:
        return ArchiveBudgetSpent(
            f"the archive inflates to more than {size_text(self._total_limit)} in all "
            "(the budget for an archive of its size); the rest of it was not read"
        )

    def _inflate(self, info: zipfile.ZipInfo, size: int) -> bytes:
        """Up to `size` bytes of the member, read in steps so that the time budget is kept."""
        import zipfile

        pieces: list[bytes] = []
        wanted = size
        try:
            with self._zip.open(info) as member:
                while wanted > 0:
                    if self._seconds_spent >= self._seconds_limit:
                        raise ArchiveBudgetSpent(
                            f"inflating the archive took more than {self._seconds_limit:.0f} s in all "
                            "(the budget); the rest of it was not read"
                        )
                    began = self._clock()
                    piece = member.read(min(wanted, _INFLATE_STEP))
                    self._seconds_spent += self._clock() - began
                    if not piece:
                        break
                    pieces.append(piece)
                    wanted -= len(piece)
        except RuntimeError as error:  # zipfile's word for "encrypted, password required"
            raise ExportProblem(f"cannot be read ({error})") from None
        except NotImplementedError:
            raise ExportProblem("compressed with a method this program cannot read") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise ExportProblem(f"damaged in the archive ({error})") from None
        return b"".join(pieces)


def open_export_zip(path: Path, total_limit: int | None = None) -> ExportZip:
    """The zip at `path` ready to read (with the default budget, or `total_limit`), or ExportProblem."""
    return ExportZip(path, total_limit=total_limit)


def read_zip_export(
    path: Path, entries: Callable[[ExportZip], Iterable[Entry | Rejected]], total_limit: int | None = None
) -> Iterator[Entry | Rejected]:
    """The entries `entries` reads from the zip export at `path`.

    One Rejected when it cannot be opened, or once it inflated past its budget
    (`inflate_budget` of its size, or `total_limit`): what came before stays.
    """
    try:
        archive = open_export_zip(path, total_limit)
    except ExportProblem as problem:
        yield Rejected(display_name(path), problem.reason)
        return
    with archive:
        try:
            yield from entries(archive)
        except ArchiveBudgetSpent as spent:
            # What was read so far stays imported; the archive itself gets one line saying why it stopped.
            yield Rejected(archive.name, spent.reason)


def member_name(name: str) -> str:
    """The last part of a member's path ("part_000000.csv" of "Pocket/part_000000.csv")."""
    return name.rsplit("/", 1)[-1]


def member_folder(name: str) -> str:
    """The folder part of a member's path, with its trailing slash ("" at the top)."""
    return name[: name.rfind("/") + 1]


def _is_content(info: zipfile.ZipInfo) -> bool:
    if info.is_dir():
        return False
    name = info.filename
    # Archives made on a Mac carry `__MACOSX/` copies and `._name` resource forks of every file.
    return (
        not name.startswith("__MACOSX/")
        and "/__MACOSX/" not in name
        and not member_name(name).startswith("._")
    )
