"""Figures and charts on a pdfgen canvas, free of platypus: ``measure`` says the size a figure takes on the page
(whole grid lines: the picture's slot, then its caption), ``draw`` draws it there.

A figure is a slot of whole grid lines with the picture centred in it, then the caption's lines (图N　……),
each on a grid line, centred, drawn glyph by glyph as ``paragraph.GridParagraph`` draws its lines (its
baseline, its tracking). Text after the figure therefore starts on a grid line. A chart is the same with a
drawing of ``chart.py`` in the slot.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ... import document as doc
from ...style import Style
from .chart import draw_chart
from .paragraph import BASELINE_RATIO

RunsOf = Callable[[str, str], Iterable[Any]]
"""``runs(text, role)``: the text as runs (``.text``, ``.font``, ``.size``) in the role's font and its fallbacks."""

_FUZZ = 0.01


def slot_lines(node: doc.Figure | doc.Chart, style: Style) -> int:
    """Grid lines the picture (or chart) takes: its height rounded up to whole lines."""
    return max(1, math.ceil(node.height_pt / style.page.line_pitch_pt - _FUZZ))


def measure(node: doc.Figure | doc.Chart, style: Style) -> tuple[float, float]:
    """(width, height) in points the figure takes: the block's width; its slot and its caption lines."""
    caption = len(node.caption_shown) * style.line_pitch("caption")
    return style.page.block_width_pt, slot_lines(node, style) * style.page.line_pitch_pt + caption


def draw(canvas: Canvas, x: float, y: float, node: doc.Figure | doc.Chart, style: Style, runs: RunsOf,
         fonts: dict[str, str]) -> None:  # fmt: skip
    """Draw ``node`` with the lower-left corner of its measured box at (x, y). ``runs`` sets the caption's
    text in fonts; ``fonts`` maps a style font key to the registered font name (for the chart's texts)."""
    width, height = measure(node, style)
    slot = slot_lines(node, style) * style.page.line_pitch_pt
    top = y + height
    if isinstance(node, doc.Figure):
        left = x + (width - node.width_pt) / 2
        bottom = top - (slot + node.height_pt) / 2
        if node.image_format == "svg":
            draw_svg(canvas, left, bottom, node, fonts[style.role("body").font])
        else:
            image = ImageReader(io.BytesIO(node.data))
            canvas.drawImage(image, left, bottom, node.width_pt, node.height_pt, mask="auto" if node.image_format == "png" else None)
    else:
        draw_chart(canvas, x + (width - node.width_pt) / 2, top - slot + (slot - node.height_pt) / 2,
                   node.width_pt, node.height_pt, node.chart, style, fonts)  # fmt: skip
    draw_caption(canvas, x, top - slot, width, node.caption_shown, style, runs)


def draw_svg(canvas: Canvas, x: float, y: float, node: doc.Figure, font: str) -> None:
    """An SVG figure as vector graphics (svglib: the SVG as a ReportLab drawing), scaled to the node's size. The
    SVG was checked at load time (``images.check_svg``): it names nothing outside itself, so nothing is fetched.
    (Text inside an SVG is set in the fonts svglib maps its families to, which need not be embedded.)"""
    import logging

    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.ERROR)  # its notes on unsupported attributes are not ours to print
    drawing = svg2rlg(io.BytesIO(node.data))
    if drawing is None or not drawing.width or not drawing.height:
        return
    drawing.initialFontName = font  # the renderer's first state: an embedded font, not Helvetica
    sx, sy = node.width_pt / drawing.width, node.height_pt / drawing.height
    drawing.scale(sx, sy)
    drawing.width, drawing.height = node.width_pt, node.height_pt
    renderPDF.draw(drawing, canvas, x, y)


def draw_caption(canvas: Canvas, x: float, top: float, width: float, lines: Iterable[str], style: Style,
                 runs: RunsOf) -> None:  # fmt: skip
    """Each line centred on its grid line below ``top``, glyph by glyph with the role's tracking."""
    pitch = style.line_pitch("caption")
    track = doc.tracking(style, "caption")
    for i, line in enumerate(lines):
        pieces = [(run, char) for run in runs(line, "caption") for char in run.text]
        advances = [stringWidth(char, run.font, run.size) + track for run, char in pieces]
        size = max((run.size for run, _ in pieces), default=0.0)
        baseline = top - i * pitch - (pitch / 2 + BASELINE_RATIO * size)
        # Centred by the glyphs themselves: the tracking after the last character is not part of the line.
        cursor = x + (width - (sum(advances) - (track if pieces else 0))) / 2
        for (run, char), advance in zip(pieces, advances):
            canvas.setFont(run.font, run.size)
            canvas.drawString(cursor, baseline, char)
            cursor += advance
