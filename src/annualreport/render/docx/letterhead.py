"""The 版头 and 版记 of GB/T 9704 (7.2, 7.4) in WordprocessingML: exact-height paragraphs placed by the style's
millimetres (off the document grid, their total a whole number of grid lines) but for the 发文字号 line, a grid
line as body lines are, the red separator line its bottom border; the 版记's lines a table floating at the foot of the text block, the rules its cells'
borders, which Word and LibreOffice both put at the foot of its page. It goes where the PDF put it
(``Imprint.own_page``): after the text on the text's last page, or as a section of its own that starts on an even
page, aligned to the bottom, with footers that carry no page number."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from ...document import Imprint, Letterhead, text_width_chars
from ...style import MM, ImprintLook, Style
from .layout import DocxLayout
from .oxml import (
    PPR_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    child,
    element,
    set_character_spacing,
    set_chars_indent,
    set_fonts,
    set_snap_to_grid,
)

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph

EM_ASCENT = 0.88
"""Top of a CJK glyph's em box above its baseline, in sizes."""

PBDR_ORDER = ("top", "left", "bottom", "right", "between", "bar")


def _exact(paragraph: Paragraph, height_pt: float, before_pt: float = 0.0) -> None:
    """An exact line height, space before, no space after, off the grid (positions in points are kept)."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Twips(max(1, round(height_pt * 20)))
    fmt.line_spacing_rule = 4  # WD_LINE_SPACING.EXACTLY
    _flush(paragraph, before_pt)
    set_snap_to_grid(paragraph._p.get_or_add_pPr(), False)


def _flush(paragraph: Paragraph, before_pt: float) -> None:
    """``before_pt`` of space above, none below, no indent, no widow control; the body style's single spacing on
    the document grid otherwise, where Word and LibreOffice place the text in its grid line as they place the
    body's and as the PDF does (the 发文字号 line: in an exact-height line LibreOffice set it 1 mm lower than
    the PDF, on the grid 0.4 mm)."""
    fmt = paragraph.paragraph_format
    fmt.space_before = Twips(max(0, round(before_pt * 20)))
    fmt.space_after = Twips(0)
    fmt.first_line_indent = Twips(0)
    fmt.left_indent = Twips(0)
    fmt.right_indent = Twips(0)
    fmt.widow_control = False
    set_chars_indent(paragraph._p.get_or_add_pPr(), firstLine=0)  # the body style's two characters, in characters


def _run(paragraph: Paragraph, text: str, style: Style, role: str, size: float | None = None,
         color: str | None = None, spacing: int | None = None) -> None:  # fmt: skip
    run = paragraph.add_run(text)
    look = style.role(role)
    run.font.size = Pt(round((size or look.size_pt) * 2) / 2)
    run.font.bold = look.bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
    rpr = run._r.get_or_add_rPr()
    set_fonts(rpr, style.family(role))
    if spacing:
        set_character_spacing(rpr, spacing)


def write_letterhead(word: WordDocument, add: object, node: Letterhead, style: Style, layout: DocxLayout) -> float:
    """The 版头's paragraphs (``add(alignment)`` makes each); returns their height in points."""
    page = style.page
    look = style.letterhead
    pitch = layout.line_pitch / 20
    cell = page.char_cell_pt
    width = page.block_width_pt
    spacing = layout.char_spacing
    used = 0.0
    for role, value in (("copy_number", node.copy_number), ("classification", node.classification),
                        ("urgency", node.urgency)):  # fmt: skip
        if value:
            p = add(WD_ALIGN_PARAGRAPH.LEFT)
            _exact(p, pitch)
            _run(p, value, style, role, spacing=spacing)
            used += pitch
    number_top: float | None = None
    if node.organs:
        size = style.role("organ_mark").size_pt
        lines = node.mark_lines
        suffix_w = text_width_chars(node.suffix)
        names_w = max(map(text_width_chars, lines))
        total = names_w + suffix_w + (0.5 if node.suffix and len(lines) > 1 else 0)
        size = min(size, width / total) if total else size
        step = size * (1 + look.mark_line_gap)
        top = look.mark_top_mm * MM
        for i, line in enumerate(lines):
            p = add(WD_ALIGN_PARAGRAPH.CENTER)
            # the line box is one step high, the em box at its top: LibreOffice and Word put the baseline at
            # the box's bottom less the descent, so the box starts a step less the size above the em box
            height = step if i else size * 1.0
            before = (top - used) if i == 0 else 0.0
            _exact(p, height, before)
            text = line + (node.suffix if (len(lines) == 1 or i == len(lines) // 2) and node.suffix else "")
            _run(p, text, style, "organ_mark", size=size, color=look.color)
            used = top + size + i * step if i == 0 else used + height
        number_top = used + look.blank_lines_after_mark * pitch
    elif node.document_number or node.signers:
        number_top = used
    if number_top is not None:
        rows = [node.signers[i : i + 2] for i in range(0, len(node.signers), 2)] or [()]
        for r, pair in enumerate(rows):
            p = add(WD_ALIGN_PARAGRAPH.LEFT if node.signers else WD_ALIGN_PARAGRAPH.CENTER)
            _flush(p, number_top - used if r == 0 else 0.0)
            used = number_top + (r + 1) * pitch
            stops = p.paragraph_format.tab_stops
            indent = Twips(round(look.indent_chars * cell * 20))
            if node.signers:
                stops.add_tab_stop(indent, WD_TAB_ALIGNMENT.LEFT)
                stops.add_tab_stop(Twips(round(width * 20) - round(look.indent_chars * cell * 20)), WD_TAB_ALIGNMENT.RIGHT)
                if r == len(rows) - 1 and node.document_number:
                    _run(p, "\t", style, "document_number")
                    _run(p, node.document_number, style, "document_number", spacing=spacing)
                _run(p, "\t", style, "signer")
                _run(p, node.SIGNER_LABEL if r == 0 else "\u3000" * len(node.SIGNER_LABEL), style, "signer", spacing=spacing)
                _run(p, "\u3000".join(pair), style, "signer_name", spacing=spacing)
            elif node.document_number:
                _run(p, node.document_number, style, "document_number", spacing=spacing)
            last = p
        # the red line: the last number line's bottom border, rule_below_number_mm below the number's lower edge
        size = style.role("document_number").size_pt
        lower = pitch / 2 + 0.38 * size + (1 - EM_ASCENT) * size  # the number's lower edge below its line's top
        space = max(0.0, look.rule_below_number_mm * MM - (pitch - lower))
        ppr = last._p.get_or_add_pPr()
        borders = child(ppr, "pBdr", PPR_ORDER)
        eighths = max(2, min(96, round(look.rule_mm * MM * 8)))
        child(borders, "bottom", PBDR_ORDER, {"val": "single", "sz": eighths, "space": round(space),
                                              "color": look.color.lstrip("#").upper()})  # fmt: skip
        used += round(space) + eighths / 8
    lines = math.ceil(used / pitch - 1e-6) + (look.blank_lines_after_rule if number_top is not None else 0)
    filler = lines * pitch - used
    if filler > 0.05:
        p = add(WD_ALIGN_PARAGRAPH.LEFT)
        _exact(p, filler)
    return lines * pitch


def write_imprint(word: WordDocument, add: object, node: Imprint, style: Style, layout: DocxLayout) -> None:
    """The 版记 where the PDF put it (``Imprint.own_page``): its lines float at the foot of the text's last page,
    or, on a page of its own, they are the last section, which starts on an even page (Word and LibreOffice insert
    a blank page when the text ends on an even page), its content aligned to the bottom, its footers empty."""
    look = style.imprint
    if node.own_page is not False:
        _imprint_section(word, add)
    pitch = style.line_pitch("imprint")
    cell = style.page.char_cell_pt
    width = style.page.block_width_pt
    indent = Twips(round(look.indent_chars * cell * 20))
    color = look.color.lstrip("#").upper()

    paragraphs = []
    if node.copy_to:
        p = add(WD_ALIGN_PARAGRAPH.JUSTIFY)
        _exact(p, pitch)
        hang = text_width_chars(node.copy_to_label) * style.role("imprint").size_pt
        p.paragraph_format.left_indent = Twips(round(look.indent_chars * cell * 20 + hang * 20))
        p.paragraph_format.first_line_indent = Twips(-round(hang * 20))
        p.paragraph_format.right_indent = indent
        _run(p, node.copy_to_label + node.copy_to, style, "imprint")
        paragraphs.append(p)
    p = add(WD_ALIGN_PARAGRAPH.LEFT)
    _exact(p, pitch)
    p.paragraph_format.tab_stops.add_tab_stop(indent, WD_TAB_ALIGNMENT.LEFT)
    p.paragraph_format.tab_stops.add_tab_stop(Twips(round(width * 20) - round(look.indent_chars * cell * 20)), WD_TAB_ALIGNMENT.RIGHT)
    _run(p, "\t" + node.printed_by + ("\t" + node.printed_on if node.printed_on else ""), style, "imprint")
    paragraphs.append(p)
    _float_at_foot(word, add, paragraphs, round(style.page.margin_left_mm * MM * 20), round(width * 20), color, look)


def _imprint_section(word: WordDocument, add: object) -> None:
    """Start the 版记's section: on an even page, bottom-aligned, with footers that hold no page number.

    The section opens with a 1 pt paragraph: LibreOffice drops an even-page break whose section starts with a
    floating table (the 版记 of a one-page text came out on page 1). Each empty footer is one exact-height paragraph
    as tall as the bottom margin's room above the footer: LibreOffice gives the footers of an even-page section
    5 mm instead of the first section's height, which put the 版记 6.8 mm under the text block; Word, whose footer
    grows upwards from the footer distance, sees a footer that just fits."""
    body = word.element.body
    last_p = body.xpath("./w:p")[-1] if body.xpath("./w:p") else None
    new = word.add_section(WD_SECTION.EVEN_PAGE)
    # python-docx put the old section's sectPr into a new empty paragraph: move it into the text's last paragraph,
    # so no empty line is added below the text
    breaker = body.xpath("./w:p")[-1]
    sect = breaker.pPr.sectPr
    if last_p is not None and last_p is not breaker:
        last_p.get_or_add_pPr().append(sect)
        body.remove(breaker)
    sect_pr = new._sectPr
    v_align = element("vAlign", {"val": "bottom"})
    after = [qn(t) for t in ("w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings")]
    follower = next((c for c in sect_pr if c.tag in after), None)
    if follower is not None:
        follower.addprevious(v_align)
    else:
        sect_pr.append(v_align)
    room = max(0, (new.bottom_margin or 0) - (new.footer_distance or 0)) // 635 - 10  # EMU to twips, a hair under
    for footer in (new.footer, new.even_page_footer, new.first_page_footer):
        footer.is_linked_to_previous = False
        if room > 0:
            _exact(footer.paragraphs[0], room / 20)
    lead = add(WD_ALIGN_PARAGRAPH.LEFT)
    _exact(lead, 1)


def _float_at_foot(word: WordDocument, add: object, paragraphs: list[Paragraph], left: int, width: int, color: str,
                   look: ImprintLook) -> None:  # fmt: skip
    """The 版记 lines as a one-column table floating at the foot of the text block (``w:tblpPr``: bottom of the
    margin, the block's left edge from the page's), the rules its cells' top and bottom borders. LibreOffice honours
    neither a section's bottom alignment nor ``w:framePr`` on paragraphs with differing borders, but it floats this
    table to the foot of its page. It floats only a table narrower than the text area, or one placed from the
    page's edge: hence the ``horzAnchor="page"`` with the left margin rather than centred on the margin."""
    table = word.add_table(rows=len(paragraphs), cols=1)
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    place = {"leftFromText": 0, "rightFromText": 0, "topFromText": 0, "bottomFromText": 0, "vertAnchor": "margin",
             "horzAnchor": "page", "tblpX": left, "tblpYSpec": "bottom"}  # fmt: skip
    child(tbl_pr, "tblpPr", TBLPR_ORDER, place)
    child(tbl_pr, "tblW", TBLPR_ORDER, {"w": width, "type": "dxa"})
    child(tbl_pr, "tblLayout", TBLPR_ORDER, {"type": "fixed"})
    margins = child(tbl_pr, "tblCellMar", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        margins.append(element(side, {"w": 0, "type": "dxa"}))
    for column in tbl.tblGrid.gridCol_lst:
        column.set(qn("w:w"), str(width))

    def border(mm: float) -> dict[str, object]:
        return {"val": "single", "sz": max(2, round(mm * MM * 8)), "space": 0, "color": color}

    last = len(paragraphs) - 1
    for index, (row, paragraph) in enumerate(zip(table.rows, paragraphs)):
        tc = row.cells[0]._tc
        tc_pr = tc.get_or_add_tcPr()
        child(tc_pr, "tcW", TCPR_ORDER, {"w": width, "type": "dxa"})
        borders = child(tc_pr, "tcBorders", TCPR_ORDER)
        borders.append(element("top", border(look.thick_mm if index == 0 else look.thin_mm)))
        borders.append(element("left", {"val": "nil"}))
        borders.append(element("bottom", border(look.thick_mm if index == last else look.thin_mm)))
        borders.append(element("right", {"val": "nil"}))
        for empty in tc.xpath("./w:p"):
            tc.remove(empty)
        tc.append(paragraph._p)
    anchor = add(WD_ALIGN_PARAGRAPH.LEFT)  # a body ends with a paragraph; the table floats from it
    _exact(anchor, 1)
