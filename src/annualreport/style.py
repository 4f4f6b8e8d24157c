"""The style model: page, grid, fonts and roles, loaded from a TOML file (styles/gbt9704.toml by default)."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import InputError, Problem
from .messages import text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

MM = 72 / 25.4
"""Points per millimetre."""

BUILTIN_STYLES = Path(__file__).parent / "styles"
"""Folder of the styles shipped with the package."""


class StyleModel(BaseModel):
    """Base of the style models: strict and immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(StyleModel):
    """Paper, margins and the line/character grid of the text block."""

    width_mm: float = Field(description="Paper width.")
    height_mm: float = Field(description="Paper height.")
    margin_top_mm: float = Field(description="Top margin (天头).")
    margin_bottom_mm: float = Field(description="Bottom margin.")
    margin_left_mm: float = Field(description="Left margin (订口).")
    margin_right_mm: float = Field(description="Right margin.")
    lines_per_page: int = Field(gt=0, description="Body lines per page, filling the text block.")
    chars_per_line: int = Field(gt=0, description="Body characters per line, filling the text block.")

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
    size_pt: float = Field(gt=0, description="Font size in points.")
    bold: bool = Field(default=False, description="Bold.")
    align: Literal["justify", "left", "center", "right"] = Field(default="justify", description="Alignment.")
    indent_chars: float = Field(default=0, description="First-line indent in body characters.")
    space_before: float = Field(default=0, ge=0, description="Space above, in body lines.")
    space_after: float = Field(default=0, ge=0, description="Space below, in body lines.")
    keep_with_next: bool = Field(default=False, description="Keep on the same page as the next paragraph.")
    line_pitch_pt: float | None = Field(default=None, gt=0, description="Line pitch; omitted: the body grid.")


class Numbering(StyleModel):
    """Heading number formats per level: {cn} Chinese numeral, {n} Arabic number."""

    level1: str = Field(default="{cn}、", description="Level 1 format.")
    level2: str = Field(default="（{cn}）", description="Level 2 format.")
    level3: str = Field(default="{n}.", description="Level 3 format.")
    level4: str = Field(default="（{n}）", description="Level 4 format.")

    def format(self, level: int) -> str:
        """The format string of ``level`` (1–4)."""
        return (self.level1, self.level2, self.level3, self.level4)[level - 1]


class PageNumber(StyleModel):
    """Page numbers under the text block."""

    format: str = Field(default="— {n} —", description="Text of the number; {n} is the page number.")
    indent_chars: float = Field(default=1, description="Characters in from the block edge.")
    below_block_mm: float = Field(default=7, description="From the block's bottom edge to the number line.")


class Signature(StyleModel):
    """Issuer and date under the body (GB/T 9704 7.3.5)."""

    sealed: bool = Field(default=False, description="Sealed layout: date 4 characters in, issuer centred over it.")
    blank_lines_before: int = Field(default=1, ge=0, description="Blank body lines above the issuer.")
    right_indent_chars: float = Field(default=2, description="Unsealed: issuer's characters in from the right.")
    date_offset_chars: float = Field(default=2, description="Unsealed: the date starts this far right of the issuer.")
    sealed_date_right_indent_chars: float = Field(default=4, description="Sealed: date's characters in from the right.")


class TableLook(StyleModel):
    """Rules, padding and spacing of tables."""

    border_pt: float = Field(default=0.75, ge=0, description="Inner rule width.")
    outer_border_pt: float = Field(default=1.0, ge=0, description="Outer frame width.")
    cell_padding_pt: float = Field(default=2.5, ge=0, description="Cell padding.")
    space_before: float = Field(default=0, ge=0, description="Body lines above the caption.")
    space_after: float = Field(default=1, ge=0, description="Body lines below the table or its note.")


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

    name: str = Field(description="Style name.")
    page: Page = Field(description="Page and grid.")
    fonts: dict[str, tuple[str, ...]] = Field(description="Font key -> candidate family names, best first.")
    roles: dict[str, Role] = Field(description="Role name -> look.")
    numbering: Numbering = Field(default_factory=Numbering, description="Heading number formats.")
    page_number: PageNumber = Field(default_factory=PageNumber, description="Page numbers.")
    signature: Signature = Field(default_factory=Signature, description="Signature and date layout.")
    table: TableLook = Field(default_factory=TableLook, description="Table look.")

    @model_validator(mode="after")
    def _check_references(self) -> Style:
        missing = [name for name in ROLE_NAMES if name not in self.roles]
        if missing:
            raise ValueError(f"roles missing: {', '.join(missing)}")
        for name, role in self.roles.items():
            if role.font not in self.fonts:
                raise ValueError(f"roles.{name}: " + text("unknown_font_key", key=role.font))
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


def find_style(name: str, base_dir: Path | None = None) -> Path:
    """Resolve a style name or path: a path as given, then ``base_dir/styles/NAME.toml``, then the built-ins."""
    places: list[Path] = []
    candidate = Path(name)
    if candidate.suffix == ".toml":
        places.append(candidate if candidate.is_absolute() or base_dir is None else base_dir / candidate)
    else:
        if base_dir is not None:
            places.append(base_dir / "styles" / f"{name}.toml")
        places.append(BUILTIN_STYLES / f"{name}.toml")
    for place in places:
        if place.is_file():
            return place
    raise InputError(
        [Problem(name, None, None, "style", text("style_not_found", name=name, places=", ".join(map(str, places))))]
    )


def load_style(name: str = "gbt9704", base_dir: Path | None = None) -> Style:
    """Load and validate a style by name or path (see find_style)."""
    return _load_style_file(find_style(name, base_dir).resolve())


@lru_cache(maxsize=16)
def _load_style_file(path: Path) -> Style:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InputError([Problem(str(path), None, None, "", text("toml_syntax", detail=str(error)))]) from None
    try:
        return Style.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(str(path), None, None, ".".join(map(str, e["loc"])), e["msg"]) for e in error.errors(include_url=False)
        ]
        raise InputError(problems) from None
