"""The Word style sheet: one paragraph style per role, character styles for span roles, the table style, fonts."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ...errors import RenderError
from ...style import Role, Style
from .layout import DocxLayout, pt_to_twips
from .oxml import ALIGNMENTS, flag, root, serialize, sub, val

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

SPAN_ONLY_ROLES = frozenset({"lead"})
"""Roles used only for spans: they get a character style and no paragraph style."""

HEADING_LEVELS = {"heading1": 1, "heading2": 2, "heading3": 3, "heading4": 4}
"""Heading roles and their levels; Word's outline level is the level minus one."""

NORMAL = "Normal"
DEFAULT_FONT = "DefaultParagraphFont"
TABLE_NORMAL = "TableNormal"
REPORT_TABLE = "ReportTable"
PAGE_NUMBER_ODD = "PageNumberOdd"
PAGE_NUMBER_EVEN = "PageNumberEven"
SINGLE_LINE = 240
"""``w:line`` of single spacing (lineRule auto): on the document grid each line then takes one grid line."""


def role_style_name(role: str) -> tuple[str, str]:
    """The (styleId, name) of the paragraph style of ``role``: built-in, or named after the role."""
    if role in BUILTIN_STYLES:
        return BUILTIN_STYLES[role]
    words = role.replace("-", "_").split("_")
    return "".join(word.capitalize() for word in words), " ".join(word.capitalize() for word in words)


@dataclass(frozen=True, slots=True)
class _Defined:
    """A style already written."""

    style_id: str
    """Its ``w:styleId``, what paragraphs and runs refer to."""
    name: str
    """Its name as Word shows it."""


class StyleSheet:
    """styles.xml and fontTable.xml for one document; styles needed only by some documents are added on demand."""

    def __init__(self, style: Style, layout: DocxLayout):
        self.style = style
        self.layout = layout
        self.root = root("styles")
        self.fonts: dict[str, str | None] = {}
        """Family names written, in order of first use, with their alternative (English) names."""
        self._paragraph: dict[str, _Defined] = {}
        self._character: dict[str, _Defined] = {}
        self._outline: dict[tuple[str, int], str] = {}
        self._write_defaults()
        self._write_base_styles()

    # ------------------------------------------------------------------ lookups used by the renderer

    def paragraph_style(self, role: str) -> str:
        """The styleId of the paragraph style for ``role``."""
        try:
            return self._paragraph[role].style_id
        except KeyError:
            known = ", ".join(sorted(self._paragraph))
            raise RenderError(f"no paragraph style for role {role!r} (the style defines {known})") from None

    def character_style(self, role: str) -> str:
        """The styleId of the character style for span role ``role`` (written on first use)."""
        defined = self._character.get(role)
        if defined is None:
            defined = self._write_character_style(role)
        return defined.style_id

    def outline_style(self, role: str, level: int) -> str:
        """A style like ``role``'s carrying outline level ``level`` (a run-in numbered point), written on first use."""
        key = (role, level)
        if key not in self._outline:
            self._outline[key] = self._write_outline_style(role, level)
        return self._outline[key]

    def styles_xml(self) -> bytes:
        """The styles part."""
        return serialize(self.root)

    def font_table_xml(self) -> bytes:
        """The font table: every family the styles name, with its English name and the GB2312 charset."""
        fonts = root("fonts")
        for name, alternative in self.fonts.items():
            font = sub(fonts, "font", {"name": name})
            if alternative:
                val(font, "altName", alternative)
            if not name.isascii():
                val(font, "charset", "86")  # GB2312: tells Word and WPS the face is Chinese when it is missing
            val(font, "family", "auto")
            val(font, "pitch", "variable")
        return serialize(fonts)

    # ------------------------------------------------------------------ the sheet

    def _write_defaults(self) -> None:
        """docDefaults: body font in every slot, black, zh-CN for East Asian text; widow control off so pages fill."""
        defaults = sub(self.root, "docDefaults")
        rpr = sub(sub(defaults, "rPrDefault"), "rPr")
        self._fonts(rpr, self.style.role("body").font)
        val(rpr, "color", "000000")
        val(rpr, "sz", _half_points(self.style.role("body").size_pt))
        val(rpr, "szCs", _half_points(self.style.role("body").size_pt))
        sub(rpr, "lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"})
        ppr = sub(sub(defaults, "pPrDefault"), "pPr")
        flag(ppr, "widowControl", False)

    def _write_base_styles(self) -> None:
        roles = self.style.roles
        self._write_role_style("body", roles["body"])
        self._write_default_character_style()
        self._write_table_normal()
        for name, role in roles.items():
            if name != "body" and name not in SPAN_ONLY_ROLES and name != "page_number":
                self._write_role_style(name, role)
        for name in sorted(SPAN_ONLY_ROLES & roles.keys()) + [r for r in HEADING_LEVELS if r in roles]:
            self._write_character_style(name)
        self._write_page_number_styles()
        self._write_report_table()

    def _style(self, kind: str, style_id: str, name: str, *, based_on: str | None = None, default: bool = False,
               next_style: str | None = None, link: str | None = None, priority: int | None = None,
               quick: bool = False, semi_hidden: bool = False) -> etree._Element:  # fmt: skip
        """A ``w:style`` with its header elements in schema order."""
        element = sub(self.root, "style", {"type": kind, "default": "1" if default else None, "styleId": style_id})
        val(element, "name", name)
        if based_on:
            val(element, "basedOn", based_on)
        if next_style:
            val(element, "next", next_style)
        if link:
            val(element, "link", link)
        if priority is not None:
            val(element, "uiPriority", priority)
        if semi_hidden:
            flag(element, "semiHidden")
            flag(element, "unhideWhenUsed")
        if quick:
            flag(element, "qFormat")
        return element

    def _write_role_style(self, role_name: str, role: Role) -> None:
        style_id, name = role_style_name(role_name)
        level = HEADING_LEVELS.get(role_name)
        is_normal = style_id == NORMAL
        element = self._style(
            "paragraph",
            style_id,
            name,
            default=is_normal,
            based_on=None if is_normal else NORMAL,
            next_style=None if is_normal else NORMAL,
            link=f"{style_id}Char" if level else None,
            priority=9 if level else None,
            quick=is_normal or level is not None or role_name in ("title", "subtitle"),
        )
        self._paragraph_properties(element, role_name, role, outline_level=level)
        self._run_properties(element, role)
        self._paragraph[role_name] = _Defined(style_id, name)

    def _paragraph_properties(self, element: etree._Element, role_name: str, role: Role, *,
                              outline_level: int | None) -> None:  # fmt: skip
        layout, look = self.layout, self.style.table
        before, after = role.space_before, role.space_after
        if role_name == "caption":
            before = max(before, look.space_before)
        elif role_name == "table_note":
            after = max(after, look.space_after)
        ppr = sub(element, "pPr")
        if role.keep_with_next:
            flag(ppr, "keepNext")
        if role_style_name(role_name)[0] == NORMAL:
            # Word's default, written out: punctuation may hang past the margin, so lines keep 28 cells.
            # LibreOffice 7.4 reads this flag inverted (overflowPunct on = no hanging punctuation), which keeps
            # punctuation inside the block there and avoids its losing a hanging 。or，at a justified line end.
            # It ignores the flag in docDefaults, hence on Normal.
            flag(ppr, "overflowPunct")
        if role.line_pitch_pt or role.size_pt > self.layout.body_size_pt:
            # Table text keeps its own leading; title-sized text takes exactly one pitch per line (below).
            flag(ppr, "snapToGrid", False)
        if role.line_pitch_pt:
            line, rule = pt_to_twips(role.line_pitch_pt), "exact"
        elif role.size_pt > layout.body_size_pt:
            # Title-sized text: exactly one grid pitch per line, not snapped, whatever the face's ascent and
            # descent (snapped single spacing gives a face taller than the pitch two grid lines, and a two-line
            # title a gap between its lines); starting on a grid line, the text after it stays on the grid.
            line, rule = layout.line_pitch, "exact"
        else:
            line, rule = SINGLE_LINE, "auto"
        spacing = {"before": layout.lines(before), "after": layout.lines(after), "line": line, "lineRule": rule}
        sub(ppr, "spacing", spacing)
        self._first_line_indent(ppr, role)
        val(ppr, "jc", ALIGNMENTS[role.align])
        if outline_level:
            val(ppr, "outlineLvl", outline_level - 1)

    def _first_line_indent(self, ppr: etree._Element, role: Role) -> None:
        """First-line indent in characters (``w:firstLineChars``, what Word shows as 字符, and what it reads first)
        with its twips twin for other readers. The style counts body characters; Word counts characters of the
        paragraph's own size, so other sizes are converted. Always written: Normal's 2 characters must not leak."""
        chars = role.indent_chars * self.layout.body_size_pt / role.size_pt
        sub(ppr, "ind", {"firstLineChars": round(chars * 100), "firstLine": self.layout.chars(role.indent_chars)})

    def _run_properties(self, element: etree._Element, role: Role, *, spacing: bool = True) -> None:
        """Fonts, weight, character spacing and size; grid-sized text gets the grid's character spacing."""
        rpr = sub(element, "rPr")
        self._fonts(rpr, role.font)
        if role.bold:
            flag(rpr, "b")
            flag(rpr, "bCs")
        if spacing:
            on_grid = role.size_pt == self.layout.body_size_pt and not role.line_pitch_pt
            val(rpr, "spacing", self.layout.char_spacing if on_grid else 0)
        val(rpr, "sz", _half_points(role.size_pt))
        val(rpr, "szCs", _half_points(role.size_pt))

    def _fonts(self, rpr: etree._Element, key: str) -> None:
        """The first candidate of font key ``key`` in every script slot; no theme attributes to override it."""
        candidates = self.style.fonts[key]
        family = candidates[0]
        if family not in self.fonts:
            # By the style file's convention an ASCII name right after a Chinese one spells the same face
            # (仿宋_GB2312 / FangSong_GB2312, 黑体 / SimHei): Word records it as the alternative name.
            following = candidates[1] if len(candidates) > 1 else None
            english = following if following and following.isascii() and not family.isascii() else None
            self.fonts[family] = english
        sub(rpr, "rFonts", {"ascii": family, "eastAsia": family, "hAnsi": family, "cs": family})

    def _write_default_character_style(self) -> None:
        self._style("character", DEFAULT_FONT, "Default Paragraph Font", default=True, priority=1, semi_hidden=True)

    def _write_character_style(self, role_name: str) -> _Defined:
        if role_name not in self.style.roles:
            raise RenderError(f"no role {role_name!r} in style {self.style.name!r} for a span of text")
        role = self.style.role(role_name)
        if role_name in SPAN_ONLY_ROLES or role_name not in self._paragraph:
            style_id, name = role_style_name(role_name)
            link = None
        else:
            paragraph = self._paragraph[role_name]
            style_id, name, link = f"{paragraph.style_id}Char", f"{paragraph.name.title()} Char", paragraph.style_id
        element = self._style("character", style_id, name, based_on=DEFAULT_FONT, link=link, quick=link is None)
        self._run_properties(element, role, spacing=False)
        defined = _Defined(style_id, name)
        self._character[role_name] = defined
        return defined

    def _write_outline_style(self, role_name: str, level: int) -> str:
        base = self._paragraph[role_name]
        if base.style_id == NORMAL:
            style_id, name = f"RunInHeading{level}", f"Run-in Heading {level}"
        else:
            style_id, name = f"{base.style_id}Level{level}", f"{base.name} Level {level}"
        element = self._style("paragraph", style_id, name, based_on=base.style_id, next_style=base.style_id,
                              priority=9, quick=True)  # fmt: skip
        val(sub(element, "pPr"), "outlineLvl", level - 1)
        return style_id

    def _write_page_number_styles(self) -> None:
        """footer carries the page-number look; odd pages right-aligned, even pages left, one character in."""
        role, layout = self.style.role("page_number"), self.layout
        footer = self._style("paragraph", "Footer", "footer", based_on=NORMAL, priority=99, semi_hidden=True)
        ppr = sub(footer, "pPr")
        flag(ppr, "snapToGrid", False)
        sub(ppr, "spacing", {"before": 0, "after": 0, "line": layout.page_number_line, "lineRule": "exact"})
        sub(ppr, "ind", {"firstLineChars": 0, "firstLine": 0})
        self._run_properties(footer, role)
        self._paragraph["page_number"] = _Defined("Footer", "footer")
        indent = layout.chars(self.style.page_number.indent_chars)
        for style_id, name, align, side in (
            (PAGE_NUMBER_ODD, "Page Number Odd", "right", "right"),
            (PAGE_NUMBER_EVEN, "Page Number Even", "left", "left"),
        ):
            ppr = sub(self._style("paragraph", style_id, name, based_on="Footer", priority=99), "pPr")
            sub(ppr, "ind", {side: indent})
            val(ppr, "jc", align)

    def _write_table_normal(self) -> None:
        element = self._style("table", TABLE_NORMAL, "Normal Table", default=True, priority=99, semi_hidden=True)
        tblpr = sub(element, "tblPr")
        sub(tblpr, "tblInd", {"w": 0, "type": "dxa"})
        _cell_margins(tblpr, 0, 108)

    def _write_report_table(self) -> None:
        """Rules and padding from the style's table look; cells centred vertically."""
        look = self.style.table
        element = self._style("table", REPORT_TABLE, "Report Table", based_on=TABLE_NORMAL, priority=59)
        tblpr = sub(element, "tblPr")
        borders = sub(tblpr, "tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            width = look.outer_border_pt if edge in ("top", "left", "bottom", "right") else look.border_pt
            rule = {"val": "single", "sz": round(width * 8), "space": 0, "color": "000000"}  # sz: eighths of a point
            sub(borders, edge, rule if width else {"val": "nil"})
        padding = pt_to_twips(look.cell_padding_pt)
        _cell_margins(tblpr, padding, padding)
        val(sub(element, "tcPr"), "vAlign", "center")


def _cell_margins(tblpr: etree._Element, vertical: int, horizontal: int) -> None:
    margins = sub(tblpr, "tblCellMar")
    for edge, width in (("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)):
        sub(margins, edge, {"w": width, "type": "dxa"})


def _half_points(size_pt: float) -> int:
    return round(size_pt * 2)
