"""The browser editor at ``/`` and its assets under ``/static`` (placeholder until the editor lands)."""

from __future__ import annotations

from typing import Any


def install(app: Any) -> None:
    """Add the editor's routes to ``app``; the placeholder adds none."""
