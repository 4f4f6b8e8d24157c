"""The Word style sheet: one paragraph style per role, character styles for span roles, the table style, the fonts.

Each style is found by name in the package (a reference document's own), or made with python-docx's style API
(``Styles.add_style``, ``base_style``, ``font``, ``paragraph_format`` …) plus the raw properties of ``oxml.py``.
The sheet holds the style objects; the renderer asks for them by role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.styles.style import BaseStyle, StyleFactory

from ...errors import RenderError
from ...style import OPTIONAL_ROLES, Role, Style
from .layout import DocxLayout, pt_to_twips
from .oxml import (
    PPR_ORDER,
    STYLE_ORDER,
    TBLPR_ORDER,
    child,
    doc_defaults,
    set_character_spacing,
    set_chars_indent,
    set_complex_script_bold,
    set_complex_script_size,
    set_fonts,
    set_outline_level,
    set_auto_space_off,
    set_overflow_punctuation,
    set_snap_to_grid,
    set_style_aliases,
    set_style_link,
    style_aliases,
    style_by_id,
)
from .fonts import FontEntry, font_entry

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

BUILTIN_STYLES: dict[str, tuple[str, str]] = {
    "body": ("Normal", "Normal"),
    "title": ("Title", "Title"),
    "subtitle": ("Subtitle", "Subtitle"),
    "heading1": ("Heading1", "heading 1"),
    "heading2": ("Heading2", "heading 2"),
    "heading3": ("Heading3", "heading 3"),
    "heading4": ("Heading4", "heading 4"),
    "caption": ("Caption", "caption"),
    "signature": ("Signature", "Signature"),
    "date": ("Date", "Date"),
    "table": ("TableText", "Table Text"),
    "page_number": ("Footer", "footer"),
}
"""Roles that map to Word's built-in styles (by their built-in names, which Word localises: 标题 1, 题注 …),
so that the navigation pane, tables of contents and figure lists find them."""

CHINESE_NAMES: dict[str, str] = {
    "Speaker": "讲话人",
    "Recipient": "主送机关",
    "Table Text": "表格文字",
    "Table Header": "表头文字",
    "Table Note": "表注",
    "Attachment List": "附件说明",
    "Heading Subtitle": "标题第二行",
    "Note": "附注",
    "Attachment Label": "附件标识",
    "Attachment Title": "附件标题",
    "Lead": "段首语",
    "Page Number Odd": "奇数页页码",
    "Page Number Even": "偶数页页码",
    "Report Table": "报告表格",
    **{f"Run-in Heading {level}": f"段首标题 {level}" for level in range(1, 10)},
}
"""The names a 文秘 sees in Word's style gallery for our own styles (``w:name``); the English name stays as the
style's alias (``w:aliases``), by which a reference document made in English or by an earlier release still matches.
Word's built-in styles keep their built-in names, which Word shows in the user's language."""

LOCALISED: dict[str, str] = {
    "Normal": "正文", "Title": "标题", "Subtitle": "副标题", "Caption": "题注", "Signature": "签名", "Date": "日期",
    **{f"Heading {level}": f"标题 {level}" for level in range(1, 10)},
}  # fmt: skip
"""How Chinese Word shows the built-in styles: the base of a linked character style's Chinese name (标题 1 字符)."""

ENGLISH_NAMES = {chinese: english for english, chinese in CHINESE_NAMES.items()}


def chinese_name(english: str) -> str | None:
    """The Chinese name of our style called ``english`` (Table Text → 表格文字; Heading 1 Char → 标题 1 字符, as
    Chinese Word names a linked character style; Note Level 3 → 附注 3级), or None to keep the English one."""
    if english in CHINESE_NAMES:
        return CHINESE_NAMES[english]
    base, char, _ = english.rpartition(" Char")
    if char and base:
        found = chinese_name(base) or LOCALISED.get(base)
        return f"{found} 字符" if found else None
    base, level, number = english.rpartition(" Level ")
    if level and base and number.isdigit():
        found = chinese_name(base) or LOCALISED.get(base)
        return f"{found} {number}级" if found else None
    return None


def english_name(style: BaseStyle) -> str:
    """The English name of ``style``: its alias when we gave it a Chinese name, else its (UI) name."""
    name = style.name or ""
    return ENGLISH_NAMES.get(name, name)


SPAN_ONLY_ROLES = frozenset({"lead"})
OPTIONAL_PARAGRAPH_ROLES = frozenset({"heading_subtitle"})
"""Optional roles (``style.OPTIONAL_ROLES``) that are paragraphs of their own, with a paragraph style."""
BROKEN_ROLES = frozenset({"title", "subtitle", "attachment_title", "caption", "signature"})
"""Roles whose lines the build breaks (document/titles.py): Word must not widen them (no auto-spacing)."""
"""Roles used only for spans: they get a character style and no paragraph style."""

HEADING_LEVELS = {"heading1": 1, "heading2": 2, "heading3": 3, "heading4": 4}
"""Heading roles and their levels; Word's outline level is the level minus one."""

NORMAL = "Normal"
DEFAULT_FONT = "DefaultParagraphFont"
TABLE_NORMAL = "TableNormal"
REPORT_TABLE = "ReportTable"
PAGE_NUMBER_ODD = "PageNumberOdd"
PAGE_NUMBER_EVEN = "PageNumberEven"

ALIGNMENTS = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
"""Style alignments to python-docx's (``w:jc`` both, left, center, right)."""

_KIND = {
    WD_STYLE_TYPE.PARAGRAPH: "paragraph",
    WD_STYLE_TYPE.CHARACTER: "character",
    WD_STYLE_TYPE.TABLE: "table",
}


def role_style_name(role: str) -> tuple[str, str]:
    """The (styleId, name) of the paragraph style of ``role``: built-in, or named after the role."""
    if role in BUILTIN_STYLES:
        return BUILTIN_STYLES[role]
    words = role.replace("-", "_").split("_")
    return "".join(word.capitalize() for word in words), " ".join(word.capitalize() for word in words)


def style_key(kind: WD_STYLE_TYPE, name: str) -> tuple[str, str]:
    """How styles are matched: by type and by name as stored (``heading 1``), case-insensitively, as Word does."""
    return _KIND.get(kind, "?"), name.casefold()


@dataclass(frozen=True, slots=True)
class SheetState:
    """What a sheet knows of its package, to hold the same styles again in a copy of it."""

    ids: dict[str, str]
    """Style ids by key: ``paragraph:<role>``, ``character:<role>``, ``outline:<role>:<level>``, ``table``,
    ``page_number_odd``, ``page_number_even``."""
    taken: tuple[str, ...]
    """Names of the styles found in the package (a reference's) rather than made."""
    default_paragraph_id: str | None
    """The default paragraph style's id: paragraphs in it carry no ``w:pStyle``, as Word writes them."""
    optional: tuple[str, ...]
    """Keys of styles made in case a document needs them (run-in headings), removed from one that does not."""
    alignments: dict[str, WD_ALIGN_PARAGRAPH | None]
    """The alignment the table-cell styles give (following basedOn), by role: ``table``, ``table_header``."""


class StyleSheet:
    """The styles of one package, by role: found by name (a reference document's), else made here.

    Made styles are complete in themselves — font, size, spacing, indent, alignment — so that one falling back
    next to a reference's Normal still looks as the report's style says.
    """

    def __init__(self, document: WordDocument, style: Style, layout: DocxLayout, state: SheetState | None = None):
        """Find or make every style of ``style`` in ``document``; or, given the ``state`` of a sheet made before in
        a copy of the same package, hold the same styles (looked up when first asked for)."""
        self.styles = document.styles
        self.style = style
        self.layout = layout
        self.fonts: dict[str, FontEntry] = {}
        """Families the made styles name, in order of first use, with their font-table entries."""
        self._held: dict[str, BaseStyle] = {}
        self._found_by_name: dict[tuple[str, str], BaseStyle] | None = None
        self._used: set[str] = set()
        if state is None:
            self._ids: dict[str, str] = {}
            self.taken: list[str] = []
            """Names of the styles found in the package rather than made (a reference's)."""
            self._optional: tuple[str, ...] = ()
            self._write_sheet()
            self.alignments = {role: self.alignment_of(self.paragraph_style(role)) for role in ("table", "table_header")}
        else:
            self._ids = dict(state.ids)
            self.taken = list(state.taken)
            self._optional = state.optional
            self.default_paragraph_id = state.default_paragraph_id
            self.alignments = dict(state.alignments)

    def state(self) -> SheetState:
        """What to hand a sheet over a copy of this package (see ``base.py``)."""
        return SheetState(dict(self._ids), tuple(self.taken), self.default_paragraph_id, self._optional,
                          dict(self.alignments))  # fmt: skip

    def remove_unused(self) -> None:
        """Delete the optional styles (run-in headings made in advance) the document did not use
        (``BaseStyle.delete``), so its styles are those it needs, whatever the prepared package held."""
        for key in self._optional:
            if key not in self._used:
                self.held(key).delete()

    # ------------------------------------------------------------------ lookups used by the renderer

    def held(self, key: str) -> BaseStyle:
        """The style object of ``key`` (see ``SheetState.ids``)."""
        style = self._held.get(key)
        if style is None:
            element = style_by_id(self.styles.element, self._ids[key])
            style = self._held[key] = StyleFactory(element)
        return style

    def paragraph_style(self, role: str) -> BaseStyle:
        """The paragraph style of ``role``."""
        return self.held(self._paragraph_key(role))

    def paragraph_id(self, role: str) -> str | None:
        """The id a paragraph in ``role`` refers to, or None when that is the default style (Normal)."""
        key = self._paragraph_key(role)
        self._used.add(key)
        style_id = self._ids[key]
        return None if style_id == self.default_paragraph_id else style_id

    def _paragraph_key(self, role: str) -> str:
        key = f"paragraph:{role}"
        if key not in self._ids:
            known = ", ".join(sorted(k.split(":", 1)[1] for k in self._ids if k.startswith("paragraph:")))
            raise RenderError(f"no paragraph style for role {role!r} (the style defines {known})")
        return key

    def character_id(self, role: str) -> str:
        """The id of the character style for span role ``role`` (found or made on first use)."""
        key = f"character:{role}"
        if key not in self._ids:
            self._remember(key, self._character_style(role))
        return self._ids[key]

    def outline_id(self, role: str, level: int) -> str:
        """A style like ``role``'s carrying outline level ``level`` (a run-in numbered point), on first use."""
        key = f"outline:{role}:{level}"
        if key not in self._ids:
            self._remember(key, self._outline_style(role, level))
        self._used.add(key)
        return self._ids[key]

    def page_number_styles(self) -> tuple[BaseStyle, BaseStyle]:
        """The odd- and even-page number styles."""
        return self.held("page_number_odd"), self.held("page_number_even")

    def table_style(self) -> BaseStyle:
        """The table style of report tables."""
        return self.held("table")

    def alignment_of(self, style: BaseStyle) -> WD_ALIGN_PARAGRAPH | None:
        """The alignment ``style`` gives, following its base styles (None: Word's default, left)."""
        seen = 0
        current: BaseStyle | None = style
        while current is not None and seen < 20:  # a reference could loop its basedOn chain
            alignment = current.paragraph_format.alignment
            if alignment is not None:
                return alignment
            current, seen = current.base_style, seen + 1
        return None

    @property
    def _found(self) -> dict[tuple[str, str], BaseStyle]:
        """Every style of the package by type and by name or alias (built when first needed); a name wins over
        another style's alias."""
        if self._found_by_name is None:
            found: dict[tuple[str, str], BaseStyle] = {}
            styles = list(self.styles)
            for s in styles:
                for alias in style_aliases(s.element):
                    found.setdefault(style_key(s.type, alias), s)
            for s in styles:
                found[style_key(s.type, s.element.name_val or "")] = s
            self._found_by_name = found
        return self._found_by_name

    # ------------------------------------------------------------------ finding and making styles

    def _remember(self, key: str, style: BaseStyle) -> BaseStyle:
        self._held[key] = style
        self._ids[key] = style.style_id
        return style

    def _find(self, kind: WD_STYLE_TYPE, name: str) -> BaseStyle | None:
        """The package's style of type ``kind`` called ``name`` (English), or by its Chinese name, or with either
        as an alias."""
        found = self._found.get(style_key(kind, name))
        chinese = chinese_name(name)
        if found is None and chinese:
            found = self._found.get(style_key(kind, chinese))
        if found is not None and found.name not in self.taken:
            self.taken.append(found.name)
        return found

    def _add(self, kind: WD_STYLE_TYPE, style_id: str, name: str, *, builtin: bool, based_on: BaseStyle | None = None,
             default: bool = False, next_style: BaseStyle | None = None, priority: int | None = None,
             quick: bool = False, semi_hidden: bool = False) -> BaseStyle:  # fmt: skip
        """A new style through python-docx (``add_style``, ``style_id``, ``base_style`` …), its id kept unless a
        style of another name holds it already; one of ours gets its Chinese name with ``name`` as its alias."""
        chinese = chinese_name(name)
        made = self.styles.add_style(chinese or name, kind, builtin=builtin)
        if chinese:
            set_style_aliases(made.element, name)
        taken_ids = {s.style_id for s in self._found.values()}
        unique, number = style_id, 1
        while unique in taken_ids:
            number += 1
            unique = f"{style_id}{number}"
        made.style_id = unique
        if default:
            made.element.default = True  # python-docx has no API to make a style the default of its type
        if based_on is not None:
            made.base_style = based_on
        if next_style is not None:
            made.next_paragraph_style = next_style
        if priority is not None:
            made.priority = priority
        if semi_hidden:
            made.hidden = True
            made.unhide_when_used = True
        if quick:
            made.quick_style = True
        self._found[style_key(kind, name)] = made
        if chinese:
            self._found[style_key(kind, chinese)] = made
        return made

    def _write_sheet(self) -> None:
        roles = self.style.roles
        self.write_doc_defaults()
        self._remember("paragraph:body", self._role_style("body", roles["body"]))
        default = self.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_paragraph_id = default.style_id if default is not None else None
        if self._find(WD_STYLE_TYPE.CHARACTER, "Default Paragraph Font") is None:
            self._add(WD_STYLE_TYPE.CHARACTER, DEFAULT_FONT, "Default Paragraph Font", builtin=True, default=True,
                      priority=1, semi_hidden=True)  # fmt: skip
        self._table_normal()
        optional: list[str] = []
        for name, role in roles.items():
            if name in OPTIONAL_ROLES and name not in OPTIONAL_PARAGRAPH_ROLES:
                continue
            if name != "body" and name not in SPAN_ONLY_ROLES and name != "page_number":
                before = len(self.taken)
                self._remember(f"paragraph:{name}", self._role_style(name, role))
                if name in OPTIONAL_PARAGRAPH_ROLES and len(self.taken) == before:  # made: removed when unused
                    optional.append(f"paragraph:{name}")
        for name in sorted(SPAN_ONLY_ROLES & roles.keys()) + [r for r in HEADING_LEVELS if r in roles]:
            self._remember(f"character:{name}", self._character_style(name))
        self._page_number_styles()
        self._remember("table", self._report_table())
        # Run-in numbered points (build_point) are body paragraphs at levels 1–4: their styles are made here, once,
        # and each render removes those its document does not use (remove_unused) — cheaper than making the
        # used ones in every render, and the output holds the same styles either way.
        for level in HEADING_LEVELS.values():
            key = f"outline:body:{level}"
            before = len(self.taken)
            self._remember(key, self._outline_style("body", level))
            if len(self.taken) == before:  # made, not the reference's
                optional.append(key)
        self._optional = tuple(optional)

    def _role_style(self, role_name: str, role: Role) -> BaseStyle:
        style_id, name = role_style_name(role_name)
        found = self._find(WD_STYLE_TYPE.PARAGRAPH, name)
        if found is not None:
            return found
        level = HEADING_LEVELS.get(role_name)
        is_normal = style_id == NORMAL
        normal = None if is_normal else self.held("paragraph:body")
        made = self._add(
            WD_STYLE_TYPE.PARAGRAPH,
            style_id,
            name,
            builtin=role_name in BUILTIN_STYLES,
            default=is_normal,
            based_on=normal,
            next_style=normal,
            priority=9 if level else None,
            quick=is_normal or level is not None or role_name in ("title", "subtitle"),
        )
        self._paragraph_format(made, role_name, role, outline_level=level)
        self._font(made, role)
        return made

    def _paragraph_format(self, made: BaseStyle, role_name: str, role: Role, *, outline_level: int | None) -> None:
        """Keep-with-next, grid, spacing in body lines, first-line indent, alignment, outline level."""
        layout, look = self.layout, self.style.table
        before, after = role.space_before, role.space_after
        if role_name == "caption":
            before = max(before, look.space_before)
        elif role_name == "table_note":
            after = max(after, look.space_after)
        fmt = made.paragraph_format
        ppr = made.element.get_or_add_pPr()
        if role.keep_with_next:
            fmt.keep_with_next = True
        if role_style_name(role_name)[0] == NORMAL:
            # Word's default, written out: punctuation may hang past the margin, so lines keep 28 cells.
            # LibreOffice 7.4 reads this flag inverted (overflowPunct on = no hanging punctuation), which keeps
            # punctuation inside the block there and avoids its losing a hanging 。or，at a justified line end.
            # It ignores the flag in docDefaults, hence on Normal.
            set_overflow_punctuation(ppr)
            set_auto_space_off(ppr)
        if role.line_pitch_pt or role.size_pt > layout.body_size_pt:
            # Table text keeps its own leading; title-sized text takes exactly one pitch per line (below).
            set_snap_to_grid(ppr, False)
        if role_name in BROKEN_ROLES:
            # Their lines come broken by the build, measured to fit (document/titles.py): Word's and
            # LibreOffice's space between Chinese and Latin letters or digits would widen them past it.
            child(ppr, "autoSpaceDE", PPR_ORDER, {"val": 0})
            child(ppr, "autoSpaceDN", PPR_ORDER, {"val": 0})
        fmt.space_before = Twips(layout.lines(before))
        fmt.space_after = Twips(layout.lines(after))
        if role.line_pitch_pt:
            fmt.line_spacing = Twips(pt_to_twips(role.line_pitch_pt))  # a length: lineRule exact
        elif role.size_pt > layout.body_size_pt:
            # Title-sized text: exactly one grid pitch per line, not snapped, whatever the face's ascent and
            # descent (snapped single spacing gives a face taller than the pitch two grid lines, and a two-line
            # title a gap between its lines); starting on a grid line, the text after it stays on the grid.
            fmt.line_spacing = Twips(layout.line_pitch)
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # on the grid: one grid line per line
        self._first_line_indent(made, role)
        fmt.alignment = ALIGNMENTS[role.align]
        if outline_level:
            set_outline_level(ppr, outline_level - 1)

    def _first_line_indent(self, made: BaseStyle, role: Role) -> None:
        """First-line indent in characters (``w:firstLineChars``, what Word shows as 字符, and what it reads first)
        with its twips twin for other readers. The style counts body characters; Word counts characters of the
        paragraph's own size, so other sizes are converted. Always written: Normal's 2 characters must not leak."""
        made.paragraph_format.first_line_indent = Twips(self.layout.chars(role.indent_chars))
        chars = role.indent_chars * self.layout.body_size_pt / role.size_pt
        set_chars_indent(made.element.pPr, firstLine=round(chars * 100))

    def _font(self, made: BaseStyle, role: Role, *, spacing: bool = True) -> None:
        """Fonts, weight, character spacing and size; grid-sized text gets the grid's character spacing."""
        made.font.size = Pt(role.size_pt)
        if role.bold:
            made.font.bold = True
        rpr = made.element.get_or_add_rPr()
        self._fonts(rpr, role.font)
        if role.bold:
            set_complex_script_bold(rpr)
        if spacing:
            on_grid = role.size_pt == self.layout.body_size_pt and not role.line_pitch_pt
            set_character_spacing(rpr, self.layout.char_spacing if on_grid else 0)
        set_complex_script_size(rpr, round(role.size_pt * 2))

    def _fonts(self, rpr, key: str) -> None:
        """The first candidate of font key ``key`` in every script slot; no theme attributes to override it."""
        family = self.register_font(key)
        set_fonts(rpr, family)

    def register_font(self, key: str) -> str:
        """The family Word should use for font key ``key`` (its first candidate), noted for the font table."""
        candidates = self.style.fonts[key]
        family = candidates[0]
        if family not in self.fonts:
            self.fonts[family] = font_entry(candidates)
        return family

    def _character_style(self, role_name: str) -> BaseStyle:
        if role_name not in self.style.roles:
            raise RenderError(f"no role {role_name!r} in style {self.style.name!r} for a span of text")
        role = self.style.role(role_name)
        paragraph = self.held(f"paragraph:{role_name}") if f"paragraph:{role_name}" in self._ids else None
        if role_name in SPAN_ONLY_ROLES or paragraph is None:
            style_id, name = role_style_name(role_name)
        else:
            style_id, name = f"{paragraph.style_id}Char", f"{english_name(paragraph)} Char"
        found = self._find(WD_STYLE_TYPE.CHARACTER, name)
        if found is not None:
            return found
        default_font = self._found.get(style_key(WD_STYLE_TYPE.CHARACTER, "Default Paragraph Font"))
        made = self._add(WD_STYLE_TYPE.CHARACTER, style_id, name, builtin=False, based_on=default_font,
                         quick=paragraph is None or role_name in SPAN_ONLY_ROLES)  # fmt: skip
        if paragraph is not None and role_name not in SPAN_ONLY_ROLES:
            set_style_link(made.element, paragraph.style_id)
            if paragraph.name not in self.taken:  # our own heading style links back; a reference's is left alone
                set_style_link(paragraph.element, made.style_id)
        self._font(made, role, spacing=False)
        return made

    def _outline_style(self, role_name: str, level: int) -> BaseStyle:
        base = self.paragraph_style(role_name)
        if base.style_id == self.default_paragraph_id or role_style_name(role_name)[0] == NORMAL:
            style_id, name = f"RunInHeading{level}", f"Run-in Heading {level}"
        else:
            style_id, name = f"{base.style_id}Level{level}", f"{english_name(base)} Level {level}"
        found = self._find(WD_STYLE_TYPE.PARAGRAPH, name)
        if found is not None:
            return found
        made = self._add(WD_STYLE_TYPE.PARAGRAPH, style_id, name, builtin=False, based_on=base, next_style=base,
                         priority=9, quick=True)  # fmt: skip
        set_outline_level(made.element.get_or_add_pPr(), level - 1)
        return made

    def _page_number_styles(self) -> None:
        """footer carries the page-number look; odd pages right-aligned, even pages left, one character in."""
        role, layout = self.style.role("page_number"), self.layout
        footer = self._find(WD_STYLE_TYPE.PARAGRAPH, "footer")
        if footer is None:
            footer = self._add(WD_STYLE_TYPE.PARAGRAPH, "Footer", "footer", builtin=True,
                               based_on=self.held("paragraph:body"), priority=99, semi_hidden=True)  # fmt: skip
            fmt = footer.paragraph_format
            set_snap_to_grid(footer.element.get_or_add_pPr(), False)
            fmt.space_before = Twips(0)
            fmt.space_after = Twips(0)
            fmt.line_spacing = Twips(layout.page_number_line)
            fmt.first_line_indent = Twips(0)
            set_chars_indent(footer.element.pPr, firstLine=0)
            self._font(footer, role)
        self._remember("paragraph:page_number", footer)
        indent = Twips(layout.chars(self.style.page_number.indent_chars))
        for key, style_id, name, align in (
            ("page_number_odd", PAGE_NUMBER_ODD, "Page Number Odd", WD_ALIGN_PARAGRAPH.RIGHT),
            ("page_number_even", PAGE_NUMBER_EVEN, "Page Number Even", WD_ALIGN_PARAGRAPH.LEFT),
        ):
            made = self._find(WD_STYLE_TYPE.PARAGRAPH, name)
            if made is None:
                made = self._add(WD_STYLE_TYPE.PARAGRAPH, style_id, name, builtin=False, based_on=footer, priority=99)
                if align == WD_ALIGN_PARAGRAPH.RIGHT:
                    made.paragraph_format.right_indent = indent
                else:
                    made.paragraph_format.left_indent = indent
                made.paragraph_format.alignment = align
            self._remember(key, made)

    def _table_normal(self) -> None:
        """Normal Table, the default table style: no indent, Word's cell margins (python-docx has no table-style
        properties API: raw ``w:tblPr``)."""
        if self._find(WD_STYLE_TYPE.TABLE, "Normal Table") is not None:
            return
        made = self._add(WD_STYLE_TYPE.TABLE, TABLE_NORMAL, "Normal Table", builtin=True, default=True, priority=99,
                         semi_hidden=True)  # fmt: skip
        tblpr = child(made.element, "tblPr", STYLE_ORDER)
        child(tblpr, "tblInd", TBLPR_ORDER, {"w": 0, "type": "dxa"})
        _cell_margins(tblpr, 0, 108)

    def _report_table(self) -> BaseStyle:
        """Rules and padding from the style's table look; cells centred vertically (raw ``w:tblPr``/``w:tcPr``:
        python-docx has no table-style properties API)."""
        found = self._find(WD_STYLE_TYPE.TABLE, "Report Table")
        if found is not None:
            return found
        look = self.style.table
        normal_table = self._found.get(style_key(WD_STYLE_TYPE.TABLE, "Normal Table"))
        made = self._add(WD_STYLE_TYPE.TABLE, REPORT_TABLE, "Report Table", builtin=False, based_on=normal_table,
                         priority=59)  # fmt: skip
        tblpr = child(made.element, "tblPr", STYLE_ORDER)
        borders = child(tblpr, "tblBorders", TBLPR_ORDER)
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            width = look.outer_border_pt if edge in ("top", "left", "bottom", "right") else look.border_pt
            rule = {"val": "single", "sz": round(width * 8), "space": 0, "color": "000000"}  # sz: eighths of a point
            child(borders, edge, BORDERS, rule if width else {"val": "nil"})
        padding = pt_to_twips(look.cell_padding_pt)
        _cell_margins(tblpr, padding, padding)
        child(child(made.element, "tcPr", STYLE_ORDER), "vAlign", ("vAlign",), {"val": "center"})
        return made

    def write_doc_defaults(self) -> bool:
        """docDefaults from the body role when the styles part has none (a reference's are kept): True if written."""
        root = self.styles.element
        if root.find(qn("w:docDefaults")) is not None:
            return False
        body = self.style.role("body")
        family = self.register_font(body.font)
        root.insert(0, doc_defaults(family, round(body.size_pt * 2)))
        return True


BORDERS = ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV")
CELL_MARGINS = ("top", "left", "start", "bottom", "right", "end")


def _cell_margins(tblpr, vertical: int, horizontal: int) -> None:
    margins = child(tblpr, "tblCellMar", TBLPR_ORDER)
    for edge, width in (("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)):
        child(margins, edge, CELL_MARGINS, {"w": width, "type": "dxa"})
