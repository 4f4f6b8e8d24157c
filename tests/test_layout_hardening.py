"""Layout never gives up (issue 15, point 3): whatever the model accepts is laid out, in time linear in it.

Every test runs under a time limit (``bounded``: SIGALRM in this process, or a subprocess timeout), so a
regression to quadratic time or to a hang is a failure, not a stuck suite.
"""

from __future__ import annotations

import io
import json
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from annualreport import document as doc
from annualreport.model import Report
from annualreport.render.pdf import paragraph
from annualreport.render.pdf.paragraph import BODY_PITCH, GridFormat, GridParagraph
from annualreport.style import load_style

from .conftest import REPO

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pdfminer")

HANZI = "全力打造四大主导产业基地和一个核心示范区，养殖产业基地建设建成养殖小区发展养殖专业村。"
WIDTH = 442.2
PAGE_NUMBER = re.compile(r"— \d+ —")


class TimeLimit(Exception):
    """A test ran past its time limit."""


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Fail with TimeLimit when the block takes longer than ``seconds`` (wall clock, this process)."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeLimit(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def chinese_fonts_installed() -> bool:
    from annualreport.render.pdf.fonts import resolve

    choices = resolve.resolve_fonts(load_style().fonts, {})
    return all(choice.face is not None for choice in choices.values())


needs_fonts = pytest.mark.skipif(not chinese_fonts_installed(), reason="Chinese fonts are not installed")


def report(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"title": "测试", "year": 2018}
    data.update(fields)
    return data


def build(data: dict[str, Any]) -> doc.Document:
    return doc.build_document(Report.model_validate(data), load_style())


def render(data: dict[str, Any]) -> bytes:
    from annualreport.render.pdf import render_pdf

    out = render_pdf(build(data))
    assert out is not None and out.startswith(b"%PDF")
    return out


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, page numbers left out."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        texts = [page.extract_text() or "" for page in opened.pages]
    return ["\n".join(line for line in text.splitlines() if not PAGE_NUMBER.fullmatch(line.strip())) for text in texts]


def squash(text: str) -> str:
    return "".join(text.split())


# --------------------------------------------------------------------------- long text, linear time


def test_split_paragraph_is_broken_into_lines_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each piece split off for the next page used to break the whole rest of the paragraph again:
    # time in (length x pages), 30 s for 80k characters.
    calls = []
    real = paragraph.layout_lines
    monkeypatch.setattr(paragraph, "layout_lines", lambda *a, **k: calls.append(1) or real(*a, **k))
    text = "lorem ipsum dolor " * 4000
    para: Any = GridParagraph.from_text(text, "Helvetica", 12, GridFormat(first_indent=24))
    page = 22 * BODY_PITCH
    lines = para.lines(WIDTH)
    got: list[str] = []
    with bounded(10):
        while True:
            pieces = para.split(WIDTH, page)
            if pieces == [para]:
                got += [line.text for line in para.lines(WIDTH)]
                break
            head, para = pieces
            assert head.wrap(WIDTH, page)[1] == pytest.approx(page)
            got += [line.text for line in head.lines(WIDTH)]
    assert len(calls) == 1
    assert got == [line.text for line in lines]
    assert len(got) > 22 * 20


def test_split_piece_in_a_frame_of_another_width_breaks_its_own_text() -> None:
    text = "lorem ipsum dolor " * 200
    para = GridParagraph.from_text(text, "Helvetica", 12, GridFormat(first_indent=24))
    head, tail = para.split(WIDTH, 5 * BODY_PITCH)
    narrow = tail.lines(WIDTH / 2)
    assert squash("".join(line.text for line in head.lines(WIDTH)) + "".join(line.text for line in narrow)) == squash(text)
    assert narrow[0].fragments[0].x == 0  # the first-line indent is not repeated


@needs_fonts
def test_80k_character_paragraph_renders_in_seconds() -> None:
    # In a fresh process, under a time limit (the figure: 30 s, quadratic).
    script = textwrap.dedent(
        f"""
        import json, resource, time
        import annualreport as ar
        from annualreport.model import Report
        from annualreport.render.pdf import render_pdf
        text = ({HANZI!r} * 2000)[:80000]
        style = ar.load_style()
        render_pdf(ar.build_document(Report.model_validate({{"title": "t", "year": 2018, "content": ["热身"]}}), style))
        t = time.perf_counter()
        data = render_pdf(ar.build_document(Report.model_validate({{"title": "t", "year": 2018, "content": [text]}}), style))
        print(json.dumps({{"seconds": time.perf_counter() - t, "bytes": len(data),
                          "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["seconds"] < 15  # ~1 s here; generous for a loaded machine
    assert result["rss_mb"] < 400


# --------------------------------------------------------------------------- titles, headings, issuers


@needs_fonts
def test_long_issuer_wraps_into_balanced_lines_flush_right() -> None:
    with bounded(30):
        pdf = render(report(issuer="大" * 40, date="2019-01-15", content=["正文。"]))
    lines = page_texts(pdf)[0].splitlines()
    issuer = [line for line in lines if set(line) == {"大"}]
    assert [len(line) for line in issuer] == [20, 20]  # balanced, not 26 over 14
    assert any("2019年1月15日" in line for line in lines)


@needs_fonts
def test_title_and_heading_longer_than_a_page_are_laid_out() -> None:
    title = "1" * 1200  # unbroken: used to be a RecursionError after 34 s
    heading = (HANZI * 80)[:2000]  # a heading (kept with the next paragraph) over three pages
    with bounded(60):
        pdf = render(report(title=title, sections=[{"title": heading, "content": ["正文。"]}]))
    text = squash("".join(page_texts(pdf)))
    assert title in text and "一、" + squash(heading) + "正文。" in text
