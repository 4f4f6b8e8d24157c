"""The Word renderer: a Document to a python-docx Document laid out to GB/T 9704 on the document grid, with real
Word styles; and to .docx bytes, the same for the same input."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.shared import Emu, Twips
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from ...document import (
    BlankLine,
    Chart,
    Document,
    Figure,
    HEADING_SUBTITLE_ROLE,
    Heading,
    Imprint,
    JointSignature,
    Letterhead,
    PageBreak,
    Paragraph,
    Seal,
    Signature,
    Span,
    Table,
    Title,
    text_width_chars,
)
from ...errors import RenderError
from ...output import Target, deliver
from ...style import MM
from ..base import Renderer
from .base import open_base
from .chart import add_chart, add_svg
from .layout import DocxLayout
from .letterhead import write_imprint, write_letterhead
from .oxml import (
    EMU_PER_MM,
    add_text,
    apply_paragraph_style,
    float_behind_text,
    hide_paragraph_mark,
    set_chars_indent,
)
from .package import document_timestamp, save_pinned
from .reference import Reference, read_reference
from .tables import TableLook, TableWriter

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

__all__ = ["DocxRenderer", "render_docx", "to_docx"]

CORE_TEXT_LIMIT = 255
"""python-docx refuses core-property text longer than this."""


def to_docx(document: Document, reference: Reference = None) -> WordDocument:
    """``document`` as a python-docx Document, to post-process (a cover page, a logo, a seal) and save.

    ``reference``: a .docx (path, bytes or binary stream) whose styles, headers, footers and page set-up replace
    ours by style name; its body is ignored. ``document.save(path)`` gives a valid .docx; for the same bytes
    from the same input (zip timestamps from the report, not the clock), use :func:`render_docx`."""
    return DocxRenderer(document, reference).render()


def render_docx(document: Document, target: Target = None, *, reference: Reference = None) -> bytes | None:
    """Render ``document`` to .docx: written to ``target`` (a path, atomically, or a binary stream), or returned
    as bytes when ``target`` is None. The same input gives the same bytes."""
    word = to_docx(document, reference)
    return deliver(save_pinned(word, document_timestamp(document.metadata)), target)


class DocxRenderer(Renderer):
    """Turns the nodes of one Document into the body of a python-docx Document; one ``render_<kind>`` method per
    node kind. The package around the body — styles, page set-up, footers, font table — comes prepared from
    ``base.py``."""

    format_name = "Word"

    def __init__(self, document: Document, reference: Reference = None):
        self.document = document
        self.layout = DocxLayout.from_style(document.style)
        self.word, self.styles, base = open_base(document.style, self.layout, read_reference(reference))
        self.block_width = base.block_width
        """Width between the margins, in twips (a reference's page set-up may differ from the style's)."""
        self.blocks: list[WordParagraph | WordTable] = []
        """Paragraphs and tables written, in order."""
        self.break_before = False
        """A page break is due before the next paragraph (set by render_page_break)."""
        self.rendered = False
        header_id, text_id = self.styles.paragraph_id("table_header"), self.styles.paragraph_id("table")
        self.tables = TableWriter(
            self.styles.table_style(),
            header_id,
            text_id,
            {header_id: self.styles.alignments["table_header"], text_id: self.styles.alignments["table"]},
            TableLook.of(document.style),
        )

    # ------------------------------------------------------------------ driver

    def render(self) -> WordDocument:
        """The python-docx Document with the whole report (once per renderer)."""
        if self.rendered:
            raise RenderError("a DocxRenderer renders its document once; make a new one to render again")
        self.rendered = True
        for node in self.document.nodes:
            self.render_node(node)
        self._finish_body()
        self.styles.remove_unused()
        self._properties()
        return self.word

    # ------------------------------------------------------------------ one method per node kind

    def render_title(self, node: Title) -> None:
        """One paragraph in the role's style (title, subtitle, attachment title); the node's lines separated by
        line breaks (see :meth:`_broken`)."""
        self._broken(self._paragraph(self.styles.paragraph_id(node.role)), node.lines)

    def render_heading(self, node: Heading) -> None:
        """The number and text in the heading style of its level (outline level, keep with next); a second line
        as a paragraph of its own in the ``heading_subtitle`` style, both kept with the next."""
        heading = self._paragraph(self.styles.paragraph_id(node.role))
        add_text(heading, node.number + node.text)
        if node.subtitle:
            heading.paragraph_format.keep_with_next = True
            second = self._paragraph(self.styles.paragraph_id(HEADING_SUBTITLE_ROLE))
            second.paragraph_format.keep_with_next = True
            add_text(second, node.subtitle)

    def render_paragraph(self, node: Paragraph) -> None:
        """Spans as runs; a span in another role takes that role's character style. A run-in numbered point is in
        a style with its outline level; with ``[word] style_separator`` its heading words are a paragraph of their
        own whose mark is hidden (Word's style separator), the text going on in the same line in the role's style."""
        spans = node.spans
        if node.outline_level:
            style_id: str | None = self.styles.outline_id(node.role, node.outline_level)
            if self.document.style.word.style_separator and len(spans) > 1:
                self._spans(self._paragraph(style_id), node, spans[:1])
                hide_paragraph_mark(self.blocks[-1])
                style_id, spans = self.styles.paragraph_id(node.role), spans[1:]
        else:
            style_id = self.styles.paragraph_id(node.role)
        paragraph = self._paragraph(style_id)
        if node.hanging_chars:
            self._hanging_indent(paragraph, node)
        self._spans(paragraph, node, spans)

    def _spans(self, paragraph: WordParagraph, node: Paragraph, spans: tuple[Span, ...]) -> None:
        """Each span as a run, in its role's character style where that is not the paragraph's role."""
        for span in spans:
            role = span.role if span.role and span.role != node.role else None
            add_text(paragraph, span.text, self.styles.character_id(role) if role else None)

    def render_table(self, node: Table) -> None:
        """Caption above, the table across the text block, the note below (or blank lines to the next text)."""
        if node.caption:
            caption = self._paragraph(self.styles.paragraph_id("caption"))
            self._broken(caption, node.caption_shown)
            if self.tables.opens_with_a_tall_row(node, self.block_width):
                # LibreOffice carries a caption kept with the next row to the next page with the whole row,
                # leaving this page empty; a row that splits anyway needs no caption held to it
                caption.paragraph_format.keep_with_next = False
        elif self.break_before:
            self._page_break_paragraph()
        if node.widths and any(node.header_rows + node.body_rows):  # a table of no cells: caption and note only
            self.blocks.append(self.tables.write(self.word, node, self.block_width))
        if node.note:
            add_text(self._paragraph(self.styles.paragraph_id("table_note")), node.note)
        else:
            for _ in range(round(self.document.style.table.space_after)):
                self._paragraph(self.styles.paragraph_id("body"))

    def render_blank_line(self, node: BlankLine) -> None:
        """Empty body paragraphs, one grid line each."""
        for _ in range(node.count):
            self._paragraph(self.styles.paragraph_id("body"))

    def render_signature(self, node: Signature) -> None:
        """Issuer and date per GB/T 9704 7.3.5, held to the last lines of text (see _hold_signature_to_text);
        each placed by its offset from the right edge, or the date by its first character (see _date_place)."""
        self._hold_signature_to_text()
        if node.issuer:
            issuer = self._paragraph(self.styles.paragraph_id("signature"))
            self._right_indent(issuer, node.issuer_right_chars)
            if node.date:
                issuer.paragraph_format.keep_with_next = True
            self._broken(issuer, node.issuer_shown)
            if node.seal is not None:
                self._seal(issuer, node.seal)
        if node.date:
            date = self._paragraph(self.styles.paragraph_id("date"))
            self._date_place(date, node)
            add_text(date, node.date)

    def render_joint_signature(self, node: JointSignature) -> None:
        """Joint issuers: a paragraph per grid line, each kept with the next, held to the text's last lines; each
        text ends at a right tab stop where the build put it; each seal floats behind the text, anchored to the
        paragraph of its name's line. (LibreOffice 7.4 ends the first name of a line of two ~1.3 mm left of its
        stop; a centre tab stop did worse, 1.6 mm.)"""
        self._hold_signature_to_text()
        anchors: dict[int, WordParagraph] = {}
        last = len(node.lines) - 1
        for index, line in enumerate(node.lines):
            role = line[0].role if line else "body"
            paragraph = self._paragraph(self.styles.paragraph_id(role))
            anchors[index] = paragraph
            fmt = paragraph.paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.first_line_indent = Twips(0)
            self._right_indent(paragraph, 0)
            fmt.left_indent = Twips(0)
            set_chars_indent(paragraph._p.pPr, left=0, firstLine=0)
            for piece in line:
                fmt.tab_stops.add_tab_stop(Twips(self.block_width - self.layout.chars(piece.right_chars)),
                                           WD_TAB_ALIGNMENT.RIGHT)  # fmt: skip
            if index < last:
                fmt.keep_with_next = True
            if line:
                add_text(paragraph, "".join("\t" + piece.text for piece in line))
        for index, seal in node.seals:
            self._seal(anchors[index], seal)

    def render_figure(self, node: Figure) -> None:
        """The picture inline in a centred paragraph kept with its caption below (see :meth:`_figure`)."""
        holder = self._figure()
        raster = node.fallback if node.image_format == "svg" else node.data
        picture = holder.add_run().add_picture(io.BytesIO(raster), width=Emu(round(node.width_pt * 12700)),
                                               height=Emu(round(node.height_pt * 12700)))  # fmt: skip
        if node.image_format == "svg":
            add_svg(holder.part, picture._inline, node.data)
        self._figure_caption(node.caption_shown)

    def render_chart(self, node: Chart) -> None:
        """A native chart (``chart.add_chart``: DrawingML with an embedded workbook), its caption below."""
        when = document_timestamp(self.document.metadata)
        add_chart(self._figure(), node.chart, self.document.style, node.width_pt, node.height_pt, when)
        self._figure_caption(node.caption_shown)

    def _figure(self) -> WordParagraph:
        """The paragraph holding a picture or chart: the caption's style (centred, no indent, single spacing on
        the grid, so the line grows to whole grid lines and the text after it stays on the grid), kept with
        the caption that follows."""
        paragraph = self._paragraph(self.styles.paragraph_id("caption"))
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def _figure_caption(self, lines: tuple[str, ...]) -> None:
        """图N　…… below the figure, not held to the text after it."""
        caption = self._paragraph(self.styles.paragraph_id("caption"))
        caption.paragraph_format.keep_with_next = False
        self._broken(caption, lines)

    def render_page_break(self, node: PageBreak) -> None:
        """The next paragraph starts a page (``w:pageBreakBefore``), so no empty line opens the new page."""
        self.break_before = True

    def render_letterhead(self, node: Letterhead) -> None:
        """The 版头 as exact-height paragraphs (``letterhead.write_letterhead``)."""
        write_letterhead(self.word, self._plain, node, self.document.style, self.layout)

    def render_imprint(self, node: Imprint) -> None:
        """The 版记 as a section of its own on an even page, at its foot (``letterhead.write_imprint``)."""
        if self.blocks and isinstance(self.blocks[-1], WordTable):
            self._paragraph(self.styles.paragraph_id("body"))
        write_imprint(self.word, self._plain, node, self.document.style, self.layout)

    def _plain(self, alignment: WD_ALIGN_PARAGRAPH) -> WordParagraph:
        """A paragraph in the body style with ``alignment`` and no first-line indent, for the 版头 and 版记."""
        paragraph = self._paragraph(self.styles.paragraph_id("body"))
        paragraph.paragraph_format.alignment = alignment
        return paragraph

    # ------------------------------------------------------------------ helpers

    def _seal(self, paragraph: WordParagraph, seal: Seal) -> None:
        """The seal as a picture floating behind the text, anchored to the issuer's paragraph where the build
        placed it: across from the left margin, down from the paragraph's top (negative: above)."""
        size = round(seal.size_mm * EMU_PER_MM)
        block_mm = self.document.style.page.block_width_pt / MM
        left = round((block_mm - seal.centre_right_mm - seal.size_mm / 2) * EMU_PER_MM)
        top = round((seal.centre_down_mm - seal.size_mm / 2) * EMU_PER_MM)
        picture = paragraph.add_run().add_picture(io.BytesIO(seal.png), width=Emu(size), height=Emu(size))
        float_behind_text(picture._inline, left, top)

    def _broken(self, paragraph: WordParagraph, lines: tuple[str, ...]) -> None:
        """Lines broken by the build (``document/titles.py``) as one run with line breaks. They fit the line by
        the fonts' measure; so that Word and LibreOffice break nowhere else, the styles of these roles switch off
        the space they add between Chinese and Latin letters or digits (``styles.BROKEN_ROLES``)."""
        add_text(paragraph, "\n".join(lines))

    def _paragraph(self, style_id: str | None) -> WordParagraph:
        """A new paragraph in style ``style_id`` (None: the default style, implied as Word writes it), taking a
        pending page break."""
        paragraph = self.word.add_paragraph()
        apply_paragraph_style(paragraph, style_id)
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False
        self.blocks.append(paragraph)
        return paragraph

    def _page_break_paragraph(self) -> None:
        """A page break where no paragraph can carry it (before a table without a caption, or at the end)."""
        self.break_before = False
        self._paragraph(self.styles.paragraph_id("body")).add_run().add_break(WD_BREAK.PAGE)

    def _right_indent(self, paragraph: WordParagraph, chars: float) -> None:
        """A right indent of ``chars`` body characters: in characters (as Word shows it) and its twips twin."""
        paragraph.paragraph_format.right_indent = Twips(self.layout.chars(chars))
        set_chars_indent(paragraph._p.pPr, right=round(chars * 100))

    def _date_place(self, paragraph: WordParagraph, node: Signature) -> None:
        """The date's indent and alignment. Where GB/T pins its first character — unsealed, the issuer at the
        standard offset, the date starting ``date_offset_chars`` right of the issuer's first character — it is
        left-aligned at that character: digits wider than the model's half character, and the space Word and
        LibreOffice put between digits and Chinese, would shift a right-aligned date. Otherwise its right indent."""
        look = self.document.style.signature
        if look.sealed or not node.issuer or node.issuer_right_chars != look.right_indent_chars:
            self._right_indent(paragraph, node.date_right_chars)
            return
        layout = self.layout
        issuer_start = self.block_width - layout.chars(node.issuer_right_chars)
        issuer_start -= round(max(map(text_width_chars, node.issuer_shown)) * layout.char_advance)
        left = issuer_start + round(look.date_offset_chars * layout.char_advance)
        paragraph.paragraph_format.left_indent = Twips(left)
        set_chars_indent(paragraph._p.pPr, left=round(left * 100 / layout.char_width))
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def _hanging_indent(self, paragraph: WordParagraph, node: Paragraph) -> None:
        """Lines after the first indented by the node's label width, so a wrapped 附件说明 name lines up under
        its first character."""
        hanging = node.hanging_chars
        left = self.document.style.role(node.role).indent_chars + hanging
        fmt = paragraph.paragraph_format
        fmt.left_indent = Twips(self.layout.chars(left))
        fmt.first_line_indent = Twips(-self.layout.chars(hanging))  # negative: w:hanging
        set_chars_indent(paragraph._p.pPr, left=round(left * 100), hanging=round(hanging * 100))

    def _hold_signature_to_text(self) -> None:
        """Keep-with-next on the blank lines above the signature and on the last paragraph of text: no page holds
        only the signature (GB/T 9704 7.3.5). Word, with widow control (on for the whole document), carries
        the paragraph's last two lines over with it, as the PDF does. LibreOffice carries the whole paragraph
        over (and a heading kept with it) when the signature does not fit below it, leaving the page before
        short: that is its reading of keep-with-next, and the lesser fault."""
        for block in reversed(self.blocks):
            if not isinstance(block, WordParagraph):
                return
            block.paragraph_format.keep_with_next = True
            if block.runs:
                return

    def _finish_body(self) -> None:
        """A pending page break, and the closing paragraph Word wants after a final table."""
        if self.break_before:
            self._page_break_paragraph()
        if self.blocks and isinstance(self.blocks[-1], WordTable):
            self._paragraph(self.styles.paragraph_id("body"))

    def _properties(self) -> None:
        """Title, subject, author (the issuer), last modified by, language, created and modified: python-docx's
        ``core_properties``. The timestamp is the report's (``timestamp.build_timestamp``), never the clock."""
        metadata = self.document.metadata
        properties = self.word.core_properties
        for name, text in (
            ("title", metadata.title),
            ("subject", metadata.subject),
            ("author", metadata.author),
            ("last_modified_by", metadata.author),
            ("language", metadata.language),
        ):
            if text:
                setattr(properties, name, text[:CORE_TEXT_LIMIT])
        when = document_timestamp(metadata)
        properties.created = when
        properties.modified = when

