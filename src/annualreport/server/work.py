"""Renders run one at a time per worker in a thread, behind a bounded queue: a full queue is answered 503
with Retry-After at once, a render not finished within the time limit 503 (its thread finishes on its own
and only then frees its slot, so a slow render never lets more run than allowed)."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class Busy(Exception):
    """Every render slot is taken and the queue is full: answer 503 with Retry-After."""


class TimedOut(Exception):
    """The request waited and rendered longer than the time limit: answer 503."""


class RenderQueue:
    """At most ``running`` calls at once in threads of their own, at most ``waiting`` more queued."""

    def __init__(self, running: int, waiting: int, timeout: float) -> None:
        self.running, self.waiting, self.timeout = running, waiting, timeout
        self._executor = ThreadPoolExecutor(max_workers=running, thread_name_prefix="annualreport-render")
        self._slots: asyncio.Semaphore | None = None
        self._admitted = 0  # requests holding or waiting for a slot
        self.busy = 0
        """Renders running now (a timed-out one included until its thread ends)."""
        self.queued = 0
        """Requests waiting for a slot."""

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` in a render thread, in the caller's context (its language); Busy or TimedOut."""
        if self._admitted >= self.running + self.waiting:
            raise Busy
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.running)
        slots = self._slots
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        self._admitted += 1
        try:
            self.queued += 1
            try:
                await asyncio.wait_for(slots.acquire(), self.timeout)
            except asyncio.TimeoutError:
                raise TimedOut from None
            finally:
                self.queued -= 1
            context = contextvars.copy_context()
            self.busy += 1
            future = self._executor.submit(context.run, function, *args)
            # the slot is given back when the thread is done, not when the caller stops waiting
            future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._done, slots))
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                raise TimedOut from None
        finally:
            self._admitted -= 1

    def _done(self, slots: asyncio.Semaphore) -> None:
        self.busy -= 1
        slots.release()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
