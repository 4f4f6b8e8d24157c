"""Word tables through python-docx: the grid of column widths, merged cells, header rows that repeat, rows that do
not split."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt, Twips
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from ...document import Table, TableCell
from ...style import Style
from .oxml import TCPR_ORDER, W, add_text, child, apply_paragraph_style, set_alignment, set_row_flags, set_table_look, set_table_width
from .styles import ALIGNMENTS

if TYPE_CHECKING:
    from docx.oxml.table import CT_Tc
    from docx.document import Document as WordDocument
    from docx.styles.style import BaseStyle


def column_widths(fractions: Sequence[float], count: int, total: int) -> list[int]:
    """Column widths in twips summing exactly to ``total``; equal columns when the model gives none that fit."""
    if count <= 0:
        return []
    if len(fractions) != count or sum(fractions) <= 0 or any(f < 0 for f in fractions):
        fractions = [1.0] * count
    scale = total / sum(fractions)
    widths = [round(f * scale) for f in fractions]
    widths[-1] += total - sum(widths)
    return widths


def grid_width(table: Table) -> int:
    """Number of grid columns the table's cells reach."""
    cells = [cell for row in table.header_rows + table.body_rows for cell in row]
    return max((cell.column + cell.colspan for cell in cells), default=len(table.widths))


class TableWriter:
    """Writes one table into a python-docx document, given the styles to use."""

    def __init__(self, table_style: BaseStyle, header_style_id: str | None, text_style_id: str | None,
                 aligns: dict[str | None, WD_ALIGN_PARAGRAPH | None], look: TableLook):  # fmt: skip
        self.table_style = table_style
        """The table style (rules, padding, vertical centring)."""
        self.header_style_id = header_style_id
        """Paragraph style of header cells."""
        self.text_style_id = text_style_id
        """Paragraph style of body cells."""
        self.aligns = aligns
        """The alignment each of the two paragraph styles gives, so a cell sets its own only where it differs."""
        self.look = look
        """Sizes the table roles set text in, to scale text and to tell a row taller than half a page."""

    def write(self, document: WordDocument, table: Table, width: int) -> WordTable:
        """Append the table, ``width`` twips wide; its last row keeps with a note below it.

        ``add_table`` makes the whole grid; every cell's paragraph gets its style first, then :func:`merge` joins
        the spans (an empty, styled paragraph stays in each covered cell), then the text goes into each cell's
        first grid position. Gaps in a ragged row stay empty cells, so the grid is whole."""
        count = grid_width(table)
        rows = table.header_rows + table.body_rows
        widths = column_widths(table.widths, count, width)
        word = document.add_table(rows=len(rows), cols=count)
        word.style = self.table_style
        word.alignment = WD_TABLE_ALIGNMENT.CENTER
        word.autofit = False  # w:tblLayout fixed: the widths below are kept
        set_table_width(word._tbl, width)
        set_table_look(word._tbl)
        for column, twips in zip(word.columns, widths):
            column.width = Twips(twips)
        headers = len(table.header_rows)
        grid: list[list[CT_Tc]] = []
        paragraphs: list[list[WordParagraph]] = []
        for index, row in enumerate(word.rows):
            # Cells through python-docx's element API (CT_Tc, CT_P): the proxies cost 30 µs a cell
            # (``_Row.cells`` walks up to the table for each), a third of the whole table.
            tr = row._tr
            # A row that may be taller than half a page may break across pages (as the PDF cuts it); kept whole,
            # Word and LibreOffice push it to the next page and leave the page before it nearly empty.
            tall = self.look.tall(rows[index], widths, table.text_scale)
            set_row_flags(tr, header=index < headers, can_split=tall)
            style_id = self.header_style_id if index < headers else self.text_style_id
            tcs = tr.tc_lst
            firsts = []
            for tc, twips in zip(tcs, widths):
                # add_table wrote each cell as <w:tc><w:tcPr><w:tcW w:type="dxa" w:w=…/></w:tcPr><w:p/></w:tc>
                # with an equal share of the width; _Cell.width would set the same attribute, at 10 times the cost
                tc.find(W + "tcPr").find(W + "tcW").set(W + "w", str(twips))
                paragraph = WordParagraph(tc.find(W + "p"), word)
                apply_paragraph_style(paragraph, style_id)
                firsts.append(paragraph)
            grid.append(tcs)
            paragraphs.append(firsts)
        placed = [(r, cell) for r, row in enumerate(rows) for cell in row if cell.column < count]
        for r, cell in placed:
            last_row = min(r + cell.rowspan, len(rows)) - 1
            last_column = min(cell.column + cell.colspan, count) - 1
            if (last_row, last_column) != (r, cell.column):
                merge(grid, r, cell.column, last_row, last_column)
        for r, cell in placed:
            self._text(paragraphs[r][cell.column], cell, header=r < headers)
        if table.text_scale != 1:  # columns too many to fit at the table's size: the build scaled the text down
            for row_paragraphs, r in zip(paragraphs, range(len(rows))):
                for paragraph in row_paragraphs:
                    self.look.scale(paragraph, table.text_scale, header=r < headers)
        if table.note:  # Word keeps a row whose paragraphs keep-with-next on the page of what follows
            last = grid[-1]
            for column, paragraph in enumerate(paragraphs[-1]):
                if last[column].getparent() is not None:  # not swallowed by a column span
                    paragraph.paragraph_format.keep_with_next = True
        return word

    def opens_with_a_tall_row(self, table: Table, width: int) -> bool:
        """Whether the table's first row may be taller than half a page (so it may split across pages)."""
        rows = table.header_rows + table.body_rows
        if not rows or not table.widths:
            return False
        widths = column_widths(table.widths, grid_width(table), width)
        return self.look.tall(rows[0], widths, table.text_scale)

    def _text(self, paragraph: WordParagraph, cell: TableCell, *, header: bool) -> None:
        style_id = self.header_style_id if header else self.text_style_id
        align = ALIGNMENTS[cell.align]  # as modelled: the column's alignment unless the cell has its own
        if align != self.aligns.get(style_id):
            set_alignment(paragraph, align)
        add_text(paragraph, cell.text)


class TableLook:
    """What a table's text measures: the table roles' sizes and line pitch, the text block's height."""

    def __init__(self, size_pt: float, header_size_pt: float, pitch_pt: float, block_height_pt: float):
        self.size_pt, self.header_size_pt, self.pitch_pt = size_pt, header_size_pt, pitch_pt
        self.block_height_pt = block_height_pt

    @classmethod
    def of(cls, style: Style) -> TableLook:
        """The look of ``style``'s table roles."""
        size, header = style.role("table").size_pt, style.role("table_header").size_pt
        return cls(size, header, style.line_pitch("table"), style.page.block_height_pt)

    def row_lines(self, row: Sequence[TableCell], widths: Sequence[int], scale: float) -> float:
        """Lines the row's tallest cell takes, counting every character a full em (an upper bound)."""
        tallest = 0.0
        for cell in row:
            twips = sum(widths[cell.column : cell.column + cell.colspan]) or 1
            per_line = max(1.0, twips / 20 / (self.size_pt * scale))
            tallest = max(tallest, -(-len(cell.text) // per_line) / max(cell.rowspan, 1))
        return tallest

    def tall(self, row: Sequence[TableCell], widths: Sequence[int], scale: float) -> bool:
        """Whether the row may be taller than half a page."""
        return self.row_lines(row, widths, scale) * self.pitch_pt * scale * 2 > self.block_height_pt

    def scale(self, paragraph: WordParagraph, scale: float, *, header: bool) -> None:
        """Set the paragraph's runs and exact line spacing ``scale`` times the role's (direct formatting: the
        style cannot know a table's scale)."""
        size = (self.header_size_pt if header else self.size_pt) * scale
        for run in paragraph.runs:
            run.font.size = Pt(round(size * 2) / 2)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(round(self.pitch_pt * scale, 1))


def merge(grid: Sequence[Sequence[CT_Tc]], top: int, left: int, bottom: int, right: int) -> None:
    """Merge the empty cells ``grid[top][left]`` … ``grid[bottom][right]`` as ``_Cell.merge`` does — in each row
    the first ``w:tc`` spans the columns (``w:gridSpan``, the ``w:tcW`` widths added) and the others go; the rows
    below the first continue it (``w:vMerge``, restart on the first). ``_Cell.merge`` finds its way by XPath
    queries on every row it crosses (about 3 ms a merge here, 15 ms for examples/2018's 17-row table), and even
    python-docx's element setters (``CT_Tc.vMerge``, ``grid_span``) place each property by trying its possible
    successors; this writes them in place. tests/test_docx_layer.py checks the XML is ``_Cell.merge``'s."""
    for row in range(top, bottom + 1):
        tc = grid[row][left]
        tcpr = tc.find(W + "tcPr")
        width = tcpr.find(W + "tcW")
        for column in range(left + 1, right + 1):
            swallowed = grid[row][column]
            width.set(W + "w", str(int(width.get(W + "w")) + int(swallowed.find(W + "tcPr").find(W + "tcW").get(W + "w"))))
            swallowed.getparent().remove(swallowed)
        if right > left:
            child(tcpr, "gridSpan", TCPR_ORDER, {"val": right - left + 1})
        if bottom > top:
            merged = child(tcpr, "vMerge", TCPR_ORDER)
            if row == top:
                merged.set(W + "val", "restart")  # continuation cells carry w:vMerge without a value
