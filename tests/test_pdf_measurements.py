"""Widths shared between the paragraphs of one PDF build change nothing about the lines."""

from __future__ import annotations

import pytest

import annualreport as ar
from annualreport.render.pdf import paragraph as pdf_text
from annualreport.render.pdf import PdfRenderer
from annualreport.render.pdf.fonts.embed import load_fonts
from annualreport.render.pdf.typeset import Measurements, Run, typeset

from .conftest import EXAMPLE_2018


def measure(text: str, font: str, size: float) -> float:
    """Full-width for CJK, half for the rest; font "wide" is 10 % wider (so fonts differ)."""
    scale = 1.1 if font == "wide" else 1.0
    return sum(size if ord(c) > 0x2000 else size / 2 for c in text) * scale


PARAGRAPHS = [
    [Run("全力打造四大主导产业基地，实施产业结构调整17.15万亩，免疫率达到100%。" * 3, "body", 16)],
    [Run("1.完善机构，确保成效。", "wide", 16), Run("建立“一体两翼”作战体系（由镇扶贫攻坚指挥部任总“舵手”）。" * 4, "body", 16)],
    [Run("PM2.5 and COVID-19 stay whole, 624,000 too; ", "body", 14), Run("表格里的字。" * 5, "body", 14)],
    [Run("……——《精神扶贫结硕果》！" * 6, "body", 16), Run("字" * 30, "wide", 12)],
]


def test_shared_measurements_give_the_same_lines() -> None:
    shared = Measurements(measure)  # one for everything: tracking, sizes and fonts vary under it
    for _round in range(2):  # the second round finds everything measured
        for runs in PARAGRAPHS:
            for char_space in (0.0, -0.21, 0.5):
                for align in ("justify", "left", "center", "right"):
                    for width in (442.2, 200.0):
                        kwargs = dict(first_indent=31.58, char_space=char_space, align=align)
                        alone = typeset(runs, measure, width, **kwargs)  # type: ignore[arg-type]
                        assert typeset(runs, measure, width, measurements=shared, **kwargs) == alone  # type: ignore[arg-type]
    assert shared.widths and shared.units


def test_measurements_belong_to_one_measure_function() -> None:
    shared = Measurements(measure)
    with pytest.raises(ValueError, match="another measure"):
        typeset([Run("字", "body", 16)], lambda t, f, s: 1.0, 100.0, measurements=shared)


def test_a_render_shares_one_measurements_across_its_paragraphs() -> None:
    document = ar.build(EXAMPLE_2018)
    renderer = PdfRenderer(document, load_fonts(document))
    paragraphs = [f for f in renderer.flowables() if isinstance(f, pdf_text.GridParagraph)]
    assert paragraphs and all(p.measurements is renderer.measurements for p in paragraphs)
    longest = max(paragraphs, key=lambda p: len("".join(r.text for r in p.runs)))
    width = document.style.page.block_width_pt
    lines = longest.lines(width)
    assert len(lines) > 2
    _head, tail = longest.split(width, 2 * longest.fmt.line_pitch)
    assert tail.measurements is renderer.measurements
    assert PdfRenderer(document, load_fonts(document)).measurements is not renderer.measurements  # one per render
