"""Load a report from YAML or JSON, reporting every problem with file, line, column and field."""

from __future__ import annotations

import dataclasses
import difflib
import os
import sys
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel, ValidationError

from . import files, indicators, jsonsource, limits as limits_module, yamlsource
from .errors import InputError, Problem
from .limits import DEFAULT_LIMITS, Limits, exceeded
from .messages import JSON_ZH, parser_detail, text, validation_message
from .model import CsvError, FigureError, IssuersError, Report, SealError
from .yamlsource import ExactFloat, LocatedDict, LocatedList

REPORT_FILE_NAMES = ("report.yaml", "report.yml", "report.json")
"""File names looked for when SRC is a folder, in this order."""

SUFFIXES = (".yaml", ".yml", ".json")

STDIN_NAME = "<stdin>"
"""How messages name a report read from standard input: ``<stdin>:3:1: year: …``."""


@dataclass(frozen=True, slots=True)
class Source:
    """A located report file and the folder relative paths are resolved against."""

    path: Path
    """The report file (for a report given as bytes: its name, not a file)."""
    display: str
    """The file's name as messages show it."""
    base_dir: Path
    """Folder that CSV paths and style paths are relative to."""
    content: bytes | None = None
    """The report's bytes when they were not read from ``path`` (standard input), else None."""
    limits: Limits = DEFAULT_LIMITS
    """What the report may hold (limits.py)."""
    root: Path | None = None
    """When set, the folder every file the report names must lie inside (``previous:`` included)."""


def find_report(src: str | Path) -> Source:
    """Locate the report file for SRC: a folder holding report.yaml, or a .yaml/.yml/.json file."""
    path = Path(src)
    if path.is_dir():
        for name in REPORT_FILE_NAMES:
            candidate = path / name
            if candidate.is_file():
                return Source(candidate, str(candidate), path)
        raise InputError([Problem(str(path), None, None, "", text("no_report_in_folder"))])
    if not path.exists():
        raise InputError([Problem(str(path), None, None, "", text("not_found", path=path))])
    if path.suffix.lower() not in SUFFIXES:
        raise InputError([Problem(str(path), None, None, "", text("bad_suffix", suffix=path.suffix))])
    return Source(path, str(path), path.parent)


def load(
    src: str | Path, *, strict: bool = False, limits: Limits | None = None, root: str | Path | None = None
) -> Report:
    """Load and validate the report at SRC; raise InputError listing every problem.

    ``strict`` also refuses indicator values still to be filled in (shown as 【待填】), one problem each.
    ``limits`` says how large a report may be (default: limits.DEFAULT_LIMITS); a limit exceeded is a
    located problem naming it. ``root``, when given, is the folder that every file the report names
    (CSV files, its style, the previous year's report) must lie inside. Without it, CSV files must lie
    inside the report's folder and a style named by name in its ``styles/`` (or be built in), while a
    style ``.toml`` path and the previous report may be anywhere, as ``annualreport new`` writes them
    (``previous: ../../examples/2018``). Every one of them must be a regular file."""
    source = _with(find_report(src), limits, root)
    data = read_data(source)
    return validate_data(data, source, strict=strict)


def load_bytes(
    data: bytes,
    *,
    name: str = STDIN_NAME,
    base_dir: str | Path | None = None,
    strict: bool = False,
    limits: Limits | None = None,
    root: str | Path | None = None,
) -> Report:
    """Load and validate a report given as bytes (YAML or JSON, decoded as files are: UTF-8, else
    GB18030). Messages locate problems in ``name``; CSV files, ``previous:`` and ``style:`` are
    looked up relative to ``base_dir`` (default: the current directory). ``limits`` and ``root`` as
    for :func:`load`."""
    folder = Path.cwd() if base_dir is None else Path(base_dir)
    source = _with(Source(Path(name), name, folder, bytes(data)), limits, root)
    return validate_data(read_data(source), source, strict=strict)


def load_stdin(
    *,
    strict: bool = False,
    stream: BinaryIO | None = None,
    limits: Limits | None = None,
    root: str | Path | None = None,
) -> Report:
    """Load and validate the report on standard input (``annualreport validate -``), named ``<stdin>``
    in messages, relative paths resolved against the current directory. Reads at most
    ``limits.source_bytes`` and one byte more."""
    limits = limits or DEFAULT_LIMITS
    if stream is None:
        if sys.stdin is None:
            raise InputError([Problem(STDIN_NAME, None, None, "", text("empty_file"))])
        stream = sys.stdin.buffer
    try:
        data = files.read_limited(stream, limits.source_bytes, exceeded("source_bytes", limits))
    except files.FileRefused as refused:
        raise InputError([Problem(STDIN_NAME, None, None, "", refused.message)]) from None
    except OSError as error:
        raise InputError([Problem(STDIN_NAME, None, None, "", text("unreadable", detail=error.strerror))]) from None
    return load_bytes(data, strict=strict, limits=limits, root=root)


def _with(source: Source, limits: Limits | None, root: str | Path | None) -> Source:
    return dataclasses.replace(
        source, limits=limits or DEFAULT_LIMITS, root=None if root is None else Path(root)
    )


def read_text(path: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read a report file as UTF-8 (BOM allowed), else GB18030 (offices often save GBK): a regular file
    of at most ``limits.source_bytes`` (files.read_regular: never a FIFO or a device)."""
    try:
        raw = files.read_regular(path, limits.source_bytes, exceeded("source_bytes", limits))
    except files.FileRefused as refused:
        raise InputError([Problem(display, None, None, "", refused.message)]) from None
    except OSError as error:
        raise InputError([Problem(display, None, None, "", text("unreadable", detail=error.strerror))]) from None
    return decode_text(raw, display)


def decode_text(raw: bytes, display: str) -> str:
    """Decode a report's bytes as UTF-8 (BOM allowed), else GB18030; InputError when empty or binary."""
    if not raw.strip():
        raise InputError([Problem(display, None, None, "", text("empty_file"))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK and GB2312; NUL bytes mean binary, whatever decodes.
    if b"\x00" not in raw:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
    raise InputError([Problem(display, None, None, "", text("not_text"))])


def source_text(source: Source) -> str:
    """The report's text: its bytes if it has them, else its file's, decoded."""
    if source.content is not None:
        if len(source.content) > source.limits.source_bytes:
            problem = Problem(source.display, None, None, "", exceeded("source_bytes", source.limits))
            raise InputError([problem])
        return decode_text(source.content, source.display)
    return read_text(source.path, source.display, source.limits)


def read_data(source: Source) -> Any:
    """Parse the file into dicts and lists that remember the line and column of every key and value.

    YAML goes through libyaml's event stream (yamlsource), JSON through a parser that accepts what
    json.loads accepts (jsonsource); both stop at the first limit exceeded. Bytes without a file name
    (standard input) are JSON when they open with ``{`` and parse as JSON, else YAML; when neither
    parses, the error is JSON's.
    """
    content = source_text(source)
    try:
        if source.path.suffix.lower() == ".json":
            data = _parse_json(source, content)
        elif source.content is not None and content.lstrip("\ufeff \t\r\n").startswith("{"):
            try:
                data = jsonsource.parse(content, source.limits)
            except jsonsource.JSONDecodeError as error:
                try:
                    data = yamlsource.parse(content, source.limits)
                except yaml_errors():
                    raise InputError([_json_problem(source, error)]) from None
        else:
            data = _parse_yaml(source, content)
    except yamlsource.DuplicateKey as error:
        problem = Problem(source.display, error.line + 1, error.column + 1, "", text("duplicate_key", key=error.key))
        raise InputError([problem]) from None
    except yamlsource.Refused as refused:
        raise InputError([Problem(source.display, refused.line + 1, refused.column + 1, "", refused.message)]) from None
    if data is None:
        raise InputError([Problem(source.display, None, None, "", text("empty_file"))])
    if not isinstance(data, dict):
        raise InputError([Problem(source.display, 1, 1, "", text("top_not_mapping"))])
    return data


def _parse_json(source: Source, content: str) -> Any:
    try:
        return jsonsource.parse(content, source.limits)
    except jsonsource.JSONDecodeError as error:
        raise InputError([_json_problem(source, error)]) from None


def _parse_yaml(source: Source, content: str) -> Any:
    try:
        return yamlsource.parse(content, source.limits)
    except yamlsource.ParseError as error:
        if "maximum nesting depth" in str(error.problem) and error.problem_mark is not None:
            # libyaml's scanner stops at 1,000 levels, and it may read that far ahead of our count
            mark = error.problem_mark
            problem = Problem(source.display, mark.line + 1, mark.column + 1, "", exceeded("depth", source.limits))
            raise InputError([problem]) from None
        raise InputError([_marked_problem(source, error)]) from None
    except yaml_errors() as error:
        character = getattr(error, "character", None)  # a ReaderError: a character YAML does not take
        at = content.find(chr(character)) if isinstance(character, int) and 0 <= character < 0x110000 else -1
        if at >= 0:  # the reader stops at the first one (its position counts UTF-8 bytes, not characters)
            line = content.count("\n", 0, at) + 1
            column = at - (content.rfind("\n", 0, at) + 1) + 1
            message = limits_module.character_message(content[at], column)
            raise InputError([Problem(source.display, line, column, "", message)]) from None
        raise InputError([Problem(source.display, None, None, "", text("yaml_syntax", detail=str(error)))]) from None


def _json_problem(source: Source, error: jsonsource.JSONDecodeError) -> Problem:
    detail = parser_detail(error.msg, table=JSON_ZH)
    return Problem(source.display, error.lineno, error.colno, "", text("json_syntax", detail=detail))


def yaml_errors() -> type[Exception]:
    """The base of the YAML library's own errors (one without a position)."""
    import yaml

    return yaml.YAMLError


def _marked_problem(source: Source, error: yamlsource.ParseError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    message = text("yaml_syntax", detail=parser_detail(error.context, error.problem))
    return Problem(source.display, line, column, "", message)


def validate_data(data: Any, source: Source, *, strict: bool = False, follow_previous: bool = True) -> Report:
    """Validate parsed data against the Report model, mapping every error to a located Problem; then
    check the limits (limits.py), indicator references and tables, load and check the style, fill
    previous-year values from the report ``previous`` names (unless ``follow_previous`` is false: the
    previous report itself, whose style is not needed either) and, if ``strict``, refuse values still
    to be filled in. Whatever rendering would refuse for the input's sake is refused here first."""
    limits = source.limits
    _exact_numbers(data)
    lines: list[str] = []  # the source text, read once and only if a token needs locating
    problems = [
        _located(source, data, indicators.Finding(path, message, token, offset), lines)
        for path, message, token, offset in limits_module.check_data(data, limits)
    ]
    context = {"base_dir": source.base_dir, "limits": limits, "loader": True}
    try:
        report = Report.model_validate(data, context=context)
    except ValidationError as error:
        problems += [_problem_from_error(source, data, e) for e in error.errors(include_url=False)]
        raise InputError(_unique(problems)) from None
    report._source_dir = source.base_dir
    found = limits_module.check_report(report, limits)
    problems += [_located(source, data, indicators.Finding(path, message)) for path, message in found]
    problems += [_located(source, data, finding, lines) for finding in indicators.check(report)]
    if follow_previous:
        problems += _check_style(source, data, report)
    if follow_previous and report.previous is not None:
        problems += _apply_previous(source, data, report)
    if strict:
        problems += [_located(source, data, finding, lines) for finding in indicators.incomplete(report)]
    if problems:
        raise InputError(_unique(problems))
    return report


def _check_style(source: Source, data: Any, report: Report) -> list[Problem]:
    """Load the report's style as rendering will: a style that cannot be found (or leaves the report's
    folder) is a problem at the ``style:`` key, a style with errors has them at their own lines."""
    from . import style

    try:
        style.load_style(report.style, source.base_dir, limits=source.limits, root=source.root)
    except style.StyleNotFound as missing:
        here = _walk(data, ("style",))
        line, column = _position(here[2], here[3], here[1])
        return [Problem(source.display, line, column, "style", missing.message)]
    except InputError as error:
        return error.problems
    return []


# --------------------------------------------------------------------------- indicators

_NUMBER_FIELDS = ("value", "previous", "target")


def _exact_numbers(data: Any) -> None:
    """Indicator numbers as written: YAML reads 8.50 as the float 8.5; the parser keeps how it was
    written, so the model gets the text "8.50" and the Decimal keeps the trailing zero."""
    catalogue = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(catalogue, dict):
        return
    for indicator in catalogue.values():
        if not isinstance(indicator, dict):
            continue
        for name in _NUMBER_FIELDS:
            value = indicator.get(name)
            if isinstance(value, ExactFloat):
                indicator[name] = value.text


def _located(source: Source, data: Any, finding: indicators.Finding, lines: list[str] | None = None) -> Problem:
    """A Problem at the finding's field; for a reference, at the reference's own line and column.
    ``lines`` caches the source text between calls (pass an empty list)."""
    path, node, parent, key = _walk(data, finding.path)
    line, column = _position(parent, key, node)
    if finding.token is not None and isinstance(node, str):
        if lines is None:
            lines = []
        if not lines:
            lines.extend(source_text(source).splitlines())
        line, column = _token_position(lines, parent, key, node, finding) or (line, column)
    return Problem(source.display, line, column, ".".join(str(p) for p in path), finding.message)


def _token_position(lines: list[str], parent: Any, key: Any, node: str, finding: indicators.Finding) -> tuple[int, int] | None:
    """Line and column of ``finding.token`` in the source: the string's start plus the offset when the
    string sits on one line as written, else the matching occurrence of the token after the start."""
    start = _value_start(parent, key)
    if start is None or not 0 <= start[0] < len(lines):
        return None
    row, col = start
    assert finding.token is not None
    for quote in (0, 1):  # plain, or inside quotes
        at = col + quote + finding.offset
        if lines[row][at : at + len(finding.token)] == finding.token:
            return row + 1, at + 1
    occurrence = node[: finding.offset].count(finding.token)
    flat = "\n".join(lines)
    cursor = sum(len(line) + 1 for line in lines[:row]) + col
    window = cursor + 3 * len(node) + 200
    for _ in range(occurrence + 1):
        cursor = flat.find(finding.token, cursor, window)
        if cursor < 0:
            return None
        cursor += 1
    found = cursor - 1
    found_row = flat.count("\n", 0, found)
    return found_row + 1, found - (flat.rfind("\n", 0, found) + 1) + 1


def _value_start(parent: Any, key: Any) -> tuple[int, int] | None:
    """0-based line and column where the scalar ``parent[key]`` starts."""
    if isinstance(parent, LocatedDict) and key in parent:
        return tuple(parent.lc.value(key))  # type: ignore[return-value]
    if isinstance(parent, LocatedList) and isinstance(key, int):
        return tuple(parent.lc.item(key))  # type: ignore[return-value]
    return None


def _apply_previous(source: Source, data: Any, report: Report) -> list[Problem]:
    """Load the previous year's report (its own ``previous`` is not followed), fill 上年 values by key,
    and report every unit that differs between the years, naming both units and both files. The
    previous report is read as the report is (a regular file, within the limits, inside ``root`` when
    one is set); a file it cannot be is a problem at the ``previous:`` key."""
    assert report.previous is not None
    here = _walk(data, ("previous",))
    line, column = _position(here[2], here[3], here[1])

    def problem(message: str) -> list[Problem]:
        return [Problem(source.display, line, column, "previous", message)]

    target = source.base_dir / report.previous
    if source.root is not None and not files.inside(source.root, target):
        return problem(text("previous_escapes", path=report.previous))
    if not target.exists():
        return problem(text("previous_not_found", path=report.previous))
    try:
        found = find_report(target)
        previous_source = Source(
            found.path, os.path.normpath(found.display), found.base_dir, limits=source.limits, root=source.root
        )
        if previous_source.path.resolve() == source.path.resolve():
            return problem(text("previous_is_self"))
        previous_data = read_data(previous_source)
        previous = validate_data(previous_data, previous_source, follow_previous=False)
    except InputError as error:
        if all(p.line is None for p in error.problems):  # the file itself: said at previous:
            return [problem(f"{p.file}: {p.message}")[0] for p in error.problems]
        return error.problems
    if previous.year >= report.year:
        return problem(
            text("previous_year_order", file=previous_source.display, previous_year=previous.year, year=report.year)
        )
    problems = _follow_chain(source, previous_source, previous, report, problem)
    for mismatch in indicators.apply_previous(report, previous):
        where = _walk(previous_data, ("indicators", mismatch.key, "unit"))
        previous_line, _ = _position(where[2], where[3], where[1])
        shown = f"{previous_source.display}:{previous_line}" if previous_line else previous_source.display
        message = text("unit_mismatch", unit=mismatch.unit, previous_unit=mismatch.previous_unit, file=shown)
        problems.append(_located(source, data, indicators.Finding(("indicators", mismatch.key, "unit"), message)))
    return problems


def _follow_chain(source: Source, first_source: Source, first: Report, report: Report,
                  problem: Any) -> list[Problem]:  # fmt: skip
    """The years before the previous report's: its ``previous:``, that one's, and so on, each file loaded once
    (validated, its own ``previous:`` not applied) and its values kept by year in ``report._chain`` (keys whose
    unit differs from this report's are left out: a gap). A report named twice is a cycle: one problem at
    ``previous:`` naming the files in order. At most ``limits.previous_reports`` reports are followed."""
    chain = {first.year: {
        key: indicator.value for key, indicator in first.indicators.items()
        if indicator.value is not None and key in report.indicators and report.indicators[key].unit == indicator.unit
    }}  # fmt: skip
    seen = [source.path.resolve(), first_source.path.resolve()]
    names = [source.display, first_source.display]
    current_source, current = first_source, first
    while current.previous is not None:
        if len(seen) - 1 >= source.limits.previous_reports:
            break
        target = current_source.base_dir / current.previous
        if source.root is not None and not files.inside(source.root, target):
            return problem(f"{current_source.display}: " + text("previous_escapes", path=current.previous))
        if not target.exists():
            return problem(f"{current_source.display}: " + text("previous_not_found", path=current.previous))
        try:
            found = find_report(target)
            older_source = Source(
                found.path, os.path.normpath(found.display), found.base_dir, limits=source.limits, root=source.root
            )
            if older_source.path.resolve() in seen:
                return problem(text("previous_cycle", files=" → ".join([*names, older_source.display])))
            older = validate_data(read_data(older_source), older_source, follow_previous=False)
        except InputError as error:
            return [problem(f"{p.file}:{p.line}: {p.message}" if p.line else f"{p.file}: {p.message}")[0] for p in error.problems]
        if older.year >= current.year:
            return problem(text("previous_year_order", file=older_source.display, previous_year=older.year, year=current.year))
        seen.append(older_source.path.resolve())
        names.append(older_source.display)
        chain[older.year] = {
            key: indicator.value for key, indicator in older.indicators.items()
            if indicator.value is not None and key in report.indicators and report.indicators[key].unit == indicator.unit
        }  # fmt: skip
        current_source, current = older_source, older
    report._chain = chain
    return []


def _unique(problems: list[Problem]) -> list[Problem]:
    """Drop repeats; order by position so the list reads top to bottom like the file."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.line or 0, p.column or 0))


def _problem_from_error(source: Source, data: Any, error: Any) -> Problem:
    loc = tuple(error["loc"])
    if isinstance((error.get("ctx") or {}).get("error"), CsvError) and loc[-1:] != ("csv",):
        loc += ("csv",)  # the table's CSV file: said at its csv: key
    if isinstance((error.get("ctx") or {}).get("error"), SealError) and loc[-1:] != ("seal",):
        loc += ("seal",)  # the seal's file, or a seal without an issuer: said at the seal: key
    if isinstance((error.get("ctx") or {}).get("error"), IssuersError) and loc[-1:] != ("issuers",):
        loc += ("issuers",)  # issuers: with issuer:, or seals on some of them: said at the issuers: key
    if isinstance((error.get("ctx") or {}).get("error"), FigureError) and loc[-1:] != ("image",):
        loc += ("image",)  # the figure's image file: said at its image: key
    path, node, parent, key = _walk(data, loc)
    line, column = _position(parent, key, node)
    message = _message(error, path)
    return Problem(source.display, line, column, ".".join(str(p) for p in path), message)


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[list[Any], Any, Any, Any]:
    """Follow pydantic's loc through the data, skipping union tags that are not data keys."""
    path: list[Any] = []
    node, parent, key = data, None, None
    for index, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            parent, key, node = node, part, node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            parent, key, node = node, part, node[part]
        elif isinstance(node, dict) and index == len(loc) - 1:
            path.append(part)  # a missing field: located at the mapping that lacks it
            break
        else:
            continue
        path.append(part)
    return path, node, parent, key


def _position(parent: Any, key: Any, node: Any) -> tuple[int | None, int | None]:
    """1-based line and column of ``parent[key]`` (its key for mappings), or of the node itself."""
    if isinstance(parent, LocatedDict) and key in parent:
        line, column = parent.lc.key(key)
        return line + 1, column + 1
    if isinstance(parent, LocatedList) and isinstance(key, int):
        line, column = parent.lc.item(key)
        return line + 1, column + 1
    if isinstance(node, (LocatedDict, LocatedList)):
        return node.lc.line + 1, node.lc.col + 1
    return None, None


def _message(error: dict[str, Any], path: list[Any]) -> str:
    message = validation_message(error)
    if error["type"] == "extra_forbidden":
        suggestion = _nearest_field(error["loc"][:-1], str(error["loc"][-1]))
        return message + (text("did_you_mean", suggestion=suggestion) if suggestion else "")
    return message


def _nearest_field(loc: tuple[Any, ...], key: str) -> str | None:
    """The known field nearest to a mistyped key, found by following loc through the model classes."""
    model = _model_at(Report, loc)
    if model is None:
        return None
    matches = difflib.get_close_matches(key, list(model.model_fields), n=1, cutoff=0.5)
    return matches[0] if matches else None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class at ``loc``; union tags in loc (class names, or "cell") pick the member."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        models = _models_in(current)
        tagged = [m for m in models if m.__name__.lower() == str(part).lower()]
        if tagged:
            current = tagged[0]
            continue
        owners = [m for m in models if part in m.model_fields]
        if not owners:
            return None
        current = owners[0].model_fields[part].annotation
    models = _models_in(current)
    return models[0] if models else None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every model class inside list/Optional/Annotated/Union ``annotation``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
