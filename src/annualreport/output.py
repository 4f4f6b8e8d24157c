"""Atomic output: every requested file is replaced whole, and a set of files all together or not at all.

Each file is first written to a temporary file beside it (``.NAME.XXXXXXXX.tmp``), then renamed over
it. A set of files (``render`` writing 2018.docx and 2018.pdf) is placed only once every temporary file
is written and every target is known to be a place a file can go; if a rename still fails, the files
already placed are put back as they were. A process killed while writing leaves temporary files behind
(nothing can clean up after SIGKILL): the next write to the same target removes those older than
:data:`STALE_SECONDS`, which no live writer's files are (they exist for the seconds a write takes).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, Union

Target = Union[str, os.PathLike, BinaryIO, None]
"""Where a renderer writes: a path, a binary stream, or None for bytes returned."""

STALE_SECONDS = 600
"""A temporary file of ours older than this (ten minutes) was left by a process that died."""

TEMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".old" + TEMP_SUFFIX


class WriteFailed(OSError):
    """Writing ``path`` failed with ``error``; nothing of the set was left changed. An OSError (errno,
    strerror and filename those of the failure, filename the target) for callers that catch OSError."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(error.errno, error.strerror or str(error), str(path))
        self.path = path
        self.error = error


def _ours(name: str) -> re.Pattern[str]:
    """Our temporary and backup files for target ``name``: ``.NAME.XXXXXXXX.tmp``, ``.NAME.XXXXXXXX.old.tmp``."""
    return re.compile(rf"\.{re.escape(name)}\.[A-Za-z0-9_]{{8}}(?:\.old)?\.tmp")


def remove_stale(target: str | os.PathLike[str], *, age: float = STALE_SECONDS) -> list[Path]:
    """Remove the temporary files a killed writer left for ``target``, if older than ``age`` seconds: a
    temporary file by when it was written, a backup by when it was linked (its status change time; its
    modification time is the old file's)."""
    target = Path(target)
    pattern = _ours(target.name)
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
            when = status.st_ctime if entry.name.endswith(BACKUP_SUFFIX) else status.st_mtime
            if entry.is_file(follow_symlinks=False) and now - when > age:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # another process removed it first, or it is not ours to remove
    return removed


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``.

    A crash or an error leaves either the old file or the new one, never half of either. Raises
    WriteFailed (naming the path) when the file cannot be written."""
    write_all([(path, data)])


def write_all(files: Sequence[tuple[str | os.PathLike, bytes]]) -> None:
    """Write every ``(path, data)`` or none of them: all temporary files first, then every target
    checked (not a folder), then all renamed; a rename that fails puts back the files already placed
    (the previous file, or no file). Raises WriteFailed naming the path that failed."""
    targets = [Path(path) for path, _ in files]
    temporary: list[Path] = []
    backups: list[Path] = []
    try:
        for target, (_, data) in zip(targets, files):
            temporary.append(_write_temporary(target, data))
        for target in targets:
            if target.is_dir():
                raise WriteFailed(target, IsADirectoryError(21, os.strerror(21), str(target)))
        _place(targets, temporary, backups)
    finally:
        for leftover in (*temporary, *backups):
            leftover.unlink(missing_ok=True)


def _write_temporary(target: Path, data: bytes) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as error:
        raise WriteFailed(target, error) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WriteFailed(target, error) from None
    return temporary


def _place(targets: list[Path], temporary: list[Path], backups: list[Path]) -> None:
    """Rename each temporary file over its target, keeping a link to each previous file until all are
    placed; on a failure, undo in reverse order."""
    placed: list[tuple[Path, Path | None]] = []
    try:
        for target, temp in zip(targets, temporary):
            backup = _keep_previous(target)
            if backup is not None:
                backups.append(backup)
            try:
                os.replace(temp, target)
            except OSError as error:
                raise WriteFailed(target, error) from None
            placed.append((target, backup))
    except BaseException:
        for target, backup in reversed(placed):
            try:
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
            except OSError:
                pass  # best effort: the error being raised says what went wrong
        raise


def _keep_previous(target: Path) -> Path | None:
    """A second name for the file now at ``target`` (a hard link, else a copy), or None if none is there."""
    if not target.is_file():
        return None
    backup = target.with_name(f".{target.name}.{secrets.token_hex(4)}{BACKUP_SUFFIX}")
    try:
        os.link(target, backup)
    except OSError:
        try:
            shutil.copyfile(target, backup)
        except OSError as error:
            raise WriteFailed(target, error) from None
    return backup


def deliver(data: bytes, target: Target) -> bytes | None:
    """Send rendered bytes to ``target``; return them when the target is None."""
    if target is None:
        return data
    if isinstance(target, (str, os.PathLike)):
        write_atomic(target, data)
    else:
        target.write(data)
    return None


def write_folder(target: str | os.PathLike, files: Sequence[tuple[str, bytes]], *, replace: bool = False) -> None:
    """Create the folder ``target`` holding ``files`` (paths relative to it), whole or not at all: it is built
    beside ``target`` and renamed into place. An existing empty folder is replaced; a non-empty one only with
    ``replace`` (then it is removed only once the new one is in). Raises OSError, the folder left as it was."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        for name, data in files:
            path = building / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(path, 0o644)
        os.chmod(building, 0o755)
        move_folder_into_place(building, target, replace=replace)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def move_folder_into_place(building: Path, target: Path, *, replace: bool) -> None:
    """Rename the finished folder ``building`` to ``target``: an absent or empty ``target`` is taken over; a
    non-empty one only with ``replace``, and then removed only once the new one is in (put back if the
    rename fails). ``building`` must be beside ``target`` (one file system)."""
    if not target.exists():
        os.rename(building, target)
        return
    if not target.is_dir():
        raise FileExistsError(17, os.strerror(17), str(target))
    if not any(target.iterdir()):
        target.rmdir()
        os.rename(building, target)
        return
    if not replace:
        raise FileExistsError(17, os.strerror(17), str(target))
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    retired.rmdir()
    os.rename(target, retired)
    try:
        os.rename(building, target)
    except BaseException:
        os.rename(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
