"""The PDF writer's direct text operators (for GridParagraph's glyph runs) are byte for byte what ReportLab's
PDFTextObject writes."""

from __future__ import annotations

import io
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


def _pdf(draw, lines, fmt: GridFormat, *, bottomup: int = 1, pages: int = 2) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, bottomup=bottomup)
    painter = Painter(A4[0], A4[1], face_of)
    paint_lines(painter, lines, fmt, 600.0)
    runs = painter.items
    memo: dict = {}
    for _ in range(pages):  # the second page reuses the document's subsets and glyph memo
        draw(canvas, runs, A4[1], memo)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _both(runs: list[Run], fmt: GridFormat, *, reference_path: bool = False, **kwargs: int) -> tuple[bytes, bytes]:
    """The PDF drawn by draw_runs and by draw_runs_reference; asserts whether draw_runs handed the runs to
    the reference itself (only for fonts it does not write: else the comparison would be the reference twice)."""
    lines = layout_lines(runs, fmt, WIDTH)
    reference = writer.draw_runs_reference
    handed: list[object] = []

    def spy(*args: object) -> None:
        handed.append(args)
        reference(*args)  # type: ignore[arg-type]

    writer.draw_runs_reference = spy  # type: ignore[assignment]
    try:
        fast = _pdf(writer.draw_runs, lines, fmt, **kwargs)
    finally:
        writer.draw_runs_reference = reference  # type: ignore[assignment]
    assert bool(handed) is reference_path
    return fast, _pdf(lambda canvas, runs, height, memo: reference(canvas, runs, height), lines, fmt, **kwargs)


def test_tracked_glyphs_match_reportlab(fonts: tuple[str, str]) -> None:
    fast, reference = _both([Run(TEXT, fonts[0], 16)], BODY)
    assert fast == reference


def test_untracked_fragments_match_reportlab(fonts: tuple[str, str]) -> None:
    fast, reference = _both([Run(TEXT, fonts[0], 16)], GridFormat(alignment="left"))
    assert fast == reference


def test_mixed_fonts_sizes_and_cid_fallback_match_reportlab(fonts: tuple[str, str]) -> None:
    runs = [
        Run("1.完善机构，确保成效。", fonts[1], 16),
        Run(TEXT[:80], fonts[0], 16),
        Run("生僻字〇", "STSong-Light", 16),
        Run(TEXT[80:200], fonts[0], 14),
        Run("（注）", fonts[1], 14),
    ]
    for fmt in (BODY, GridFormat(alignment="center", left_indent=20.0)):
        fast, reference = _both(runs, fmt)
        assert fast == reference


def test_top_down_canvas_matches_reportlab(fonts: tuple[str, str]) -> None:
    fast, reference = _both([Run(TEXT[:100], fonts[0], 16)], BODY, bottomup=0)
    assert fast == reference


def test_type1_font_takes_the_reference_path(fonts: tuple[str, str]) -> None:
    runs = [Run("Annual report (2018)", "Helvetica", 12), Run("年度", fonts[0], 12)]
    fast, reference = _both(runs, BODY, reference_path=True)
    assert fast == reference
