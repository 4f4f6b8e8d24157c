"""The style model: page, grid, fonts and roles, loaded from a TOML file (styles/gbt9704.toml by default)."""

from __future__ import annotations

import json
import os
import re
import string
import sys
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from . import files, limits as limits_module
from .errors import InputError, Problem
from .limits import DEFAULT_LIMITS, Limits, exceeded
from .messages import text, validation_message

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

MM = 72 / 25.4
"""Points per millimetre."""

BUILTIN_STYLES = Path(__file__).parent / "styles"
"""Folder of the styles shipped with the package."""

MAX_PAGE_MM = 5000
"""The largest page side: a PDF page is at most 14,400 pt (5,080 mm) on a side."""


class StyleNotFound(InputError):
    """The style a report names is not found, or its path leaves the folders styles are looked for in."""

    def __init__(self, name: str, message: str) -> None:
        self.message = message
        super().__init__([Problem(name, None, None, "style", message)])


class StyleModel(BaseModel):
    """Base of the style models: strict, immutable, finite numbers (no nan or inf)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _format_fields(value: str, allowed: tuple[str, ...], required: bool = False) -> str:
    """A format string with only the placeholders ``allowed`` ({cn}, {n}: never {x}, {cn.__class__}
    or {n:>99999}), ``{{``/``}}`` for braces; ``required``: at least one of them."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(value) if name is not None]
    except ValueError:
        raise ValueError(text("style_format_braces", value=value)) from None
    for name, spec, conversion in fields:
        if name not in allowed or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValueError(text("style_placeholder", value=value, found=shown, allowed=" ".join("{" + a + "}" for a in allowed)))
    if required and not fields:
        raise ValueError(text("style_placeholder_missing", value=value, allowed=" ".join("{" + a + "}" for a in allowed)))
    return value


class Page(StyleModel):
    """Paper, margins and the line/character grid of the text block."""

    width_mm: float = Field(gt=0, le=MAX_PAGE_MM, description="Paper width.")
    height_mm: float = Field(gt=0, le=MAX_PAGE_MM, description="Paper height.")
    margin_top_mm: float = Field(ge=0, description="Top margin (天头).")
    margin_bottom_mm: float = Field(ge=0, description="Bottom margin.")
    margin_left_mm: float = Field(ge=0, description="Left margin (订口).")
    margin_right_mm: float = Field(ge=0, description="Right margin.")
    lines_per_page: int = Field(gt=0, le=200, description="Body lines per page, filling the text block.")
    chars_per_line: int = Field(gt=0, le=200, description="Body characters per line, filling the text block.")

    @property
    def block_width_pt(self) -> float:
        """Width of the text block in points."""
        return (self.width_mm - self.margin_left_mm - self.margin_right_mm) * MM

    @property
    def block_height_pt(self) -> float:
        """Height of the text block in points."""
        return (self.height_mm - self.margin_top_mm - self.margin_bottom_mm) * MM

    @property
    def line_pitch_pt(self) -> float:
        """Distance between body baselines: the block height shared by the lines."""
        return self.block_height_pt / self.lines_per_page

    @property
    def char_cell_pt(self) -> float:
        """Width of one body character cell: the block width shared by the characters."""
        return self.block_width_pt / self.chars_per_line


class Role(StyleModel):
    """How one kind of text looks."""

    font: str = Field(description="Font key under [fonts].")
    size_pt: float = Field(gt=0, le=200, description="Font size in points.")
    bold: bool = Field(default=False, description="Bold.")
    align: Literal["justify", "left", "center", "right"] = Field(default="justify", description="Alignment.")
    indent_chars: float = Field(default=0, ge=0, description="First-line indent in body characters (less than a line).")
    space_before: float = Field(default=0, ge=0, description="Space above, in body lines (at most a page).")
    space_after: float = Field(default=0, ge=0, description="Space below, in body lines (at most a page).")
    keep_with_next: bool = Field(default=False, description="Keep on the same page as the next paragraph.")
    line_pitch_pt: float | None = Field(
        default=None, gt=0, description="Line pitch (at most the text block's height); omitted: the body grid."
    )


class Numbering(StyleModel):
    """Heading number formats per level: {cn} Chinese numeral, {n} Arabic number."""

    level1: str = Field(default="{cn}、", description="Level 1 format.")
    level2: str = Field(default="（{cn}）", description="Level 2 format.")
    level3: str = Field(default="{n}.", description="Level 3 format.")
    level4: str = Field(default="（{n}）", description="Level 4 format.")
    ordinal_role: Literal["body", "lead", "heading1", "heading3"] = Field(
        default="body",
        description="Role the ordinal words of an enumeration (一是, 第一，, 首先，, （1）) are set in: body (the text's "
        "仿宋), lead (楷体, as some offices set 一是), heading1 (黑体), heading3 (仿宋, bold when heading3 is).",
    )

    @field_validator("level1", "level2", "level3", "level4")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        return _format_fields(value, ("cn", "n"))

    def format(self, level: int) -> str:
        """The format string of ``level`` (1–4)."""
        return (self.level1, self.level2, self.level3, self.level4)[level - 1]


class PageNumber(StyleModel):
    """Page numbers under the text block."""

    format: str = Field(default="— {n} —", description="Text of the number; {n} is the page number.")
    indent_chars: float = Field(default=1, ge=0, description="Characters in from the block edge.")
    below_block_mm: float = Field(
        default=7, ge=0, description="From the block's bottom edge to the number line (within the bottom margin)."
    )

    @field_validator("format")
    @classmethod
    def _placeholder(cls, value: str) -> str:
        return _format_fields(value, ("n",), required=True)


class Signature(StyleModel):
    """Issuer and date under the body (GB/T 9704 7.3.5)."""

    sealed: bool = Field(default=False, description="Sealed layout: date 4 characters in, issuer centred over it.")
    blank_lines_before: int = Field(default=1, ge=0, description="Blank body lines above the issuer.")
    right_indent_chars: float = Field(default=2, ge=0, description="Unsealed: issuer's characters in from the right.")
    date_offset_chars: float = Field(
        default=2, ge=0, description="Unsealed: the date starts this far right of the issuer."
    )
    sealed_date_right_indent_chars: float = Field(
        default=4, ge=0, description="Sealed: date's characters in from the right."
    )


class TableLook(StyleModel):
    """Rules, padding and spacing of tables."""

    border_pt: float = Field(default=0.75, ge=0, le=6, description="Inner rule width.")
    outer_border_pt: float = Field(default=1.0, ge=0, le=6, description="Outer frame width.")
    cell_padding_pt: float = Field(default=2.5, ge=0, le=20, description="Cell padding.")
    space_before: float = Field(default=0, ge=0, description="Body lines above the caption.")
    space_after: float = Field(default=1, ge=0, description="Body lines below the table or its note.")


COLOR_TEXT = r"^#[0-9A-Fa-f]{6}$"
"""A colour as #RRGGBB."""


class Letterhead(StyleModel):
    """The 版头 (GB/T 9704 7.2): positions in mm from the top of the text block, sizes in points."""

    color: str = Field(default="#FF0000", pattern=COLOR_TEXT, description="Colour of the organ's mark and the separator line.")
    mark_top_mm: float = Field(default=35, ge=0, description="From the top of the text block to the mark's top edge.")
    mark_line_gap: float = Field(
        default=0.25, ge=0, le=2, description="Space between stacked organ names, in the mark's size."
    )
    blank_lines_after_mark: float = Field(default=2, ge=0, description="Blank body lines between the mark and the 发文字号.")
    rule_below_number_mm: float = Field(default=4, ge=0, description="From the 发文字号's lower edge to the separator line.")
    rule_mm: float = Field(default=0.5, gt=0, le=5, description="Thickness of the separator line (the standard sets none).")
    blank_lines_after_rule: int = Field(default=2, ge=0, description="Blank body lines between the separator line and the title.")
    indent_chars: float = Field(
        default=1, ge=0, description="上行文: 发文字号 this far in from the left, 签发人 this far in from the right."
    )


class ImprintLook(StyleModel):
    """The 版记 (GB/T 9704 7.4) at the foot of the last page."""

    thick_mm: float = Field(default=0.35, gt=0, le=5, description="First and last separator lines.")
    thin_mm: float = Field(default=0.25, gt=0, le=5, description="Separator lines between the 版记's elements.")
    indent_chars: float = Field(default=1, ge=0, description="Body characters in from the block's left and right edges.")
    color: str = Field(default="#000000", pattern=COLOR_TEXT, description="Colour of the separator lines.")


OPTIONAL_ROLES: dict[str, dict[str, Any]] = {
    "copy_number": {"font": "fangsong", "size_pt": 16, "align": "left"},
    "classification": {"font": "heiti", "size_pt": 16, "align": "left"},
    "urgency": {"font": "heiti", "size_pt": 16, "align": "left"},
    "organ_mark": {"font": "xiaobiaosong", "size_pt": 36, "align": "center"},
    "document_number": {"font": "fangsong", "size_pt": 16, "align": "center"},
    "signer": {"font": "fangsong", "size_pt": 16, "align": "right"},
    "signer_name": {"font": "kaiti", "size_pt": 16, "align": "right"},
    "imprint": {"font": "fangsong", "size_pt": 14, "align": "left"},
    "heading_subtitle": {"font": "kaiti", "size_pt": 16, "align": "justify", "indent_chars": 2, "keep_with_next": True},
    "chart_title": {"font": "heiti", "size_pt": 14, "align": "center"},
    "chart_label": {"font": "heiti", "size_pt": 10.5, "align": "center"},
    "chart_number": {"font": "fangsong", "size_pt": 10.5, "align": "center"},
}
"""Roles of the 版头 and 版记, of a heading's second line (楷体, indented as the headings, kept with the next) and of
charts (title and labels 黑体, numbers in the body font), with the look a style that does not name them gets (older
style files); the organ mark's size is its largest: it is set smaller to fit the block's width."""


class ChartLook(StyleModel):
    """Charts: the colours of their series."""

    palette: list[Annotated[str, Field(pattern=COLOR_TEXT)]] = Field(
        default_factory=lambda: list(MUTED_PALETTE), min_length=1,
        description="Colours of the series in order (#rrggbb), repeated when there are more series.",
    )
    greys: bool = Field(
        default=False,
        description="Draw every chart in distinct greys (GREY_PALETTE), readable in black-and-white print.",
    )

    @property
    def colours(self) -> tuple[str, ...]:
        """The colours in effect."""
        return GREY_PALETTE if self.greys else tuple(self.palette)


MUTED_PALETTE = ("#3c5a78", "#a0aab4", "#b4823c", "#6e6e6e", "#5a7850", "#c8b48c")
"""A restrained palette: slate, light grey, ochre, grey, moss, sand; each series also of a distinct lightness."""

GREY_PALETTE = ("#3a3a3a", "#a8a8a8", "#6e6e6e", "#d2d2d2", "#1e1e1e", "#8c8c8c")
"""Distinct greys, dark and light alternating, for black-and-white print."""


class WordLook(StyleModel):
    """What only the .docx does."""

    style_separator: bool = Field(
        default=False,
        description="Run-in numbered points (1.完善机构，确保成效。建立……) as Word's style separator: the navigation "
        "pane lists their heading words only. Word and WPS lay them out in one line; LibreOffice 7.x puts the "
        "heading words on a line of their own.",
    )


ROLE_NAMES = (
    "title", "subtitle", "speaker", "recipient", "body", "lead",
    "heading1", "heading2", "heading3", "heading4",
    "caption", "table", "table_header", "table_note",
    "attachment_list", "signature", "date", "note",
    "attachment_label", "attachment_title", "page_number",
)  # fmt: skip
"""Every role the document uses; a style must define them all."""


class Style(StyleModel):
    """A complete style: both renderers read only this."""

    name: str = Field(min_length=1, description="Style name.")
    page: Page = Field(description="Page and grid.")
    fonts: dict[str, tuple[str, ...]] = Field(description="Font key -> candidate family names, best first (at least one).")
    roles: dict[str, Role] = Field(description="Role name -> look.")
    numbering: Numbering = Field(default_factory=Numbering, description="Heading number formats.")
    page_number: PageNumber = Field(default_factory=PageNumber, description="Page numbers.")
    signature: Signature = Field(default_factory=Signature, description="Signature and date layout.")
    table: TableLook = Field(default_factory=TableLook, description="Table look.")
    word: WordLook = Field(default_factory=WordLook, description="Settings of the Word output only.")
    letterhead: Letterhead = Field(default_factory=Letterhead, description="The 版头 (GB/T 9704 7.2).")
    imprint: ImprintLook = Field(default_factory=ImprintLook, description="The 版记 (GB/T 9704 7.4).")
    chart: ChartLook = Field(default_factory=ChartLook, description="Charts (``chart:`` blocks).")

    @model_validator(mode="before")
    @classmethod
    def _optional_roles(cls, data: Any) -> Any:
        """The roles of the 版头 and 版记 a style does not name take their defaults."""
        if isinstance(data, dict) and isinstance(data.get("roles"), dict):
            missing = {name: look for name, look in OPTIONAL_ROLES.items() if name not in data["roles"]}
            if missing:
                data = {**data, "roles": {**data["roles"], **missing}}
        return data

    @model_validator(mode="after")
    def _check_references(self, info: ValidationInfo) -> Style:
        # The loader runs style_problems itself, to put each problem at its line in the TOML file.
        if not (info.context or {}).get("loader"):
            found = style_problems(self)
            if found:
                raise ValueError("; ".join(f"{'.'.join(map(str, loc))}: {message}" for loc, message in found))
        return self

    def role(self, name: str) -> Role:
        """The role ``name``; KeyError names it when absent."""
        return self.roles[name]

    def family(self, role: str) -> str:
        """The family name Word should use for ``role``: the first candidate of its font key."""
        return self.fonts[self.roles[role].font][0]

    def line_pitch(self, role: str) -> float:
        """Line pitch of ``role`` in points."""
        return self.roles[role].line_pitch_pt or self.page.line_pitch_pt


def style_problems(style: Style) -> list[tuple[tuple[Any, ...], str]]:
    """What a style's fields cannot be together, each with the field to blame: roles and font keys that
    must exist, font lists that must name a font, a text block the margins leave, sizes, indents and
    spaces that fit in it."""
    found: list[tuple[tuple[Any, ...], str]] = []
    page = style.page
    missing = [name for name in ROLE_NAMES if name not in style.roles]
    if missing:
        found.append((("roles",), text("style_roles_missing", roles=", ".join(missing))))
    for key, candidates in style.fonts.items():
        if not candidates or not all(c.strip() for c in candidates):
            found.append((("fonts", key), text("style_fonts_empty", key=key)))
    width_mm = page.width_mm - page.margin_left_mm - page.margin_right_mm
    height_mm = page.height_mm - page.margin_top_mm - page.margin_bottom_mm
    if width_mm <= 0:
        margins = {"first": page.margin_left_mm, "second": page.margin_right_mm}
        found.append((("page", "margin_left_mm"), text("style_no_block", **margins, size=page.width_mm, what="wide", what_zh="宽")))
    if height_mm <= 0:
        margins = {"first": page.margin_top_mm, "second": page.margin_bottom_mm}
        found.append((("page", "margin_top_mm"), text("style_no_block", **margins, size=page.height_mm, what="high", what_zh="高")))
    if found:
        return found
    width, height = page.block_width_pt, page.block_height_pt
    chars, lines = page.chars_per_line, page.lines_per_page
    for name, role in style.roles.items():
        if role.font not in style.fonts:
            found.append((("roles", name, "font"), text("unknown_font_key", key=role.font)))
        if role.size_pt > width or role.size_pt > height:
            found.append((("roles", name, "size_pt"), text("style_size_block", size=role.size_pt, width=round(width, 1))))
        if role.line_pitch_pt is not None and role.line_pitch_pt > height:
            found.append((("roles", name, "line_pitch_pt"), text("style_pitch_block", height=round(height, 1))))
        if role.indent_chars >= chars:
            found.append((("roles", name, "indent_chars"), text("style_chars_line", chars=chars)))
        for field in ("space_before", "space_after"):
            if getattr(role, field) > lines:
                found.append((("roles", name, field), text("style_lines_page", lines=lines)))
    for loc, value in (
        (("page_number", "indent_chars"), style.page_number.indent_chars),
        (("signature", "right_indent_chars"), style.signature.right_indent_chars),
        (("signature", "date_offset_chars"), style.signature.date_offset_chars),
        (("signature", "sealed_date_right_indent_chars"), style.signature.sealed_date_right_indent_chars),
        (("letterhead", "indent_chars"), style.letterhead.indent_chars),
        (("imprint", "indent_chars"), style.imprint.indent_chars),
    ):
        if value >= chars:
            found.append((loc, text("style_chars_line", chars=chars)))
    for loc, value in (
        (("signature", "blank_lines_before"), style.signature.blank_lines_before),
        (("table", "space_before"), style.table.space_before),
        (("table", "space_after"), style.table.space_after),
        (("letterhead", "blank_lines_after_mark"), style.letterhead.blank_lines_after_mark),
        (("letterhead", "blank_lines_after_rule"), style.letterhead.blank_lines_after_rule),
    ):
        if value > lines:
            found.append((loc, text("style_lines_page", lines=lines)))
    if style.page_number.below_block_mm > page.margin_bottom_mm:
        found.append((("page_number", "below_block_mm"), text("style_below_margin", margin=page.margin_bottom_mm)))
    return found


def find_style(name: str, base_dir: Path | None = None, *, root: Path | None = None) -> Path:
    """Resolve a style name or path: a ``.toml`` path relative to ``base_dir``, else
    ``base_dir/styles/NAME.toml``, then the built-ins. A name stays a name (``../x`` may not leave
    ``styles/`` or the built-in styles folder); a path may lie anywhere unless ``root`` is given (the
    folder every file a report names must lie inside: see loader.load). StyleNotFound otherwise."""
    places: list[tuple[Path, Path | None]] = []  # (candidate, the folder it must stay inside)
    candidate = Path(name)
    if candidate.suffix == ".toml":
        place = candidate if candidate.is_absolute() or base_dir is None else base_dir / candidate
        places.append((place, root))
    else:
        if base_dir is not None:
            places.append((base_dir / "styles" / f"{name}.toml", base_dir / "styles"))
        places.append((BUILTIN_STYLES / f"{name}.toml", BUILTIN_STYLES))
    for place, folder in places:
        if folder is not None and not files.inside(folder, place):
            raise StyleNotFound(name, text("style_escapes", name=name))
        if place.exists():
            return place
    raise StyleNotFound(name, text("style_not_found", name=name, places=", ".join(str(p) for p, _ in places)))


def load_style(
    name: str = "gbt9704", base_dir: Path | None = None, *, limits: Limits | None = None, root: Path | None = None
) -> Style:
    """Load and validate a style by name or path (see find_style); InputError lists every problem of
    the file at its FILE:LINE:COL. Loaded styles are kept while the file is unchanged."""
    path = find_style(name, base_dir, root=root).resolve()
    limits = limits or DEFAULT_LIMITS
    try:
        status = os.stat(path)
        stamp = (status.st_mtime_ns, status.st_size)
    except OSError:
        stamp = (0, 0)
    return _load_style_file(path, stamp, limits.style_bytes)


@lru_cache(maxsize=16)
def _load_style_file(path: Path, stamp: tuple[int, int], max_bytes: int) -> Style:
    """The style in ``path`` (``stamp``: its modification time and size, so that an edited file is read
    again)."""
    display = str(path)
    limits = Limits(style_bytes=max_bytes)

    def whole(message: str, line: int | None = None, column: int | None = None) -> InputError:
        return InputError([Problem(display, line, column, "", message)])

    try:
        raw = files.read_regular(path, max_bytes, exceeded("style_bytes", limits))
    except files.FileRefused as refused:
        raise whole(refused.message) from None
    except OSError as error:
        raise whole(text("unreadable", detail=error.strerror)) from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise whole(text("style_not_utf8", byte=f"0x{raw[error.start]:02X}"), line, column) from None
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        line, column, detail = _toml_error_position(error)
        raise whole(text("toml_syntax", detail=detail), line, column) from None
    positions = toml_positions(content)

    def located(loc: tuple[Any, ...], message: str) -> Problem:
        line, column = _nearest(positions, loc)
        return Problem(display, line, column, ".".join(map(str, loc)), message)

    problems = [located(path_, message) for path_, message, _, _ in limits_module.check_data(data, limits)]
    try:
        style = Style.model_validate(data, context={"loader": True})
    except ValidationError as error:
        problems += [located(tuple(e["loc"]), _style_message(e)) for e in error.errors(include_url=False)]
        raise InputError(_sorted(problems)) from None
    problems += [located(loc, message) for loc, message in style_problems(style)]
    if problems:
        raise InputError(_sorted(problems))
    return style


def _style_message(error: dict[str, Any]) -> str:
    """pydantic's error in the user's language where the catalogue has it (as for reports)."""
    return validation_message(error)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0, p.column or 0))


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _toml_error_position(error: Exception) -> tuple[int | None, int | None, str]:
    """Line, column and message of a TOMLDecodeError: its attributes (Python 3.14), else the
    ``(at line L, column C)`` that tomllib and tomli end the message with."""
    message = str(error)
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    found = _TOML_AT.search(message)
    if found:
        message = message[: found.start()]
        line, column = line or int(found.group(1)), column or int(found.group(2))
    msg = getattr(error, "msg", None)
    return line, column, msg if isinstance(msg, str) and line else message


# --------------------------------------------------------------------------- where keys are in TOML

_BARE_KEY = r"[A-Za-z0-9_-]+"
_QUOTED_KEY = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE_KEY}|{_QUOTED_KEY})"
_DOTTED_KEY = re.compile(rf"[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*")
_KEY_PART = re.compile(_KEY)
_INLINE_KEY = re.compile(rf"[{{,][ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*=")


def _key_parts(dotted: str) -> tuple[str, ...]:
    parts = []
    for found in _KEY_PART.finditer(dotted):
        part = found.group(0)
        if part.startswith('"'):
            try:
                part = json.loads(part)
            except ValueError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def _brackets(text_: str) -> int:
    """Opening minus closing brackets outside strings and comments."""
    depth, quote, index = 0, "", 0
    while index < len(text_):
        char = text_[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        index += 1
    return depth


def toml_positions(content: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """1-based line and column of every table header and key in TOML ``content``, by dotted path:
    ``("roles", "body", "size_pt")``. tomllib gives no positions, so this reads the lines: table
    headers, ``key = value`` (dotted and quoted keys), keys of inline tables on the key's line; it skips
    multi-line strings and arrays. Only for pointing messages at lines: what it cannot find, the
    message places at the nearest enclosing table (:func:`_nearest`)."""
    positions: dict[tuple[str, ...], tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    closing = ""  # inside a multi-line string: its closing quotes
    depth = 0  # inside a multi-line array: its open brackets
    for number, line in enumerate(content.splitlines(), 1):
        if closing:
            if closing in line:
                closing = ""
            continue
        if depth > 0:
            depth += _brackets(line)
            continue
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            inner = stripped[2:] if stripped.startswith("[[") else stripped[1:]
            header = _DOTTED_KEY.match(inner)
            if header:
                table = _key_parts(header.group(1))
                positions.setdefault(table, (number, indent + 1))
            continue
        key = _DOTTED_KEY.match(line)
        if not key or not line.startswith("=", key.end()):
            continue
        path = table + _key_parts(key.group(1))
        positions.setdefault(path, (number, key.start(1) + 1))
        value_at = key.end() + 1
        value = line[value_at:].lstrip()
        value_at += len(line) - value_at - len(value)
        for quotes in ('"""', "'''"):
            if value.startswith(quotes) and value.count(quotes) == 1:
                closing = quotes
        if value.startswith("{"):
            for inline in _INLINE_KEY.finditer(value):
                positions.setdefault(path + _key_parts(inline.group(1)), (number, value_at + inline.start(1) + 1))
        elif value.startswith("["):
            depth = max(0, _brackets(value))
    return positions


def _nearest(positions: dict[tuple[str, ...], tuple[int, int]], loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    """The position of ``loc`` or of the nearest enclosing key or table that has one."""
    keys = tuple(str(part) for part in loc if not isinstance(part, int))
    for size in range(len(keys), 0, -1):
        if keys[:size] in positions:
            return positions[keys[:size]]
    return None, None
