"""Progress of slow work: nothing for work under a second, a line for longer work, nothing without a stream."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import pytest

from annualreport import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(progress, "DELAY", 0.05)
    monkeypatch.setattr(progress, "_REFRESH", 0.0)
    yield
    progress.report_to(None)


def test_silent_without_a_stream_and_for_short_work() -> None:
    with progress.task("converting", 3) as task:  # no stream: nothing anywhere
        time.sleep(0.1)
        task.advance()
    stream = io.StringIO()
    progress.report_to(stream)
    with progress.task("converting", 3) as task:
        task.advance(3)
    assert stream.getvalue() == ""


def test_long_work_is_shown_once_and_its_end_said() -> None:
    stream = io.StringIO()
    progress.report_to(stream)
    with progress.task("converting glyphs of FandolFang to TrueType", 10) as task:
        task.advance(4)
        time.sleep(0.2)
        task.advance(6)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "annualreport: converting glyphs of FandolFang to TrueType: 4/10"
    assert len(lines) == 2 and lines[1].startswith("annualreport: converting glyphs of FandolFang to TrueType: done in ")


def test_on_a_terminal_the_line_is_updated_in_place() -> None:
    stream = Terminal()
    progress.report_to(stream)
    with progress.task("waiting for another annualreport converting FandolFang") as _task:
        time.sleep(0.2)
    text = stream.getvalue()
    assert text.startswith("\rannualreport: waiting for another annualreport converting FandolFang …")
    assert text.endswith(" s\n") and text.count("\n") == 1 and "\r" in text[1:]


def test_a_closed_stream_never_fails_the_work() -> None:
    stream = io.StringIO()
    progress.report_to(stream)
    stream.close()
    with progress.task("converting", 2) as task:
        time.sleep(0.1)
        task.advance(2)
