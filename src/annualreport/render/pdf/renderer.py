"""PDF output: the resolved document typeset on the GB/T 9704 grid into pages as data (``paginate``), written
by ``writer`` through ReportLab's canvas, fonts embedded."""

from __future__ import annotations

import datetime as dt
import io
import math
import warnings
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth

from ... import document as doc
from ...errors import LayoutWarning
from ...messages import text
from ...output import Target, deliver
from ...style import MM, Style
from ...timestamp import build_timestamp
from .. import pages as pg
from ..base import Renderer
from .figure import FigureBlock
from .fonts.embed import PdfFonts, face_of, load_fonts, lock
from .letterhead import ImprintBlock, LetterheadBlock, draw_runs, runs_width, unnumbered_pages
from .metadata import CREATOR, PRODUCER, xmp_packet
from .paginate import Flowable, Geometry, PageBreak, Painter, Spacer, paginate
from .paragraph import BASELINE_RATIO, GridFormat, GridKeepTogether, GridParagraph, new_measurements
from .table import Cell, GridTable, Look, WithNote, grid_table
from .typeset import Run
from .writer import PdfWriter, write_pdf

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
        self.canv.bookmark(self.title, self.level)


class GridSnap(Flowable):
    """Space after a table (or its note) down to a grid line, so the body text after it sits on the grid
    again: ``lines`` empty grid lines, counted the way the eye counts them. The table ends anywhere in a
    grid line; the space is the least that reaches a grid line and is at least ``lines`` - ½ lines, so
    the white between the table's last text and the next line is ``lines`` grid lines, give or take
    half of one (not the next grid line plus ``lines``: up to a line more than asked for)."""

    def __init__(self, pitch: float, lines: int = 0) -> None:
        super().__init__()
        self.pitch, self.lines = pitch, lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if getattr(getattr(self, "_frame", None), "_atTop", False):
            self.height = 0.0  # a new page: the grid starts afresh
            return availWidth, self.height
        rest = availHeight % self.pitch
        if rest < _FUZZ or rest > self.pitch - _FUZZ:
            rest = 0.0
        least = max(0.0, (self.lines - 0.5) * self.pitch)
        height = rest + max(0, math.ceil((least - rest) / self.pitch - _FUZZ)) * self.pitch
        self.height = min(height, availHeight)
        return availWidth, self.height

    def draw(self) -> None:
        pass


class SealMark(Flowable):
    """A seal (``document.Seal``) drawn at its real size where the build placed it: a zero-size flowable just
    before the issuer's first line, kept with it, drawing the image before the issuer and the date are
    drawn, and behind all text (an image item of z -1). The PDF writer keeps the PNG's alpha channel as the
    image's soft mask, so only the red shows."""

    def __init__(self, seal: doc.Seal) -> None:
        super().__init__()
        self.seal = seal
        self.keepWithNext = True
        self.width = self.height = 0
        self._avail = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        return 0, 0

    def draw(self) -> None:
        seal, size = self.seal, self.seal.size_mm * MM
        x = self._avail - seal.centre_right_mm * MM - size / 2
        y = -seal.centre_down_mm * MM - size / 2
        self.canv.image(seal.png, x, y, size, size, z=-1)


class JointSignatureBlock(Flowable):
    """A joint signature (``document.JointSignature``): its grid lines, each text flush right at its offset from
    the block's right edge, and each seal at its real size where the build placed it, behind the text (z -1).
    One block that never splits: the names, the date and the seals stay on one page."""

    def __init__(self, node: doc.JointSignature, style: Style, runs: Any) -> None:
        super().__init__()
        self.node, self.style = node, style
        self.pitch = style.line_pitch("signature")
        self.width = style.page.block_width_pt
        self.height = len(node.lines) * self.pitch
        cell = style.page.char_cell_pt
        body = style.role("body").size_pt
        self.items: list[tuple[list[Any], float, float, float]] = []  # runs, x, baseline from the top, char space
        for index, line in enumerate(node.lines):
            for piece in line:
                look = style.role(piece.role)
                track = cell - look.size_pt if abs(look.size_pt - body) < _FUZZ else 0.0
                pieces = runs(piece.text, piece.role)
                x = self.width - piece.right_chars * cell - runs_width(pieces, track) + track
                baseline = index * self.pitch + self.pitch / 2 + BASELINE_RATIO * look.size_pt
                self.items.append((pieces, x, baseline, track))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        for index, seal in self.node.seals:
            size = seal.size_mm * MM
            x = self.width - seal.centre_right_mm * MM - size / 2
            y = self.height - index * self.pitch - seal.centre_down_mm * MM - size / 2
            canv.image(seal.png, x, y, size, size, z=-1)
        for pieces, x, baseline, track in self.items:
            draw_runs(canv, pieces, x, self.height - baseline, track)


class PdfRenderer(Renderer):
    """Maps each document node to blocks of the paginator (``paginate``); one ``render_<kind>`` method per node kind."""

    format_name = "PDF"

    def __init__(self, document: doc.Document, fonts: PdfFonts) -> None:
        self.document = document
        self.style: Style = document.style
        self.fonts = fonts
        # One per render (fonts do not change while it lasts): paragraphs share their measured widths.
        self.measurements = new_measurements()
        self._outline_level = -1
        self._outline_count = 0
        self.story: list[Flowable] = []
        """The flowables made so far (``flowables``), for a node that changes those before it."""
        self._outline_base = 0
        """Outline levels above a heading of level 1: 1 inside an attachment, whose entry heads its headings."""
        self._attachment_label = ""
        """The label ("附件2") of the attachment whose title comes next."""

    # ---------------------------------------------------------------- nodes

    def flowables(self) -> list[Flowable]:
        """Every node, in order, as blocks (the story ``paginate`` lays out)."""
        story = self.story = []
        for node in self.document.nodes:
            story += self.render_node(node)
        return story

    def render_title(self, node: doc.Title) -> list[Flowable]:
        """Each of the node's lines as its own line (broken by ``document/titles.py``, never again here)."""
        story: list[Flowable] = []
        if node.role == "attachment_title":
            # An attachment is a top-level outline entry ("附件2　title"), its headings below it.
            label, self._attachment_label = self._attachment_label, ""
            self._outline_base = 0
            story.append(self.outline("\u3000".join(filter(None, (label, "".join(node.lines)))), 1))
            self._outline_base = 1
        return story + self.lines(node.lines, node.role)

    def render_heading(self, node: doc.Heading) -> list[Flowable]:
        """Number and text; a second line under it in its own role, kept with the heading and the next line."""
        text = node.number + node.text
        story: list[Flowable] = [self.outline(text, node.level), self.text_paragraph(text, node.role)]
        if node.subtitle:
            story[-1].keepWithNext = True
            second = self.text_paragraph(node.subtitle, doc.HEADING_SUBTITLE_ROLE)
            second.keepWithNext = True
            story.append(second)
        return story

    def render_paragraph(self, node: doc.Paragraph) -> list[Flowable]:
        runs = [run for span in node.spans for run in self.runs(span.text, span.role or node.role)]
        fmt = self.grid_format(node.role)
        if node.hanging_chars:  # lines after the first start under the name, right of the label
            hanging = node.hanging_chars * self.style.page.char_cell_pt
            fmt = replace(fmt, left_indent=fmt.first_indent + hanging, first_indent=-hanging)
        paragraph = GridParagraph(runs, fmt, self.measurements)
        if node.role == "attachment_label":
            self._attachment_label = node.text
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
        note = self.text_paragraph(node.note, "table_note") if node.note else None
        if node.widths:  # a table with no cell at all keeps only its caption and note
            table = self.table(node)
            story.append(WithNote(table, note) if note else table)
        elif note:
            story.append(note)
        story.append(GridSnap(self.style.page.line_pitch_pt, look.space_after))
        return story

    def render_blank_line(self, node: doc.BlankLine) -> list[Flowable]:
        return [Spacer(0, node.count * self.style.page.line_pitch_pt)]

    def render_signature(self, node: doc.Signature) -> list[Flowable]:
        self.hold_signature_to_text()
        cell = self.style.page.char_cell_pt
        story: list[Flowable] = []
        # An issuer too long for one line comes in the lines the build broke it into, each flush right.
        lines = [(line, "signature", node.issuer_right_chars) for line in node.issuer_shown]
        if node.date:
            lines.append((node.date, "date", node.date_right_chars))
        if node.seal is not None:
            story.append(SealMark(node.seal))
        for text, role, right in lines:
            fmt = self.grid_format(role, right_indent=right * cell, keep_with_next=True)
            story.append(GridParagraph(list(self.runs(text, role)), fmt, self.measurements))
        return story

    def render_joint_signature(self, node: doc.JointSignature) -> list[Flowable]:
        """Joint issuers, date and seals where the build placed them, as one block held to the text's last
        lines (``JointSignatureBlock``)."""
        self.hold_signature_to_text()
        return [JointSignatureBlock(node, self.style, self.runs)]

    def render_figure(self, node: doc.Figure) -> list[Flowable]:
        """Picture and caption in one block (``figure.FigureBlock``)."""
        return [FigureBlock(node, self.style, self.fonts)]

    def render_chart(self, node: doc.Chart) -> list[Flowable]:
        """Chart and caption in one block (``figure.FigureBlock``, ``chart.py``)."""
        return [FigureBlock(node, self.style, self.fonts)]

    def render_page_break(self, node: doc.PageBreak) -> list[Flowable]:
        return [PageBreak()]

    def render_letterhead(self, node: doc.Letterhead) -> list[Flowable]:
        """The 版头, a whole number of grid lines high (``letterhead.LetterheadBlock``)."""
        return [LetterheadBlock(node, self.style, self.runs)]

    def render_imprint(self, node: doc.Imprint) -> list[Flowable]:
        """The 版记 at the foot of an even page (``letterhead.ImprintBlock``); the empty spacer before it ends any
        keep-with-next chain (the signature's), so the 版记 never drags the text to its page."""
        return [Spacer(0, 0), ImprintBlock(node, self.style, self.runs, self.measurements)]

    # ---------------------------------------------------------------- helpers

    def hold_signature_to_text(self) -> None:
        """Keep-with-next on the blank lines above the signature and on the last paragraph of text, as the
        .docx has it: no page holds only the signature (GB/T 9704 7.3.5). The paragraph's last two lines
        are what go over with it (``GridKeepTogether._carry_last_lines``). After a table, nothing."""
        for flowable in reversed(self.story):
            if isinstance(flowable, Spacer):
                flowable.keepWithNext = True
                continue
            if isinstance(flowable, GridParagraph):
                flowable.keepWithNext = True
            return

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
        """A bookmark at ``level`` (1-based; below the attachment's entry inside one), never skipping a level
        (PDF outlines cannot)."""
        depth = min(level - 1 + self._outline_base, self._outline_level + 1)
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
        table_look = Look(
            widths=tuple(w * width for w in node.widths), border=look.border_pt, outer_border=look.outer_border_pt,
            padding=pad,
            line=max(self.style.line_pitch(role) for role in ("table", "table_header")) * scale,
            frame_height=page.block_height_pt, slack=2 * page.line_pitch_pt,
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


def page_geometry(style: Style) -> Geometry:
    page = style.page
    return Geometry(
        width=page.width_mm * MM, height=page.height_mm * MM, left=page.margin_left_mm * MM,
        bottom=page.margin_bottom_mm * MM, block_width=page.block_width_pt, block_height=page.block_height_pt,
    )  # fmt: skip


def page_number_drawer(style: Style, fonts: PdfFonts, geometry: Geometry) -> Any:
    """What ends each page: its number "— N —" (GB/T 9704 7.5), odd pages right-aligned, even pages left-aligned,
    one character in, 7 mm under the block; none on a blank page or one holding only the 版记. Numbers are
    drawn when a page ends: by then it is known which pages those are."""
    look = style.role("page_number")
    font = fonts.names[look.font]
    inset = style.page_number.indent_chars * style.page.char_cell_pt
    top = geometry.bottom - style.page_number.below_block_mm * MM
    baseline = top - 0.88 * look.size_pt  # the number's ascent below the 7 mm line

    def draw(painter: Painter) -> str | None:
        number = painter.getPageNumber()
        if number in unnumbered_pages(painter):
            return None
        text = style.page_number.format.format(n=number)
        shown = [Run(text, font, look.size_pt)]
        if number % 2:
            x = geometry.left + geometry.block_width - inset - runs_width(shown)
        else:
            x = geometry.left + inset
        draw_runs(painter, shown, x, baseline)
        return text

    return draw


def layout(document: doc.Document, fonts: PdfFonts, sink: Any = None) -> pg.Document:
    """The document's pages as data: every node typeset and paginated on the GB/T 9704 grid (each page handed
    to ``sink`` as it is full, if given: see ``paginate``)."""
    geometry = page_geometry(document.style)
    story = PdfRenderer(document, fonts).flowables()
    return paginate(
        story, geometry, face_of, on_page_end=page_number_drawer(document.style, fonts, geometry),
        keep_class=GridKeepTogether, metadata=_metadata(document), sink=sink,
    )  # fmt: skip


def _metadata(document: doc.Document) -> pg.Metadata:
    meta = document.metadata
    return pg.Metadata(
        title=meta.title, author=meta.author, subject=meta.subject, language=meta.language,
        creator=CREATOR, producer=PRODUCER, timestamp=_epoch(document),
    )  # fmt: skip


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


def layout_pages(document: doc.Document, font_dirs: Sequence[Path | str] = ()) -> pg.Document:
    """The document's pages as data (``render/pages.py``), the fonts they name registered for the writer."""
    _epoch(document)  # first: a bad $SOURCE_DATE_EPOCH is said before any font work
    with lock():
        return layout(document, load_fonts(document, font_dirs))


def imprint_placed(
    document: doc.Document, font_dirs: Sequence[Path | str] = (), *, pages: pg.Document | None = None
) -> doc.Document:
    """``document`` with its 版记 told where the PDF puts it (``Imprint.own_page``), for the .docx of the same
    render to follow: at the foot of the text's last page when that is even and has room, else on a page of its
    own, which carries no page number. Lays the pages out once; a document without a 版记 comes back unchanged.
    A 版记 placed already is kept; ``pages``, the document's pages laid out already, save the layout. The fonts'
    warnings are said by the render that follows."""
    if not any(isinstance(node, doc.Imprint) and node.own_page is None for node in document.nodes):
        return document
    laid_out = pages
    if laid_out is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            laid_out = layout_pages(document, font_dirs)
    own_page = laid_out.pages[-1].label is None  # the 版记's page is unnumbered when it holds nothing else
    nodes = tuple(replace(node, own_page=own_page) if isinstance(node, doc.Imprint) else node for node in document.nodes)
    return replace(document, nodes=nodes)


def write_pages(pages: pg.Document, target: Target = None, *, xmp: bytes | None = None) -> bytes | None:
    """Pages as data written as PDF: to ``target`` (path or binary stream), or returned as bytes."""
    stream = io.BytesIO()
    with lock():  # ReportLab's TTFont keeps per-document subsetting state: one file at a time
        # Binary streams: ASCII85 only makes the file 25 % larger and costs a third of the build time.
        saved, rl_config.useA85 = rl_config.useA85, 0
        try:
            write_pdf(pages, stream, xmp=xmp)
        finally:
            rl_config.useA85 = saved
    return deliver(stream.getvalue(), target)


def render_pdf(
    document: doc.Document, target: Target = None, *, font_dirs: Sequence[Path | str] = (),
    pages: pg.Document | None = None,
) -> bytes | None:  # fmt: skip
    """Typeset ``document`` to PDF: written to ``target`` (path or binary stream), or returned as bytes.
    ``pages``: the document's pages as ``layout_pages`` gave them, written instead of laid out again (the same
    bytes), when another format of the same render needs them too."""
    epoch = _epoch(document)  # first: a bad $SOURCE_DATE_EPOCH is said before any font work
    with lock():  # ReportLab's TTFont keeps per-document subsetting state: one build at a time
        fonts = load_fonts(document, font_dirs)
        packet = xmp_packet(document.metadata, dt.datetime.fromtimestamp(epoch, dt.timezone.utc)).encode("utf-8")
        stream = io.BytesIO()
        saved, rl_config.useA85 = rl_config.useA85, 0  # binary streams (see write_pages)
        try:
            if pages is not None:
                write_pdf(pages, stream, xmp=packet)
            else:
                # Each page is written as soon as it is laid out: a long document's pages never all live at once.
                writer = PdfWriter(stream, _metadata(document), xmp=packet)
                layout(document, fonts, sink=writer.page)
                writer.close()
        finally:
            rl_config.useA85 = saved
    return deliver(stream.getvalue(), target)
