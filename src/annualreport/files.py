"""Reading the files a report names (the report itself, ``previous:``, ``csv:``, a style): regular files
only, never more than a limit, inside the folder they must stay in.

A FIFO named as a report used to hang the loader, and /dev/zero to eat memory: files are opened with
O_NONBLOCK (opening a FIFO does not wait for a writer), checked with fstat to be regular files before a
byte is read, and read up to the limit and one byte more (a file may grow after fstat).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .messages import text

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_FLAGS |= getattr(os, "O_BINARY", 0)  # Windows: no newline translation

CHUNK = 1 << 20


class FileRefused(Exception):
    """The file is not one we read (not a regular file, or too large); ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooLarge(FileRefused):
    """The file holds more bytes than the limit."""


def read_regular(path: str | os.PathLike[str], max_bytes: int, too_large: str) -> bytes:
    """The bytes of the regular file at ``path``; FileRefused when it is anything else (a folder, a
    FIFO, a device, a socket), TooLarge with ``too_large`` as its message when it holds more than
    ``max_bytes``. OSError (missing, unreadable) passes through for the caller to word."""
    descriptor = os.open(path, _FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused(text("not_regular_file"))
        if status.st_size > max_bytes:
            raise TooLarge(too_large)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(descriptor, min(CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise TooLarge(too_large)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_limited(stream: object, max_bytes: int, too_large: str) -> bytes:
    """At most ``max_bytes`` from a binary stream (standard input); TooLarge when there is more."""
    data = stream.read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > max_bytes:
        raise TooLarge(too_large)
    return bytes(data)


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path``, symbolic links resolved, lies inside ``folder`` (resolved too)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False
