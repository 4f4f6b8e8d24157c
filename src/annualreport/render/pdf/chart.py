"""Charts as page items (``pages.Path`` shapes and ``pages.GlyphRun`` labels) drawn through the paginator's
``Painter``: grouped bars, lines over years with gaps, pies, a 100 % bar, horizontal bars of completion rates.

Every text and number comes finished in ``document.ChartData`` (data labels as tables write the figures,
axis ticks, the unit); this module only places them. Titles, category names, legend and unit are set in the
``chart_title``/``chart_label`` roles (黑体), numbers in ``chart_number`` (the body font) — the report's own
embedded faces, a borrowed face for a character one lacks, as the text has them; the series take the style's
colours in order (``[chart] palette``, or distinct greys with ``greys = true``). Coordinates here are the
painter's: points, y up from the chart box's bottom-left corner.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth

from ... import document as doc
from ...style import Style
from .. import pages as pg
from .fonts.embed import PdfFonts
from .paginate import Painter

AXIS = pg.Colour.from_hex("#404040")
GRID = pg.Colour.from_hex("#d9d9d9")
INK = pg.BLACK
WHITE = pg.Colour(1.0, 1.0, 1.0)

_KAPPA = 0.5522847498307936
"""A quarter circle as one cubic Bézier curve: the control points this fraction of the radius along the tangents."""


# ----------------------------------------------------------------------------- shapes as path segments


def rect(x: float, y: float, width: float, height: float) -> list[pg.Segment]:
    return [(pg.MOVE, x, y), (pg.LINE, x + width, y), (pg.LINE, x + width, y + height), (pg.LINE, x, y + height), (pg.CLOSE,)]


def line(points: Sequence[tuple[float, float]]) -> list[pg.Segment]:
    """An open line through ``points``."""
    return [(pg.MOVE if i == 0 else pg.LINE, x, y) for i, (x, y) in enumerate(points)]


def ellipse(cx: float, cy: float, rx: float, ry: float) -> list[pg.Segment]:
    """An ellipse as four Bézier quarters, counter-clockwise from its right end."""
    kx, ky = _KAPPA * rx, _KAPPA * ry
    return [
        (pg.MOVE, cx + rx, cy),
        (pg.CURVE, cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry),
        (pg.CURVE, cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy),
        (pg.CURVE, cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry),
        (pg.CURVE, cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy),
        (pg.CLOSE,),
    ]


def arc(cx: float, cy: float, r: float, start: float, end: float) -> list[pg.Segment]:
    """Bézier curves along the circle from angle ``start`` to ``end`` (degrees, counter-clockwise), at most 90°
    each; the first is a LINE to the arc's start (MOVE it yourself for an arc alone)."""
    steps = max(1, math.ceil(abs(end - start) / 90 - 1e-9))
    sweep = math.radians(end - start) / steps
    k = 4 / 3 * math.tan(sweep / 4)
    a = math.radians(start)
    out: list[pg.Segment] = [(pg.LINE, cx + r * math.cos(a), cy + r * math.sin(a))]
    for _ in range(steps):
        b = a + sweep
        c0, s0, c1, s1 = math.cos(a), math.sin(a), math.cos(b), math.sin(b)
        out.append((pg.CURVE, cx + r * (c0 - k * s0), cy + r * (s0 + k * c0), cx + r * (c1 + k * s1),
                    cy + r * (s1 - k * c1), cx + r * c1, cy + r * s1))  # fmt: skip
        a = b
    return out


def wedge(cx: float, cy: float, r: float, start: float, end: float) -> list[pg.Segment]:
    """A pie slice from the centre between the angles ``start`` and ``end`` (degrees)."""
    return [(pg.MOVE, cx, cy), *arc(cx, cy, r, start, end), (pg.CLOSE,)]


# ----------------------------------------------------------------------------- the chart


class _Look:
    """Fonts, sizes and colours of one chart, and the painter it draws on."""

    def __init__(self, painter: Painter, style: Style, fonts: PdfFonts) -> None:
        self.painter, self.fonts = painter, fonts
        self.roles = {name: (style.role(name).font, style.role(name).size_pt)
                      for name in ("chart_title", "chart_label", "chart_number")}  # fmt: skip
        self.colours = [pg.Colour.from_hex(c) for c in style.chart.colours]
        self._widths: dict[tuple[str, str, float], float] = {}

    def _advances(self, role: str, value: str) -> list[tuple[str, float, str, list[float]]]:
        key, size = self.roles[role]
        out = []
        for run in self.fonts.runs(value, key, size):
            advances = []
            for char in run.text:
                width = self._widths.get((run.font, char, run.size))
                if width is None:
                    width = self._widths[(run.font, char, run.size)] = stringWidth(char, run.font, run.size)
                advances.append(width)
            out.append((run.font, run.size, run.text, advances))
        return out

    def text(self, role: str, x: float, y: float, value: str, anchor: str = "middle") -> None:
        """``value`` on the baseline ``y``, starting at, centred on or ending at ``x`` as ``anchor`` says."""
        runs = self._advances(role, value)
        width = sum(sum(advances) for *_, advances in runs)
        x -= width / 2 if anchor == "middle" else width if anchor == "end" else 0.0
        for font, size, chars, advances in runs:
            self.painter.glyphs(font, size, x, y, chars, advances, INK)
            x += sum(advances)

    def width(self, role: str, value: str) -> float:
        return sum(sum(advances) for *_, advances in self._advances(role, value))

    def size(self, role: str) -> float:
        return self.roles[role][1]

    def colour(self, index: int) -> pg.Colour:
        return self.colours[index % len(self.colours)]

    def fill(self, segments: list[pg.Segment], colour: pg.Colour, outline: pg.Colour | None = None,
             width: float = 0.8) -> None:  # fmt: skip
        self.painter.path(segments, fill=colour, stroke=outline, width=width, join="round" if outline else "miter")

    def stroke(self, points: Sequence[tuple[float, float]], colour: pg.Colour, width: float,
               dash: Sequence[float] = (), join: str = "miter") -> None:  # fmt: skip
        self.painter.path(line(points), stroke=colour, width=width, dash=dash, join=join)


def draw_chart(painter: Painter, x: float, y: float, width: float, height: float, data: doc.ChartData, style: Style,
               fonts: PdfFonts) -> None:  # fmt: skip
    """Draw ``data`` in the box of ``width`` × ``height`` points whose lower-left corner is (x, y)."""
    look = _Look(painter, style, fonts)
    painter.saveState()
    painter.translate(x, y)
    try:
        top = height
        if data.title:
            size = look.size("chart_title")
            look.text("chart_title", width / 2, top - 1.2 * size, data.title)
            top -= 1.8 * size
        legend = len(data.series) > 1 or data.shape in ("pie", "stacked")
        bottom = 0.0
        if legend:
            bottom = _legend(look, data, width) + 0.4 * look.size("chart_label")
        if data.shape == "pie":
            _pie(look, data, 0, bottom, width, top - bottom)
        elif data.shape == "stacked":
            _stacked(look, data, 0, bottom, width, top - bottom)
        elif data.shape == "hbars":
            _hbars(look, data, 0, bottom, width, top - bottom)
        else:
            _columns(look, data, 0, bottom, width, top - bottom)
    finally:
        painter.restoreState()


def _legend(look: _Look, data: doc.ChartData, width: float) -> float:
    """Swatches and names centred along the bottom; returns the height taken."""
    size = look.size("chart_label")
    names = data.categories if data.shape in ("pie", "stacked") else tuple(s.name for s in data.series)
    gap = 1.5 * size
    widths = [size + 0.4 * size + look.width("chart_label", name) for name in names]
    cursor = (width - (sum(widths) + gap * (len(names) - 1))) / 2
    baseline = 0.3 * size
    for i, (name, w) in enumerate(zip(names, widths)):
        look.fill(rect(cursor, baseline - 0.05 * size, 0.8 * size, 0.8 * size), look.colour(i))
        look.text("chart_label", cursor + 1.2 * size, baseline, name, "start")
        cursor += w + gap
    return 1.3 * size


def _value_axis(look: _Look, data: doc.ChartData, left: float, bottom: float, width: float, height: float) -> float:
    """Horizontal grid lines and tick labels up the left of the plot; returns the top tick's value."""
    size = look.size("chart_number")
    top_value = data.ticks[-1][0] if data.ticks else 1.0
    for value, label in data.ticks:
        y = bottom + height * value / top_value
        look.stroke([(left, y), (left + width, y)], GRID if value else AXIS, 0.5)
        look.text("chart_number", left - 0.4 * size, y - 0.35 * size, label, "end")
    return top_value


def _plot_box(look: _Look, data: doc.ChartData, x: float, y: float, width: float, height: float) -> tuple[float, float, float, float]:
    """(left, bottom, width, height) of the plot inside the chart's box: room for ticks, unit and categories."""
    number = look.size("chart_number")
    label = look.size("chart_label")
    ticks = max((look.width("chart_number", t) for _, t in data.ticks), default=0.0)
    left = x + ticks + 0.8 * number
    bottom = y + 1.8 * label
    top = y + height - (1.6 * label if data.unit else 0.6 * label) - 1.4 * number  # room for the top bar's label
    return left, bottom, x + width - left - 0.5 * label, max(top - bottom, 10.0)


def _columns(look: _Look, data: doc.ChartData, x: float, y: float, width: float, height: float) -> None:
    """Grouped vertical bars, or lines through the values (a gap breaks the line)."""
    left, bottom, plot_w, plot_h = _plot_box(look, data, x, y, width, height)
    if data.unit:
        look.text("chart_label", x, y + height - look.size("chart_label"), data.unit, "start")
    top_value = _value_axis(look, data, left, bottom, plot_w, plot_h)
    count = max(1, len(data.categories))
    group = plot_w / count
    label = look.size("chart_label")
    number = look.size("chart_number")
    for i, category in enumerate(data.categories):
        look.text("chart_label", left + (i + 0.5) * group, bottom - 1.3 * label, category)
    series = data.series
    if data.shape == "line":
        for s, values in enumerate(series):
            colour = look.colour(s)
            pieces: list[list[tuple[float, float]]] = [[]]
            for i, value in enumerate(values.values):
                if value is None:
                    pieces.append([])
                    continue
                pieces[-1].append((left + (i + 0.5) * group, bottom + plot_h * value / top_value))
            for piece in pieces:
                if len(piece) >= 2:
                    look.stroke(piece, colour, 1.5, join="round")
            for i, value in enumerate(values.values):
                if value is None:
                    continue
                px, py = left + (i + 0.5) * group, bottom + plot_h * value / top_value
                look.fill(ellipse(px, py, 0.22 * number, 0.22 * number), colour)
                look.text("chart_number", px, py + 0.6 * number, values.labels[i])
        return
    bar = group * 0.7 / max(1, len(series))
    for s, column in enumerate(series):
        for i, value in enumerate(column.values):
            if value is None:
                continue
            bx = left + i * group + group * 0.15 + s * bar
            h = plot_h * value / top_value
            look.fill(rect(bx, bottom, bar * 0.92, h), look.colour(s))
            look.text("chart_number", bx + bar * 0.46, bottom + h + 0.3 * number, column.labels[i])


def _hbars(look: _Look, data: doc.ChartData, x: float, y: float, width: float, height: float) -> None:
    """Horizontal bars of rates, categories down the left, the plan (100 %) a dashed line."""
    label = look.size("chart_label")
    number = look.size("chart_number")
    names = max((look.width("chart_label", c) for c in data.categories), default=0.0)
    left = x + names + 0.8 * label
    right = x + width - 3.5 * number  # room for the longest data label
    bottom = y + 1.6 * number
    top = y + height - 0.5 * label
    plot_w, plot_h = right - left, top - bottom
    top_value = data.ticks[-1][0] if data.ticks else 1.0
    for value, tick in data.ticks:
        tx = left + plot_w * value / top_value
        look.stroke([(tx, bottom), (tx, top)], GRID if value else AXIS, 0.5)
        look.text("chart_number", tx, bottom - 1.2 * number, tick)
    plan = left + plot_w * 1.0 / top_value
    look.stroke([(plan, bottom), (plan, top)], AXIS, 0.8, dash=(3, 2))
    count = max(1, len(data.categories))
    band = plot_h / count
    for s, rates in enumerate(data.series):
        for i, value in enumerate(rates.values):
            centre = top - (i + 0.5) * band
            if s == 0:
                look.text("chart_label", left - 0.5 * label, centre - 0.35 * label, data.categories[i], "end")
            if value is None:
                continue
            w = plot_w * value / top_value
            look.fill(rect(left, centre - band * 0.3, w, band * 0.6), look.colour(s))
            label_x = left + w + 0.3 * number
            if label_x < plan + 0.3 * number < label_x + look.width("chart_number", rates.labels[i]):
                label_x = plan + 0.3 * number  # clear of the plan's dashed line
            look.text("chart_number", label_x, centre - 0.35 * number, rates.labels[i], "start")


def _pie(look: _Look, data: doc.ChartData, x: float, y: float, width: float, height: float) -> None:
    """Wedges clockwise from twelve o'clock, each share's label outside its wedge."""
    number = look.size("chart_number")
    radius = max(10.0, height / 2 - 1.6 * number)
    cx, cy = x + width / 2, y + height / 2
    shares = data.series[0]
    angle = 90.0
    for i, value in enumerate(shares.values):
        if not value:
            continue
        sweep = 360.0 * value
        look.fill(wedge(cx, cy, radius, angle - sweep, angle), look.colour(i), WHITE)
        middle = math.radians(angle - sweep / 2)
        lx, ly = cx + (radius + 0.9 * number) * math.cos(middle), cy + (radius + 0.9 * number) * math.sin(middle)
        anchor = "start" if math.cos(middle) > 0.2 else "end" if math.cos(middle) < -0.2 else "middle"
        look.text("chart_number", lx, ly - 0.35 * number, shares.labels[i], anchor)
        angle -= sweep


def _stacked(look: _Look, data: doc.ChartData, x: float, y: float, width: float, height: float) -> None:
    """One bar across the chart split into the shares, each labelled above its part."""
    number = look.size("chart_number")
    bar_h = min(height * 0.4, 3 * number)
    left, right = x + 0.05 * width, x + 0.95 * width
    bottom = y + (height - bar_h) / 2
    cursor = left
    shares = data.series[0]
    for i, value in enumerate(shares.values):
        if not value:
            continue
        w = (right - left) * value
        look.fill(rect(cursor, bottom, w, bar_h), look.colour(i), WHITE)
        look.text("chart_number", cursor + w / 2, bottom + bar_h + 0.4 * number, shares.labels[i])
        cursor += w
