"""Charts as vector drawings (ReportLab's graphics shapes, drawn on a pdfgen canvas): grouped bars, lines over
years with gaps, pies, a 100 % bar, horizontal bars of completion rates.

Every text and number comes finished in ``document.ChartData`` (data labels as tables write the figures,
axis ticks, the unit); this module only places them. Titles, category names, legend and unit are set in the
``chart_title``/``chart_label`` roles (黑体), numbers in ``chart_number`` (the body font); the series take the
style's colours in order (``[chart] palette``, or distinct greys with ``greys = true``).
"""

from __future__ import annotations

import math

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String, Wedge
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ... import document as doc
from ...style import Style

AXIS = HexColor("#404040")
GRID = HexColor("#d9d9d9")
INK = HexColor("#000000")


class _Look:
    """Fonts, sizes and colours of one chart."""

    def __init__(self, style: Style, fonts: dict[str, str]) -> None:
        self.roles = {name: (fonts[style.role(name).font], style.role(name).size_pt)
                      for name in ("chart_title", "chart_label", "chart_number")}  # fmt: skip
        self.colours = [HexColor(c) for c in style.chart.colours]

    def text(self, role: str, x: float, y: float, value: str, anchor: str = "middle") -> String:
        font, size = self.roles[role]
        return String(x, y, value, fontName=font, fontSize=size, fillColor=INK, textAnchor=anchor)

    def width(self, role: str, value: str) -> float:
        font, size = self.roles[role]
        return stringWidth(value, font, size)

    def size(self, role: str) -> float:
        return self.roles[role][1]

    def colour(self, index: int) -> HexColor:
        return self.colours[index % len(self.colours)]


def draw_chart(canvas: Canvas, x: float, y: float, width: float, height: float, data: doc.ChartData, style: Style,
               fonts: dict[str, str]) -> None:  # fmt: skip
    """Draw ``data`` in the box of ``width`` × ``height`` points whose lower-left corner is (x, y)."""
    renderPDF.draw(chart_drawing(width, height, data, style, fonts), canvas, x, y)


def chart_drawing(width: float, height: float, data: doc.ChartData, style: Style, fonts: dict[str, str]) -> Drawing:
    """The chart as a ReportLab Drawing."""
    look = _Look(style, fonts)
    drawing = Drawing(width, height)
    # The renderer's first state sets a font before any string does: ours, not an unembedded Helvetica.
    drawing.initialFontName, drawing.initialFontSize = look.roles["chart_number"]
    top = height
    if data.title:
        size = look.size("chart_title")
        drawing.add(look.text("chart_title", width / 2, top - 1.2 * size, data.title))
        top -= 1.8 * size
    legend = len(data.series) > 1 or data.shape in ("pie", "stacked")
    bottom = 0.0
    if legend:
        bottom = _legend(drawing, look, data, width) + 0.4 * look.size("chart_label")
    if data.shape == "pie":
        _pie(drawing, look, data, 0, bottom, width, top - bottom)
    elif data.shape == "stacked":
        _stacked(drawing, look, data, 0, bottom, width, top - bottom)
    elif data.shape == "hbars":
        _hbars(drawing, look, data, 0, bottom, width, top - bottom)
    else:
        _columns(drawing, look, data, 0, bottom, width, top - bottom)
    return drawing


def _legend(drawing: Drawing, look: _Look, data: doc.ChartData, width: float) -> float:
    """Swatches and names centred along the bottom; returns the height taken."""
    size = look.size("chart_label")
    names = data.categories if data.shape in ("pie", "stacked") else tuple(s.name for s in data.series)
    gap = 1.5 * size
    widths = [size + 0.4 * size + look.width("chart_label", name) for name in names]
    cursor = (width - (sum(widths) + gap * (len(names) - 1))) / 2
    baseline = 0.3 * size
    for i, (name, w) in enumerate(zip(names, widths)):
        drawing.add(Rect(cursor, baseline - 0.05 * size, 0.8 * size, 0.8 * size, fillColor=look.colour(i), strokeColor=None))
        drawing.add(look.text("chart_label", cursor + 1.2 * size, baseline, name, "start"))
        cursor += w + gap
    return 1.3 * size


def _value_axis(drawing: Drawing, look: _Look, data: doc.ChartData, left: float, bottom: float, width: float,
                height: float) -> float:  # fmt: skip
    """Horizontal grid lines and tick labels up the left of the plot; returns the top tick's value."""
    size = look.size("chart_number")
    top_value = data.ticks[-1][0] if data.ticks else 1.0
    for value, label in data.ticks:
        y = bottom + height * value / top_value
        drawing.add(Line(left, y, left + width, y, strokeColor=GRID if value else AXIS, strokeWidth=0.5))
        drawing.add(look.text("chart_number", left - 0.4 * size, y - 0.35 * size, label, "end"))
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


def _columns(drawing: Drawing, look: _Look, data: doc.ChartData, x: float, y: float, width: float, height: float) -> None:
    """Grouped vertical bars, or lines through the values (a gap breaks the line)."""
    left, bottom, plot_w, plot_h = _plot_box(look, data, x, y, width, height)
    if data.unit:
        drawing.add(look.text("chart_label", x, y + height - look.size("chart_label"), data.unit, "start"))
    top_value = _value_axis(drawing, look, data, left, bottom, plot_w, plot_h)
    count = max(1, len(data.categories))
    group = plot_w / count
    label = look.size("chart_label")
    number = look.size("chart_number")
    for i, category in enumerate(data.categories):
        drawing.add(look.text("chart_label", left + (i + 0.5) * group, bottom - 1.3 * label, category))
    series = data.series
    if data.shape == "line":
        for s, line in enumerate(series):
            colour = look.colour(s)
            points: list[list[float]] = [[]]
            for i, value in enumerate(line.values):
                if value is None:
                    points.append([])
                    continue
                px, py = left + (i + 0.5) * group, bottom + plot_h * value / top_value
                points[-1] += [px, py]
                drawing.add(Circle(px, py, 0.22 * number, fillColor=colour, strokeColor=None))
                drawing.add(look.text("chart_number", px, py + 0.6 * number, line.labels[i]))
            for run in points:
                if len(run) >= 4:
                    drawing.add(PolyLine(run, strokeColor=colour, strokeWidth=1.5))
        return
    bar = group * 0.7 / max(1, len(series))
    for s, column in enumerate(series):
        for i, value in enumerate(column.values):
            if value is None:
                continue
            bx = left + i * group + group * 0.15 + s * bar
            h = plot_h * value / top_value
            drawing.add(Rect(bx, bottom, bar * 0.92, h, fillColor=look.colour(s), strokeColor=None))
            drawing.add(look.text("chart_number", bx + bar * 0.46, bottom + h + 0.3 * number, column.labels[i]))


def _hbars(drawing: Drawing, look: _Look, data: doc.ChartData, x: float, y: float, width: float, height: float) -> None:
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
        drawing.add(Line(tx, bottom, tx, top, strokeColor=GRID if value else AXIS, strokeWidth=0.5))
        drawing.add(look.text("chart_number", tx, bottom - 1.2 * number, tick))
    plan = left + plot_w * 1.0 / top_value
    drawing.add(Line(plan, bottom, plan, top, strokeColor=AXIS, strokeWidth=0.8, strokeDashArray=[3, 2]))
    count = max(1, len(data.categories))
    band = plot_h / count
    for s, rates in enumerate(data.series):
        for i, value in enumerate(rates.values):
            centre = top - (i + 0.5) * band
            if s == 0:
                drawing.add(look.text("chart_label", left - 0.5 * label, centre - 0.35 * label, data.categories[i], "end"))
            if value is None:
                continue
            w = plot_w * value / top_value
            drawing.add(Rect(left, centre - band * 0.3, w, band * 0.6, fillColor=look.colour(s), strokeColor=None))
            label_x = left + w + 0.3 * number
            if label_x < plan + 0.3 * number < label_x + look.width("chart_number", rates.labels[i]):
                label_x = plan + 0.3 * number  # clear of the plan's dashed line
            drawing.add(look.text("chart_number", label_x, centre - 0.35 * number, rates.labels[i], "start"))


def _pie(drawing: Drawing, look: _Look, data: doc.ChartData, x: float, y: float, width: float, height: float) -> None:
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
        drawing.add(Wedge(cx, cy, radius, angle - sweep, angle, fillColor=look.colour(i), strokeColor=HexColor("#ffffff"),
                          strokeWidth=0.8))  # fmt: skip
        middle = math.radians(angle - sweep / 2)
        lx, ly = cx + (radius + 0.9 * number) * math.cos(middle), cy + (radius + 0.9 * number) * math.sin(middle)
        anchor = "start" if math.cos(middle) > 0.2 else "end" if math.cos(middle) < -0.2 else "middle"
        drawing.add(look.text("chart_number", lx, ly - 0.35 * number, shares.labels[i], anchor))
        angle -= sweep


def _stacked(drawing: Drawing, look: _Look, data: doc.ChartData, x: float, y: float, width: float, height: float) -> None:
    """One bar across the chart split into the shares, each labelled inside its part."""
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
        drawing.add(Rect(cursor, bottom, w, bar_h, fillColor=look.colour(i), strokeColor=HexColor("#ffffff"), strokeWidth=0.8))
        drawing.add(look.text("chart_number", cursor + w / 2, bottom + bar_h + 0.4 * number, shares.labels[i]))
        cursor += w
