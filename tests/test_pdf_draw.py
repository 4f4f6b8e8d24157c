"""The PDF writer's direct text operators (one TJ per run and font subset) put every glyph of GridParagraph's glyph
runs where the run says, as ReportLab's PDFTextObject (an origin per glyph) does, measured with pdfplumber."""

from __future__ import annotations

import io

import pdfplumber
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from annualreport.render.pdf import writer
from annualreport.render.pdf.fonts.embed import face_of
from annualreport.render.pdf.paginate import Painter
from annualreport.render.pdf.paragraph import GridFormat, layout_lines, paint_lines
from annualreport.render.pdf.typeset import Run

from .conftest import missing

FONTS = [
    ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
]
WIDTH = 442.2
BODY = GridFormat(first_indent=2 * 15.79, char_space=-0.21)
# Parentheses and a backslash need escaping inside a PDF string; more than 256 distinct glyphs
# cross into further ReportLab subsets; U+17000 is in no Chinese font (glyph 0).
TEXT = (
    "全镇共精准识别建档立卡贫困户1187户(3498人)，其中\\2016年脱贫173户479人；建立“一体两翼”作战体系。"
    + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600, 2))
    + "\U00017000（完）"
)


@pytest.fixture(scope="module")
def fonts() -> tuple[str, str]:
    found = [(p, i) for p, i in FONTS if Path(p).exists()]
    if not found:
        missing("no TrueType Chinese font (fonts-arphic-gbsn00lp or fonts-wqy-microhei) installed")
    names = []
    for n, (path, index) in enumerate(found * 2 if len(found) == 1 else found):
        name = f"DrawTest{n}"
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
        names.append(name)
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return names[0], names[1]


def _pdf(draw, runs, *, pages: int = 2) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    memo: dict = {}
    for _ in range(pages):  # the second page reuses the document's subsets and glyph memo
        draw(canvas, runs, A4[1], memo)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _runs(runs: list[Run], fmt: GridFormat) -> list:
    painter = Painter(A4[0], A4[1], face_of)
    paint_lines(painter, layout_lines(runs, fmt, WIDTH), fmt, 600.0)
    return painter.items


def _placed(pdf: bytes) -> list[list[tuple[str, float, float]]]:
    """(character, x, baseline) of every glyph on every page."""
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        return [[(c["text"], c["x0"], c["matrix"][5]) for c in page.chars] for page in opened.pages]


def _check(runs: list[Run], fmt: GridFormat, *, reference_path: bool = False) -> bytes:
    """Draws the runs with draw_runs; asserts every glyph is where its run says on every page, as the reference
    (PDFTextObject) puts it, and whether draw_runs handed the runs to the reference itself (only for fonts it
    does not write)."""
    glyph_runs = _runs(runs, fmt)
    reference = writer.draw_runs_reference
    handed: list[object] = []

    def spy(*args: object) -> None:
        handed.append(args)
        reference(*args)  # type: ignore[arg-type]

    writer.draw_runs_reference = spy  # type: ignore[assignment]
    try:
        fast = _pdf(writer.draw_runs, glyph_runs)
    finally:
        writer.draw_runs_reference = reference  # type: ignore[assignment]
    assert bool(handed) is reference_path
    slow = _pdf(lambda canvas, runs, height, memo: reference(canvas, runs, height), glyph_runs)
    expected = [(char, x, A4[1] - run.y) for run in glyph_runs for x, char in run.origins()]
    fast_pages, slow_pages = _placed(fast), _placed(slow)
    # The same characters extracted from both (a glyph the font lacks comes out as the extractor makes it).
    assert [[c for c, _, _ in page] for page in fast_pages] == [[c for c, _, _ in page] for page in slow_pages]
    for drawn in (fast_pages, slow_pages):
        assert len(drawn) == 2
        for page in drawn:
            assert len(page) == len(expected)
            for (_, x, y), (_, want_x, want_y) in zip(page, expected):
                assert x == pytest.approx(want_x, abs=0.005) and y == pytest.approx(want_y, abs=0.005)
    return fast


def test_tracked_glyphs_land_where_their_runs_say(fonts: tuple[str, str]) -> None:
    pdf = _check([Run(TEXT, fonts[0], 16)], BODY)
    assert b" Tc" not in pdf


def test_untracked_fragments_land_where_their_runs_say(fonts: tuple[str, str]) -> None:
    _check([Run(TEXT, fonts[0], 16)], GridFormat(alignment="left"))


def test_mixed_fonts_sizes_and_cid_fallback_land_where_their_runs_say(fonts: tuple[str, str]) -> None:
    runs = [
        Run("1.完善机构，确保成效。", fonts[1], 16),
        Run(TEXT[:80], fonts[0], 16),
        Run("生僻字〇", "STSong-Light", 16),
        Run(TEXT[80:200], fonts[0], 14),
        Run("（注）", fonts[1], 14),
    ]
    for fmt in (BODY, GridFormat(alignment="center", left_indent=20.0)):
        _check(runs, fmt)


def test_one_origin_per_run_not_per_glyph(fonts: tuple[str, str]) -> None:
    glyph_runs = _runs([Run(TEXT[:200], fonts[0], 16)], BODY)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=0)
    writer.draw_runs(canvas, glyph_runs, A4[1], {})
    canvas.showPage()
    canvas.save()
    assert len(glyph_runs) > 5 and out.getvalue().count(b" Tm") == len(glyph_runs)


def test_type1_font_takes_the_reference_path(fonts: tuple[str, str]) -> None:
    runs = [Run("Annual report (2018)", "Helvetica", 12), Run("年度", fonts[0], 12)]
    _check(runs, BODY, reference_path=True)
