"""The 版头 and 版记 of GB/T 9704 (7.2, 7.4) as blocks of our paginator, placed by the style's millimetres.

``LetterheadBlock`` opens the first page: 份号/密级/紧急程度 on the block's first lines, flush left; the organs'
mark in red with its top edge ``mark_top_mm`` below the block's top, centred, set smaller to fit the block's
width; the 发文字号 (flush left, with 签发人 flush right, for a document sent up) two blank lines below it; the
red separator line ``rule_below_number_mm`` below the number; its height a whole number of grid lines, so the
title after it sits on the grid. ``ImprintBlock`` is the 版记: on an even page, its last line on the block's
bottom edge; on an odd page it moves on (the page it leaves empty is a blank page), and the pages it stands
alone on, and blank pages before it, carry no page number (``unnumbered_pages``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from ... import document as doc
from ...style import MM, Style
from ..pages import BLACK, Colour
from .paginate import Flowable, PageBreak, Painter
from .paragraph import BASELINE_RATIO, GridFormat, GridParagraph, _width
from .typeset import Run

EM_ASCENT = 0.88
"""Top of a CJK glyph's em box above its baseline, in sizes (ideographic em box: 0.88 up, 0.12 down)."""

_FUZZ = 1e-6


def unnumbered_pages(canv: Painter) -> set[int]:
    """The pages of this build that carry no page number (kept by the painter: one per build)."""
    return canv.unnumbered


def runs_width(runs: Sequence[Run], char_space: float = 0.0) -> float:
    """Advance of ``runs`` with ``char_space`` after every character."""
    return sum(stringWidth(run.text, run.font, run.size) + char_space * len(run.text) for run in runs)


def draw_runs(
    canv: Painter, runs: Sequence[Run], x: float, baseline: float, char_space: float = 0.0, colour: Colour = BLACK
) -> None:
    """``runs`` from ``x`` on ``baseline``, each in its font, ``char_space`` after every character."""
    for run in runs:
        advances = [_width(char, run.font, run.size) + char_space for char in run.text]
        canv.glyphs(run.font, run.size, x, baseline, run.text, advances, colour)
        x += sum(advances)


class LetterheadBlock(Flowable):
    """The 版头 (see the module); ``runs(text, role)`` gives the text in a role's fonts."""

    def __init__(self, node: doc.Letterhead, style: Style, runs: Any) -> None:
        super().__init__()
        self.node, self.style, self.runs_of = node, style, runs
        page = style.page
        look = style.letterhead
        self.pitch = page.line_pitch_pt
        self.width = page.block_width_pt
        self.cell = page.char_cell_pt
        self.items: list[tuple[list[Run], float, float, float, str | None]] = []  # runs, x, baseline from top, char space, colour
        self.rule: float | None = None  # the separator line's centre, from the block's top
        body = style.role("body").size_pt

        def track(role: str) -> float:
            return self.cell - style.role(role).size_pt if abs(style.role(role).size_pt - body) < 0.01 else 0.0

        def grid_baseline(top: float, role: str) -> float:
            return top + self.pitch / 2 + BASELINE_RATIO * style.role(role).size_pt

        line = 0
        for role, value in (("copy_number", node.copy_number), ("classification", node.classification),
                            ("urgency", node.urgency)):  # fmt: skip
            if value:
                self.items.append((runs(value, role), 0.0, grid_baseline(line * self.pitch, role), track(role), None))
                line += 1
        bottom = line * self.pitch  # lowest edge so far
        number_top: float | None = None
        if node.organs:
            mark_top = look.mark_top_mm * MM
            mark_bottom = self._mark(mark_top)
            bottom = max(bottom, mark_bottom)
            number_top = mark_bottom + look.blank_lines_after_mark * self.pitch
        elif node.document_number or node.signers:
            number_top = bottom
        if number_top is not None:
            number_bottom = self._number(number_top, grid_baseline, track)
            self.rule = number_bottom + look.rule_below_number_mm * MM
            bottom = self.rule + look.rule_mm * MM / 2
        lines = math.ceil(bottom / self.pitch - _FUZZ)
        if self.rule is not None:
            lines += look.blank_lines_after_rule
        self.height = lines * self.pitch

    def _mark(self, top: float) -> float:
        """Lay out the organs' mark from ``top``: its lower edge."""
        node, look = self.node, self.style.letterhead
        size = self.style.role("organ_mark").size_pt
        lines = [self.runs_of(line, "organ_mark") for line in node.mark_lines]
        suffix = self.runs_of(node.suffix, "organ_mark") if node.suffix else []
        names = max(runs_width(r) for r in lines)  # at the role's size
        gap = 0.5 * size if suffix and len(lines) > 1 else 0.0
        total = names + gap + runs_width(suffix) if len(lines) > 1 else names + runs_width(suffix)
        scale = min(1.0, self.width / total) if total > 0 else 1.0
        size *= scale
        step = size * (1 + look.mark_line_gap)
        left = (self.width - total * scale) / 2
        for i, runs in enumerate(lines):
            runs = [replace(run, size=run.size * scale) for run in runs]
            if len(lines) > 1:  # stacked: each name centred in the column of names
                x = left + (names * scale - runs_width(runs)) / 2
            else:
                x = left
            self.items.append((runs, x, top + i * step + EM_ASCENT * size, 0.0, look.color))
        height = size + (len(lines) - 1) * step
        if suffix:
            suffix = [replace(run, size=run.size * scale) for run in suffix]
            if len(lines) > 1:
                x = left + names * scale + gap * scale
                baseline = top + height / 2 - size / 2 + EM_ASCENT * size
            else:
                x = left + runs_width([replace(r, size=r.size * scale) for r in lines[0]])
                baseline = top + EM_ASCENT * size
            self.items.append((suffix, x, baseline, 0.0, look.color))
        return top + height

    def _number(self, top: float, grid_baseline: Any, track: Any) -> float:
        """Lay out the 发文字号 (and 签发人) from ``top``: the lower edge of their last line."""
        node, look = self.node, self.style.letterhead
        indent = look.indent_chars * self.cell
        last_top = top
        if node.signers:
            label = self.runs_of(node.SIGNER_LABEL, "signer")
            pairs = [node.signers[i : i + 2] for i in range(0, len(node.signers), 2)]
            rows = [self.runs_of("\u3000".join(pair), "signer_name") for pair in pairs]
            t_label, t_name = track("signer"), track("signer_name")
            names_w = max(runs_width(r, t_name) for r in rows)
            start = self.width - indent - runs_width(label, t_label) - names_w
            for i, row in enumerate(rows):
                row_top = top + i * self.pitch
                if i == 0:
                    self.items.append((label, start, grid_baseline(row_top, "signer"), t_label, None))
                x = start + runs_width(label, t_label)
                self.items.append((row, x, grid_baseline(row_top, "signer_name"), t_name, None))
            last_top = top + (len(rows) - 1) * self.pitch
        if node.document_number:
            runs = self.runs_of(node.document_number, "document_number")
            t = track("document_number")
            x = indent if node.signers else (self.width - runs_width(runs, t) + t) / 2
            self.items.append((runs, x, grid_baseline(last_top, "document_number"), t, None))
        size = self.style.role("document_number").size_pt
        return grid_baseline(last_top, "document_number") + (1 - EM_ASCENT) * size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        for runs, x, baseline, char_space, color in self.items:
            draw_runs(canv, runs, x, self.height - baseline, char_space, Colour.from_hex(color) if color else BLACK)
        if self.rule is not None:
            look = self.style.letterhead
            y = self.height - self.rule
            canv.rule(0, y, self.width, y, look.rule_mm * MM, Colour.from_hex(look.color))


class ImprintBlock(Flowable):
    """The 版记 (see the module): 抄送 (wrapped under its first organ), 印发机关 and 印发日期, between lines."""

    def __init__(self, node: doc.Imprint, style: Style, runs: Any, measurements: Any) -> None:
        super().__init__()
        self.node, self.style = node, style
        page = style.page
        look = style.imprint
        self.width = page.block_width_pt
        self.pitch = style.line_pitch("imprint")
        self.indent = look.indent_chars * page.char_cell_pt
        self.copy_to: GridParagraph | None = None
        self.copy_height = 0.0
        if node.copy_to:
            label = runs(node.copy_to_label, "imprint")
            hang = runs_width(label)
            fmt = GridFormat(line_pitch=self.pitch, alignment="justify", left_indent=self.indent + hang,
                             first_indent=-hang, right_indent=self.indent)  # fmt: skip
            self.copy_to = GridParagraph(label + runs(node.copy_to, "imprint"), fmt, measurements)
            _, self.copy_height = self.copy_to.wrap(self.width, 1e9)
        self.printed_by = runs(node.printed_by, "imprint")
        self.printed_on = runs(node.printed_on, "imprint") if node.printed_on else []
        self.content = self.copy_height + self.pitch
        self.height = self.content
        self.alone = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        page = self.canv.getPageNumber()
        if page % 2 == 0 and availHeight + _FUZZ >= self.content:
            self.alone = bool(getattr(getattr(self, "_frame", None), "_atTop", False))
            self.height = availHeight  # to the block's bottom edge
        else:
            self.height = availHeight + self.content + 1  # does not fit: split() moves it on
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if getattr(frame, "_atTop", False):  # an odd page with nothing on it: a blank page
            unnumbered_pages(self.canv).add(self.canv.getPageNumber())
        return [PageBreak(), self]

    def draw(self) -> None:
        canv, look = self.canv, self.style.imprint
        if self.alone:
            unnumbered_pages(canv).add(canv.getPageNumber())
        top = self.content  # from the block's bottom edge (the flowable's bottom)
        size = self.style.role("imprint").size_pt
        if self.copy_to is not None:
            self.copy_to.drawOn(canv, 0, top - self.copy_height)
        baseline = self.pitch / 2 - BASELINE_RATIO * size  # the 印发 row: the last pitch above the bottom line
        draw_runs(canv, self.printed_by, self.indent, baseline)
        if self.printed_on:
            draw_runs(canv, self.printed_on, self.width - self.indent - runs_width(self.printed_on), baseline)
        colour = Colour.from_hex(look.color)
        rules = [(top, look.thick_mm)]
        if self.copy_to is not None:
            rules.append((self.pitch, look.thin_mm))
        rules.append((0.0, look.thick_mm))
        for y, thickness in rules:
            canv.rule(0, y, self.width, y, thickness * MM, colour)
