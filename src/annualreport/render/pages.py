"""Pages as data: everything a laid-out document puts on its pages, free of any output library.

The PDF renderer's paginator decides where every glyph, rule and image goes and records it here; writers
only serialise: ``render/pdf/writer.py`` to PDF, ``render/preview.py`` to PNG, an OFD writer to OFD. Nothing
here imports ReportLab, python-docx or any other format library, and nothing here lays anything out.

**Coordinates.** Lengths are in points (1/72 inch). The origin is the page's **top-left** corner, x grows
to the right and y **downwards** — as OFD and screens have it. A glyph run's ``y`` is its baseline; a
box's ``(x, y)`` is its top-left corner. PDF's origin is bottom-left: its writer converts
(``y_pdf = page.height - y``), nobody else does.

**Paint order.** A page's items are painted in the order of their ``z`` (lower first), and items of equal
``z`` in the order they are listed (``Page.painted``). Text, rules, rectangles, paths and figures have ``z`` 0;
a seal is an image with ``z`` -1, behind the text it overlaps.

Every class is a frozen dataclass: a page can be kept, compared, hashed and handed to another thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "BLACK",
    "Colour",
    "Document",
    "Face",
    "GlyphRun",
    "Image",
    "Item",
    "Link",
    "Metadata",
    "OutlineEntry",
    "Page",
    "Path",
    "Rect",
    "Rule",
]


@dataclass(frozen=True, slots=True)
class Colour:
    """An RGB colour, each component 0–1."""

    r: float
    g: float
    b: float

    @classmethod
    def from_hex(cls, text: str) -> Colour:
        """``"#C00000"`` (or ``"C00000"``) → Colour."""
        value = text.lstrip("#")
        return cls(*(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)))

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(c * 255):02X}" for c in (self.r, self.g, self.b))


BLACK = Colour(0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Face:
    """One font face, named so that any writer can embed the very same one."""

    path: str
    """The font file (a TrueType file: for a CFF face, the converted copy the PDF embeds); "" for a
    font no file holds (the PDF's built-in CID fallback, ``name``)."""
    index: int
    """The face's index in a collection (.ttc); 0 for a single-face file."""
    postscript_name: str
    """The face's PostScript name (name ID 6)."""
    name: str
    """The renderer's own name for the face (the PDF writer's registered font); unique per face."""


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Characters in one face and size on one baseline.

    The first character's origin is at ``x``; each next one's at the previous one's plus its advance in
    ``advances`` (tracking and justification included), so the run's glyphs are exactly placed whatever
    the writer's way of drawing them."""

    face: Face
    size: float
    x: float
    y: float
    """The baseline."""
    text: str
    advances: tuple[float, ...]
    """One advance per character of ``text``, in points."""
    colour: Colour = BLACK
    z: int = 0

    def __post_init__(self) -> None:
        if len(self.advances) != len(self.text):
            raise ValueError(f"{len(self.text)} characters but {len(self.advances)} advances")

    def origins(self) -> Iterator[tuple[float, str]]:
        """(x, character) of every character."""
        x = self.x
        for char, advance in zip(self.text, self.advances):
            yield x, char
            x += advance

    @property
    def width(self) -> float:
        return sum(self.advances)


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight line from (x0, y0) to (x1, y1), stroked ``width`` points wide."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    colour: Colour = BLACK
    cap: str = "butt"
    """How its ends are drawn: "butt" (at the end points), "round" or "square" (half the width beyond)."""
    z: int = 0


@dataclass(frozen=True, slots=True)
class Rect:
    """A filled rectangle, (x, y) its top-left corner."""

    x: float
    y: float
    width: float
    height: float
    colour: Colour = BLACK
    z: int = 0


Segment = tuple[float, ...]
"""One step of a ``Path``: ``(MOVE, x, y)``, ``(LINE, x, y)``, ``(CURVE, x1, y1, x2, y2, x, y)`` (a cubic
Bézier curve through the control points (x1, y1) and (x2, y2) to (x, y)) or ``(CLOSE,)``."""

MOVE, LINE, CURVE, CLOSE = 0.0, 1.0, 2.0, 3.0
"""The kinds of ``Segment``, its first number."""


@dataclass(frozen=True, slots=True)
class Path:
    """A vector shape (a chart's bar, axis or wedge; a line of an SVG figure): subpaths of straight lines and
    cubic Bézier curves, filled and/or stroked. Points are the page's (top-left origin, y down)."""

    segments: tuple[Segment, ...]
    stroke: Colour | None = None
    """The outline's colour; None: not stroked."""
    fill: Colour | None = None
    """The inside's colour; None: not filled."""
    width: float = 1.0
    """The outline's width in points."""
    dash: tuple[float, ...] = ()
    """Dash and gap lengths in points, repeated along the outline; () for a solid line."""
    cap: str = "butt"
    """How open ends are drawn: "butt", "round" or "square"."""
    join: str = "miter"
    """How corners are drawn: "miter", "round" or "bevel"."""
    even_odd: bool = False
    """Which points are inside when filling: the even-odd rule; False: the non-zero winding rule."""
    z: int = 0

    def __post_init__(self) -> None:
        sizes = {MOVE: 3, LINE: 3, CURVE: 7, CLOSE: 1}
        for segment in self.segments:
            if sizes.get(segment[0]) != len(segment):
                raise ValueError(f"not a path segment: {segment!r}")

    def points(self) -> Iterator[tuple[float, float]]:
        """Every end and control point (the shape lies inside their convex hull)."""
        for segment in self.segments:
            for i in range(1, len(segment), 2):
                yield segment[i], segment[i + 1]

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the points, the outline's half width around them when stroked."""
        points = list(self.points()) or [(0.0, 0.0)]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        half = self.width / 2 if self.stroke is not None else 0.0
        return min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half


@dataclass(frozen=True, slots=True)
class Image:
    """A raster image (PNG or JPEG) scaled into the box whose top-left corner is (x, y); a PNG's alpha channel,
    if any, is kept (a seal shows only its red)."""

    x: float
    y: float
    width: float
    height: float
    data: bytes = b""
    """The encoded image (PNG or JPEG); empty when ``path`` names the file instead."""
    path: str = ""
    z: int = 0
    """-1 for an image behind the text (a seal)."""


@dataclass(frozen=True, slots=True)
class Link:
    """A clickable area going to ``uri``."""

    x: float
    y: float
    width: float
    height: float
    uri: str
    z: int = 0


Item = Union[GlyphRun, Rule, Rect, Path, Image, Link]


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its size and everything on it."""

    width: float
    height: float
    items: tuple[Item, ...] = ()
    label: str | None = None
    """The page number as printed ("— 3 —"), None on a page that carries none (a blank page, the 版记's)."""
    number: int = 0
    """1-based position of the page in the document."""

    def painted(self) -> list[Item]:
        """The items in paint order: by ``z``, then as listed."""
        return sorted(self.items, key=lambda item: item.z)

    def runs(self) -> Iterator[GlyphRun]:
        return (item for item in self.items if isinstance(item, GlyphRun))

    def text(self) -> str:
        """The page's characters in the order they were laid out (for tests and search)."""
        return "".join(run.text for run in self.runs())


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A bookmark: ``title`` at ``level`` (0 the top; never more than one deeper than the entry before),
    pointing at ``page`` (0-based index) with ``y`` the top of what it names."""

    title: str
    level: int
    page: int
    y: float


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the document says about itself."""

    title: str = ""
    author: str = ""
    subject: str = ""
    language: str = ""
    """BCP 47 tag, e.g. "zh-CN"."""
    creator: str = ""
    producer: str = ""
    timestamp: float = 0.0
    """Creation and modification time, seconds since the epoch (the build timestamp: never 'now')."""


@dataclass(frozen=True, slots=True)
class Document:
    """A laid-out document: its pages, outline and metadata."""

    pages: tuple[Page, ...]
    outline: tuple[OutlineEntry, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)

    def faces(self) -> list[Face]:
        """Every face the pages use, in order of first use."""
        return list(dict.fromkeys(run.face for page in self.pages for run in page.runs()))
