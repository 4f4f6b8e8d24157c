"""The Word renderer: a Document to a .docx laid out to GB/T 9704 on the document grid, with real Word styles."""

from __future__ import annotations

from lxml import etree

from ...document import (
    BlankLine,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Signature,
    Table,
    Title,
    text_width_chars,
)
from ...errors import RenderError
from ..base import Renderer
from ...output import Target, deliver
from .layout import DocxLayout
from .package import EVEN_FOOTER_ID, ODD_FOOTER_ID, build_package, footer_xml
from .styles import (
    ALIGNMENTS,
    NORMAL,
    PAGE_NUMBER_EVEN,
    PAGE_NUMBER_ODD,
    REPORT_TABLE,
    SPAN_ONLY_ROLES,
    StyleSheet,
)
from .tables import TableWriter
from .oxml import (
    R,
    W,
    add_line_break,
    add_page_break,
    add_text,
    flag,
    keep_with_next,
    root,
    serialize,
    set_paragraph_flag,
    sub,
    val,
)

__all__ = ["DocxRenderer", "render_docx"]

def render_docx(document: Document, target: Target = None) -> bytes | None:
    """Render ``document`` to .docx: written to ``target`` (a path, atomically, or a binary stream), or returned
    as bytes when ``target`` is None."""
    return deliver(DocxRenderer(document).render(), target)


class DocxRenderer(Renderer):
    """Turns the nodes of one Document into WordprocessingML; one ``render_<kind>`` method per node kind."""

    format_name = "Word"

    def __init__(self, document: Document):
        self.document = document
        self.layout = DocxLayout.from_style(document.style)
        self.styles = StyleSheet(document.style, self.layout)
        self.root = root("document")
        self.body = sub(self.root, "body")
        self.break_before = False
        """A page break is due before the next paragraph (set by render_page_break)."""
        aligns = {
            self.styles.paragraph_style(name): ALIGNMENTS[role.align]
            for name, role in document.style.roles.items()
            if name not in SPAN_ONLY_ROLES
        }
        self.tables = TableWriter(
            REPORT_TABLE, self.styles.paragraph_style("table_header"), self.styles.paragraph_style("table"), aligns
        )

    # ------------------------------------------------------------------ driver

    def render(self) -> bytes:
        """The .docx bytes of the whole document (once per renderer)."""
        if len(self.body):
            raise RenderError("a DocxRenderer renders its document once; make a new one to render again")
        for node in self.document.nodes:
            self.render_node(node)
        self._finish_body()
        number_format = self.document.style.page_number.format
        return build_package(
            document=serialize(self.root),
            styles=self.styles.styles_xml(),
            font_table=self.styles.font_table_xml(),
            footers=(footer_xml(PAGE_NUMBER_ODD, number_format), footer_xml(PAGE_NUMBER_EVEN, number_format)),
            metadata=self.document.metadata,
        )

    # ------------------------------------------------------------------ one method per node kind

    def render_title(self, node: Title) -> None:
        """One paragraph in the title style; the given lines separated by line breaks."""
        paragraph = self._paragraph(self.styles.paragraph_style(node.role))
        for index, line in enumerate(node.lines):
            if index:
                add_line_break(paragraph)
            add_text(paragraph, line)

    def render_heading(self, node: Heading) -> None:
        """The number and text in the heading style of its level (outline level, keep with next)."""
        add_text(self._paragraph(self.styles.paragraph_style(node.role)), node.number + node.text)

    def render_paragraph(self, node: Paragraph) -> None:
        """Spans as runs; a span in another role takes that role's character style."""
        style = self.styles.paragraph_style(node.role)
        if node.outline_level:
            style = self.styles.outline_style(node.role, node.outline_level)
        indent = self._hanging_indent(node) if node.hanging_chars else None
        paragraph = self._paragraph(style, indent)
        for span in node.spans:
            role = span.role if span.role and span.role != node.role else None
            add_text(paragraph, span.text, self.styles.character_style(role) if role else None)

    def render_table(self, node: Table) -> None:
        """Caption above, the table across the text block, the note below (or blank lines to the next text)."""
        if node.caption:
            add_text(self._paragraph(self.styles.paragraph_style("caption")), node.caption)
        elif self.break_before:
            self._page_break_paragraph()
        self.tables.write(self.body, node, self.layout.block_width)
        if node.note:
            add_text(self._paragraph(self.styles.paragraph_style("table_note")), node.note)
        else:
            for _ in range(round(self.document.style.table.space_after)):
                self._paragraph(NORMAL)

    def render_blank_line(self, node: BlankLine) -> None:
        """Empty body paragraphs, one grid line each."""
        for _ in range(node.count):
            self._paragraph(NORMAL)

    def render_signature(self, node: Signature) -> None:
        """Issuer and date per GB/T 9704 7.3.5, held to the last lines of text (see _hold_signature_to_text);
        each placed by its offset from the right edge, or the date by its first character (see _date_place)."""
        self._hold_signature_to_text()
        if node.issuer:
            style = self.styles.paragraph_style("signature")
            issuer = self._paragraph(style, self._right_indent(node.issuer_right_chars))
            if node.date:
                keep_with_next(issuer)
            add_text(issuer, node.issuer)
        if node.date:
            indent, align = self._date_place(node)
            add_text(self._paragraph(self.styles.paragraph_style("date"), indent, align), node.date)

    def render_page_break(self, node: PageBreak) -> None:
        """The next paragraph starts a page (``w:pageBreakBefore``), so no empty line opens the new page."""
        self.break_before = True

    # ------------------------------------------------------------------ helpers

    def _paragraph(
        self, style_id: str, indent: dict[str, int] | None = None, align: str | None = None
    ) -> etree._Element:
        """A new paragraph in ``style_id`` (Normal is implied, as Word writes it), taking a pending page break;
        ``indent`` (``w:ind`` attributes) and ``align`` (``w:jc``) only where a style cannot know them."""
        paragraph = sub(self.body, "p")
        if style_id != NORMAL or self.break_before or indent or align:
            ppr = sub(paragraph, "pPr")
            if style_id != NORMAL:
                val(ppr, "pStyle", style_id)
            if self.break_before:
                flag(ppr, "pageBreakBefore")
                self.break_before = False
            if indent:
                sub(ppr, "ind", indent)
            if align:
                val(ppr, "jc", align)
        return paragraph

    def _page_break_paragraph(self) -> None:
        """A page break where no paragraph can carry it (before a table without a caption, or at the end)."""
        self.break_before = False
        add_page_break(self._paragraph(NORMAL))

    def _right_indent(self, chars: float) -> dict[str, int]:
        """A right indent of ``chars`` body characters: in characters (as Word shows it) and its twips twin."""
        return {"rightChars": round(chars * 100), "right": self.layout.chars(chars)}

    def _date_place(self, node: Signature) -> tuple[dict[str, int], str | None]:
        """The date's indent and alignment. Where GB/T pins its first character — unsealed, the issuer at the
        standard offset, the date starting ``date_offset_chars`` right of the issuer's first character — it is
        left-aligned at that character: digits wider than the model's half character, and the space Word and
        LibreOffice put between digits and Chinese, would shift a right-aligned date. Otherwise its right indent."""
        look = self.document.style.signature
        if look.sealed or not node.issuer or node.issuer_right_chars != look.right_indent_chars:
            return self._right_indent(node.date_right_chars), None
        layout = self.layout
        issuer_start = layout.block_width - layout.chars(node.issuer_right_chars)
        issuer_start -= round(text_width_chars(node.issuer) * layout.char_advance)
        left = issuer_start + round(look.date_offset_chars * layout.char_advance)
        return {"leftChars": round(left * 100 / layout.char_width), "left": left}, "left"

    def _hanging_indent(self, node: Paragraph) -> dict[str, int]:
        """Lines after the first indented by the node's label width, so a wrapped 附件说明 name lines up under
        its first character."""
        hanging = node.hanging_chars
        left = self.document.style.role(node.role).indent_chars + hanging
        return {
            "leftChars": round(left * 100),
            "left": self.layout.chars(left),
            "hangingChars": round(hanging * 100),
            "hanging": self.layout.chars(hanging),
        }

    def _hold_signature_to_text(self) -> None:
        """Keep-with-next on the blank lines above the signature and on the last paragraph of text, which also
        gets widow control: no page holds only the signature (GB/T 9704 7.3.5), and Word carries two lines of
        text over with it. LibreOffice carries the whole paragraph over (and a heading kept with it), leaving
        the page before short; that is its reading of keep-with-next, and the lesser fault."""
        for element in reversed(self.body):
            if element.tag != W + "p":
                return
            keep_with_next(element)
            if element.find(W + "r") is not None:
                set_paragraph_flag(element, "widowControl")
                return

    def _finish_body(self) -> None:
        """A pending page break, the closing paragraph Word wants after a final table, then the section."""
        if self.break_before:
            self._page_break_paragraph()
        if len(self.body) and self.body[-1].tag == W + "tbl":
            self._paragraph(NORMAL)
        self._section_properties()

    def _section_properties(self) -> None:
        """A4, the margins, odd/even footers, and the line grid (``w:docGrid w:type="lines"``)."""
        layout = self.layout
        sect = sub(self.body, "sectPr")
        sub(sect, "footerReference", {"type": "default", f"{R}id": ODD_FOOTER_ID})
        sub(sect, "footerReference", {"type": "even", f"{R}id": EVEN_FOOTER_ID})
        sub(sect, "pgSz", {"w": layout.page_width, "h": layout.page_height})
        sub(sect, "pgMar", {
            "top": layout.margin_top, "right": layout.margin_right, "bottom": layout.margin_bottom,
            "left": layout.margin_left, "header": 851, "footer": layout.footer_distance, "gutter": 0,
        })  # fmt: skip
        sub(sect, "pgNumType", {"fmt": "decimal"})
        sub(sect, "cols", {"space": 425})
        sub(sect, "docGrid", {"type": "lines", "linePitch": layout.line_pitch})
