"""Page geometry of the Word output in twips, derived from the style: margins, grid pitch, character spacing."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...style import Style

TWIPS_PER_PT = 20
"""Word measures page geometry and indents in twentieths of a point."""

TWIPS_PER_MM = 1440 / 25.4
"""Twips per millimetre."""


def mm_to_twips(mm: float) -> int:
    """Millimetres to whole twips."""
    return round(mm * TWIPS_PER_MM)


def pt_to_twips(pt: float) -> int:
    """Points to whole twips."""
    return round(pt * TWIPS_PER_PT)


@dataclass(frozen=True, slots=True, kw_only=True)
class DocxLayout:
    """Everything the Word output measures, in twips unless named otherwise."""

    page_width: int
    """Paper width."""
    page_height: int
    """Paper height."""
    margin_top: int
    """Top margin (天头)."""
    margin_bottom: int
    """Bottom margin."""
    margin_left: int
    """Left margin (订口)."""
    margin_right: int
    """Right margin."""
    line_pitch: int
    """Grid line pitch (``w:docGrid w:linePitch``): the block height shared by the lines, rounded *down* so that
    they all fit — 12756 / 22 = 579.8 gives 579; 580 would leave room for only 21 lines."""
    body_size_pt: float
    """Size of body text; text of this size sits on the character grid."""
    char_spacing: int
    """Character spacing of grid-sized text in twentieths of a point (``w:spacing w:val``): the amount that brings a
    glyph's advance to the character cell, rounded *down* so that a full line holds ``chars_per_line``
    characters (156 mm / 28 = 15.79 pt cell, 16 pt glyphs: −0.21 pt, written −5 = −0.25 pt)."""
    char_width: int
    """One body character as Word counts indents in characters (the body size), for ``w:*Chars`` twins."""
    char_advance: int
    """How far one full-width body character actually advances: its size plus the grid's character spacing."""
    footer_distance: int
    """Page bottom to the bottom of the page-number line (``w:pgMar w:footer``)."""
    page_number_line: int
    """Exact height of the page-number line, so that its top sits where the style says."""

    @property
    def block_width(self) -> int:
        """Width of the text block (版心)."""
        return self.page_width - self.margin_left - self.margin_right

    @property
    def block_height(self) -> int:
        """Height of the text block."""
        return self.page_height - self.margin_top - self.margin_bottom

    def lines(self, count: float) -> int:
        """``count`` body lines in twips."""
        return round(count * self.line_pitch)

    def chars(self, count: float) -> int:
        """``count`` body characters in twips."""
        return round(count * self.char_width)

    @classmethod
    def from_style(cls, style: Style) -> DocxLayout:
        """The geometry of ``style``."""
        page = style.page
        width, height = mm_to_twips(page.width_mm), mm_to_twips(page.height_mm)
        top, bottom = mm_to_twips(page.margin_top_mm), mm_to_twips(page.margin_bottom_mm)
        left, right = mm_to_twips(page.margin_left_mm), mm_to_twips(page.margin_right_mm)
        body_size = style.role("body").size_pt
        cell = (width - left - right) / page.chars_per_line
        number_line = pt_to_twips(style.role("page_number").size_pt)
        number_top = mm_to_twips(page.margin_bottom_mm - style.page_number.below_block_mm)
        return cls(
            page_width=width,
            page_height=height,
            margin_top=top,
            margin_bottom=bottom,
            margin_left=left,
            margin_right=right,
            line_pitch=(height - top - bottom) // page.lines_per_page,
            body_size_pt=body_size,
            char_spacing=math.floor(cell - body_size * TWIPS_PER_PT),
            char_width=pt_to_twips(body_size),
            char_advance=pt_to_twips(body_size) + math.floor(cell - body_size * TWIPS_PER_PT),
            footer_distance=max(0, number_top - number_line),
            page_number_line=number_line,
        )
