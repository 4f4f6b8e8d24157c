"""The prepared package a report's body goes into: the lean template or a reference document, with the style
sheet, page set-up, page-number footers and font table — made once per style and reference in a process and
copied for each render."""

from __future__ import annotations

import io
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.shared import Emu, Twips

from ...errors import RenderError
from ...style import Style
from .layout import DocxLayout
from .package import ZIP_EPOCH, pack, package_entries
from .oxml import add_field, add_text, apply_paragraph_style, font_table, set_doc_grid
from .reference import ReferenceFile, open_reference
from .fonts import FontEntry
from .styles import SheetState, StyleSheet
from .template import template_bytes

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.section import Section

HEADER_DISTANCE = 851
"""Top of the page to the header (15 mm, Word's Chinese default); the report has no header."""

CACHE_SIZE = 8
"""Prepared packages kept per process (one per style and reference in use)."""


@dataclass(frozen=True, slots=True)
class Base:
    """A prepared package and what the renderer needs to know of it."""

    data: bytes
    """The package: python-docx's entries, stored uncompressed (reopening skips inflating them)."""
    sheet: SheetState
    """The style sheet's ids by role, and which styles the reference gave."""
    block_width: int
    """Width between the section's margins in twips: the reference's page set-up when it has one."""


_cache: OrderedDict[tuple[str, str | None], Base] = OrderedDict()


def open_base(style: Style, layout: DocxLayout, reference: ReferenceFile | None) -> tuple[WordDocument, StyleSheet, Base]:
    """A fresh python-docx Document of the prepared package for ``style`` and ``reference``, its style sheet, and
    the Base it was opened from. The first call for a style and reference prepares the package (20–50 ms, mostly
    python-docx making ~40 styles); later calls open a copy of it (~2 ms). Keyed by the style's content and the
    reference's SHA-256, so an edited style or reference is prepared afresh."""
    key = (style.model_dump_json(), reference.digest if reference else None)
    base = _cache.get(key)
    if base is None:
        base = prepare(style, layout, reference)
        _cache[key] = base
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    else:
        _cache.move_to_end(key)
    word = docx.Document(io.BytesIO(base.data))
    return word, StyleSheet(word, style, layout, base.sheet), base


def clear_cache() -> None:
    """Forget the prepared packages (tests)."""
    _cache.clear()


def prepare(style: Style, layout: DocxLayout, reference: ReferenceFile | None) -> Base:
    """Open the template (or the reference, its body removed), make or find the styles, set up the page where the
    reference does not, add page-number footers unless it has footers, write the font table; save."""
    word = docx.Document(io.BytesIO(template_bytes())) if reference is None else open_reference(reference)
    sheet = StyleSheet(word, style, layout)
    section = _section(word)
    _page_setup(word, section, layout)
    footers = (section.footer, section.even_page_footer, section.first_page_footer)
    if all(footer.is_linked_to_previous for footer in footers):  # else the reference's footers stand
        _page_number_footers(word, section, sheet, style.page_number.format)
    _font_table(word, sheet.fonts)
    data = pack(package_entries(word), ZIP_EPOCH, zipfile.ZIP_STORED)
    return Base(data, sheet.state(), _block_width(section, layout))


def _section(word: WordDocument) -> Section:
    """The document's one section (a body without ``w:sectPr`` gets one)."""
    word.element.body.get_or_add_sectPr()
    return word.sections[-1]


def _block_width(section: Section, layout: DocxLayout) -> int:
    """Twips between the section's left and right margins (the style's when the section does not say)."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None:
        return layout.block_width
    return Emu(width - left - right).twips


def _page_setup(word: WordDocument, section: Section, layout: DocxLayout) -> None:
    """Paper, margins and the line grid — each only where the package has none (a reference's page set-up
    stands): python-docx's ``Section`` for size and margins, raw ``w:docGrid`` for the grid."""
    sect_pr = word.element.body.sectPr
    if sect_pr.pgSz is None:
        section.page_width = Twips(layout.page_width)
        section.page_height = Twips(layout.page_height)
    if sect_pr.pgMar is None:
        section.top_margin = Twips(layout.margin_top)
        section.right_margin = Twips(layout.margin_right)
        section.bottom_margin = Twips(layout.margin_bottom)
        section.left_margin = Twips(layout.margin_left)
        section.header_distance = Twips(HEADER_DISTANCE)
        section.footer_distance = Twips(layout.footer_distance)
        section.gutter = Twips(0)
    if sect_pr.find(qn("w:docGrid")) is None:
        set_doc_grid(sect_pr, layout.line_pitch)


def _page_number_footers(word: WordDocument, section: Section, sheet: StyleSheet, number_format: str) -> None:
    """Two footers (odd pages, even pages), each one paragraph: the format's text around a PAGE field
    ("— 1 —"), in the page-number styles."""
    before, marker, after = number_format.partition("{n}")
    if not marker:
        raise RenderError(f"page_number.format must contain {{n}} where the number goes (not {number_format!r})")
    odd, even = sheet.page_number_styles()
    for footer, style in ((section.footer, odd), (section.even_page_footer, even)):
        footer.is_linked_to_previous = False  # python-docx adds the footer part and its reference
        paragraph = footer.paragraphs[0]
        apply_paragraph_style(paragraph, style.style_id)
        add_text(paragraph, before)
        add_field(paragraph, "PAGE", "1")
        add_text(paragraph, after)
    word.settings.odd_and_even_pages_header_footer = True


def _font_table(word: WordDocument, fonts: dict[str, FontEntry]) -> None:
    """The font table: the package's own entries (a reference's), then every family the made styles name. python-docx
    reads fontTable.xml as an opaque part and has no font-table API: the part is replaced by an ``XmlPart``."""
    part = word.part
    existing = next((rel for rel in part.rels.values() if rel.reltype == RT.FONT_TABLE and not rel.is_external), None)
    if existing is not None and (not fonts or len(existing.target_part.rels)):
        return  # nothing to add, or a table with embedded fonts (its own relationships): left as it is
    blob = existing.target_part.blob if existing is not None else None
    if existing is not None:
        part.drop_rel(existing.rId)
    table = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, font_table(fonts.values(), blob), part.package)
    part.relate_to(table, RT.FONT_TABLE)
