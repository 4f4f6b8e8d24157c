"""Word tables: the grid of column widths, header rows that repeat, rows that do not split, merged cells."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from ...document import Table, TableCell
from .oxml import ALIGNMENTS, W, add_text, flag, keep_with_next, sub, val


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
    """Writes one ``w:tbl`` into a body, given the styles to use."""

    def __init__(self, table_style: str, header_style: str, text_style: str, style_aligns: dict[str, str]):
        self.table_style = table_style
        """styleId of the table style (rules, padding, vertical centring)."""
        self.header_style = header_style
        """Paragraph style of header cells."""
        self.text_style = text_style
        """Paragraph style of body cells."""
        self.style_aligns = style_aligns
        """``w:jc`` each paragraph style sets, so a cell writes its own only where it differs."""

    def write(self, parent: etree._Element, table: Table, width: int) -> etree._Element:
        """Append the table, ``width`` twips wide, to ``parent``; its last row keeps with a note below it."""
        count = grid_width(table)
        widths = column_widths(table.widths, count, width)
        tbl = sub(parent, "tbl")
        self._properties(tbl, width)
        grid = sub(tbl, "tblGrid")
        for column in widths:
            sub(grid, "gridCol", {"w": column})
        rows = table.header_rows + table.body_rows
        for index, cells, continued in _rows_with_merges(rows, count):
            keep = bool(table.note) and index == len(rows) - 1
            self._row(tbl, cells, continued, widths, header=index < len(table.header_rows), keep=keep)
        return tbl

    def _properties(self, tbl: etree._Element, width: int) -> None:
        tblpr = sub(tbl, "tblPr")
        val(tblpr, "tblStyle", self.table_style)
        sub(tblpr, "tblW", {"w": width, "type": "dxa"})
        val(tblpr, "jc", "center")
        sub(tblpr, "tblLayout", {"type": "fixed"})
        sub(tblpr, "tblLook", {"val": "0620", "firstRow": 1, "lastRow": 0, "firstColumn": 0, "lastColumn": 0,
                               "noHBand": 1, "noVBand": 1})  # fmt: skip

    def _row(self, tbl: etree._Element, cells: dict[int, TableCell], continued: dict[int, int],
             widths: list[int], *, header: bool, keep: bool = False) -> None:  # fmt: skip
        """One ``w:tr``: cells placed on the grid, continuation cells under row spans, empty cells in gaps."""
        tr = sub(tbl, "tr")
        trpr = sub(tr, "trPr")
        flag(trpr, "cantSplit")
        if header:
            flag(trpr, "tblHeader")
        column = 0
        while column < len(widths):
            cell, merge = cells.get(column), None
            if cell is not None:
                span = min(cell.colspan, len(widths) - column)
                merge = "restart" if cell.rowspan > 1 else None
            elif column in continued:
                span, merge = continued[column], "continue"
            else:
                span = 1  # a gap in a ragged row: an empty cell keeps the grid whole
            tc = self._cell(tr, widths, column, span, cell, header=header, merge=merge)
            if keep:  # Word keeps a row whose paragraphs keep-with-next on the page of what follows
                keep_with_next(tc.find(W + "p"))
            column += span

    def _cell(self, tr: etree._Element, widths: list[int], column: int, span: int, cell: TableCell | None, *,
              header: bool, merge: str | None) -> etree._Element:  # fmt: skip
        tc = sub(tr, "tc")
        tcpr = sub(tc, "tcPr")
        sub(tcpr, "tcW", {"w": sum(widths[column : column + span]), "type": "dxa"})
        if span > 1:
            val(tcpr, "gridSpan", span)
        if merge == "restart":
            val(tcpr, "vMerge", "restart")
        elif merge == "continue":
            sub(tcpr, "vMerge")
        paragraph = sub(tc, "p")
        style = self.header_style if header else self.text_style
        ppr = sub(paragraph, "pPr")
        val(ppr, "pStyle", style)
        if cell is None:
            return tc
        align = ALIGNMENTS[cell.align]  # as modelled: the column's alignment unless the cell has its own
        if align != self.style_aligns.get(style):
            val(ppr, "jc", align)
        add_text(paragraph, cell.text)
        return tc


def _rows_with_merges(
    rows: Sequence[tuple[TableCell, ...]], count: int
) -> list[tuple[int, dict[int, TableCell], dict[int, int]]]:
    """Per row: its cells by starting column, and the columns (with their spans) covered by a cell above."""
    pending: dict[int, tuple[int, int]] = {}  # column -> (rows still covered, colspan)
    out = []
    for index, row in enumerate(rows):
        continued = {column: span for column, (left, span) in pending.items() if left > 0}
        pending = {column: (left - 1, span) for column, (left, span) in pending.items() if left > 1}
        cells = {cell.column: cell for cell in row if cell.column < count}
        for cell in cells.values():
            if cell.rowspan > 1:
                pending[cell.column] = (cell.rowspan - 1, cell.colspan)
        out.append((index, cells, continued))
    return out
