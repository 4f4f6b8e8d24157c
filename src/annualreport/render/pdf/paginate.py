"""Our paginator: the document's blocks placed in the text block, page after page, into pages as data
(``render/pages.py``), on the GB/T 9704 grid.

Every block says how tall it is in a given room (``wrap``), how it splits at a given height (``split``:
the pieces, or nothing when no piece fits), its space before and after (whole grid lines) and whether it
keeps with the next block (``keepWithNext``); ``draw`` paints it through a ``Painter``. The rules that decide
*where* a page ends live with the blocks that know their content — a paragraph's widow and orphan control
(``paragraph.GridParagraph``), keep-with-next (``paragraph.GridKeepTogether``), a table's splitting
(``table.GridTable``), the 版记's even page (``letterhead.ImprintBlock``) — and ``paginate`` is the one
loop that asks them, in the order a page fills:

1. consecutive blocks that keep with the next are grouped with the one after them (a ``keep_class``);
2. a block is placed if its height (after the space before it, less the space after the block above: the
   larger of the two spaces separates them; nothing at a page's top) fits in what is left of the page;
3. otherwise it is asked to split at that height: the first piece is placed, the others go back to the
   front of the queue; a ``PageBreak`` among them ends the page;
4. a block that neither fits nor splits goes to the next page; if it fits there neither, it is an error.

These are the semantics of ReportLab's platypus (BaseDocTemplate + Frame), which drew our PDFs before and
whose measured output the layout tests pin; this is them without platypus, its templates, its canvas
during layout and its per-flowable overhead.

Coordinates while laying out are PDF's (points, origin bottom-left, ``y`` the bottom of the block being
drawn, as platypus had them); the ``Painter`` turns them into the pages' own (origin top-left, y down).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import pages as pg

_FUZZ = 1e-6


class LayoutError(Exception):
    """A block fits on no page (never raised on a document our renderer builds: it shrinks what would)."""


class Flowable:
    """A block of the page flow (see the module). The defaults: no size, no split, no spaces."""

    width = 0.0
    height = 0.0
    hAlign = "LEFT"
    keepWithNext = False
    _postponed = False
    """Set when the block went to the next page for want of room: it must fit or split there."""
    canv: Any
    _frame: Frame

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def getSpaceBefore(self) -> float:
        return 0.0

    def getSpaceAfter(self) -> float:
        return 0.0

    def getKeepWithNext(self) -> bool:
        return bool(self.keepWithNext)

    def draw(self) -> None:
        """Paint on ``self.canv`` (a ``Painter``), origin at the block's bottom-left corner."""

    def drawOn(self, canv: Painter, x: float, y: float, _sW: float = 0.0) -> None:
        """Draw with the block's bottom-left corner at (x, y); ``_sW`` is the room left beside it."""
        if _sW and self.hAlign in ("CENTER", "CENTRE"):
            x += 0.5 * _sW
        elif _sW and self.hAlign == "RIGHT":
            x += _sW
        canv.saveState()
        canv.translate(x, y)
        self.canv = canv
        try:
            self.draw()
        finally:
            del self.canv
            canv.restoreState()


class Spacer(Flowable):
    """Empty space ``height`` points high."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height

    def __repr__(self) -> str:
        return f"Spacer({self.width}, {self.height})"


class PageBreak(Flowable):
    """Ends the page (a page with nothing on it yet included: that makes a blank page)."""


class FrameBreak(PageBreak):
    """Ends the page (the text block is the page's one frame)."""


class KeepTogether(Flowable):
    """Blocks kept on one page; this base class moves the whole group on when it does not fit (see
    ``paragraph.GridKeepTogether`` for the grid's own rule, the one the renderer uses)."""

    def __init__(self, flowables: Sequence[Flowable]) -> None:
        self._content = list(flowables)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._content!r})"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, 0xFFFFFF  # never placed as one: always split into its content

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        heights = sum(f.wrap(availWidth, availHeight)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self._content)
        if heights > availHeight and not getattr(self._frame, "_atTop", False):
            return [FrameBreak(), *self._content]
        return list(self._content)


class Frame:
    """The text block of the current page: where the next block goes (``y``, from the bottom), whether
    nothing has been placed yet (``_atTop``), the space after the last block."""

    def __init__(self, x: float, y: float, width: float, height: float) -> None:
        self.x, self.bottom, self.width, self.height = x, y, width, height
        self._y = y + height
        self._atTop = True
        self._prev_after = 0.0

    def _space_before(self, flowable: Flowable) -> float:
        if self._atTop:
            return 0.0
        return max(flowable.getSpaceBefore() - self._prev_after, 0.0)

    def add(self, flowable: Flowable, canv: Painter) -> bool:
        """Place ``flowable`` if it fits (drawing it); whether it did."""
        flowable._frame, flowable.canv = self, canv
        try:
            s = self._space_before(flowable)
            h = self._y - self.bottom - s
            if h <= 0:
                return False
            w, h = flowable.wrap(self.width, h)
            y = self._y - h - s
            if y < self.bottom - _FUZZ:
                return False
        finally:
            _forget(flowable)
        after = flowable.getSpaceAfter()
        flowable._frame = self
        try:
            flowable.drawOn(canv, self.x, y, _sW=self.width - w)
        finally:
            _forget(flowable)
        y -= after
        self._prev_after = after
        if y != self._y:
            self._atTop = False
        self._y = y
        return True

    def split(self, flowable: Flowable, canv: Painter) -> list[Flowable]:
        h = self._y - self.bottom - self._space_before(flowable)
        if h <= 0:
            return []
        flowable._frame, flowable.canv = self, canv
        try:
            return flowable.split(self.width, h)
        finally:
            _forget(flowable)


def _forget(flowable: Flowable) -> None:
    for name in ("canv", "_frame"):
        flowable.__dict__.pop(name, None)


def _keepable(flowable: Flowable) -> bool:
    return not isinstance(flowable, (KeepTogether, PageBreak))


class Painter:
    """Collects what blocks draw into ``pages.Page`` items. Blocks draw in PDF's coordinates relative to
    the origin ``translate`` moved (bottom-up, as platypus had them); items are stored top-down."""

    def __init__(
        self, width: float, height: float, face: Callable[[str], pg.Face],
        sink: Callable[[pg.Page, Sequence[pg.OutlineEntry]], None] | None = None,
    ) -> None:  # fmt: skip
        self.width, self.height = width, height
        self._face = face
        self._sink = sink
        """Where finished pages go, with their outline entries, instead of being kept (``pages``, ``outline``)."""
        self._count = 0
        self._page_outline: list[pg.OutlineEntry] = []
        self._origin = (0.0, 0.0)
        self._saved: list[tuple[float, float]] = []
        self.items: list[pg.Item] = []
        self.pages: list[pg.Page] = []
        self.outline: list[pg.OutlineEntry] = []
        self.unnumbered: set[int] = set()
        """Pages (1-based) that carry no page number: blank pages, the 版记's own page."""
        self.labels: dict[int, str] = {}

    # state, as a canvas has it
    def saveState(self) -> None:
        self._saved.append(self._origin)

    def restoreState(self) -> None:
        self._origin = self._saved.pop()

    def translate(self, dx: float, dy: float) -> None:
        self._origin = (self._origin[0] + dx, self._origin[1] + dy)

    def getPageNumber(self) -> int:
        return self._count + 1

    def _at(self, x: float, y: float) -> tuple[float, float]:
        return self._origin[0] + x, self.height - (self._origin[1] + y)

    # what blocks draw
    def glyphs(
        self, font: str, size: float, x: float, y: float, text: str, advances: Sequence[float],
        colour: pg.Colour = pg.BLACK,
    ) -> None:  # fmt: skip
        """``text`` in the registered font ``font`` with its first origin at (x, y), the baseline."""
        if not text:
            return
        px, py = self._at(x, y)
        self.items.append(pg.GlyphRun(self._face(font), size, px, py, text, tuple(advances), colour))

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float, colour: pg.Colour = pg.BLACK,
             cap: str = "butt") -> None:  # fmt: skip
        a, b = self._at(x0, y0)
        c, d = self._at(x1, y1)
        self.items.append(pg.Rule(a, b, c, d, width, colour, cap))

    def path(
        self, segments: Sequence[Sequence[float]], *, stroke: pg.Colour | None = None, fill: pg.Colour | None = None,
        width: float = 1.0, dash: Sequence[float] = (), cap: str = "butt", join: str = "miter", even_odd: bool = False,
    ) -> None:  # fmt: skip
        """A vector shape (``pages.Path``); ``segments`` as ``pages.Segment`` in the blocks' coordinates."""
        if not segments or (stroke is None and fill is None):
            return
        moved: list[pg.Segment] = []
        for segment in segments:
            out = [float(segment[0])]
            for i in range(1, len(segment), 2):
                out += self._at(segment[i], segment[i + 1])
            moved.append(tuple(out))
        self.items.append(pg.Path(tuple(moved), stroke, fill, width, tuple(dash), cap, join, even_odd))

    def image(self, data: bytes, x: float, y: float, width: float, height: float, z: int = 0) -> None:
        """An image whose bottom-left corner is (x, y)."""
        left, top = self._at(x, y + height)
        self.items.append(pg.Image(left, top, width, height, data=data, z=z))

    def bookmark(self, title: str, level: int, y: float = 0.0) -> None:
        """An outline entry for this page, pointing at ``y`` (PDF's, relative to the origin)."""
        self._page_outline.append(pg.OutlineEntry(title, level, self._count, self._at(0.0, y)[1]))

    def end_page(self, label: str | None) -> None:
        self._count += 1
        page = pg.Page(self.width, self.height, tuple(self.items), label, self._count)
        entries, self._page_outline, self.items = self._page_outline, [], []
        if self._sink is not None:
            self._sink(page, entries)
        else:
            self.pages.append(page)
            self.outline += entries


@dataclass(frozen=True, slots=True)
class Geometry:
    """The page and its text block, in points (the block's ``bottom`` from the page's bottom edge)."""

    width: float
    height: float
    left: float
    bottom: float
    block_width: float
    block_height: float


def paginate(
    story: Sequence[Flowable],
    geometry: Geometry,
    face: Callable[[str], pg.Face],
    *,
    on_page_end: Callable[[Painter], str | None] = lambda painter: None,
    keep_class: type[KeepTogether] = KeepTogether,
    metadata: pg.Metadata | None = None,
    sink: Callable[[pg.Page, Sequence[pg.OutlineEntry]], None] | None = None,
) -> pg.Document:
    """The pages ``story`` fills (see the module). ``on_page_end`` draws what a page carries outside the text
    block (its number) and returns its label; ``keep_class`` groups blocks kept with the next. With a ``sink``,
    each page goes to it with its outline entries as soon as it is full, and the document returned has none.

    A list is consumed as it is placed (a page's blocks are freed once drawn); any other sequence is copied."""
    flowables = story if isinstance(story, list) else list(story)
    painter = Painter(geometry.width, geometry.height, face, sink)
    g = geometry
    frame: Frame | None = None

    def end_page() -> None:
        nonlocal frame
        painter.end_page(on_page_end(painter))
        frame = None

    while flowables:
        if frame is None:
            frame = Frame(g.left, g.bottom, g.block_width, g.block_height)
        _group_kept(flowables, keep_class)
        f = flowables.pop(0)
        if isinstance(f, PageBreak):
            end_page()
            continue
        if frame.add(f, painter):
            continue
        pieces = frame.split(f, painter)
        if pieces:
            if isinstance(pieces[0], PageBreak):
                flowables[0:0] = pieces
            else:
                if not frame.add(pieces[0], painter):
                    raise LayoutError(f"split error: {pieces[0]!r} on page {painter.getPageNumber()}")
                flowables[0:0] = pieces[1:]
            continue
        if getattr(f, "_postponed", False):
            raise LayoutError(f"{f!r} too large on page {painter.getPageNumber()}")
        f._postponed = True
        flowables.insert(0, f)
        end_page()
    if frame is not None or painter.getPageNumber() == 1:  # the page begun, or a document of no page yet
        end_page()
    return pg.Document(tuple(painter.pages), tuple(painter.outline), metadata or pg.Metadata())


def _group_kept(flowables: list[Flowable], keep_class: type[KeepTogether]) -> None:
    """Blocks at the front that keep with the next, and the next, become one ``keep_class`` (ReportLab's
    ``handle_keepWithNext``): each but the last forgets its own keep-with-next."""
    i, n = 0, len(flowables)
    while i < n and flowables[i].getKeepWithNext() and _keepable(flowables[i]):
        i += 1
    if not i:
        return
    if i < n and _keepable(flowables[i]):
        i += 1
    group = keep_class(flowables[:i])
    for f in group._content[:-1]:
        f.keepWithNext = False
    flowables[:i] = [group]
