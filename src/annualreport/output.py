"""Atomic output: a file is replaced whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Union

Target = Union[str, os.PathLike, BinaryIO, None]
"""Where a renderer writes: a path, a binary stream, or None for bytes returned."""


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``.

    A crash or an error leaves either the old file or the new one, never half of either.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def deliver(data: bytes, target: Target) -> bytes | None:
    """Send rendered bytes to ``target``; return them when the target is None."""
    if target is None:
        return data
    if isinstance(target, (str, os.PathLike)):
        write_atomic(target, data)
    else:
        target.write(data)
    return None
