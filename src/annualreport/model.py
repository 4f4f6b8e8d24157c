"""The report model: what an author writes in report.yaml, validated by pydantic."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .messages import text

MAX_SECTION_DEPTH = 4
"""Headings are numbered 一、 （一） 1. （1）: four levels, no more."""


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors, names are stable."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_default=False)


# --------------------------------------------------------------------------- text blocks


class TextParagraph(Strict):
    """A body paragraph written as a mapping (a bare string is the short form)."""

    text: str = Field(description="正文段落文字。Paragraph text; the first line is indented two characters.")


class LeadParagraph(Strict):
    """A paragraph opening with a run-in lead phrase: “养殖产业基地建设　建成……”."""

    lead: str = Field(
        description="段首引领语，与正文同段，用另一字体（默认楷体）。A run-in lead phrase in the same "
        "paragraph, set in the lead font; a full-width space follows it unless it ends with punctuation "
        "such as “：”."
    )
    text: str = Field(description="引领语之后的正文。The paragraph text after the lead phrase.")


class NumberedPoint(Strict):
    """A run-in numbered point: “1.完善机构，确保成效。建立……”, numbered by position."""

    item: str = Field(
        description="条目标题（一句话），自动编号为下一级序号（如“1.”）。The point's own heading sentence; "
        "it is numbered with the next heading level (1. under （一）) by its position among the points."
    )
    text: str = Field(default="", description="条目标题之后的正文，同段。The text that runs on after the heading.")


CellValue = Union[str, int, float]


class Cell(Strict):
    """A table cell that spans rows or columns or has its own alignment."""

    text: str = Field(description="单元格文字。Cell text.")
    colspan: int = Field(default=1, ge=1, description="横向合并的列数。Number of columns the cell spans.")
    rowspan: int = Field(default=1, ge=1, description="纵向合并的行数。Number of rows the cell spans.")
    align: Literal["left", "center", "right"] | None = Field(
        default=None, description="对齐方式，缺省取所在列的设置。Alignment; defaults to the column's."
    )

    @field_validator("text", mode="before")
    @classmethod
    def _number_to_text(cls, value: Any) -> Any:
        return _cell_text(value)


def _cell_text(value: Any) -> Any:
    """Numbers written in YAML become cell text as written (8.5 stays 8.5, 100 stays 100)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return value


def _cell_discriminator(value: Any) -> str:
    return "cell" if isinstance(value, (dict, Cell)) else "text"


TableCell = Annotated[
    Union[Annotated[Cell, Tag("cell")], Annotated[str, Tag("text")]],
    Discriminator(_cell_discriminator),
]


class Column(Strict):
    """Look of one table column."""

    align: Literal["left", "center", "right"] = Field(
        default="center", description="本列正文对齐方式（数字列宜右对齐或居中）。Alignment of the column's body cells."
    )
    width: float = Field(
        default=1.0, gt=0, description="相对列宽，按比例分配版心宽度。Relative width; the text block is shared in proportion."
    )


class Table(Strict):
    """A table: caption above, header rows, body rows (inline or from a CSV file), note below."""

    caption: str | None = Field(default=None, description="表题，置于表格上方居中。Caption, centred above the table.")
    columns: list[Column] | None = Field(
        default=None, description="各列的对齐与相对宽度；缺省为等宽居中。Per-column alignment and relative width."
    )
    header: list[list[TableCell]] = Field(
        default_factory=list,
        description="表头行（可多行），跨页时重复。Header rows (one or more), repeated on every page.",
    )
    rows: list[list[TableCell]] = Field(
        default_factory=list, description="表体行。Body rows; each cell is text, a number or a cell mapping."
    )
    csv: str | None = Field(
        default=None,
        description="从报告所在文件夹中的 CSV 文件读取表体行（UTF-8）。Read the body rows from a CSV file "
        "in the report's folder (UTF-8, comma-separated); a path leaving the folder is refused.",
    )
    csv_header_rows: int = Field(
        default=0, ge=0, description="CSV 文件开头作为表头的行数。How many leading CSV rows are header rows."
    )
    note: str | None = Field(default=None, description="表注或资料来源，置于表下。Note or source line below the table.")

    @field_validator("header", "rows", mode="before")
    @classmethod
    def _numbers_to_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [[_cell_text(c) for c in row] if isinstance(row, list) else row for row in value]
        return value

    @field_validator("csv")
    @classmethod
    def _csv_exists(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Checked here, not in _read_csv, so the error points at the `csv:` line.
        if value is not None:
            csv_path(_base_dir(info), value)
        return value

    @model_validator(mode="after")
    def _read_csv(self, info: ValidationInfo) -> Table:
        if self.csv is None:
            return self
        if self.rows:
            raise ValueError(text("csv_and_rows"))
        rows = read_csv_rows(_base_dir(info), self.csv)
        self.header = self.header + [list(r) for r in rows[: self.csv_header_rows]]
        self.rows = [list(r) for r in rows[self.csv_header_rows :]]
        return self

    @model_validator(mode="after")
    def _check_shape(self) -> Table:
        widths = {_row_width(r) for r in self.header + self.rows if r}
        if self.columns is not None and widths and max(widths) > len(self.columns):
            raise ValueError(text("table_columns", columns=len(self.columns), cells=max(widths)))
        if not self.header and not self.rows:
            raise ValueError(text("table_empty"))
        return self


def _row_width(row: list[Any]) -> int:
    return sum(c.colspan if isinstance(c, Cell) else 1 for c in row)


def _base_dir(info: ValidationInfo) -> Path:
    """The folder relative paths are resolved against: the loader passes the report's folder."""
    return Path((info.context or {}).get("base_dir", "."))


def csv_path(base_dir: Path, name: str) -> Path:
    """The CSV file ``name`` inside ``base_dir``; ValueError when it leaves the folder or is absent."""
    base = base_dir.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        raise ValueError(text("csv_escapes", path=name))
    if not path.is_file():
        raise ValueError(text("csv_missing", path=name))
    return path


def read_csv_rows(base_dir: Path, name: str) -> list[list[str]]:
    """Read a CSV file (UTF-8, else GB18030) named relative to ``base_dir``; refuse paths that leave it."""
    data = csv_path(base_dir, name).read_bytes()
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            decoded = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ValueError(text("csv_encoding", path=name)) from None
    return [row for row in csv.reader(io.StringIO(decoded)) if any(cell.strip() for cell in row)]


class TableBlock(Strict):
    """A table inside a section's content."""

    table: Table = Field(description="表格。A table.")


def _block_discriminator(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, BaseModel):
        return type(value).__name__
    if isinstance(value, dict):
        for key, tag in (("table", "TableBlock"), ("item", "NumberedPoint"), ("lead", "LeadParagraph")):
            if key in value:
                return tag
        return "TextParagraph"
    return "text"


Block = Annotated[
    Union[
        Annotated[str, Tag("text")],
        Annotated[TextParagraph, Tag("TextParagraph")],
        Annotated[LeadParagraph, Tag("LeadParagraph")],
        Annotated[NumberedPoint, Tag("NumberedPoint")],
        Annotated[TableBlock, Tag("TableBlock")],
    ],
    Discriminator(_block_discriminator),
]
"""One content block: a string is a plain paragraph; mappings are told apart by their keys
(``table``, ``item``, ``lead``, else ``text``)."""


# --------------------------------------------------------------------------- structure


class Section(Strict):
    """A section with an optional heading, its content, and subsections one level down."""

    title: str | None = Field(
        default=None,
        description="标题，不含序号；序号按层级和位置自动生成（一、（一）1.（1））。Heading without its number; "
        "the number comes from the level and position.",
    )
    numbered: bool = Field(
        default=True, description="是否编号；false 时标题不带序号，也不占序号。Whether the heading is numbered."
    )
    content: list[Block] = Field(default_factory=list, description="本节正文块。The section's content blocks.")
    sections: list[Section] = Field(default_factory=list, description="下一级小节。Subsections, one level down.")


class Attachment(Strict):
    """An attachment (附件): starts on a new page with “附件N” and its own title."""

    title: str = Field(description="附件标题，亦用于正文后的附件说明。Attachment title, also listed after the body.")
    content: list[Block] = Field(default_factory=list, description="附件正文块。The attachment's content blocks.")
    sections: list[Section] = Field(default_factory=list, description="附件中的小节。Sections of the attachment.")


def _lines(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Report(Strict):
    """An annual work report (年度工作总结 / 政府工作报告)."""

    title: list[str] = Field(
        description="标题；可写成多行列表以指定断行位置（在词间断行）。Title; a list gives the line breaks."
    )
    subtitle: list[str] = Field(
        default_factory=list,
        description="副题行，如“——2019年1月15日在……会议上”。Subtitle lines under the title.",
    )
    speaker: str | None = Field(default=None, description="报告人或作者行，如“镇长　×××”。Speaker or author line.")
    recipient: str | None = Field(default=None, description="主送机关，如“各嘎查村、镇直各单位：”。Recipient line.")
    issuer: str | None = Field(default=None, description="发文机关署名。Issuing organ, signed under the body.")
    year: int = Field(ge=1949, le=2200, description="报告年度。The year the report covers.")
    date: dt.date | None = Field(default=None, description="成文日期（YYYY-MM-DD）。Date of the document.")
    style: str = Field(
        default="gbt9704",
        description="版式：styles/ 下的名称或 TOML 文件路径。Style: a name under styles/ or a path to a TOML file.",
    )
    content: list[Block] = Field(
        default_factory=list, description="第一个标题之前的导语段落。Paragraphs before the first heading."
    )
    sections: list[Section] = Field(default_factory=list, description="一级标题及其内容。Top-level sections.")
    attachments: list[Attachment] = Field(default_factory=list, description="附件。Attachments.")
    note: str | None = Field(default=None, description="附注，置于成文日期下一行。Note (附注) below the date.")

    _source_dir: Path | None = PrivateAttr(default=None)
    """Folder the report was loaded from (styles and CSV files are looked up there); None when built in code."""

    @property
    def source_dir(self) -> Path | None:
        """Folder the report was loaded from, or None."""
        return self._source_dir

    _normalise_title = field_validator("title", "subtitle", mode="before")(_lines)

    @field_validator("title")
    @classmethod
    def _title_not_empty(cls, value: list[str]) -> list[str]:
        if not any(line.strip() for line in value):
            raise ValueError(text("title_empty"))
        return value

    @model_validator(mode="after")
    def _check_depth(self) -> Report:
        for i, section in enumerate(self.sections):
            _check_section_depth(section, 1, f"sections.{i}")
        for a, attachment in enumerate(self.attachments):
            for i, section in enumerate(attachment.sections):
                _check_section_depth(section, 1, f"attachments.{a}.sections.{i}")
        return self


def _check_section_depth(section: Section, level: int, path: str) -> None:
    if level > MAX_SECTION_DEPTH:
        raise ValueError(text("too_deep", depth=MAX_SECTION_DEPTH, path=path))
    for i, child in enumerate(section.sections):
        _check_section_depth(child, level + 1, f"{path}.sections.{i}")
