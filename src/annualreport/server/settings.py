"""What the service allows: body size, render time, renders at once and waiting, zip bundle limits, CORS."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass

ENVIRONMENT_PREFIX = "ANNUALREPORT_SERVER_"
"""``annualreport serve`` hands its options to each uvicorn worker process as environment variables."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits and options of one service; every worker process builds its own from the environment."""

    max_body_bytes: int = 20 * 1024 * 1024
    """Largest request body (YAML, JSON or zip); more is answered 413."""
    render_timeout: float = 30.0
    """Seconds a request may wait for and spend in its render; past that it is answered 503."""
    max_renders: int = 1
    """Renders at once in one worker process (ReportLab holds the GIL: more threads add no speed)."""
    max_waiting: int = 32
    """Requests waiting for a render slot in one worker; one more is answered 503 with Retry-After."""
    retry_after: int = 2
    """Seconds the Retry-After header of a 503 asks a client to wait."""
    max_bundle_entries: int = 1000
    """Most entries (files and folders) in an uploaded zip."""
    max_bundle_bytes: int = 100 * 1024 * 1024
    """Most bytes an uploaded zip may unpack to, all entries together."""
    cors_origins: tuple[str, ...] = ()
    """Origins allowed to call the API from a browser page of their own; none (CORS off) by default."""
    font_dirs: tuple[str, ...] = ()
    """Folders searched for fonts before the system's (as ``render --font-dir``)."""
    warm_up: bool = True
    """Resolve the fonts at start-up by rendering the example once, so no request pays for it."""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``ANNUALREPORT_SERVER_<FIELD>`` variables (lists separated by newlines)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in dataclasses.fields(cls):
            raw = environ.get(ENVIRONMENT_PREFIX + field.name.upper())
            if raw is None:
                continue
            default = getattr(cls(), field.name)
            if isinstance(default, bool):
                values[field.name] = raw.strip().lower() in ("1", "true", "yes")
            elif isinstance(default, tuple):
                values[field.name] = tuple(line for line in raw.split("\n") if line)
            else:
                values[field.name] = type(default)(raw)
        return cls(**values)  # type: ignore[arg-type]

    def to_environment(self) -> dict[str, str]:
        """The variables :meth:`from_environment` reads back into these settings."""
        environ = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            shown = "\n".join(value) if isinstance(value, tuple) else ("1" if value is True else "" if value is False else str(value))
            environ[ENVIRONMENT_PREFIX + field.name.upper()] = shown
        return environ
