"""What a report may hold: every limit in one place, with its default and the reason for it.

The loader enforces them all before anything is built or rendered (``load(src, limits=Limits(...))``;
the future HTTP service passes its own), so that every input gets an answer in bounded time and memory:
either a report that renders, or a located message naming the limit that was exceeded and its value.
docs/limits.md has the table; the defaults sit far above any real report (examples/2018 is 14 KB, 609
YAML nodes, 9 levels deep, 38 blocks; a report 100 times its size passes every default).

Besides the numbers here, some rules are fixed by the formats themselves and are checked with them:
dates between 1980 and 2107 (a zip entry's clock), heading numbers up to 999 (九百九十九), text without
control characters or Unicode non-characters (see :func:`text_problem`).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

from .messages import text

if TYPE_CHECKING:
    from . import model

KIB = 1024
MIB = 1024 * KIB

MAX_NUMERAL = 999
"""The largest heading number the Chinese numerals of headings write (九百九十九, formatting.chinese_numeral)."""

CSV_MODULE_FIELD_CHARS = 131_072
"""Python's csv module refuses longer fields (``csv.field_size_limit()``; it is process-wide, so not raised)."""

INT_MAX_STR_DIGITS = 4300
"""Python's int() refuses longer digit strings (``sys.get_int_max_str_digits()``) with a ValueError."""

ALLOWED_CONTROLS = "\t\n"
"""The only control characters text may hold: tab and line feed (a line break in the .docx; both are
white space in the PDF). Carriage returns, NUL, escape, the C1 controls (U+0080–U+009F) and the rest are
refused: no .docx can hold most of them, and none of them prints."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How large a report may be. Every field is a positive whole number; see docs/limits.md."""

    source_bytes: int = 4 * MIB
    """Bytes of the report file (or of standard input)."""
    depth: int = 32
    """Nesting of mappings and lists in the YAML or JSON (a real report needs 15 at most)."""
    nodes: int = 200_000
    """Values (mappings, lists, scalars) in the parsed report, aliases expanded."""
    alias_nodes: int = 10_000
    """Values that YAML aliases (``*name``) add to the report once expanded."""
    number_chars: int = 100
    """Characters of a number written in YAML or JSON (longer: quote it if it is text)."""
    blocks: int = 10_000
    """Content blocks (paragraphs, points, tables) in the whole report."""
    sections_per_level: int = MAX_NUMERAL
    """Numbered sections under one parent, and numbered points in one content list."""
    table_rows: int = 10_000
    """Rows of one table, header rows and CSV rows included."""
    table_columns: int = 24
    """Grid columns of one table (at 24, a column of the A4 text block is 6.5 mm: one 四号 character)."""
    paragraph_chars: int = 20_000
    """Characters of any one text: a paragraph, a cell, a note (about 32 pages of one paragraph)."""
    title_chars: int = 200
    """Characters of a title line, heading, caption, issuer, label or unit."""
    key_chars: int = 100
    """Characters of a mapping key (an indicator's key; the model's own keys have 15 at most)."""
    indicator_digits: int = 24
    """Significant digits of an indicator number."""
    indicator_integer_digits: int = 15
    """Digits before the point of an indicator number (up to 999万亿)."""
    indicator_places: int = 12
    """Digits after the point of an indicator number, as written or as ``places`` asks."""
    csv_bytes: int = 4 * MIB
    """Bytes of one CSV file."""
    csv_field_chars: int = 20_000
    """Characters of one CSV field (at most 131,072, Python's csv module's own limit)."""
    style_bytes: int = 1 * MIB
    """Bytes of a style TOML file."""
    import_bytes: int = 64 * MIB
    """Bytes of a file ``annualreport import`` reads (.docx, .txt, .md)."""
    import_xml_bytes: int = 256 * MIB
    """Bytes of the XML parts of an imported .docx once unzipped (a zip bomb is refused before it is parsed)."""
    seal_bytes: int = 2 * MIB
    """Bytes of the seal's PNG file (``seal:``)."""
    seal_side_px: int = 3000
    """Pixels of the seal image's longer side (45 mm at 1,700 dpi): its pixels are inflated to check it."""
    previous_reports: int = 30
    """Reports followed back along the ``previous:`` chain (years of history)."""
    figure_bytes: int = 20 * MIB
    """Bytes of one figure's image file (``figure: image:``)."""
    figure_pixels: int = 40_000_000
    """Pixels (width × height) of one figure's image, read from its header before any is decoded (a pixel bomb)."""
    figure_svg_elements: int = 100_000
    """Elements of one SVG figure (each becomes a drawing object in the PDF)."""

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{field.name} must be a positive whole number, not {value!r}")
        if self.sections_per_level > MAX_NUMERAL:
            raise ValueError(f"Limits.sections_per_level is at most {MAX_NUMERAL}, the range of heading numerals")
        if self.csv_field_chars > CSV_MODULE_FIELD_CHARS:
            raise ValueError(f"Limits.csv_field_chars is at most {CSV_MODULE_FIELD_CHARS}, the csv module's limit")
        if self.indicator_integer_digits > 100 or self.indicator_places > 100:
            raise ValueError("Limits.indicator_integer_digits and indicator_places are at most 100 (formatting's own)")
        if self.number_chars > INT_MAX_STR_DIGITS:
            raise ValueError(f"Limits.number_chars is at most {INT_MAX_STR_DIGITS}, the digits Python's int() reads")


DEFAULT_LIMITS = Limits()
"""The limits ``load`` applies unless given others."""


def exceeded(name: str, limits: Limits, key: str | None = None, **details: Any) -> str:
    """The message for limit ``name`` exceeded: what is too large, then ``(limit NAME = VALUE)``."""
    value = getattr(limits, name)
    return text(key or f"limit_{name}", limit=value, **details) + text("limit_named", name=name, limit=value)


def from_context(context: Any) -> Limits:
    """The limits in a pydantic validation context (the loader puts them there), else the defaults."""
    limits = context.get("limits") if isinstance(context, dict) else None
    return limits if isinstance(limits, Limits) else DEFAULT_LIMITS


# --------------------------------------------------------------------------- characters


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def bad_character(value: str) -> tuple[int, str] | None:
    """The index and the kind ("control", "surrogate", "noncharacter") of the first character text may
    not hold, or None. Fast for the common case: str.isprintable() is true for most text."""
    if value.isprintable():
        return None  # isprintable() is false for every control, surrogate and unassigned code point
    for index, char in enumerate(value):
        if char in ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            return index, "control"
        if category == "Cs":
            return index, "surrogate"
        if category == "Cn" and _is_noncharacter(ord(char)):
            return index, "noncharacter"
    return None


def text_problem(value: str) -> tuple[int, str] | None:
    """(index, message) for the first character ``value`` may not hold, or None."""
    found = bad_character(value)
    if found is None:
        return None
    index, _ = found
    return index, character_message(value[index], index + 1)


def character_message(char: str, position: int) -> str:
    """Why ``char``, the ``position``-th character (1-based) of a text, may not be in it."""
    category = unicodedata.category(char)
    kind = "control" if category == "Cc" else "surrogate" if category == "Cs" else "noncharacter"
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}" + (f" {name}" if name else "")
    return text(f"bad_char_{kind}", code=code, position=position)


# --------------------------------------------------------------------------- the parsed report

Path = tuple[Union[str, int], ...]
Found = tuple[Path, str]
"""A problem found: the field path (as pydantic writes it) and the message."""

TITLE_FIELDS = frozenset({"title", "subtitle", "caption", "group", "group_header", "total", "issuer", "name", "label", "unit"})
"""Fields held to ``title_chars``: one-line texts; every other text is held to ``paragraph_chars``."""


def check_data(data: Any, limits: Limits) -> list[tuple[Path, str, str | None, int]]:
    """Every string of the parsed data (keys included): a character it may not hold, or longer than
    ``paragraph_chars``; as (path, message, the character, its index) — the loader points at the
    character's column where the text is written as is. Iterative: any nesting is walked safely."""
    found: list[tuple[Path, str, str | None, int]] = []
    stack: list[tuple[Path, Any]] = [((), data)]
    seen: set[int] = set()  # aliases share containers: walk each once
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            if id(node) in seen:
                continue
            seen.add(id(node))
            for key, value in reversed(list(node.items())):
                if isinstance(key, str):
                    found += _string_problems((*path, key), key, limits, key=True)
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.extend(((*path, index), value) for index, value in reversed(list(enumerate(node))))
        elif isinstance(node, str):
            found += _string_problems(path, node, limits)
    return found


def _string_problems(
    path: Path, value: str, limits: Limits, *, key: bool = False
) -> list[tuple[Path, str, str | None, int]]:
    problems: list[tuple[Path, str, str | None, int]] = []
    bad = text_problem(value)
    if bad is not None:
        problems.append((path, bad[1], None if key else value[bad[0]], bad[0]))
    if key:
        if len(value) > limits.key_chars:
            problems.append((path, exceeded("key_chars", limits, length=len(value)), None, 0))
    elif len(value) > limits.paragraph_chars:
        problems.append((path, exceeded("paragraph_chars", limits, length=len(value)), None, 0))
    return problems


# --------------------------------------------------------------------------- the validated report


def check_report(report: model.Report, limits: Limits, *, characters: bool = False) -> list[Found]:
    """Counts, lengths and table shapes of a validated report, in document order; with ``characters``
    also the characters of its texts (the loader checks those on the parsed data, keys included)."""
    from . import walk

    found: list[Found] = []
    blocks = 0
    for visit in walk.walk(report):
        if visit.element is visit.scope:
            found += _numbering(visit.path, visit.scope, limits)
            continue
        blocks += 1
        if blocks == limits.blocks + 1:
            found.append((visit.path, exceeded("blocks", limits)))
        table = getattr(visit.element, "table", None)
        if table is not None:
            found += check_table(table, (*visit.path, "table"), limits)
    for path, value in walk.texts(report):
        found += _length(path, value, limits)
        bad = text_problem(value) if characters else None
        if bad is not None:
            found.append((path, bad[1]))
    if report.issuer is not None:
        found += _length(("issuer",), report.issuer, limits)
    for index, issuer in enumerate(report.issuers):
        found += _length(("issuers", index, "name"), issuer.name, limits)
    for key, indicator in report.indicators.items():
        for name in ("label", "unit"):
            found += _length(("indicators", key, name), getattr(indicator, name), limits)
    return found


def _numbering(path: Path, scope: Any, limits: Limits) -> list[Found]:
    """Numbered sections under ``scope`` and numbered points in its content, each within the limit."""
    from .model import NumberedPoint

    found: list[Found] = []
    for field, items, numbered in (
        ("sections", scope.sections, lambda s: s.numbered),
        ("content", scope.content, lambda b: isinstance(b, NumberedPoint)),
    ):
        count = 0
        for index, item in enumerate(items):
            if numbered(item):
                count += 1
                if count == limits.sections_per_level + 1:
                    found.append(((*path, field, index), exceeded("sections_per_level", limits)))
                    break
    return found


def _length(path: Path, value: str, limits: Limits) -> list[Found]:
    names = [p for p in path if isinstance(p, str)]
    field = path[0] if path[0] in ("title", "subtitle") else (names[-1] if names else "")
    if field in TITLE_FIELDS and len(value) > limits.title_chars:
        return [(path, exceeded("title_chars", limits, length=len(value)))]
    if len(value) > limits.paragraph_chars:
        return [(path, exceeded("paragraph_chars", limits, length=len(value)))]
    return []


def check_table(table: model.Table, path: Path, limits: Limits) -> list[Found]:
    """Rows and grid columns within the limits; every row and column span inside the table (a header
    cell's rows inside the header); the grid no wider than ``columns`` when given; at least one cell.
    Cells are placed as document.build places them: left to right, skipping columns that a rowspan
    from above covers. The first span out of bounds ends the check (it would misplace what follows)."""
    from .model import Cell

    total = len(table.header) + len(table.rows)
    if total > limits.table_rows:
        where = (*path, "csv") if table.csv is not None else (*path, "rows")
        return [(where, exceeded("table_rows", limits, rows=total))]
    if table.columns is not None and len(table.columns) > limits.table_columns:
        # Declared columns count as grid columns even when no row fills them (found by make fuzz).
        return [((*path, "columns"), exceeded("table_columns", limits, columns=len(table.columns)))]
    widest = len(table.columns) if table.columns is not None else limits.table_columns
    written_header = len(table.header) - (table.csv_header_rows if table.csv is not None else 0)
    covered: set[tuple[int, int]] = set()
    width = 0
    r = 0
    for part, rows in (("header", table.header), ("rows", table.rows)):
        end = r + len(rows)
        for index, row in enumerate(rows):
            in_data = table.csv is None or (part == "header" and index < written_header)
            column = 0
            for c, value in enumerate(row):
                while (r, column) in covered:
                    column += 1
                rowspan, colspan = (value.rowspan, value.colspan) if isinstance(value, Cell) else (1, 1)

                def at(name: str) -> Path:
                    if not in_data:
                        return (*path, "csv")
                    return (*path, part, index, c, name) if isinstance(value, Cell) else (*path, part, index, c)

                if column + colspan > widest:
                    if table.columns is not None:
                        message = text("table_columns", columns=len(table.columns), cells=column + colspan)
                    else:
                        message = exceeded("table_columns", limits, columns=column + colspan)
                    return [(at("colspan"), message)]
                if r + rowspan > end:
                    key = "span_past_header" if part == "header" else "span_past_rows"
                    return [(at("rowspan"), text(key, rowspan=rowspan, rows=end - r))]
                covered.update((r + dr, column + dc) for dr in range(rowspan) for dc in range(colspan))
                column += colspan
                width = max(width, column)
            r += 1
    if width == 0:
        return [(path, text("table_no_cells"))]
    return []


def problems_in(found: list[Found], limit: int = 5) -> str:
    """Findings as one text for a ValueError (a report validated in code, without the loader)."""
    lines = [f"{'.'.join(map(str, path))}: {message}" for path, message in found[:limit]]
    more = len(found) - limit
    return "; ".join(lines) + (f"; … (+{more})" if more > 0 else "")


def iter_limits(limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[str, int, str]]:
    """(name, value, description) of every limit, in the order docs/limits.md lists them."""
    docs = _field_docs()
    for field in dataclasses.fields(limits):
        yield field.name, getattr(limits, field.name), docs.get(field.name, "")


def _field_docs() -> dict[str, str]:
    """Each field's docstring, read from this module's source (dataclass fields keep none at run time)."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(Limits))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for previous, node in zip(body, body[1:]):
        if isinstance(previous, ast.AnnAssign) and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docs[previous.target.id] = str(node.value.value)  # type: ignore[union-attr]
    return docs
