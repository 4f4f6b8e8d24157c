"""SVG figures as page items: svglib reads the SVG into a ReportLab drawing (its shapes, never drawn by
ReportLab), and this walks it — groups and their transforms, rectangles (rounded too), lines, polylines,
polygons, paths, circles, ellipses, wedges, strings — into ``pages.Path`` shapes and ``pages.GlyphRun`` texts
through the paginator's ``Painter``, so every writer (PDF, OFD, the PNG preview) draws the figure as vectors.

Strings are set in the report's own faces (the ``chart_label`` role's, 黑体, a borrowed face for a character
it lacks), whatever family the SVG names: a face the PDF does not embed is never drawn. What has no page item
— gradients, clipping, transparency, pictures inside the SVG, text that is rotated or stretched — raises
``Unmappable`` naming it before anything is drawn; the figure then goes in as its PNG twin (CairoSVG's, made
at load time) and the renderer says so (``figure.FigureBlock``). The SVG was checked at load time
(``images.check_svg``): it names nothing outside itself, so nothing is fetched.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Callable, Iterator
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from .. import pages as pg
from .chart import ellipse, rect, wedge
from .fonts.embed import PdfFonts
from .paginate import Painter

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_CAPS = ("butt", "round", "square")
_JOINS = ("miter", "round", "bevel")
_FUZZ = 1e-6


class Unmappable(Exception):
    """The SVG holds something no page item can draw (the message names it)."""


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` applied inside it (a point goes through ``n`` first)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _colour(value: Any, opacity: Any, what: str) -> pg.Colour | None:
    if value is None:
        return None
    alpha = float(getattr(value, "alpha", 1.0)) * (1.0 if opacity is None else float(opacity))
    if alpha < 1 - _FUZZ:
        if alpha <= _FUZZ:
            return None  # fully transparent: nothing to paint
        raise Unmappable(f"transparency ({what} opacity {alpha:.2g})")
    return pg.Colour(float(value.red), float(value.green), float(value.blue))


def drawing_of(data: bytes) -> Any:
    """svglib's drawing of the SVG ``data``, or None when it has no size."""
    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.ERROR)  # its notes on unsupported attributes are not ours to print
    drawing = svg2rlg(io.BytesIO(data))
    if drawing is None or not drawing.width or not drawing.height:
        return None
    return drawing


class _Shape:
    """One path to paint: its segments in the painter's coordinates and its paint."""

    __slots__ = ("kwargs", "segments")

    def __init__(self, segments: list[pg.Segment], kwargs: dict[str, Any]) -> None:
        self.segments, self.kwargs = segments, kwargs


def _segments(shape: Any) -> list[pg.Segment]:
    """The shape's outline in its own coordinates."""
    from reportlab.graphics import shapes as rl

    if isinstance(shape, rl.Rect):
        rx, ry = float(shape.rx or 0), float(shape.ry or 0)
        x, y, w, h = float(shape.x), float(shape.y), float(shape.width), float(shape.height)
        if rx <= 0 and ry <= 0:
            return rect(x, y, w, h)
        rx, ry = min(rx or ry, w / 2), min(ry or rx, h / 2)
        k = 0.5522847498307936
        return [
            (pg.MOVE, x + rx, y), (pg.LINE, x + w - rx, y),
            (pg.CURVE, x + w - rx + k * rx, y, x + w, y + ry - k * ry, x + w, y + ry), (pg.LINE, x + w, y + h - ry),
            (pg.CURVE, x + w, y + h - ry + k * ry, x + w - rx + k * rx, y + h, x + w - rx, y + h), (pg.LINE, x + rx, y + h),
            (pg.CURVE, x + rx - k * rx, y + h, x, y + h - ry + k * ry, x, y + h - ry), (pg.LINE, x, y + ry),
            (pg.CURVE, x, y + ry - k * ry, x + rx - k * rx, y, x + rx, y), (pg.CLOSE,),
        ]  # fmt: skip
    if isinstance(shape, rl.Circle):
        return ellipse(float(shape.cx), float(shape.cy), float(shape.r), float(shape.r))
    if isinstance(shape, rl.Ellipse):
        return ellipse(float(shape.cx), float(shape.cy), float(shape.rx), float(shape.ry))
    if isinstance(shape, rl.Wedge):
        if getattr(shape, "radius1", None) or getattr(shape, "yradius", None) not in (None, shape.radius):
            raise Unmappable("a ring or elliptical wedge")
        return wedge(float(shape.centerx), float(shape.centery), float(shape.radius), float(shape.startangledegrees),
                     float(shape.endangledegrees))  # fmt: skip
    if isinstance(shape, rl.Line):
        return [(pg.MOVE, float(shape.x1), float(shape.y1)), (pg.LINE, float(shape.x2), float(shape.y2))]
    if isinstance(shape, (rl.PolyLine, rl.Polygon)):
        p = [float(v) for v in shape.points]
        out: list[pg.Segment] = [(pg.MOVE if i == 0 else pg.LINE, p[i], p[i + 1]) for i in range(0, len(p) - 1, 2)]
        return out + [(pg.CLOSE,)] if isinstance(shape, rl.Polygon) and out else out
    if isinstance(shape, rl.Path):
        if getattr(shape, "isClipPath", 0):
            raise Unmappable("clipping (clip-path)")
        points = [float(v) for v in shape.points]
        out, at = [], 0
        for op in shape.operators:
            if op == 0:
                out.append((pg.MOVE, points[at], points[at + 1]))
                at += 2
            elif op == 1:
                out.append((pg.LINE, points[at], points[at + 1]))
                at += 2
            elif op == 2:
                out.append((pg.CURVE, *points[at : at + 6]))
                at += 6
            else:
                out.append((pg.CLOSE,))
        if getattr(shape, "autoclose", None) and out and out[-1][0] != pg.CLOSE:
            out.append((pg.CLOSE,))
        return out
    raise Unmappable(f"a shape of kind {type(shape).__name__}")


def _walk(node: Any, matrix: Matrix) -> Iterator[tuple[Any, Matrix]]:
    """Every leaf shape with the transform it is drawn under, in paint order."""
    from reportlab.graphics import shapes as rl

    if isinstance(node, rl.Group):
        inner = _multiply(matrix, tuple(float(v) for v in (node.transform or _IDENTITY)))  # type: ignore[arg-type]
        for child in node.contents:
            yield from _walk(child, inner)
        return
    yield node, matrix


def plan(drawing: Any, width: float, height: float, fonts: PdfFonts, font_key: str) -> list[Callable[[Painter], None]]:
    """What drawing the SVG in a box of ``width`` × ``height`` points (its bottom-left corner the painter's
    origin) paints, as steps to run on a painter; raises ``Unmappable`` first if any part has no page item."""
    from reportlab.graphics import shapes as rl

    scale: Matrix = (width / drawing.width, 0.0, 0.0, height / drawing.height, 0.0, 0.0)
    steps: list[Callable[[Painter], None]] = []
    for shape, m in _walk(drawing, scale):
        if isinstance(shape, rl.String):
            steps.extend(_string(shape, m, fonts, font_key))
            continue
        if isinstance(shape, (rl.UserNode, rl.DirectDraw, rl.Image)) or not isinstance(shape, rl.Shape):
            name = type(shape).__name__
            raise Unmappable({"LinearGradientShape": "a linear gradient", "RadialGradientShape": "a radial gradient",
                              "Image": "a picture inside the SVG"}.get(name, f"a shape of kind {name}"))  # fmt: skip
        segments = _segments(shape)
        if not segments:
            continue
        fill = None
        if not isinstance(shape, (rl.Line, rl.PolyLine)):
            fill = _colour(getattr(shape, "fillColor", None), getattr(shape, "fillOpacity", None), "fill")
        stroke = _colour(getattr(shape, "strokeColor", None), getattr(shape, "strokeOpacity", None), "stroke")
        line_width = float(getattr(shape, "strokeWidth", 1.0) or 0.0)
        if line_width <= 0:
            stroke = None
        if fill is None and stroke is None:
            continue
        factor = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))  # a stroke scales with the area's square root
        dash_array = getattr(shape, "strokeDashArray", None) or ()
        if dash_array and isinstance(dash_array[0], (list, tuple)):  # (phase, [dashes])
            dash_array = dash_array[1]
        moved = [(s[0], *[v for i in range(1, len(s), 2) for v in _apply(m, s[i], s[i + 1])]) for s in segments]
        kwargs = dict(
            stroke=stroke, fill=fill, width=line_width * factor, dash=tuple(float(d) * factor for d in dash_array),
            cap=_CAPS[int(getattr(shape, "strokeLineCap", 0) or 0) % 3],
            join=_JOINS[int(getattr(shape, "strokeLineJoin", 0) or 0) % 3],
            even_odd=getattr(shape, "fillMode", rl.FILL_NON_ZERO) == rl.FILL_EVEN_ODD,
        )  # fmt: skip
        steps.append(_path_step(_Shape(moved, kwargs)))
    return steps


def _path_step(shape: _Shape) -> Callable[[Painter], None]:
    return lambda painter: painter.path(shape.segments, **shape.kwargs)


def _string(shape: Any, m: Matrix, fonts: PdfFonts, font_key: str) -> list[Callable[[Painter], None]]:
    """An SVG text as glyph runs in the report's faces: only under a transform that keeps it upright and
    unstretched (a uniform scale and a move)."""
    a, b, c, d = m[:4]
    if abs(b) > _FUZZ or abs(c) > _FUZZ or a <= 0 or abs(a - d) > 1e-3 * a:
        raise Unmappable("text that is rotated, mirrored or stretched")
    if not shape.text or not shape.text.strip():
        return []
    colour = _colour(getattr(shape, "fillColor", None), getattr(shape, "fillOpacity", None), "text")
    if colour is None:
        return []
    size = float(shape.fontSize) * a
    runs = [(run.font, run.size, run.text, [stringWidth(ch, run.font, run.size) for ch in run.text])
            for run in fonts.runs(shape.text, font_key, size)]  # fmt: skip
    width = sum(sum(advances) for *_, advances in runs)
    x, y = _apply(m, float(shape.x), float(shape.y))
    anchor = getattr(shape, "textAnchor", "start")
    x -= width / 2 if anchor == "middle" else width if anchor == "end" else 0.0

    def draw(painter: Painter) -> None:
        cursor = x
        for font, run_size, chars, advances in runs:
            painter.glyphs(font, run_size, cursor, y, chars, advances, colour)
            cursor += sum(advances)

    return [draw]
