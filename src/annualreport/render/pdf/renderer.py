"""PDF output: the resolved document typeset on the GB/T 9704 grid with ReportLab, fonts embedded."""

from __future__ import annotations

import io
import time
import warnings
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.flowables import Flowable, PageBreak, Spacer

from ... import document as doc
from ...errors import LayoutWarning
from ...messages import text
from ...output import Target, deliver
from ...style import MM, Style
from ...timestamp import build_timestamp
from ..base import Renderer
from .fonts.embed import PdfFonts, load_fonts, lock
from .paragraph import GridFormat, GridKeepTogether, GridParagraph, new_measurements
from .table import Cell, GridTable, Look, grid_table

_FUZZ = 0.01


class OutlineEntry(Flowable):
    """A zero-size marker that adds a bookmark where the next flowable lands (kept with it)."""

    def __init__(self, title: str, level: int, key: str) -> None:
        super().__init__()
        self.title, self.level, self.key = title, level, key
        self.keepWithNext = True
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


class GridSnap(Flowable):
    """Space down to the next grid line, so body text after a table sits on the grid again."""

    def __init__(self, pitch: float) -> None:
        super().__init__()
        self.pitch = pitch

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        rest = availHeight % self.pitch
        self.height = 0 if rest < _FUZZ or rest > self.pitch - _FUZZ else rest
        return availWidth, self.height

    def draw(self) -> None:
        pass


class PdfRenderer(Renderer):
    """Maps each document node to ReportLab flowables; one ``render_<kind>`` method per node kind."""

    format_name = "PDF"

    def __init__(self, document: doc.Document, fonts: PdfFonts) -> None:
        self.document = document
        self.style: Style = document.style
        self.fonts = fonts
        # One per render (fonts do not change while it lasts): paragraphs share their measured widths.
        self.measurements = new_measurements()
        self._outline_level = -1
        self._outline_count = 0

    # ---------------------------------------------------------------- nodes

    def flowables(self) -> list[Flowable]:
        """Every node, in order, as flowables."""
        story: list[Flowable] = []
        for node in self.document.nodes:
            story += self.render_node(node)
        return story

    def render_title(self, node: doc.Title) -> list[Flowable]:
        """Each of the node's lines as its own line (broken by ``document/titles.py``, never again here)."""
        return self.lines(node.lines, node.role)

    def render_heading(self, node: doc.Heading) -> list[Flowable]:
        text = node.number + node.text
        return [self.outline(text, node.level), self.text_paragraph(text, node.role)]

    def render_paragraph(self, node: doc.Paragraph) -> list[Flowable]:
        runs = [run for span in node.spans for run in self.runs(span.text, span.role or node.role)]
        fmt = self.grid_format(node.role)
        if node.hanging_chars:  # lines after the first start under the name, right of the label
            hanging = node.hanging_chars * self.style.page.char_cell_pt
            fmt = replace(fmt, left_indent=fmt.first_indent + hanging, first_indent=-hanging)
        paragraph = GridParagraph(runs, fmt, self.measurements)
        if node.outline_level is None:
            return [paragraph]
        return [self.outline(node.spans[0].text, node.outline_level), paragraph]

    def render_table(self, node: doc.Table) -> list[Flowable]:
        story: list[Flowable] = []
        look = self.style.table
        if look.space_before:
            story.append(Spacer(0, look.space_before * self.style.page.line_pitch_pt))
        if node.caption:
            story += self.lines(node.caption_shown, "caption")
        if node.widths:  # a table with no cell at all keeps only its caption and note
            story.append(self.table(node))
        if node.note:
            story.append(self.text_paragraph(node.note, "table_note"))
        story.append(GridSnap(self.style.page.line_pitch_pt))
        if look.space_after:
            story.append(Spacer(0, look.space_after * self.style.page.line_pitch_pt))
        return story

    def render_blank_line(self, node: doc.BlankLine) -> list[Flowable]:
        return [Spacer(0, node.count * self.style.page.line_pitch_pt)]

    def render_signature(self, node: doc.Signature) -> list[Flowable]:
        cell = self.style.page.char_cell_pt
        story: list[Flowable] = []
        # An issuer too long for one line comes in the lines the build broke it into, each flush right.
        lines = [(line, "signature", node.issuer_right_chars) for line in node.issuer_shown]
        if node.date:
            lines.append((node.date, "date", node.date_right_chars))
        for text, role, right in lines:
            fmt = self.grid_format(role, right_indent=right * cell, keep_with_next=True)
            story.append(GridParagraph(list(self.runs(text, role)), fmt, self.measurements))
        return story

    def render_page_break(self, node: doc.PageBreak) -> list[Flowable]:
        return [PageBreak()]

    # ---------------------------------------------------------------- helpers

    def runs(self, text: str, role: str) -> list[Any]:
        """Runs of ``text`` in ``role``'s font and size (characters the font lacks in a fallback font)."""
        look = self.style.role(role)
        return list(self.fonts.runs(text, look.font, look.size_pt))

    def grid_format(self, role: str, **changes: Any) -> GridFormat:
        """The GridFormat of a role: grid pitch, two-character indent, tracking that fits 28 per line."""
        look = self.style.role(role)
        page = self.style.page
        body = self.style.role("body").size_pt
        values: dict[str, Any] = dict(
            line_pitch=self.style.line_pitch(role),
            first_indent=look.indent_chars * page.char_cell_pt,
            char_space=page.char_cell_pt - look.size_pt if abs(look.size_pt - body) < _FUZZ else 0.0,
            alignment=look.align,
            space_before=round(look.space_before),
            space_after=round(look.space_after),
            keep_with_next=look.keep_with_next,
        )
        values.update(changes)
        return GridFormat(**values)

    def lines(self, lines: Sequence[str], role: str) -> list[Flowable]:
        """Lines broken by the build, one paragraph each, kept together; the role's space after the last."""
        last = len(lines) - 1
        story: list[Flowable] = []
        for i, line in enumerate(lines):
            paragraph = self.text_paragraph(line, role, space_after=i == last)
            if i < last:
                paragraph.keepWithNext = True
            story.append(paragraph)
        return story

    def text_paragraph(self, text: str, role: str, *, space_after: bool = True) -> GridParagraph:
        """A one-role paragraph."""
        fmt = self.grid_format(role) if space_after else self.grid_format(role, space_after=0)
        return GridParagraph(self.runs(text, role), fmt, self.measurements)

    def outline(self, title: str, level: int) -> OutlineEntry:
        """A bookmark at ``level`` (1-based), never skipping a level (PDF outlines cannot)."""
        depth = min(level - 1, self._outline_level + 1)
        self._outline_level = depth
        self._outline_count += 1
        return OutlineEntry(title, depth, f"h{self._outline_count}")

    def table(self, node: doc.Table) -> GridTable:
        """A table of grid paragraphs: spans, header rows repeated on every page, rows split where needed
        (see ``table.GridTable``).

        Text, line pitch and padding are scaled by the node's ``text_scale``; further, and with a
        LayoutWarning, when one line of a cell would take more than half the page (a style with a
        huge table line pitch or padding): a line taller than the page could never be split."""
        page = self.style.page
        width = page.block_width_pt
        look = self.style.table
        scale = node.text_scale
        unit = max(self.style.line_pitch(role) for role in ("table", "table_header")) + 2 * look.cell_padding_pt
        if unit * scale > page.block_height_pt / 2:
            smaller = page.block_height_pt / 2 / unit
            size = self.style.role("table").size_pt
            message = text("cell_text_smaller", table=node.caption or "", smaller=round(size * smaller, 1))
            warnings.warn(message, LayoutWarning, stacklevel=2)
            scale = smaller
        pad = look.cell_padding_pt * scale
        rows: list[list[Cell]] = []
        covered: dict[int, int] = {}  # column -> last row a row span from above covers it in
        for r, row in enumerate(node.header_rows + node.body_rows):
            role = "table_header" if r < len(node.header_rows) else "table"
            cells = [Cell(c.column, c.colspan, c.rowspan, self.cell_paragraph(c, role, scale)) for c in row]
            for c in row:
                for column in range(c.column, min(c.column + c.colspan, len(node.widths))):
                    covered[column] = r + c.rowspan - 1
            # A row shorter than the table is filled with empty cells one line high, as Word shows them.
            empty = doc.TableCell(text="", column=0)
            cells += [
                Cell(column, 1, 1, self.cell_paragraph(empty, role, scale))
                for column in range(len(node.widths))
                if covered.get(column, -1) < r
            ]
            rows.append(sorted(cells, key=lambda cell: cell.column))
        commands = (
            ("GRID", (0, 0), (-1, -1), look.border_pt, "black"),
            ("BOX", (0, 0), (-1, -1), look.outer_border_pt, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        )
        table_look = Look(
            widths=tuple(w * width for w in node.widths), commands=commands, padding=pad,
            line=max(self.style.line_pitch(role) for role in ("table", "table_header")) * scale,
            frame_height=page.block_height_pt,
        )  # fmt: skip
        return grid_table(rows, len(node.header_rows), table_look)

    def cell_paragraph(self, cell: doc.TableCell, role: str, scale: float = 1.0) -> GridParagraph:
        """A cell's text on the table role's own line pitch, aligned as the cell says (scaled by ``scale``)."""
        fmt = self.grid_format(role, alignment=cell.align, first_indent=0.0)
        runs = self.runs(cell.text, role)
        if scale != 1:
            fmt = replace(fmt, line_pitch=fmt.line_pitch * scale, char_space=fmt.char_space * scale)
            runs = [replace(run, size=run.size * scale) for run in runs]
        return GridParagraph(runs, fmt, self.measurements)


# -------------------------------------------------------------------- document


def _epoch(document: doc.Document) -> float:
    """The build timestamp (see ``timestamp.build_timestamp``) in seconds: never 'now'."""
    return build_timestamp(document.metadata.date, document.metadata.year).timestamp()


def _fixed_timestamp(epoch: float) -> TimeStamp:
    stamp = TimeStamp(invariant=True)
    stamp.t = epoch
    stamp.lt = time.gmtime(epoch)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


class _DocTemplate(BaseDocTemplate):
    """The page: one frame exactly the text block, page numbers "— N —" outside it."""

    def __init__(self, stream: io.BytesIO, document: doc.Document, fonts: PdfFonts, epoch: float) -> None:
        style = document.style
        page = style.page
        meta = document.metadata
        super().__init__(
            stream,
            pagesize=(page.width_mm * MM, page.height_mm * MM),
            leftMargin=page.margin_left_mm * MM,
            rightMargin=page.margin_right_mm * MM,
            topMargin=page.margin_top_mm * MM,
            bottomMargin=page.margin_bottom_mm * MM,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            creator="annualreport",
            producer="annualreport (ReportLab)",
            lang=meta.language,
            invariant=1,
            initialFontName=fonts.names[style.role("body").font],
        )
        self.keepTogetherClass = GridKeepTogether
        self.style, self.fonts, self.epoch = style, fonts, epoch
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="block",
        )  # fmt: skip
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self.draw_page_number)])

    def draw_page_number(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        """Odd pages right-aligned, even pages left-aligned, one character in, 7 mm under the block."""
        style = self.style
        look = style.role("page_number")
        number = canvas.getPageNumber()
        text = style.page_number.format.format(n=number)
        font = self.fonts.names[look.font]
        inset = style.page_number.indent_chars * style.page.char_cell_pt
        top = self.bottomMargin - style.page_number.below_block_mm * MM
        baseline = top - 0.88 * look.size_pt  # the number's ascent below the 7 mm line
        canvas.saveState()
        canvas.setFont(font, look.size_pt)
        if number % 2:
            canvas.drawRightString(self.leftMargin + self.width - inset, baseline, text)
        else:
            canvas.drawString(self.leftMargin + inset, baseline, text)
        canvas.restoreState()

    def build_pdf(self, story: list[Flowable]) -> None:
        """Build with timestamps pinned, so equal input gives equal bytes.

        ReportLab takes the flowables off ``story`` as it places them: each page's paragraphs (and the
        lines they were broken into) are freed once drawn, instead of living until the end of the build."""
        epoch = self.epoch

        class PinnedCanvas(Canvas):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._doc._timeStamp = _fixed_timestamp(epoch)
                self.setPageCompression(1)

        self.build(story, canvasmaker=PinnedCanvas)


def font_advances(style: Style, fonts: PdfFonts) -> doc.Advances:
    """``document.titles.Advances`` from the faces the PDF draws with: each character's advance in the face
    that draws it for the role (a borrowed one for a character the role's face lacks), plus the role's
    tracking — exactly what the PDF's lines take."""
    widths: dict[tuple[str, str], float] = {}

    def advances(role: str, text: str) -> list[float]:
        look = style.role(role)
        track = doc.tracking(style, role)
        out = []
        for run in fonts.runs(text, look.font, look.size_pt):
            for char in run.text:
                width = widths.get((run.font, char))
                if width is None:
                    width = widths[(run.font, char)] = stringWidth(char, run.font, 1.0)
                out.append(width * run.size + track)
        return out

    return advances


def measured_document(document: doc.Document, font_dirs: Sequence[Path | str] = ()) -> doc.Document:
    """``document`` with its titles, subtitles, captions and issuer broken by the real advance widths of the
    fonts the PDF resolves (``font_advances``), for the PDF and the .docx of one render alike.

    Unchanged when every such text fits its line by the fallback widths (they are at least as wide as any
    measured face's), so a report of short titles costs no font work here. The fonts' warnings are said
    once, by the render that follows."""
    if not doc.needs_fonts(document):
        return document
    with lock(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fonts = load_fonts(document, font_dirs)
        return doc.rebreak(document, font_advances(document.style, fonts))


def render_pdf(document: doc.Document, target: Target = None, *, font_dirs: Sequence[Path | str] = ()) -> bytes | None:
    """Typeset ``document`` to PDF: written to ``target`` (path or binary stream), or returned as bytes."""
    epoch = _epoch(document)  # first: a bad $SOURCE_DATE_EPOCH is said before any font work
    with lock():  # ReportLab's TTFont keeps per-document subsetting state: one build at a time
        fonts = load_fonts(document, font_dirs)
        story = PdfRenderer(document, fonts).flowables()
        stream = io.BytesIO()
        template = _DocTemplate(stream, document, fonts, epoch)
        # Binary streams: ASCII85 only makes the file 25 % larger and costs a third of the build time.
        saved, rl_config.useA85 = rl_config.useA85, 0
        try:
            template.build_pdf(story)
        finally:
            rl_config.useA85 = saved
    return deliver(stream.getvalue(), target)
