"""The report model: what an author writes in report.yaml, validated by pydantic."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import CoreSchema

from . import files, limits as limits_module
from .images import ImageError, Picture, Png, TooManyPixels, check_picture, check_png, seal_png_from_svg, svg_available
from .formatting import AFTER_NUMBER_QUALIFIERS, AFTER_UNIT_QUALIFIERS, BEFORE_QUALIFIERS, chinese_numeral
from .limits import Limits, exceeded
from .messages import describe_value, text

MAX_SECTION_DEPTH = 4
"""Headings are numbered 一、 （一） 1. （1）: four levels, no more."""


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors, names are stable."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_default=False)


# --------------------------------------------------------------------------- JSON types
#
# The JSON Schema (schema.py, schemas/report.schema.json) is generated from these classes, and editors
# validate against it, so each field accepts exactly what its schema says: the coercions below are
# declared to the schema (AlsoAccepts, WithJsonSchema), and pydantic's own lax conversions that a JSON
# Schema cannot say ("2019" for a year, "yes" for true) are refused. Patterns are written in the part of
# regex syntax that Python's re and ECMA-262 (the editors' JavaScript) read alike: [0-9], not \d
# (Unicode digits in Python); explicit ranges, not \w; the model matches them whole (fullmatch).


class AlsoAccepts:
    """Annotation for a type whose before-validator also takes other JSON values (a string for a list
    of lines, a number for cell text): the JSON Schema offers them as alternatives (anyOf)."""

    def __init__(self, *alternatives: dict[str, Any]):
        self.alternatives = alternatives

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        schema = handler(core_schema)
        members = next((schema[k] for k in ("anyOf", "oneOf") if len(schema) == 1 and k in schema), [schema])
        return {"anyOf": [*members, *self.alternatives]}


def _whole_number(value: Any) -> Any:
    """An integer as JSON Schema's "integer" has it: 3 and 3.0, never "3" or true."""
    if isinstance(value, (bool, str)):
        raise ValueError(text("int_type", actual=describe_value(value)))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
"""An integer field: JSON integers (3, 3.0); not text, not true/false."""


def _real_number(value: Any) -> Any:
    """A number as JSON Schema's "number" has it: 42 and 42.5, never "42" or true."""
    if isinstance(value, (bool, str)):
        raise ValueError(text("number_type", actual=describe_value(value)))
    return value


NOT_BLANK = r"\S"
"""Text with at least one character that is not whitespace."""

DATE_TEXT = r"^(19[89][0-9]|20[0-9]{2}|210[0-7])-[0-9]{2}-[0-9]{2}$"
"""How a date is written: YYYY-MM-DD from 1980 to 2107, the years a zip entry's clock (hence a .docx) can
hold (whether the day exists is the model's to check)."""

DATE_SHAPE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""YYYY-MM-DD with any year: a date of another year is told apart from text that is not a date."""


def _date_text(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; pydantic would also take timestamps and date-times."""
    if isinstance(value, dt.date):
        year = value.year
    elif not isinstance(value, str) or not re.fullmatch(DATE_SHAPE, value):
        raise ValueError(text("date_type", actual=describe_value(value)))
    else:
        year = int(value[:4])
    if not 1980 <= year <= 2107:
        raise ValueError(text("date_range", date=str(value)))
    return value


Date = Annotated[
    dt.date,
    BeforeValidator(_date_text),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_TEXT}),
]


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


ORDINAL_SEPARATORS: dict[str, str] = {"一是": "", "第一": "，", "首先": "，", "（1）": ""}
"""The ordinal styles of an enumeration and what follows each ordinal unless the author says otherwise."""
IN_ORDER_WORDS = ("首先", "其次", "再次", "最后")
"""首先/其次/再次/最后: two items are 首先, 其次; three 首先, 其次, 最后; four all of them."""


class Enumeration(Strict):
    """Ordinal enumerations run into the text, numbered by position: “一是……；二是……；三是……。”"""

    ordinal: Literal["一是", "第一", "首先", "（1）"] = Field(
        default="一是",
        description="序数写法：一是（一是、二是……），第一（第一，第二，……），首先（首先，其次，再次，最后，），"
        "（1）（文中（1）（2）……）。The ordinal words: 一是 (一是, 二是 …), 第一 (第一，第二， …), 首先 (首先，其次，"
        "再次，最后，, at most four items), （1） (（1）（2） … in the text).",
    )
    separator: str | None = Field(
        default=None,
        max_length=2,
        description="序数后的标点，缺省：一是、（1）后无，第一、首先后为“，”。What follows each ordinal; default: "
        "nothing after 一是 and （1）, “，” after 第一 and 首先.",
    )
    intro: str = Field(default="", description="第一个序数之前的文字（同段）。Text before the first ordinal, in the same paragraph.")
    items: list[str] = Field(
        min_length=1,
        max_length=99,
        description="各项文字（不含序数），含作者自己的句末标点（；或。）。Each item's text without its ordinal, "
        "with the author's own closing punctuation (；or 。).",
    )
    paragraphs: StrictBool = Field(
        default=False,
        description="false：全部在一段之内；true：每项另起一段（段首缩进）。false: all in one paragraph; true: each "
        "item a paragraph of its own (the intro, if any, opens the first).",
    )

    @model_validator(mode="after")
    def _in_order_words_suffice(self) -> Enumeration:
        if self.ordinal == "首先" and len(self.items) > len(IN_ORDER_WORDS):
            raise ValueError(text("enumeration_in_order_words", count=len(self.items)))
        return self

    def ordinals(self) -> list[str]:
        """Each item's ordinal with its separator: 一是, 二是 …; 首先，其次，最后，."""
        return ordinal_words(self.ordinal, len(self.items), self.separator)


def ordinal_words(ordinal: str, count: int, separator: str | None = None) -> list[str]:
    """The ordinals of ``count`` items in the style ``ordinal`` (一是, 第一, 首先, （1）), each followed by
    ``separator`` (None: the style's own, ORDINAL_SEPARATORS). 首先 covers at most four items."""
    after = ORDINAL_SEPARATORS[ordinal] if separator is None else separator
    if ordinal == "首先":
        words = {1: ["首先"], 2: ["首先", "其次"], 3: ["首先", "其次", "最后"]}.get(count, list(IN_ORDER_WORDS))
    elif ordinal == "第一":
        words = [f"第{chinese_numeral(n)}" for n in range(1, count + 1)]
    elif ordinal == "一是":
        words = [f"{chinese_numeral(n)}是" for n in range(1, count + 1)]
    else:
        words = [f"（{n}）" for n in range(1, count + 1)]
    return [word + after for word in words]


class EnumerationBlock(Strict):
    """An enumeration inside a section's content."""

    enumeration: Enumeration = Field(description="序数列举（一是、二是……）。An ordinal enumeration (一是, 二是 …).")


CellValue = Union[str, int, float]


class Cell(Strict):
    """A table cell that spans rows or columns or has its own alignment."""

    text: Annotated[str, AlsoAccepts({"type": "number"})] = Field(
        description="单元格文字（数字照写）。Cell text; a number is shown as written."
    )
    colspan: WholeNumber = Field(default=1, ge=1, description="横向合并的列数。Number of columns the cell spans.")
    rowspan: WholeNumber = Field(default=1, ge=1, description="纵向合并的行数。Number of rows the cell spans.")
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
    BeforeValidator(_cell_text),
    AlsoAccepts({"type": "number"}),
]
"""A table cell: text, a number (kept as written), or a Cell mapping."""


class Column(Strict):
    """Look of one table column."""

    align: Literal["left", "center", "right"] = Field(
        default="center", description="本列正文对齐方式（数字列宜右对齐或居中）。Alignment of the column's body cells."
    )
    width: StrictFloat = Field(
        default=1.0,
        gt=0,
        allow_inf_nan=False,
        description="相对列宽，按比例分配版心宽度。Relative width (a positive number); the text block is shared in proportion.",
    )


class Table(Strict):
    """A table: caption above, header rows, body rows (inline or from a CSV file), note below."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {  # table_empty: header or rows, or a CSV file (whether the file has rows is the model's to see)
                    "anyOf": [
                        {"required": ["header"], "properties": {"header": {"minItems": 1}}},
                        {"required": ["rows"], "properties": {"rows": {"minItems": 1}}},
                        {"required": ["csv"], "properties": {"csv": {"type": "string"}}},
                    ]
                },
                {  # csv_and_rows
                    "if": {"required": ["csv"], "properties": {"csv": {"type": "string"}}},
                    "then": {"properties": {"rows": {"maxItems": 0}}},
                },
            ]
        }
    )

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
    csv_header_rows: WholeNumber = Field(
        default=0, ge=0, description="CSV 文件开头作为表头的行数。How many leading CSV rows are header rows."
    )
    note: str | None = Field(default=None, description="表注或资料来源，置于表下。Note or source line below the table.")

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
        rows = read_csv_rows(_base_dir(info), self.csv, limits_module.from_context(info.context))
        self.header = self.header + [list(r) for r in rows[: self.csv_header_rows]]
        self.rows = [list(r) for r in rows[self.csv_header_rows :]]
        return self

    @model_validator(mode="after")
    def _check_shape(self) -> Table:
        # Rows, columns and spans: limits.check_table (run by the loader, or by Report below).
        if not self.header and not self.rows:
            raise ValueError(text("table_empty"))
        return self


class CsvError(ValueError):
    """A problem of a table's CSV file: the loader points at the table's ``csv:`` key."""


def _base_dir(info: ValidationInfo) -> Path:
    """The folder relative paths are resolved against: the loader passes the report's folder."""
    return Path((info.context or {}).get("base_dir", "."))


def csv_path(base_dir: Path, name: str) -> Path:
    """The CSV file ``name`` inside ``base_dir``; ValueError when it leaves the folder or is absent."""
    base = base_dir.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        raise CsvError(text("csv_escapes", path=name))
    if not path.exists():
        raise CsvError(text("csv_missing", path=name))
    return path


class SealError(ValueError):
    """A problem of the seal (its file, or a seal without an issuer): the loader points at ``seal:``."""


class IssuersError(ValueError):
    """A problem of ``issuers:`` as a whole (with ``issuer:``, seals on some but not all): the loader points
    at ``issuers:``."""


def seal_path(base_dir: Path, name: str) -> Path:
    """The seal file ``name`` inside ``base_dir``; SealError when it leaves the folder or is absent."""
    base = base_dir.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        raise SealError(text("seal_escapes", path=name))
    if not path.exists():
        raise SealError(text("seal_missing", path=name))
    return path


def read_seal(base_dir: Path, name: str, limits: Limits = limits_module.DEFAULT_LIMITS) -> Png:
    """The seal's PNG named relative to ``base_dir``, read as CSV files are (a regular file inside the
    folder, at most ``limits.seal_bytes``) and checked whole (``images.check_png``). An ``.svg`` seal is checked
    as an SVG figure is (nothing outside it named, no scripts) and drawn once as a 600 dpi PNG
    (``images.seal_png_from_svg``), which every writer then embeds as it embeds a PNG seal."""
    try:
        data = files.read_regular(seal_path(base_dir, name), limits.seal_bytes, exceeded("seal_bytes", limits, path=name))
    except files.TooLarge as refused:
        raise SealError(refused.message) from None
    except files.FileRefused:
        raise SealError(text("seal_not_regular", path=name)) from None
    except OSError as error:
        raise SealError(text("seal_unreadable", path=name, detail=error.strerror)) from None
    if name.lower().endswith(".svg"):
        if not svg_available():
            raise SealError(text("seal_image", path=name, detail=text("svg_extra")))
        try:
            data = seal_png_from_svg(data, limits.figure_svg_elements)
        except ImageError as error:
            raise SealError(text("seal_image", path=name, detail=str(error))) from None
    try:
        return check_png(data, limits.seal_side_px)
    except TooManyPixels as large:
        raise SealError(
            exceeded("seal_side_px", limits, path=name, width=large.width, height=large.height)
        ) from None
    except ImageError as error:
        raise SealError(text("seal_image", path=name, detail=str(error))) from None


def read_csv_rows(base_dir: Path, name: str, limits: Limits = limits_module.DEFAULT_LIMITS) -> list[list[str]]:
    """Read a CSV file (UTF-8, else GB18030) named relative to ``base_dir``; refuse paths that leave it,
    anything but a regular file, and files, rows or fields beyond the limits."""
    try:
        data = files.read_regular(csv_path(base_dir, name), limits.csv_bytes, exceeded("csv_bytes", limits, path=name))
    except files.TooLarge as refused:
        raise CsvError(refused.message) from None
    except files.FileRefused:
        raise CsvError(text("csv_not_regular", path=name)) from None
    except OSError as error:
        raise CsvError(text("csv_unreadable", path=name, detail=error.strerror)) from None
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            decoded = data.decode("gb18030")
        except UnicodeDecodeError:
            raise CsvError(text("csv_encoding", path=name)) from None
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(decoded))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # a field past the csv module's own 131,072 characters, a stray NUL
            line = reader.line_num
            if "field larger than field limit" in str(error):
                raise CsvError(exceeded("csv_field_chars", limits, path=name, line=line)) from None
            raise CsvError(text("csv_error", path=name, line=line, detail=str(error))) from None
        for cell in row:
            if len(cell) > limits.csv_field_chars:
                raise CsvError(exceeded("csv_field_chars", limits, path=name, line=reader.line_num)) from None
            bad = limits_module.text_problem(cell)
            if bad is not None:
                raise CsvError(text("csv_line", path=name, line=reader.line_num, detail=bad[1]))
        if any(cell.strip() for cell in row):
            rows.append(row)
            if len(rows) > limits.table_rows:
                raise CsvError(exceeded("table_rows", limits, rows=f"{len(rows)}+"))
    return rows


class TableBlock(Strict):
    """A table inside a section's content."""

    table: Table = Field(description="表格。A table.")


# --------------------------------------------------------------------------- indicators


_KEY_LETTERS = r"A-Za-z_\u3007\u3400-\u4DBF\u4E00-\u9FFF"
INDICATOR_KEY_TEXT = rf"^[{_KEY_LETTERS}][0-9{_KEY_LETTERS}]*$"
"""An indicator key: ASCII letters, 汉字 (CJK Unified Ideographs and Extension A, 〇), ASCII digits and
``_``, not starting with a digit — so that ``{key}`` and ``{key.previous}`` in text are unambiguous.
Spelled out rather than ``\\w`` so that editors (JavaScript regexes, where ``\\w`` is ASCII only) and
Python read the schema's pattern alike."""

INDICATOR_KEY = re.compile(INDICATOR_KEY_TEXT)

QUALIFIERS = BEFORE_QUALIFIERS + AFTER_NUMBER_QUALIFIERS + AFTER_UNIT_QUALIFIERS
"""Every qualifier an indicator may carry; formatting knows where each one goes."""

_MAGNITUDE_IN_NUMBER = re.compile(r"^\s*[-+]?[\d.,]+\s*(万亿|万|亿|千|百|%|％|余|多|以上|以下|左右|上下)")


def _check_indicator_key(key: str) -> str:
    if not INDICATOR_KEY.fullmatch(key):
        raise ValueError(text("indicator_key", key=key))
    return key


_KEY_SCHEMA = {"type": "string", "pattern": INDICATOR_KEY_TEXT}

IndicatorKey = Annotated[str, AfterValidator(_check_indicator_key), WithJsonSchema(_KEY_SCHEMA)]
"""Key of an indicator in the catalogue, as referenced by ``{key}``."""

KeyReference = Annotated[str, WithJsonSchema(_KEY_SCHEMA)]
"""An indicator key named in an indicator table; that it exists is checked with the references
(indicators.check), so a key no catalogue could hold is refused there."""

NUMBER_TEXT = r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$"
"""A number written as text ("8.50", quoted in YAML to keep its zero): ASCII digits, a point, an exponent."""

Figure = Annotated[
    Union[Decimal, None],
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_TEXT}, {"type": "null"}]}),
]
"""An indicator number: a number, a number written as text, or empty (null)."""

Qualifier = Annotated[str, WithJsonSchema({"type": "string", "enum": list(QUALIFIERS)})]


def _exact_decimal(value: Any, info: ValidationInfo) -> Any:
    """Numbers become Decimal exactly as written: floats through str() (17.15 stays 17.15), never bools;
    a number written with 万/亿/余 in it gets a hint instead of pydantic's bare parsing error; digits,
    digits before the point and after it within the limits (limits.py: indicator_*)."""
    if isinstance(value, bool):
        raise ValueError(text("decimal_type", actual=describe_value(value)))
    if isinstance(value, float):
        value = Decimal(str(value))
    elif isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, str):
        found = _MAGNITUDE_IN_NUMBER.match(value)
        if found:
            raise ValueError(text("number_with_words", value=value, word=found.group(1)))
        if not re.fullmatch(NUMBER_TEXT, value):  # Decimal() would also read "1_000", "٣" and "NaN"
            raise ValueError(text("decimal_parsing", actual=describe_value(value)))
        value = Decimal(value.strip())
    if isinstance(value, Decimal) and value.is_finite():
        _check_figure(value, limits_module.from_context(info.context))
    return value


def _check_figure(value: Decimal, limits: Limits) -> None:
    shown = str(value) if len(str(value)) <= 40 else f"{str(value)[:20]}…"
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > limits.indicator_places:
        raise ValueError(exceeded("indicator_places", limits, value=shown))
    if value and value.adjusted() + 1 > limits.indicator_integer_digits:
        raise ValueError(exceeded("indicator_integer_digits", limits, value=shown))
    if len(value.as_tuple().digits) > limits.indicator_digits:
        raise ValueError(exceeded("indicator_digits", limits, value=shown))


_IS_PERCENT = {"required": ["display"], "properties": {"display": {"const": "percent"}}}


class Indicator(Strict):
    """A figure that text and tables share: “{key}” in any text expands to it, formatted."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {"if": _IS_PERCENT, "then": {"properties": {"unit": {"enum": ["", "%"]}}}},  # percent_unit
                {  # qualifier_percent: shown as a percentage (display: percent, or unit % and no display)
                    "if": {
                        "anyOf": [
                            _IS_PERCENT,
                            {"required": ["unit"], "properties": {"unit": {"const": "%"}, "display": {"type": "null"}}},
                        ]
                    },
                    "then": {
                        "anyOf": [
                            {"not": {"required": ["qualifier"]}},
                            {"properties": {"qualifier": {"type": "null"}}},
                            {
                                "properties": {
                                    "qualifier": {"not": {"enum": list(AFTER_NUMBER_QUALIFIERS)}},
                                    "qualifier_position": {"not": {"enum": ["after_digits", "after_number"]}},
                                }
                            },
                        ]
                    },
                },
            ]
        }
    )

    label: str = Field(description="指标名称，用于表格“指标”列。The indicator's name, shown in tables.")
    value: Figure = Field(
        default=None,
        allow_inf_nan=False,
        description="本年数值（按单位计，原样保留小数位，8.50 即 8.50）；留空表示待填，文中显示“【待填】”。This "
        "year's value in the unit, kept exactly as written (8.50 stays 8.50; from Python pass a str or Decimal); "
        "empty: still to fill, shown as 【待填】 and listed by `validate --strict`.",
    )
    unit: str = Field(
        default="",
        description="单位，可带“万”“亿”前缀表示数值已按万、亿计（如 万头（只）、万元）；百分数写 %。The unit; a "
        "leading 万/亿 means the value is counted in that unit (20.6 with 万头（只） is 20.6万头（只））; % for "
        "percentages.",
    )
    qualifier: Qualifier | None = Field(
        default=None,
        description="约数修饰词：约、近、超（数前），余、多（数后），以上、以下、左右、上下（单位后）。A word that "
        "marks the figure as approximate, placed as GB/T 15835 writes it: 约300人, 2万余人次, 1500元以上.",
    )
    qualifier_position: Literal["auto", "before", "after_digits", "after_number", "after_unit"] = Field(
        default="auto",
        description="约数修饰词的位置：auto 按国家标准（约300人、8800余人次、2万余人次、1500元以上），before 数前，"
        "after_digits 数字后、万/亿前（60余万元），after_number 万/亿后（60万余元），after_unit 单位后。Where the "
        "qualifier goes, so the author's own wording is kept: auto as GB/T 15835 places the word (约300人, 2万余人次, "
        "1500元以上); before the number; after_digits, before the 万/亿 word (60余万元); after_number, after it "
        "(60万余元); after_unit.",
    )
    previous: Figure = Field(
        default=None,
        allow_inf_nan=False,
        description="上年数值（同一单位）；缺省时取 previous 所指上年报告中同名指标的数值。Last year's value in the "
        "same unit; when absent it is taken by key from the report named by `previous`.",
    )
    target: Figure = Field(
        default=None,
        allow_inf_nan=False,
        description="计划（目标）数值，用于“计划”“完成率”列。The target (计划) value; tables then show 计划 and 完成率.",
    )
    display: Literal["plain", "compact", "percent"] | None = Field(
        default=None,
        description="文中写法：plain 原样（7000亩），compact 以万、亿计（20.6万头（只）），percent 百分数（81.9%）；"
        "缺省时单位为 % 则按 percent，否则 plain。How text writes the value: plain (7000亩), compact with "
        "万/亿 (20.6万头（只）, 2.2亿元), percent (81.9%); default: percent when the unit is %, else plain.",
    )
    places: Annotated[int, Field(ge=0, le=12), BeforeValidator(_whole_number)] | None = Field(
        default=None,
        description="小数位数（四舍五入）；缺省保留数值本身的位数。Fraction digits to show, rounded half up; "
        "default: exactly the digits the value has.",
    )
    grouping: StrictBool = Field(
        default=False,
        description="五位及以上整数是否按千分组（624,000）；四位数从不分组。Group thousands in numbers of five "
        "or more integer digits (624,000); four-digit numbers are never grouped.",
    )

    _numbers = field_validator("value", "previous", "target", mode="before")(_exact_decimal)

    @property
    def effective_display(self) -> Literal["plain", "compact", "percent"]:
        """The display form in effect: as set, else percent for the unit %, else plain."""
        if self.display is not None:
            return self.display
        return "percent" if self.unit == "%" else "plain"

    @field_validator("places")
    @classmethod
    def _places_within_limit(cls, value: int | None, info: ValidationInfo) -> int | None:
        limits = limits_module.from_context(info.context)
        if value is not None and value > limits.indicator_places:
            raise ValueError(exceeded("indicator_places", limits, key="limit_places", value=value))
        return value

    @field_validator("qualifier")
    @classmethod
    def _known_qualifier(cls, value: str | None) -> str | None:
        if value is not None and value not in QUALIFIERS:
            raise ValueError(text("unknown_qualifier", qualifier=value, known="、".join(QUALIFIERS)))
        return value

    @model_validator(mode="after")
    def _check_percent(self) -> Indicator:
        if self.display == "percent" and self.unit not in ("", "%"):
            raise ValueError(text("percent_unit", unit=self.unit))
        inside = self.qualifier in AFTER_NUMBER_QUALIFIERS or self.qualifier_position in ("after_digits", "after_number")
        if self.effective_display == "percent" and self.qualifier and inside:
            raise ValueError(text("qualifier_percent", qualifier=self.qualifier))
        return self


class IndicatorGroup(Strict):
    """Rows of an indicator table under one label in the first column (“养殖产业基地”)."""

    group: str = Field(description="分组名称，纵向合并于首列。Group label, spanning its rows in the first column.")
    keys: list[KeyReference] = Field(min_length=1, description="本组的指标键，按行序。Indicator keys of the group, in row order.")


IndicatorRow = Union[IndicatorGroup, KeyReference]


class IndicatorTable(Strict):
    """A table generated from the indicator catalogue: 指标 / 单位 / 本年, with 上年 / 增减 / 增幅 where previous
    values exist and 计划 / 完成率 where targets exist."""

    caption: str | None = Field(default=None, description="表题，置于表格上方居中。Caption, centred above the table.")
    rows: list[IndicatorRow] | Literal["section"] = Field(
        description="行：指标键列表（可含分组 {group: 名称, keys: [...]}），或 section 表示本节（含下级）正文引用的"
        "全部指标，按首次出现顺序。The rows: a list of indicator keys and groups ({group: label, keys: [...]}), or "
        "`section` for every indicator the enclosing section (with its subsections; before the first heading: "
        "the whole report) references, in order of first reference.",
    )
    group_header: str = Field(
        default="类别", description="有分组时首列的表头。Header of the group column, when there are groups."
    )
    total: str | None = Field(
        default=None,
        description="合计行的名称（如“合计”）；各行须同一单位、非百分数、无约数修饰词。Label of a totals row (合计); "
        "the rows must share one unit, not be percentages and carry no qualifier.",
    )
    note: str | None = Field(default=None, description="表注或资料来源，置于表下。Note or source line below the table.")
    years: Annotated[int, Field(ge=2, le=30), BeforeValidator(_whole_number)] | None = Field(
        default=None,
        description="按年列出截至本年的最近 N 年数值（沿 previous 链），代替 本年/上年/计划 各列；缺少的年份显示“—”。The "
        "last N years up to this one as the columns (along the previous: chain), instead of 本年/上年/计划; a "
        "missing year shows —.",
    )

    def keys(self) -> list[str]:
        """The keys listed explicitly, in row order ([] for ``section``)."""
        if self.rows == "section":
            return []
        return [k for row in self.rows for k in (row.keys if isinstance(row, IndicatorGroup) else [row])]


class IndicatorTableBlock(Strict):
    """An indicator table inside a section's content."""

    indicator_table: IndicatorTable = Field(description="指标表，由指标目录生成。A table generated from the indicators.")


# --------------------------------------------------------------------------- figures and charts


class FigureError(ValueError):
    """A problem of a figure's image file: the loader points at the figure's ``image:`` key."""


def figure_path(base_dir: Path, name: str) -> Path:
    """The image ``name`` inside ``base_dir``; FigureError when it leaves the folder or is absent."""
    base = base_dir.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        raise FigureError(text("figure_escapes", path=name))
    if not path.exists():
        raise FigureError(text("figure_missing", path=name))
    return path


def read_figure(base_dir: Path, name: str, limits: Limits = limits_module.DEFAULT_LIMITS) -> Picture:
    """The image ``name`` (PNG, JPEG or SVG) read as the seal is (a regular file inside the folder, at most
    ``limits.figure_bytes``) and checked whole by ``images.check_picture`` (kind, pixel count, decodable)."""
    try:
        data = files.read_regular(
            figure_path(base_dir, name), limits.figure_bytes, exceeded("figure_bytes", limits, path=name)
        )
    except files.TooLarge as refused:
        raise FigureError(refused.message) from None
    except files.FileRefused:
        raise FigureError(text("figure_not_regular", path=name)) from None
    except OSError as error:
        raise FigureError(text("figure_unreadable", path=name, detail=error.strerror)) from None
    if name.lower().endswith(".svg") and not svg_available():
        raise FigureError(text("figure_image", path=name, detail=text("svg_extra")))
    try:
        return check_picture(data, name, limits.figure_pixels, limits.figure_svg_elements)
    except TooManyPixels as large:
        raise FigureError(
            exceeded("figure_pixels", limits, path=name, width=large.width, height=large.height)
        ) from None
    except ImageError as error:
        raise FigureError(text("figure_image", path=name, detail=str(error))) from None


class FigureImage(Strict):
    """A picture beside the report (PNG, JPEG or SVG), centred, with its caption 图N below."""

    image: str = Field(
        description="图片文件：报告所在文件夹中的 PNG、JPEG 或 SVG 文件（扩展名须与内容相符；SVG 不得含脚本或外部引用）；"
        "大照片按印出尺寸降到 300 dpi，按 EXIF 方向旋正。The image: a PNG, JPEG or SVG file in the report's folder "
        "(its extension must match its content; an SVG with scripts or external references is refused); "
        "large photos are downsampled to 300 dpi at their printed size and turned as their EXIF says."
    )
    caption: str | None = Field(
        default=None,
        description="图题，置于图下居中，前加自动编号“图N　”（全文连续编号）。Caption, centred below the picture "
        "after its number 图N (numbered across the report).",
    )
    width_chars: Annotated[float, Field(gt=0, allow_inf_nan=False), BeforeValidator(_real_number)] | None = Field(
        default=None,
        description="宽度（正文字数），不超过版心宽度；缺省按图片自身分辨率（无则 96 dpi），不超过版心。Width in body "
        "characters, at most the text block; default: the image's own size at its resolution (96 dpi if it has "
        "none), at most the block.",
    )
    width_mm: Annotated[float, Field(gt=0, allow_inf_nan=False), BeforeValidator(_real_number)] | None = Field(
        default=None,
        description="宽度（毫米），不超过版心宽度；与 width_chars 二选一。Width in millimetres, at most the text "
        "block; give width_chars or width_mm, not both.",
    )

    _picture: Picture | None = PrivateAttr(default=None)

    @property
    def picture(self) -> Picture | None:
        """The checked image, read when the report was validated."""
        return self._picture

    @field_validator("image")
    @classmethod
    def _image_exists(cls, value: str, info: ValidationInfo) -> str:
        figure_path(_base_dir(info), value)  # here, so the error points at the `image:` line
        return value

    @model_validator(mode="after")
    def _read_image(self, info: ValidationInfo) -> FigureImage:
        if self.width_chars is not None and self.width_mm is not None:
            raise ValueError(text("figure_two_widths"))
        self._picture = read_figure(_base_dir(info), self.image, limits_module.from_context(info.context))
        return self


class FigureBlock(Strict):
    """A figure inside a section's content."""

    figure: FigureImage = Field(description="插图（图片），图题在下。A picture with its caption below.")


class Chart(Strict):
    """A chart drawn from the indicator catalogue, numbered and captioned like a figure (图N)."""

    kind: Literal["bars", "years", "shares", "completion"] = Field(
        description="图表类型：bars 本年与上年对比（可多个指标，单位须相同）；years 逐年变化（沿 previous 链取历年数值）；"
        "shares 构成（各指标占合计的比例）；completion 完成计划情况（本年对计划的完成率，单位可不同）。Kind: bars "
        "(this year against last year, one or more indicators of one unit); years (values by year along the "
        "previous: chain); shares (each indicator's share of their sum); completion (value against target, "
        "as completion rates: units may differ)."
    )
    keys: list[KeyReference] = Field(min_length=1, description="所用指标的键。Keys of the indicators charted.")
    shape: Literal["bars", "line", "pie", "stacked"] | None = Field(
        default=None,
        description="形状：years 可用 line（缺省）或 bars；shares 可用 pie（缺省）或 stacked（百分比条形）。Shape: "
        "line (default) or bars for years; pie (default) or stacked (a 100 % bar) for shares.",
    )
    years: Annotated[int, Field(ge=2, le=30), BeforeValidator(_whole_number)] | None = Field(
        default=None,
        description="years 类型所取的年数（截至本年），缺省 5；缺少的年份留空，不作零。How many years up to this one "
        "a years chart shows (default 5); a missing year is a gap, never zero.",
    )
    title: str | None = Field(default=None, description="图表内标题（黑体）。Title inside the chart (黑体).")
    caption: str | None = Field(
        default=None,
        description="图题，置于图下居中，前加自动编号“图N　”。Caption below the chart after its number 图N.",
    )
    height_lines: WholeNumber = Field(
        default=10, ge=4, le=20, description="图表高度（行数）。Height of the chart in body lines."
    )

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> Chart:
        allowed = {"bars": (), "completion": (), "years": ("bars", "line"), "shares": ("pie", "stacked")}[self.kind]
        if self.shape is not None and self.shape not in allowed:
            raise ValueError(text("chart_shape", shape=self.shape, kind=self.kind, allowed="、".join(allowed) or "—"))
        if self.years is not None and self.kind != "years":
            raise ValueError(text("chart_years_kind", kind=self.kind))
        return self


class ChartBlock(Strict):
    """A chart inside a section's content."""

    chart: Chart = Field(description="指标图表，由指标目录生成。A chart generated from the indicators.")


def _block_discriminator(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, BaseModel):
        return type(value).__name__
    if isinstance(value, dict):
        for key, tag in (
            ("table", "TableBlock"),
            ("indicator_table", "IndicatorTableBlock"),
            ("figure", "FigureBlock"),
            ("chart", "ChartBlock"),
            ("item", "NumberedPoint"),
            ("lead", "LeadParagraph"),
            ("enumeration", "EnumerationBlock"),
        ):
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
        Annotated[IndicatorTableBlock, Tag("IndicatorTableBlock")],
        Annotated[EnumerationBlock, Tag("EnumerationBlock")],
        Annotated[FigureBlock, Tag("FigureBlock")],
        Annotated[ChartBlock, Tag("ChartBlock")],
    ],
    Discriminator(_block_discriminator),
]
"""One content block: a string is a plain paragraph; mappings are told apart by their keys
(``table``, ``indicator_table``, ``figure``, ``chart``, ``item``, ``lead``, ``enumeration``, else ``text``)."""


# --------------------------------------------------------------------------- structure


class Section(Strict):
    """A section with an optional heading, its content, and subsections one level down."""

    title: str | None = Field(
        default=None,
        description="标题，不含序号；序号按层级和位置自动生成（一、（一）1.（1））。Heading without its number; "
        "the number comes from the level and position.",
    )
    subtitle: str | None = Field(
        default=None,
        description="标题的第二行（副标题），如“——2020年及“十三五”工作回顾”，另起一行、楷体、与标题同样缩进，"
        "与标题和其后正文不分页。A heading's second line (“——2020年及“十三五”工作回顾”): its own line under the "
        "heading, in 楷体, indented as the heading, never parted from the heading or the first line after it.",
    )
    numbered: StrictBool = Field(
        default=True, description="是否编号；false 时标题不带序号，也不占序号。Whether the heading is numbered."
    )
    content: list[Block] = Field(default_factory=list, description="本节正文块。The section's content blocks.")
    sections: list[Section] = Field(default_factory=list, description="下一级小节。Subsections, one level down.")

    @field_validator("subtitle")
    @classmethod
    def _subtitle_under_a_title(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not value.strip():
            raise ValueError(text("heading_subtitle_blank"))
        if value is not None and info.data.get("title") is None:
            raise ValueError(text("heading_subtitle_without_title"))
        return value


class Attachment(Strict):
    """An attachment (附件): starts on a new page with “附件N” and its own title."""

    title: str = Field(description="附件标题，亦用于正文后的附件说明。Attachment title, also listed after the body.")
    content: list[Block] = Field(default_factory=list, description="附件正文块。The attachment's content blocks.")
    sections: list[Section] = Field(default_factory=list, description="附件中的小节。Sections of the attachment.")


# --------------------------------------------------------------------------- 版头 and 版记 (GB/T 9704 7.2, 7.4)


_CODE = r"[^〔〕\[\]［］()（）【】{}\s]*[^〔〕\[\]［］()（）【】{}\s0-9第]"

DOCUMENT_NUMBER_TEXT = rf"^{_CODE}(〔[0-9]{{4}}〕)?[1-9][0-9]*号$"
"""发文字号: 机关代字, the full year in 〔〕 (U+3014/3015; may be left out, then the date's year is used), the
sequence number without leading zeros, 号 at the end: 奈大政发〔2019〕3号 (or 奈大政发3号)."""

_DOCUMENT_NUMBER = re.compile(rf"^(?P<code>{_CODE})(?:〔(?P<year>[0-9]{{4}})〕)?(?P<seq>[1-9][0-9]*)号$")


def document_number_problem(value: str) -> str | None:
    """What is wrong with a 发文字号 as written, in the user's language, or None when it is well formed."""
    if _DOCUMENT_NUMBER.fullmatch(value):
        return None
    if not value.endswith("号"):
        reason = "no_hao"
    elif re.search(r"[\[\]［］()（）【】{}〈〉<>]\s*[0-9]{2,4}\s*[\[\]［］()（）【】{}〈〉<>]", value):
        reason = "brackets"
    elif re.search(r"第\s*[0-9]+号$", value):
        reason = "di"
    elif re.search(r"(^|[^0-9])0[0-9]*号$", value):
        reason = "zero"
    elif re.search(r"〔[^〕]*〕", value) and not re.search(r"〔[0-9]{4}〕", value):
        reason = "full_year"
    else:
        reason = "form"
    return text("document_number", number=value, reason=text(f"document_number_{reason}"))


def _document_number(value: str) -> str:
    problem = document_number_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _organ_names(value: list[str]) -> list[str]:
    for name in value:
        if not name.strip():
            raise ValueError(text("organ_empty"))
    return value


def _organ_name(value: str) -> str:
    if not value.strip():
        raise ValueError(text("organ_empty"))
    return value


OrganNames = Annotated[
    list[str],
    AfterValidator(_organ_names),
    WithJsonSchema({"type": "array", "items": {"type": "string", "pattern": NOT_BLANK}}),
]
"""A list of organ names, none blank."""

OrganName = Annotated[str, AfterValidator(_organ_name), WithJsonSchema({"type": "string", "pattern": NOT_BLANK})]
"""An organ's name, not blank."""


class Header(Strict):
    """版头 (GB/T 9704 7.2): what stands above the red separator line on the first page."""

    copy_number: Annotated[str, WithJsonSchema({"type": "string", "pattern": "^[0-9]{6}$"})] | None = Field(
        default=None,
        description="份号：6 位阿拉伯数字，顶格编排在版心左上角第一行。Copy number: six Arabic digits, flush left "
        "on the block's first line.",
    )
    classification: str | None = Field(
        default=None,
        description="密级和保密期限，如“秘密★1年”，顶格编排在版心左上角第二行（无份号时第一行）。Security "
        "classification and its period (秘密★1年), flush left on the second line (the first without a copy number).",
    )
    urgency: str | None = Field(
        default=None,
        description="紧急程度（“特急”“加急”），顶格编排在密级之下。Urgency (特急, 加急), flush left below the "
        "classification.",
    )
    organs: Annotated[OrganNames, AlsoAccepts({"type": "string", "pattern": NOT_BLANK})] = Field(
        default_factory=list,
        description="发文机关标志：发文机关全称或规范化简称；联合行文时列出各机关，主办机关在前。Issuing organs "
        "of the letterhead mark (full name or standard short name); joint issuers listed host first.",
    )
    suffix: str = Field(
        default="",
        description="发文机关标志后的“文件”二字（留空则不加）；联合行文时居于各机关名称右侧、上下居中。Text after "
        "the organ's name in the mark, usually 文件 (empty: none); with joint issuers it stands right of the "
        "stacked names, centred on them.",
    )
    joint_layout: Literal["stacked", "side_by_side"] = Field(
        default="stacked",
        description="联合行文时机关名称的排列：stacked 上下排列，side_by_side 并排（以空格分隔）。How joint "
        "issuers' names are set: stacked one above the other, or side_by_side on one line.",
    )
    document_number: Annotated[
        str, AfterValidator(_document_number), WithJsonSchema({"type": "string", "pattern": DOCUMENT_NUMBER_TEXT})
    ] | None = Field(
        default=None,
        description="发文字号：机关代字〔年份〕序号号，如“奈大政发〔2019〕3号”；年份用六角括号，序号不编虚位、不加"
        "“第”；省略〔年份〕时取成文日期的年份。Document number: 机关代字〔year〕sequence号 (奈大政发〔2019〕3号), "
        "the full year in 〔〕, no leading zeros, no 第; without 〔year〕 the date's year is put in.",
    )
    signers: Annotated[OrganNames, AlsoAccepts({"type": "string", "pattern": NOT_BLANK})] = Field(
        default_factory=list,
        description="签发人姓名（上行文）；有签发人时发文字号居左空一字、签发人居右空一字，同处一行。Signers "
        "(签发人) of a document sent up (上行文): the document number then stands one character in from the "
        "left and “签发人：” with the names one character in from the right, on the same line.",
    )

    _signers = field_validator("organs", "signers", mode="before")(lambda value: [value] if isinstance(value, str) else value)


class Imprint(Strict):
    """版记 (GB/T 9704 7.4): 抄送 and 印发 lines between rules at the foot of the last (even) page."""

    copy_to: Annotated[OrganNames, AlsoAccepts({"type": "string", "pattern": NOT_BLANK})] = Field(
        default_factory=list,
        description="抄送机关，按顺序列出；自动加“抄送：”、以逗号分隔、末尾加句号。Organs sent a copy (抄送), in "
        "order; set after “抄送：”, separated by “，” and ended with “。”.",
    )
    printed_by: OrganName = Field(
        description="印发机关（一般为发文机关的办公厅、室）。The organ that prints and sends the document (印发机关).",
    )
    printed_on: Date | None = Field(
        default=None,
        description="印发日期（YYYY-MM-DD），缺省取成文日期；印出为“2019年1月20日印发”。Date of printing; default "
        "the document's date; shown as 2019年1月20日印发.",
    )

    _copy_to = field_validator("copy_to", mode="before")(lambda value: [value] if isinstance(value, str) else value)


MAX_ISSUERS = 12
"""Joint issuers a signature may list."""


class Issuer(Strict):
    """One of several issuing organs signing together (联合行文), with its seal or none."""

    name: OrganName = Field(description="发文机关署名。The issuing organ's name as signed.")
    seal: str | None = Field(
        default=None,
        description="该机关的印章图片（报告所在文件夹中的 PNG，透明底；或 SVG，需 annualreport[svg]）。This organ's "
        "seal: a PNG (transparent background) or SVG (needs annualreport[svg]) file in the report's folder.",
    )

    _seal_image: Png | None = PrivateAttr(default=None)

    @property
    def seal_image(self) -> Png | None:
        """The seal's checked PNG, or None."""
        return self._seal_image

    @field_validator("seal")
    @classmethod
    def _seal_exists(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            seal_path(_base_dir(info), value)
        return value

    @model_validator(mode="after")
    def _read_seal(self, info: ValidationInfo) -> Issuer:
        if self.seal is not None:
            self._seal_image = read_seal(_base_dir(info), self.seal, limits_module.from_context(info.context))
        return self


def _issuer_entry(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


LOCALE_TEXT = r"^[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8}){0,3}$"
"""A locale identifier as babel writes them: zh_CN, zh_Hans_CN, en_US_POSIX (babel decides which exist)."""


def _lines(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Report(Strict):
    """An annual work report (年度工作总结 / 政府工作报告)."""

    title: Annotated[
        list[str],
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string", "pattern": NOT_BLANK},
                    {"type": "array", "items": {"type": "string"}, "contains": {"pattern": NOT_BLANK}},
                ]
            }
        ),
    ] = Field(description="标题；可写成多行列表以指定断行位置（在词间断行）。Title; a list gives the line breaks.")
    subtitle: Annotated[list[str], AlsoAccepts({"type": "string"})] = Field(
        default_factory=list,
        description="副题行，如“——2019年1月15日在……会议上”。Subtitle lines under the title.",
    )
    speaker: str | None = Field(default=None, description="报告人或作者行，如“镇长　×××”。Speaker or author line.")
    front_lines: Annotated[list[str], AlsoAccepts({"type": "string"})] = Field(
        default_factory=list,
        description="讲话人之下、正文之前的其他行（如报告日期“2019年1月10日”），与讲话人同样居中、楷体。Further "
        "front-matter lines under the speaker (the date of the speech, say), centred in the speaker's 楷体.",
    )
    recipient: str | None = Field(default=None, description="主送机关，如“各嘎查村、镇直各单位：”。Recipient line.")
    issuer: str | None = Field(default=None, description="发文机关署名。Issuing organ, signed under the body.")
    issuers: list[Annotated[Issuer, BeforeValidator(_issuer_entry), AlsoAccepts({"type": "string", "pattern": NOT_BLANK})]] = Field(
        default_factory=list,
        max_length=MAX_ISSUERS,
        description="联合行文的发文机关署名，按发文机关顺序（主办机关在前）；每项为机关名称，或 {name, seal}。"
        "各机关都有印章时按 GB/T 9704 7.3.5.1 排列（印章一一对应、居中下压署名，最后一个印章下压署名和成文日期，"
        "印章互不相交、不超出版心）；都无印章时按 7.3.5.2 依次向下编排。与 issuer、seal 不同时使用。Joint issuers "
        "in order, host first: a name, or {name, seal}. With a seal each they are set as GB/T 9704 7.3.5.1 sets "
        "them (each seal pressed centred on its name, the last on name and date, seals apart and inside the "
        "block); without seals stacked (7.3.5.2). Not together with issuer or seal.",
    )
    seal: str | None = Field(
        default=None,
        description="印章图片：报告所在文件夹中的 PNG 文件（透明底，红色）或 SVG 文件（需 annualreport[svg]），"
        "居中下压发文机关署名和成文日期（GB/T 9704 7.3.5.1），按 seal_size_mm 的实际尺寸印出；有印章时署名按加盖印章"
        "编排。The seal: a PNG (transparent background, red) or SVG (needs annualreport[svg]) file in the report's "
        "folder, pressed centred on the issuer and the date at its real size; with a seal the signature takes "
        "the sealed layout.",
    )
    seal_size_mm: Annotated[float, BeforeValidator(_real_number)] = Field(
        default=42,
        ge=20,
        le=60,
        description="印章直径（毫米），通常 42 或 45。The seal's diameter in millimetres (42 or 45 as a rule).",
    )
    year: WholeNumber = Field(ge=1949, le=2200, description="报告年度。The year the report covers.")
    date: Date | None = Field(default=None, description="成文日期（YYYY-MM-DD）。Date of the document.")
    style: str = Field(
        default="gbt9704",
        description="版式：styles/ 下的名称或 TOML 文件路径。Style: a name under styles/ or a path to a TOML file.",
    )
    locale: str = Field(
        default="zh_CN",
        json_schema_extra={"pattern": LOCALE_TEXT},
        description="数字格式所用的区域设置（babel），缺省 zh_CN。Locale of number formatting (babel); default zh_CN.",
    )
    previous: str | None = Field(
        default=None,
        description="上年报告（文件夹或文件，相对本报告所在文件夹），其指标数值按键填入“上年”，单位须一致。The "
        "previous year's report (a folder or file, relative to this report's folder); annualreport.load fills "
        "each indicator's 上年 from its value of the same key, and the units must agree.",
    )
    indicators: dict[IndicatorKey, Indicator] = Field(
        default_factory=dict,
        description="指标目录：键 -> 指标；正文和表格中以 {键} 引用。The indicator catalogue, key -> indicator; "
        "text refers to one as {key} ({{ and }} write literal braces).",
    )
    content: list[Block] = Field(
        default_factory=list, description="第一个标题之前的导语段落。Paragraphs before the first heading."
    )
    sections: list[Section] = Field(default_factory=list, description="一级标题及其内容。Top-level sections.")
    attachments: list[Attachment] = Field(default_factory=list, description="附件。Attachments.")
    note: str | None = Field(default=None, description="附注，置于成文日期下一行。Note (附注) below the date.")
    header: Header | None = Field(
        default=None,
        description="版头：份号、密级、紧急程度、发文机关标志、发文字号、签发人，其下为红色分隔线（GB/T 9704 7.2）。"
        "The letterhead: copy number, classification, urgency, the issuing organ's red mark, document number, "
        "signers, and the red separator line under them.",
    )
    imprint: Imprint | None = Field(
        default=None,
        description="版记：抄送机关、印发机关和印发日期，置于最后一页（偶数页）下端（GB/T 9704 7.4）。The "
        "distribution block: 抄送 and 印发 lines at the foot of the last page, an even page.",
    )

    _seal_image: Png | None = PrivateAttr(default=None)
    """The seal's checked PNG (``seal:``), read when the report was validated."""

    _source_dir: Path | None = PrivateAttr(default=None)
    """Folder the report was loaded from (styles and CSV files are looked up there); None when built in code."""

    _chain: dict[int, dict[str, Decimal | None]] = PrivateAttr(default_factory=dict)
    """Values by year and key from the reports of the ``previous:`` chain (the loader fills it; units agree)."""

    @property
    def history(self) -> dict[int, dict[str, Decimal | None]]:
        """Every indicator's values by year: the ``previous:`` chain's reports, last year's ``previous`` values
        written here, this year's values. A year or key without a figure is absent (a gap, never zero)."""
        years: dict[int, dict[str, Decimal | None]] = {year: dict(values) for year, values in self._chain.items()}
        last = years.setdefault(self.year - 1, {})
        for key, indicator in self.indicators.items():
            if indicator.previous is not None:
                last[key] = indicator.previous
        years[self.year] = {key: i.value for key, i in self.indicators.items() if i.value is not None}
        found = {year: {k: v for k, v in values.items() if v is not None} for year, values in sorted(years.items())}
        return {year: values for year, values in found.items() if values}

    @property
    def source_dir(self) -> Path | None:
        """Folder the report was loaded from, or None."""
        return self._source_dir

    @property
    def seal_image(self) -> Png | None:
        """The seal's checked PNG, or None."""
        return self._seal_image

    _normalise_title = field_validator("title", "subtitle", "front_lines", mode="before")(_lines)

    @field_validator("title")
    @classmethod
    def _title_not_empty(cls, value: list[str]) -> list[str]:
        if not any(line.strip() for line in value):
            raise ValueError(text("title_empty"))
        return value

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        from babel import Locale, UnknownLocaleError

        if not re.fullmatch(LOCALE_TEXT, value):  # babel would also read zh_CN.UTF-8 and zh_CN@calendar
            raise ValueError(text("unknown_locale", locale=value))
        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError, TypeError):
            raise ValueError(text("unknown_locale", locale=value)) from None
        return value

    @model_validator(mode="after")
    def _check_limits(self, info: ValidationInfo) -> Report:
        """A report validated in code is held to the limits here (as one error at the report); the
        loader runs limits.check_report itself, to locate each problem at its line."""
        if not (info.context or {}).get("loader"):
            found = limits_module.check_report(self, limits_module.from_context(info.context), characters=True)
            if found:
                raise ValueError(limits_module.problems_in(found))
        return self

    @field_validator("seal")
    @classmethod
    def _seal_exists(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Checked here, not in _read_seal, so the error points at the `seal:` line.
        if value is not None:
            seal_path(_base_dir(info), value)
        return value

    @model_validator(mode="after")
    def _check_issuers(self) -> Report:
        if not self.issuers:
            return self
        if self.issuer is not None:
            raise IssuersError(text("issuers_and_issuer"))
        if self.seal is not None:
            raise SealError(text("seal_with_issuers"))
        sealed = [i for i, issuer in enumerate(self.issuers) if issuer.seal is not None]
        if sealed and len(sealed) != len(self.issuers):
            unsealed = next(i for i, issuer in enumerate(self.issuers) if issuer.seal is None)
            raise IssuersError(text("issuers_seals_partial", index=unsealed + 1, name=self.issuers[unsealed].name,
                                    sealed=len(sealed), count=len(self.issuers)))  # fmt: skip
        return self

    @property
    def issuer_names(self) -> list[str]:
        """The names signed under the body: ``issuers:``'s, or ``issuer:`` alone, or none."""
        return [issuer.name for issuer in self.issuers] if self.issuers else [self.issuer] if self.issuer else []

    @model_validator(mode="after")
    def _read_seal(self, info: ValidationInfo) -> Report:
        if self.seal is None:
            return self
        if not self.issuer:
            raise SealError(text("seal_without_issuer"))
        self._seal_image = read_seal(_base_dir(info), self.seal, limits_module.from_context(info.context))
        return self

    @model_validator(mode="after")
    def _check_document_year(self) -> Report:
        header = self.header
        if header and header.document_number and "〔" not in header.document_number and self.date is None:
            raise ValueError(text("document_number_year", number=header.document_number))
        return self

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
