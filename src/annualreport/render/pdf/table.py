"""A table that never gives up: rows split between pages, and a row (or a group of rows joined by row
spans) taller than a page is split inside, its cells continuing on the next page.

Layout (``GridTable.wrap``), drawing and splitting are ours, measured as ReportLab's platypus Table measured
the tables this renderer drew before (the layout tests pin that output): each column as wide as its share
of the text block; a cell's height its paragraph's lines plus its padding above and below (an empty cell:
12 pt, ReportLab's default leading, plus the padding); a row as tall as its tallest cell that no row span
joins; a merged cell taller than the rows it joins makes each of those rows taller by an equal share
(the tallest merged cells first); each cell's text centred vertically in its cell (a cell cut across pages:
at the top), flush with its left padding; the grid's rules drawn round every cell, not through merged ones,
and the box round the table in its own width.

Splitting, at the height left on the page:

* between rows, after the last row that fits and that no row span crosses; the header rows are
  repeated on every piece (unless they take more than half a page: then they are not repeated, and
  split like any other rows);
* between the rows of a group joined by row spans, when keeping the group whole would leave more than
  ``Look.slack`` (two grid lines) empty at the page foot: each merged cell the split crosses continues
  on the next page as a merged cell, its text repeated there (or, when taller than the rows left above,
  split between the pages);
* when not even the first row group fits: if it would fit on a fresh page, the table moves there;
  otherwise the group is cut at the foot of this page. Each cell the cut crosses keeps on this page
  the lines of its text that fit (the rest continues at the top of the same cell on the next page); a
  cell whose text all fits above the cut stays whole: a merged cell going on below is repeated there,
  the cut row's own cells continue empty.

``WithNote`` keeps a table's note with its last row: the note starts on the page where the table ends.

A single line taller than the page could not be split at all; the renderer sets such a table's text
smaller beforehand (see ``PdfRenderer.table``), so a table never raises the paginator's LayoutError.

Time: a long table is laid out a page at a time. Each piece holds the rows that can fill one page (every
row is at least a line and its padding high) and keeps the rest aside, unmeasured, so a table of N rows
costs time in N, not in N times its pages.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..pages import BLACK
from .paginate import Flowable

_FUZZ = 1e-6
EMPTY_CELL_LINE = 12.0
"""Height of an empty cell's text, before padding (ReportLab's default leading: 1.2 x 10 pt)."""

Row = tuple["Cell", ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell where its row starts: grid column, spans, what it holds."""

    column: int
    colspan: int = 1
    rowspan: int = 1
    content: Flowable | None = None
    """A grid paragraph (or a piece of one), or None for an empty cell."""
    valign: str | None = None
    """"TOP" for a cell cut across pages, else None (the table's own: MIDDLE)."""


@dataclass(frozen=True, slots=True)
class Look:
    """What every piece of one table shares."""

    widths: tuple[float, ...]
    """Column widths in points."""
    border: float
    """Width of the rules between and round the cells."""
    outer_border: float
    """Width of the box round the table, drawn over the grid."""
    padding: float
    """Cell padding (every side), in points."""
    line: float
    """Line pitch of the cells' text: every row is at least this plus the padding high."""
    frame_height: float
    """Height of the page's text block: a row group taller than this is cut inside."""
    slack: float = 0.0
    """Empty space a split may leave at a page foot to keep a row group whole (the renderer: two grid
    lines); more than that, and the group is split between its rows, its merged cells continuing."""


@dataclass(frozen=True, slots=True)
class _Rest:
    """Rows not yet given to ReportLab: ``rows[start:]``."""

    rows: Sequence[Row]
    start: int


def grid_table(rows: Sequence[Sequence[Cell]], header_count: int, look: Look) -> GridTable:
    """The table of ``rows`` (the first ``header_count`` of them its header, repeated on every page)."""
    rows = [tuple(row) for row in rows]
    return _window(rows[:header_count], True, (), _Rest(rows[header_count:], 0), look)


def _window(header: Sequence[Row], first: bool, lead: Sequence[Row], rest: _Rest, look: Look) -> GridTable:
    """A piece holding ``header``, then ``lead``, then as many of ``rest``'s rows as one page can take
    (more if row spans join them to those), the others kept aside."""
    room = int(look.frame_height // max(look.line + 2 * look.padding, _FUZZ)) + 3
    rows = [*header, *lead]
    take = max(0, room - len(lead))
    end = min(len(rest.rows), rest.start + take)
    rows += rest.rows[rest.start : end]
    furthest = max((r + c.rowspan for r, row in enumerate(rows) for c in row), default=0)
    while end < len(rest.rows) and furthest > len(rows):  # a span reaches beyond: take the rows it joins
        row = rest.rows[end]
        rows.append(row)
        end += 1
        furthest = max([furthest, *(len(rows) - 1 + c.rowspan for c in row)])
    more = _Rest(rest.rows, end) if end < len(rest.rows) else None
    return GridTable(rows, len(header), look, first=first, more=more)


class GridTable(Flowable):
    """A table of cells on a column grid (see the module's docstring for how it is laid out and split).

    Make one with :func:`grid_table`."""

    hAlign = "CENTER"

    def __init__(
        self, rows: Sequence[Row], header_count: int, look: Look, *, first: bool = True, more: _Rest | None = None
    ) -> None:  # fmt: skip
        self.rows = list(rows)
        self.header_count = header_count
        """Header rows at the top of this piece (repeated on the next unless too tall)."""
        self.look = look
        self.first = first
        """Whether this is the table's first piece (header rows not repeated are in it only)."""
        self.more = more
        """Rows after these, not built yet."""
        self.width = sum(look.widths)
        self._measured: float | None = None
        self._rowHeights: list[float] = []

    def __repr__(self) -> str:
        return f"GridTable({len(self.rows)} rows{', more' if self.more else ''})"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = self._measure(availWidth, availHeight)
        if self.more is not None:  # never placed whole while rows are kept aside: it is split instead
            height = max(height, availHeight + 1)
        return width, height

    def _measure(self, availWidth: float, availHeight: float = 0.0) -> tuple[float, float]:
        """Row heights (``_rowHeights``) and the table's size, measured once (the columns never change)."""
        if self._measured is None:
            self._rowHeights = self._row_heights()
            self._measured = sum(self._rowHeights)
        return self.width, self._measured

    def _cells(self) -> list[tuple[int, Cell]]:
        return [(r, cell) for r, row in enumerate(self.rows) for cell in row]

    def _inner(self, cell: Cell) -> float:
        look = self.look
        return sum(look.widths[cell.column : cell.column + cell.colspan]) - 2 * look.padding

    def _cell_height(self, cell: Cell) -> float:
        """The cell's text and padding (an empty cell: one default line)."""
        content = cell.content
        text = EMPTY_CELL_LINE if content is None else content.wrap(self._inner(cell), 72000 - 2 * self.look.padding)[1]
        return text + 2 * self.look.padding

    def _row_heights(self) -> list[float]:
        """Each row as tall as its tallest cell no row span joins; rows a merged cell joins then share
        out what it lacks, the tallest merged cells first (ReportLab's ``spanFixDim``)."""
        n, columns = len(self.rows), len(self.look.widths)
        heights = [0.0] * n
        empty = EMPTY_CELL_LINE + 2 * self.look.padding
        joined: set[tuple[int, int]] = set()  # places under a cell joining rows: never measured
        owned: set[tuple[int, int]] = set()
        spans: dict[tuple[int, int], float] = {}
        for r, cell in self._cells():
            last = min(r + cell.rowspan - 1, n - 1)
            owned.add((r, cell.column))
            if last != r:
                joined.update((rr, c) for rr in range(r, last + 1) for c in range(cell.column, cell.column + cell.colspan))
        for r, cell in self._cells():
            height = self._cell_height(cell)
            last = min(r + cell.rowspan - 1, n - 1)
            if last != r:
                spans[(r, last)] = max(spans.get((r, last), height), height)
            else:
                heights[r] = max(heights[r], height)
        # Every other place (under a cell joining columns only, or holding no cell) is an empty line.
        for r in range(n):
            for c in range(columns):
                if (r, c) not in owned and (r, c) not in joined:
                    heights[r] = max(heights[r], empty)
        extra: dict[int, float] = {}
        for need, (r0, r1) in sorted(((v, k) for k, v in spans.items()), reverse=True):
            have = sum(heights[x] + extra.get(x, 0.0) for x in range(r0, r1 + 1))
            if have >= need - _FUZZ:
                continue
            share = (need - have) / (r1 + 1 - r0)
            for x in range(r0, r1 + 1):
                extra[x] = extra.get(x, 0.0) + share
        for x, more in extra.items():
            heights[x] += more
        return heights

    def draw(self) -> None:
        """Cells, then the grid's rules, then the box; origin at the table's bottom-left corner."""
        canv, look = self.canv, self.look
        self._measure(self.width)
        heights = self._rowHeights
        total = sum(heights)
        tops = [total]
        for h in heights:
            tops.append(tops[-1] - h)
        lefts = [0.0]
        for w in look.widths:
            lefts.append(lefts[-1] + w)
        n, pad = len(self.rows), look.padding
        h_blocks: dict[int, list[tuple[float, float]]] = {}
        v_blocks: dict[int, list[tuple[float, float]]] = {}
        for r, cell in self._cells():
            last = min(r + cell.rowspan - 1, n - 1)
            end = min(cell.column + cell.colspan, len(look.widths))
            for boundary in range(r + 1, last + 1):
                h_blocks.setdefault(boundary, []).append((lefts[cell.column], lefts[end]))
            for boundary in range(cell.column + 1, end):
                v_blocks.setdefault(boundary, []).append((tops[last + 1], tops[r]))
            content = cell.content
            if content is None:
                continue
            width, height = lefts[end] - lefts[cell.column], tops[r] - tops[last + 1]
            text = content.wrap(width - 2 * pad, height - 2 * pad)[1]
            if cell.valign == "TOP":
                top = tops[last + 1] + height - pad
            else:
                top = tops[last + 1] + (height + text) / 2
            content.drawOn(canv, lefts[cell.column] + pad, top - text)
        right = lefts[-1]
        rules: list[tuple[float, float, float, float, float]] = []
        for y, width in ((tops[0], look.border), (tops[-1], look.border)):
            rules.append((0.0, y, right, y, width))
        for x in (0.0, right):
            rules.append((x, tops[-1], x, tops[0], look.border))
        for boundary in range(1, n):
            y = tops[boundary]
            for a, b in _unblocked(0.0, right, h_blocks.get(boundary, [])):
                rules.append((a, y, b, y, look.border))
        for boundary in range(1, len(look.widths)):
            x = lefts[boundary]
            for a, b in _unblocked(tops[-1], tops[0], v_blocks.get(boundary, [])):
                rules.append((x, a, x, b, look.border))
        for y in (tops[0], tops[-1]):
            rules.append((0.0, y, right, y, look.outer_border))
        for x in (0.0, right):
            rules.append((x, tops[-1], x, tops[0], look.outer_border))
        for x0, y0, x1, y1, width in rules:
            if width > 0:
                canv.rule(x0, y0, x1, y1, width, BLACK, "round")

    # ------------------------------------------------------------------ splitting

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._measure(availWidth, availHeight)
        heights = list(self._rowHeights)
        rows, look = self.rows, self.look
        header = self.header_count
        header_height = sum(h or 0 for h in heights[:header])
        repeat = header > 0 and header_height <= look.frame_height / 2
        start = header if repeat else 0  # the first row that may go to the next page
        head = rows[:header] if repeat else []
        more = self.more or _Rest((), 0)
        reach = _reach(rows)
        # Between rows: after the last row that fits, crossed by no row span, past the repeated header;
        # or, when that would leave more than ``look.slack`` empty at the foot, inside a row group.
        top, best, inside = 0.0, None, None
        tops = [0.0]
        for i, height in enumerate(heights):
            if height is None:
                break
            top += height
            if top > availHeight + _FUZZ:
                break
            tops.append(top)
            if i >= start:
                inside = i + 1
                if reach[i] == i:
                    best = i + 1
        if best is not None and best >= len(rows) and self.more is None:
            return [self]
        if inside is not None and inside != best and availHeight - tops[best or 0] > look.slack + _FUZZ:
            for boundary in range(inside, (best or start) , -1):
                if reach[boundary - 1] == boundary - 1:
                    break
                pieces = self._split_group(boundary, head, more)
                if pieces[0].wrap(availWidth, availHeight)[1] <= availHeight + _FUZZ:
                    return list(pieces)
        if best is not None:
            return [
                GridTable(rows[:best], header, look, first=self.first),
                _window(head, False, rows[best:], more, look),
            ]
        # Not even the first row group fits: move to the next page if it would fit there, else cut it here.
        end = start
        while reach[end] > end:
            end = reach[end]
        group = heights[start : end + 1]
        if any(h is None for h in group):
            return []
        lead = sum(h or 0 for h in heights[:start])
        if lead + sum(group) <= look.frame_height + _FUZZ:  # type: ignore[arg-type]
            return []
        cut = availHeight - lead
        least = look.line + 2 * look.padding
        while cut >= least - _FUZZ:
            pieces = self._cut_group(start, end, cut, heights, head, more)  # type: ignore[arg-type]
            if pieces is None:
                return []
            if pieces[0].wrap(availWidth, availHeight)[1] <= availHeight + _FUZZ:
                return list(pieces)
            cut -= look.line  # measured a little over: one line less
        return []

    def _split_group(self, boundary: int, head: Sequence[Row], more: _Rest) -> tuple[GridTable, GridTable]:
        """The table split before row ``boundary``, which row spans cross: each merged cell they cross
        is cut in two, and its text kept above (repeated on the next page: the group continues under it)
        or, if it is taller than the rows left above, split between the two pieces."""
        rows, look = self.rows, self.look
        heights = self._rowHeights
        kept: list[Row] = list(rows[:boundary])
        continued: list[Cell] = []
        for r in range(boundary):
            if all(r + cell.rowspan <= boundary for cell in rows[r]):
                continue
            row: list[Cell] = []
            for cell in rows[r]:
                if r + cell.rowspan <= boundary:
                    row.append(cell)
                    continue
                room = sum(heights[r:boundary]) - 2 * look.padding
                inner = sum(look.widths[cell.column : cell.column + cell.colspan]) - 2 * look.padding
                above, below = _divide(cell.content, inner, room)
                row.append(Cell(cell.column, cell.colspan, boundary - r, above, cell.valign))
                continued.append(Cell(cell.column, cell.colspan, r + cell.rowspan - boundary, below, cell.valign))
            kept[r] = tuple(row)
        first_rest = tuple(sorted([*continued, *rows[boundary]], key=lambda c: c.column))
        rest = [first_rest, *rows[boundary + 1 :]]
        return GridTable(kept, self.header_count, look, first=self.first), _window(head, False, rest, more, look)

    def _cut_group(
        self, first: int, end: int, cut: float, heights: list[float], head: Sequence[Row], more: _Rest
    ) -> tuple[GridTable, GridTable] | None:
        """The table cut ``cut`` points below the top of row ``first`` (rows ``first``..``end`` are joined
        by spans); None when nothing of the group would stay on this page."""
        rows, look = self.rows, self.look
        tops = [0.0]
        for r in range(first, end + 1):
            tops.append(tops[-1] + heights[r])
        k = max(r for r in range(first, end + 1) if tops[r - first] < cut)  # the row the cut crosses
        kept: list[Row] = list(rows[: k + 1])
        continued: list[Cell] = []
        progress = False
        for r in range(first, k + 1):
            row: list[Cell] = []
            for cell in rows[r]:
                last = r + cell.rowspan - 1
                top, bottom = tops[r - first], tops[last + 1 - first]
                if bottom <= cut + _FUZZ and last <= k:
                    row.append(cell)
                    progress = progress or cell.content is not None
                    continue
                room = cut - top
                inner = sum(look.widths[cell.column : cell.column + cell.colspan]) - 2 * look.padding
                content = cell.content
                above: Flowable | None = None
                below: Flowable | None = content
                if content is None or content.wrap(inner, room)[1] + 2 * look.padding <= room + _FUZZ:
                    # All of it fits above the cut: a merged cell going on past the cut row is repeated
                    # under it; the cut row's own cells continue empty.
                    repeat = content is not None and last > k
                    row.append(Cell(cell.column, cell.colspan, k - r + 1, content, cell.valign))
                    continued.append(Cell(cell.column, cell.colspan, last - k + 1, copy.copy(content) if repeat else None))
                    progress = progress or content is not None
                    continue
                if room - 2 * look.padding > 0:
                    pieces = content.split(inner, room - 2 * look.padding)
                    if len(pieces) == 2:
                        above, below = pieces
                row.append(Cell(cell.column, cell.colspan, k - r + 1, above, "TOP" if below is not None else cell.valign))
                continued.append(Cell(cell.column, cell.colspan, last - k + 1, below, "TOP" if below is not None else None))
                progress = progress or above is not None
            kept[r] = tuple(row)
        if not progress:
            return None
        rest = [tuple(sorted(continued, key=lambda c: c.column)), *rows[k + 1 :]]
        return GridTable(kept, self.header_count, look, first=self.first), _window(head, False, rest, more, look)


def _divide(content: Flowable | None, width: float, room: float) -> tuple[Flowable | None, Flowable | None]:
    """A merged cell's content for the two pieces of a table split across it: all of it above and a copy
    below when it fits above (a label like 养殖产业基地 is repeated where its group continues), else the
    lines that fit above and the rest below."""
    if content is None:
        return None, None
    if content.wrap(width, room)[1] <= room + _FUZZ:
        return content, copy.copy(content)
    pieces = content.split(width, room) if room > 0 else []
    if len(pieces) == 2:
        return pieces[0], pieces[1]
    return None, content


def _unblocked(start: float, end: float, blocks: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The pieces of [start, end] outside ``blocks`` (merged cells a rule must not cross)."""
    pieces: list[tuple[float, float]] = []
    at = start
    for a, b in sorted(blocks):
        if b <= at + _FUZZ or a >= end - _FUZZ:
            continue
        if a > at:
            pieces.append((at, a))
        at = max(at, b)
    if at < end - _FUZZ:
        pieces.append((at, end))
    return pieces


def _reach(rows: Sequence[Row]) -> list[int]:
    """For each row, the last row that a row span starting at or above it covers (at least the row itself)."""
    reach, furthest = [], -1
    for r, row in enumerate(rows):
        furthest = max([furthest, r, *(r + cell.rowspan - 1 for cell in row)])
        reach.append(min(furthest, len(rows) - 1))
    return reach


class WithNote(Flowable):
    """A table and its note (注：…), placed so that the note starts on the page of the table's last row:
    with its first two lines, or all of a shorter note (``GridParagraph`` keeps no single line alone)."""

    def __init__(self, table: Flowable, note: Flowable) -> None:
        super().__init__()
        self.table, self.note = table, note

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        table_width, table = self.table.wrap(availWidth, availHeight)
        note = self.note.wrap(availWidth, availHeight)[1] + self.note.getSpaceBefore()
        self._parts = (table_width, note)
        self.width, self.height = availWidth, table + note
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        table = self.table.wrap(availWidth, availHeight)[1]
        if table > availHeight + _FUZZ:  # the table goes on over the page: the note waits for its end
            pieces = self.table.split(availWidth, availHeight)
            if len(pieces) < 2:
                return pieces
            *placed, rest = pieces
            return [*placed, WithNote(rest, self.note)]
        room = availHeight - table - self.note.getSpaceBefore()
        at_top = getattr(getattr(self, "_frame", None), "_atTop", False)
        if at_top or self._note_starts(availWidth, room):
            return [self.table, self.note]
        # The table ends here but its note would not start: rows go over with it.
        pieces = self.table.split(availWidth, availHeight - self._note_start(availWidth))
        if len(pieces) == 2:
            return [pieces[0], WithNote(pieces[1], self.note)]
        return []

    def _note_starts(self, width: float, room: float) -> bool:
        if room <= _FUZZ:
            return False
        return self.note.wrap(width, room)[1] <= room + _FUZZ or bool(self.note.split(width, room))

    def _note_start(self, width: float) -> float:
        """The height the start of the note needs below the table."""
        lines = getattr(self.note, "lines", None)
        pitch = getattr(getattr(self.note, "fmt", None), "line_pitch", None)
        height = self.note.wrap(width, 1e9)[1]
        if lines is not None and pitch is not None:
            height = min(height, 2 * pitch)
        return height + self.note.getSpaceBefore()

    def draw(self) -> None:
        table_width, note = self._parts
        self.table.drawOn(self.canv, 0, note, _sW=self.width - table_width)
        self.note.drawOn(self.canv, 0, 0)
