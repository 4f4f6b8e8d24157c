"""A Chinese paragraph on the GB/T 9704 line grid, a block of our paginator (``paginate``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from .paginate import Flowable, FrameBreak, KeepTogether
from .typeset import Alignment, Line, Measurements, Run, slice_runs, typeset

BODY_PITCH = 225 / 22 * 72 / 25.4  # 28.95 pt: 22 lines fill the 225 mm text block
# Baseline below the top of its grid line: pitch/2 + BASELINE_RATIO x size. LibreOffice 7.4 on a
# linePitch=579 grid puts a 16 pt line's baseline 21.0 pt (AR PL SungtiL) and 20.6 pt (WenQuanYi)
# below the line top, i.e. ratio 0.41 and 0.38; Word centres the font's ascent+descent (0.36 for SimFang).
BASELINE_RATIO = 0.38
_FUZZ = 1e-6
BALANCE_MAX_LINES = 12
"""Balancing breaks a paragraph a dozen times over; beyond this many lines it changes little, so a longer
centred paragraph is set at the full measure (centred), in the time of one breaking."""


@dataclass(frozen=True, slots=True)
class GridFormat:
    """Paragraph settings for grid typesetting; lengths in points, spaces in whole grid lines."""

    line_pitch: float = BODY_PITCH
    first_indent: float = 0.0
    char_space: float = 0.0
    """Tracking after every glyph, e.g. -0.21 to fit 28 characters of 16 pt on 156 mm."""
    alignment: Alignment = "justify"
    space_before: int = 0
    space_after: int = 0
    keep_with_next: bool = False
    left_indent: float = 0.0
    right_indent: float = 0.0
    balance: bool = False
    """Set a paragraph of several lines as evenly as its line count allows (always for centred text)."""


def layout_lines(
    runs: Sequence[Run], fmt: GridFormat, width: float, measurements: Measurements | None = None
) -> tuple[Line, ...]:
    """Lines of a paragraph in registered ReportLab fonts for a frame ``width`` points wide (no drawing).

    ``measurements`` (see :func:`new_measurements`) shares widths between the paragraphs of one build.
    """
    available = width - fmt.left_indent - fmt.right_indent

    def lay(measure: float) -> tuple[Line, ...]:
        return typeset(
            runs, stringWidth, measure, first_indent=fmt.first_indent, char_space=fmt.char_space,
            align=fmt.alignment, measurements=measurements,
        )  # fmt: skip

    lines = lay(available)
    if not (fmt.alignment == "center" or fmt.balance) or not 2 <= len(lines) <= BALANCE_MAX_LINES:
        return lines
    return _balanced(lines, available, lay, fmt.alignment)


def _balanced(
    lines: tuple[Line, ...], available: float, lay: Callable[[float], tuple[Line, ...]], alignment: Alignment
) -> tuple[Line, ...]:
    """Centred text over several lines (titles, subtitles) set as evenly as the same number of lines allows,
    instead of a full line over a stub: the narrowest measure that still needs no extra line, centred
    (or, for right-aligned text such as a long issuer, flush right; left-aligned text stays where it is)."""
    low, high = available / len(lines), available
    for _ in range(12):  # bisection to well under a point
        middle = (low + high) / 2
        if len(lay(middle)) > len(lines):
            low = middle
        else:
            high = middle
    narrow = lay(high)
    shift = {"center": (available - high) / 2, "right": available - high}.get(alignment, 0.0)
    return tuple(
        replace(line, fragments=tuple(f._replace(x=f.x + shift) for f in line.fragments), extent=line.extent + shift)
        for line in narrow
    )


def new_measurements() -> Measurements:
    """Widths to share between the paragraphs of one build, while the registered fonts stay as they are."""
    return Measurements(stringWidth)


def layout_text(text: str, font: str, size: float, fmt: GridFormat, width: float) -> list[str]:
    """The text of each line, for callers and tests that only care where lines break."""
    return [line.text for line in layout_lines((Run(text, font, size),), fmt, width)]


def _baseline_offset(lines: Sequence[Line], fmt: GridFormat) -> float:
    # One offset per paragraph, from its largest size, keeps every baseline of the paragraph on the grid.
    size = max((f.size for line in lines for f in line.fragments), default=0.0)
    return fmt.line_pitch / 2 + BASELINE_RATIO * size


def paint_lines(canv: Any, lines: Sequence[Line], fmt: GridFormat, height: float) -> None:
    """The lines as glyph runs on ``canv`` (a ``paginate.Painter``), the first line's grid line at ``height``
    above the origin: one run per fragment, each character's advance its width plus the tracking."""
    offset = _baseline_offset(lines, fmt)
    space = fmt.char_space
    for i, line in enumerate(lines):
        y = height - i * fmt.line_pitch - offset
        for frag in line.fragments:
            canv.glyphs(frag.font, frag.size, fmt.left_indent + frag.x, y, frag.text,
                        [_advance(char, frag.font, frag.size, space) for char in frag.text])  # fmt: skip


_WIDTHS: dict[tuple[str, str, float], float] = {}
_ADVANCES: dict[tuple[str, str, float, float], float] = {}


def _advance(char: str, font: str, size: float, space: float) -> float:
    """A character's width plus tracking, one float object per value: a long document's pages hold
    millions of advances, most of them the same few values (8 bytes each then, not 32)."""
    key = (char, font, size, space)
    advance = _ADVANCES.get(key)
    if advance is None:
        advance = _ADVANCES[key] = _width(char, font, size) + space
    return advance


def _width(char: str, font: str, size: float) -> float:
    """A character's advance (remembered: fonts are registered once under a name and never change)."""
    key = (char, font, size)
    width = _WIDTHS.get(key)
    if width is None:
        width = _WIDTHS[key] = stringWidth(char, font, size)
    return width


class _GridFlowable(Flowable):
    """What both the whole paragraph and a piece of a split one share: spacing and keep-with-next."""

    def __init__(self, fmt: GridFormat) -> None:
        super().__init__()
        self.fmt = fmt
        self.keepWithNext = fmt.keep_with_next

    def getSpaceBefore(self) -> float:
        return self.fmt.space_before * self.fmt.line_pitch

    def getSpaceAfter(self) -> float:
        return self.fmt.space_after * self.fmt.line_pitch


class _FixedLines(_GridFlowable):
    """The head of a split paragraph: its lines are final, its last line stays justified."""

    def __init__(self, lines: tuple[Line, ...], fmt: GridFormat) -> None:
        super().__init__(fmt)
        self._lines = lines

    def lines(self, width: float) -> tuple[Line, ...]:
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, len(self._lines) * self.fmt.line_pitch
        return self.width, self.height

    def draw(self) -> None:
        paint_lines(self.canv, self._lines, self.fmt, self.height)


class GridParagraph(_GridFlowable):
    """A paragraph of runs, broken and justified by :func:`typeset`, one grid line per text line.

    A paragraph is broken into lines once: the pieces it is split into across pages share those lines
    (each piece knows where in them it starts), so a paragraph of any length costs time in its length,
    not in its length times its pages. A piece set in a frame of another width breaks its own text anew.
    """

    def __init__(self, runs: Sequence[Run], fmt: GridFormat, measurements: Measurements | None = None) -> None:
        super().__init__(fmt)
        self.runs = tuple(runs)
        self.measurements = measurements
        self._cache: dict[float, tuple[Line, ...]] = {}  # wrap, split and draw share one breaking
        self._start = 0
        """Offset in the joined text of ``runs`` where this piece starts (0 unless split off)."""
        self._shared: tuple[float, tuple[Line, ...], int, int] | None = None
        """(width key, lines of the paragraph it was split from, index of its first line, text offset they count from)."""
        self.orphan_ok = False
        """Whether its first line may stay alone at a page foot (set when a heading is kept with it)."""

    @classmethod
    def from_text(cls, text: str, font: str, size: float, fmt: GridFormat) -> GridParagraph:
        return cls((Run(text, font, size),), fmt)

    def __repr__(self) -> str:
        text = "".join(r.text for r in self.runs)[self._start : self._start + 21]
        return f"GridParagraph({text[:20]!r}{'…' if len(text) > 20 else ''})"

    def _layout(self, width: float) -> tuple[tuple[Line, ...], int, int]:
        """(lines, index of this piece's first line among them, text offset the lines' starts count from)."""
        key = round(width, 3)
        shared = self._shared
        if shared is not None and shared[0] == key:
            return shared[1], shared[2], shared[3]
        lines = self._cache.get(key)
        if lines is None:
            runs = self.runs if not self._start else slice_runs(self.runs, self._start)
            lines = self._cache[key] = layout_lines(runs, self.fmt, width, self.measurements)
        return lines, 0, self._start

    def lines(self, width: float) -> tuple[Line, ...]:
        lines, first, _ = self._layout(width)
        return lines[first:] if first else lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines, first, _ = self._layout(availWidth)
        self.width = availWidth
        self.height = (len(lines) - first) * self.fmt.line_pitch
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines, first, base = self._layout(availWidth)
        n = int((availHeight + _FUZZ) // self.fmt.line_pitch)
        if n <= 0:
            return []
        left = len(lines) - first
        if n >= left:
            return [self]
        n = self._lines_here(n, left)
        if n == 0:
            return []
        head = _FixedLines(lines[first : first + n], replace(self.fmt, space_after=0, keep_with_next=False))
        tail = GridParagraph(self.runs, replace(self.fmt, first_indent=0.0, space_before=0), self.measurements)
        tail._start = base + lines[first + n].start
        tail._shared = (round(availWidth, 3), lines, first + n, base)
        return [head, tail]

    def _lines_here(self, n: int, left: int) -> int:
        """How many of the ``left`` lines to set on this page when ``n`` fit: a careful 文秘's rule, on a
        grid that must stay full. A single line is not left alone at the foot (an orphan: the paragraph
        moves) or at the head of the next page (a widow: one more line goes with it), where moving that
        one line fixes it; a page then holds 21 lines. A three-line paragraph with room for two keeps its
        widow (moving one line would leave an orphan), and so does the first line of a paragraph a
        heading is kept with (``orphan_ok``: moving it would take the heading along, two lines)."""
        if n == 1 and not self.orphan_ok:
            return 0
        if left - n == 1 and n >= 3:
            return n - 1
        return n

    def draw(self) -> None:
        paint_lines(self.canv, self.lines(self.width), self.fmt, self.height)


class GridKeepTogether(KeepTogether):
    """keep_with_next the way Word does it: the kept paragraphs need only the next one's first line on the page.

    A plain KeepTogether moves the whole group to the next page when it does not fit, which leaves grid
    lines empty at the foot of the page. The renderer passes it to ``paginate`` as its ``keep_class``.
    """

    def split(self, aW: float, aH: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        last = self._content[-1]
        if isinstance(last, GridParagraph):  # see GridParagraph._lines_here
            last.orphan_ok = True
        if getattr(frame, "_atTop", False) or self._next_starts_here(aW, aH):
            first, *rest = self._content
            # ReportLab places the first of these whole: one taller than the room (the rest of a heading
            # longer than a page) is split here, its head placed and its tail laid out after it.
            if first.wrap(aW, aH)[1] > aH + _FUZZ:
                pieces = first.split(aW, aH)
                if pieces:
                    return [*pieces, *rest]
            return list(self._content)
        carried = self._carry_last_lines(aW, aH)
        if carried:
            return carried
        return [FrameBreak(), *self._content]

    def _carry_last_lines(self, aW: float, aH: float) -> list[Flowable]:
        """Word's keep-with-next for a paragraph of several lines: only its last two lines need to go with
        what it is kept with. The last kept paragraph of four lines or more (with whatever is kept with it
        from above, a heading say, before it on this page) keeps on this page all but its last two lines
        (at least two, as many as fit); the rest of the group goes over. Nothing (the whole group goes
        over) when no paragraph allows that."""
        content = list(self._content)
        heights = [f.wrap(aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in content]
        for j in range(len(content) - 2, -1, -1):
            paragraph = content[j]
            if not isinstance(paragraph, GridParagraph) or paragraph.fmt.space_before:
                continue
            room = aH - sum(heights[:j])
            lines = paragraph.lines(aW)
            n = min(int((room + _FUZZ) // paragraph.fmt.line_pitch), len(lines) - 2)
            if n < 2:
                continue
            pieces = paragraph.split(aW, n * paragraph.fmt.line_pitch)
            if len(pieces) != 2:
                continue
            head, tail = pieces
            tail.keepWithNext = True
            return [*content[:j], head, type(self)([tail, *content[j + 1 :]])]
        return []

    def _next_starts_here(self, aW: float, aH: float) -> bool:
        """Whether the kept flowables fit with at least the start of the last one (its first line,
        or a table's first rows: whatever its own split would put on this page)."""
        *kept, last = self._content
        room = aH - sum(f.wrap(aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in kept)
        room -= last.getSpaceBefore()
        if room <= _FUZZ:
            return False
        if last.wrap(aW, room)[1] <= room + _FUZZ:
            return True
        return bool(last.split(aW, room))
