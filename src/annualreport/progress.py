"""Progress of slow work (converting fonts, waiting for another process that does), for a person at a terminal.

Silent unless a front end asks for it: the CLI calls ``report_to(sys.stderr)``. A task that ends within
``DELAY`` seconds shows nothing; a longer one shows a line once it has lasted that long (updated in place
on a terminal) and says when it is done. Library users see nothing and pay almost nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["DELAY", "Task", "report_to", "task"]

DELAY = 1.0
"""Seconds a task runs before it is shown."""

_REFRESH = 0.2
"""Least seconds between two updates of a shown task's line on a terminal."""

BAR = 24
"""Characters of the bar drawn on a terminal for a task of known length."""

_stream: TextIO | None = None
_write_lock = threading.Lock()


def report_to(stream: TextIO | None) -> None:
    """Show tasks that last over DELAY seconds on ``stream``; None stops showing them."""
    global _stream
    _stream = stream


class Task:
    """One piece of slow work: ``advance`` as it goes; shown only once it has lasted DELAY seconds."""

    def __init__(self, label: str, total: int, stream: TextIO | None) -> None:
        self.label, self.total, self.done = label, total, 0
        self._stream = stream
        self._start = time.monotonic()
        self._shown = False
        self._last = 0.0
        self._width = 0
        try:
            self._tty = bool(stream is not None and stream.isatty())
        except (AttributeError, OSError, ValueError):  # no isatty, or closed: show nothing
            self._tty, self._stream = False, None
            stream = None
        # A task that never advances (a wait) is still shown after DELAY seconds.
        self._timer: threading.Timer | None = None
        if stream is not None:
            self._timer = threading.Timer(DELAY, self._show)
            self._timer.daemon = True
            self._timer.start()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self._stream is None:
            return
        now = time.monotonic()
        if self._shown and self._tty and now - self._last >= _REFRESH:
            self._write(f"\r{self._line()}", now)

    def _line(self) -> str:
        if not self.total:
            return f"annualreport: {self.label} …"
        if not self._tty:
            return f"annualreport: {self.label}: {self.done}/{self.total}"
        filled = min(BAR, BAR * self.done // self.total)  # on a terminal, a bar before the count
        return f"annualreport: {self.label}: [{'#' * filled}{'.' * (BAR - filled)}] {self.done}/{self.total}"

    def _show(self) -> None:
        with _write_lock:
            if self._shown or self._timer is None:
                return
            self._shown = True
        self._write(f"\r{self._line()}" if self._tty else f"{self._line()}\n", time.monotonic())

    def _write(self, text: str, now: float) -> None:
        stream = self._stream
        if stream is None:
            return
        with _write_lock:
            if self._tty and text.startswith("\r"):  # over the line shown before: blank what it leaves
                body = text.rstrip("\n")
                width = len(body) - 1
                text = body + " " * max(0, self._width - width) + text[len(body):]
                self._width = width
            self._last = now
            try:
                stream.write(text)
                stream.flush()
            except (OSError, ValueError):
                self._stream = None  # closed or broken: stop showing, never fail the work

    def finish(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        if self._shown:
            from .messages import text

            seconds = time.monotonic() - self._start
            line = text("progress_done", label=self.label, seconds=seconds)
            self._write(f"\rannualreport: {line}\n" if self._tty else f"annualreport: {line}\n", time.monotonic())


@contextmanager
def task(label: str, total: int = 0) -> Iterator[Task]:
    """A task named ``label`` (of ``total`` steps, 0 when unknown), shown on the stream of ``report_to``."""
    current = Task(label, total, _stream)
    try:
        yield current
    finally:
        current.finish()
