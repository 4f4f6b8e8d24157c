"""The folder annualreport keeps between runs: versioned records, atomic writes, locks, and clearing it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AnnualReportError
from .output import write_atomic

__all__ = ["CACHE_DIR_ENV", "CacheInfo", "Shelf", "cache_dir", "clear", "human_size", "info", "lock", "read_checked",
           "write_checked"]  # fmt: skip

CACHE_DIR_ENV = "ANNUALREPORT_CACHE_DIR"
"""Environment variable: the cache folder, instead of the platform's default."""

FOLDERS = ("fonts", "locks", "words")
"""The subfolders annualreport writes; clearing removes these and nothing else."""

TAG_NAME = "CACHEDIR.TAG"
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by annualreport.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
"""Marks the folder as a cache (backup tools skip it); `clear` refuses a folder without it."""


def cache_dir() -> Path:
    """$ANNUALREPORT_CACHE_DIR, else %LOCALAPPDATA%\\annualreport on Windows, else
    $XDG_CACHE_HOME/annualreport, else ~/.cache/annualreport."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "annualreport"
    xdg = os.environ.get("XDG_CACHE_HOME")
    # The XDG specification says a relative path there is invalid and is to be ignored.
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "annualreport"


def digest(key: str) -> str:
    """A file-name-safe digest of ``key`` (paths, reprs: anything a record is keyed by)."""
    return hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Shelf:
    """One kind of record in the cache folder: its subfolder, its format version, its file suffix.

    The version is part of every record's file name, so a change of format never reads (or
    overwrites) a record of another format: two versions of annualreport can share one folder.
    """

    folder: str
    """Subfolder under the cache folder, e.g. "fonts/faces"; its first part is one of FOLDERS."""
    version: int
    """Format version of the records; bump it whenever what is written changes."""
    suffix: str = ".json"
    """File suffix of the records."""

    def __post_init__(self) -> None:
        if self.folder.split("/", 1)[0] not in FOLDERS:
            raise ValueError(f"a cache folder must be under one of {FOLDERS} (not {self.folder!r})")

    @property
    def path(self) -> Path:
        """The subfolder, under the cache folder as the environment names it now."""
        return cache_dir().joinpath(*self.folder.split("/"))

    def record(self, key: str) -> Path:
        """Where the record for ``key`` is kept: a digest of the key, then the version."""
        return self.named(digest(key))

    def named(self, name: str) -> Path:
        """A record with a readable ``name`` (e.g. a converted font's source), the version appended."""
        return self.path / f"{name}-v{self.version}{self.suffix}"

    def read_json(self, path: Path) -> dict[str, Any] | None:
        """The record at ``path``, or None when it is absent, damaged or says another version."""
        data = read_bytes(path)
        if data is None:
            return None
        try:
            record = json.loads(data)
        except ValueError:
            return None
        return record if isinstance(record, dict) and record.get("version") == self.version else None

    def write_json(self, path: Path, data: Mapping[str, Any]) -> bool:
        """Write the record (its "version" set to this shelf's) atomically; False when it could not be."""
        try:
            payload = json.dumps({**data, "version": self.version}, separators=(",", ":")).encode("utf-8")
        except ValueError:
            return False
        return write_bytes(path, payload)


def read_bytes(path: Path) -> bytes | None:
    """A cache file's content, or None when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_bytes(path: Path, data: bytes) -> bool:
    """Write a cache file atomically (readers see the old file or the new one, whole).

    A cache that cannot be written (read-only, full) only costs speed: False, never an error.
    """
    try:
        _tag(path)
        write_atomic(path, data)
    except OSError:
        return False
    return True


def read_checked(path: Path) -> bytes | None:
    """The payload of a file written by ``write_checked``; None when absent, torn or damaged."""
    data = read_bytes(path)
    if data is None or len(data) < 4 or zlib.crc32(data[4:]) != int.from_bytes(data[:4], "big"):
        return None
    return data[4:]


def write_checked(path: Path, payload: bytes) -> bool:
    """Write ``payload`` behind its CRC-32, atomically (see ``write_bytes``), for binary records such as
    marshalled ones: ``read_checked`` refuses a record whose bytes are not what was written."""
    return write_bytes(path, zlib.crc32(payload).to_bytes(4, "big") + payload)


def _tag(path: Path) -> None:
    """Put CACHEDIR.TAG in the cache folder ``path`` is under, if it is not there yet."""
    root = cache_dir()
    tag = root / TAG_NAME
    if root in path.parents and not tag.exists():
        write_atomic(tag, TAG.encode("ascii"))


@contextlib.contextmanager
def lock(key: str, waiting: Callable[[], contextlib.AbstractContextManager[object]] | None = None) -> Iterator[None]:
    """Hold an exclusive lock named ``key`` across processes (a file in the cache's locks/ folder).

    For work that two processes should not both do at once, such as converting the same font.
    Best effort: when locking is impossible the caller goes ahead unlocked, which is slower but not
    wrong, since every cache file is written atomically. When another process holds the lock, the
    wait happens inside ``waiting()`` (e.g. a progress line saying so).
    """
    path = cache_dir() / "locks" / f"{digest(key)}.lock"
    try:
        _tag(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        f = open(path, "a+b")
    except OSError:
        yield
        return
    with f:  # closing the file releases the lock
        try:
            if not _try_lock(f.fileno()):
                with waiting() if waiting is not None else contextlib.nullcontext():
                    _wait_lock(f.fileno())
        except OSError:
            pass
        yield


def _try_lock(fd: int) -> bool:
    """Take the lock if it is free; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # locked elsewhere (or not lockable: then LK_LOCK says so)
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # gives up after about 10 s (OSError: then unlocked)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """What the cache folder holds."""

    path: Path
    """The cache folder."""
    files: int
    """Number of files in the folders annualreport writes."""
    size: int
    """Their total size in bytes."""
    folders: Mapping[str, tuple[int, int]]
    """(files, bytes) per subfolder two levels down, e.g. "fonts/converted"."""

    def __str__(self) -> str:
        lines = [f"cache folder: {self.path}", f"{self.files} files, {human_size(self.size)}"]
        lines += [f"  {name:<18} {n:>5} files  {human_size(size):>9}" for name, (n, size) in self.folders.items()]
        return "\n".join(lines)


def info() -> CacheInfo:
    """The cache folder and how much it holds."""
    root = cache_dir()
    folders: dict[str, tuple[int, int]] = {}
    for top in FOLDERS:
        for path in sorted((root / top).rglob("*")) if (root / top).is_dir() else ():
            if not path.is_file():
                continue
            rel = path.relative_to(root).parts
            name = "/".join(rel[:2]) if len(rel) > 2 else rel[0]
            n, size = folders.get(name, (0, 0))
            with contextlib.suppress(OSError):
                size += path.stat().st_size
            folders[name] = (n + 1, size)
    return CacheInfo(
        path=root,
        files=sum(n for n, _ in folders.values()),
        size=sum(size for _, size in folders.values()),
        folders=folders,
    )


def clear() -> CacheInfo:
    """Remove everything annualreport keeps in the cache folder; returns what was there.

    Only the folders annualreport writes (FOLDERS) are removed, and only from a folder carrying
    annualreport's CACHEDIR.TAG: $ANNUALREPORT_CACHE_DIR pointing somewhere else by mistake (a home
    folder) does not lose that folder's files.
    """
    root = cache_dir()
    before = info()
    if not root.exists():
        return before
    tag = root / TAG_NAME
    if not (tag.is_file() and tag.read_bytes().startswith(TAG.encode("ascii")[:43])):
        raise AnnualReportError(f"{root} does not look like annualreport's cache folder (no {TAG_NAME}); not clearing it")
    for top in FOLDERS:
        shutil.rmtree(root / top, ignore_errors=True)
    return before


def human_size(size: int) -> str:
    """``size`` bytes as "512 bytes", "7.6 MB"."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
