"""Figures and charts as one block of the paginator (``FigureBlock``): the picture's slot of whole grid lines,
then its caption, painted as page items so that every writer draws them.

A figure is a slot of whole grid lines with the picture centred in it, then the caption's lines (图N　……),
each on a grid line, centred, glyph runs with the caption role's tracking, on the baseline
``paragraph.GridParagraph`` gives its lines. The text after the figure therefore starts on a grid line. The
picture is a ``pages.Image`` (PNG, JPEG), an SVG's shapes and texts (``svg.py``: ``pages.Path`` and glyph runs;
its PNG twin as an image when the SVG holds what no page item draws), or a chart (``chart.py``).

Picture and caption are one block, never parted by a page break: a block that does not fit what is left of a
page goes to the next (the paginator's rule); one taller than the text block — the build makes pictures and
charts small enough that this does not happen — is drawn smaller, to the whole lines that leave room for its
caption.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth

from ... import document as doc
from ...errors import LayoutWarning
from ...messages import text
from ...style import Style
from .chart import draw_chart
from .fonts.embed import PdfFonts
from .paginate import Flowable, Painter
from .paragraph import BASELINE_RATIO

_FUZZ = 0.01


def slot_lines(node: doc.Figure | doc.Chart, style: Style) -> int:
    """Grid lines the picture (or chart) takes: its height rounded up to whole lines."""
    return max(1, math.ceil(node.height_pt / style.page.line_pitch_pt - _FUZZ))


def measure(node: doc.Figure | doc.Chart, style: Style) -> tuple[float, float]:
    """(width, height) in points the figure takes: the block's width; its slot and its caption lines."""
    caption = len(node.caption_shown) * style.line_pitch("caption")
    return style.page.block_width_pt, slot_lines(node, style) * style.page.line_pitch_pt + caption


class FigureBlock(Flowable):
    """A figure or chart with its caption, of the size ``measure`` says (smaller only when taller than the text
    block), painted through the ``Painter``: an image, paths and glyph runs."""

    def __init__(self, node: doc.Figure | doc.Chart, style: Style, fonts: PdfFonts) -> None:
        super().__init__()
        self.node, self.style, self.fonts = node, style, fonts
        self.scale = 1.0
        """How much smaller than the node says the picture is drawn (1: as it says)."""
        self._svg: list[Callable[[Painter], None]] | None = None

    def __repr__(self) -> str:
        return f"FigureBlock({self.node.caption_text!r})"

    def _slot(self) -> int:
        pitch = self.style.page.line_pitch_pt
        return max(1, math.ceil(self.node.height_pt * self.scale / pitch - _FUZZ))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        style, node = self.style, self.node
        pitch = style.page.line_pitch_pt
        caption = len(node.caption_shown) * style.line_pitch("caption")
        self.scale = 1.0
        if slot_lines(node, style) * pitch + caption > style.page.block_height_pt + _FUZZ:
            room = max(1, math.floor((style.page.block_height_pt - caption) / pitch + _FUZZ))
            self.scale = min(1.0, room * pitch / node.height_pt)
        self.width = style.page.block_width_pt
        self.height = self._slot() * pitch + caption
        return self.width, self.height

    def draw(self) -> None:
        canv: Painter = self.canv
        node, style = self.node, self.style
        slot = self._slot() * style.page.line_pitch_pt
        top = self.height
        w, h = node.width_pt * self.scale, node.height_pt * self.scale
        left = (self.width - w) / 2
        bottom = top - (slot + h) / 2
        if isinstance(node, doc.Chart):
            draw_chart(canv, left, bottom, w, h, node.chart, style, self.fonts)
        elif node.image_format == "svg":
            self._draw_svg(canv, left, bottom, w, h)
        else:
            canv.image(node.data, left, bottom, w, h)
        draw_caption(canv, 0.0, top - slot, self.width, node.caption_shown, style, self.fonts)

    def _draw_svg(self, canv: Painter, x: float, y: float, width: float, height: float) -> None:
        """The SVG's shapes and texts (``svg.plan``), or its PNG twin if it holds what they cannot draw."""
        node = self.node
        assert isinstance(node, doc.Figure)
        if self._svg is None:
            from .svg import Unmappable, drawing_of, plan

            try:
                drawing = drawing_of(node.data)
                self._svg = [] if drawing is None else plan(drawing, width, height, self.fonts, self.style.role("chart_label").font)
            except Unmappable as what:
                self._svg = []
                if node.fallback:
                    message = text("svg_rasterised", figure=node.number or node.caption_text, what=str(what))
                    warnings.warn(message, LayoutWarning, stacklevel=2)
                    self._svg = [lambda painter: painter.image(node.fallback, 0.0, 0.0, width, height)]
        canv.saveState()
        canv.translate(x, y)
        try:
            for step in self._svg:
                step(canv)
        finally:
            canv.restoreState()


def draw_caption(canv: Painter, x: float, top: float, width: float, lines: Sequence[str], style: Style,
                 fonts: PdfFonts) -> None:  # fmt: skip
    """Each line centred on its grid line below ``top``, glyph runs with the role's tracking."""
    look = style.role("caption")
    pitch = style.line_pitch("caption")
    track = doc.tracking(style, "caption")
    for i, line in enumerate(lines):
        runs = list(fonts.runs(line, look.font, look.size_pt))
        advances = [[stringWidth(char, run.font, run.size) + track for char in run.text] for run in runs]
        size = max((run.size for run in runs if run.text), default=0.0)
        baseline = top - i * pitch - (pitch / 2 + BASELINE_RATIO * size)
        # Centred by the glyphs themselves: the tracking after the last character is not part of the line.
        total = sum(sum(a) for a in advances) - (track if line else 0.0)
        cursor = x + (width - total) / 2
        for run, run_advances in zip(runs, advances):
            canv.glyphs(run.font, run.size, cursor, baseline, run.text, run_advances)
            cursor += sum(run_advances)
