"""Next year's report from this year's: same structure, style and indicators, values moved to previous."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.util import load_yaml_guess_indent

from . import model
from .walk import walk
from .errors import InputError, Problem
from .indicators import PLACEHOLDER
from .loader import find_report, load, read_text
from .messages import text
from .output import move_folder_into_place

DRAFT_NOTE = (
    "# 草稿：由 `annualreport new {year} --from {source}` 生成。结构、版式和指标目录沿用 {previous_year} 年，\n"
    "# 各指标的 {previous_year} 年数值已移入 previous，value 待填（文中显示“{placeholder}”）；正文为上年文字，请逐段修改。\n"
    "# 检查：annualreport validate --strict <本文件夹>\n"
)
"""Comment put at the top of the new report.yaml."""


@dataclass(frozen=True, slots=True)
class NewReport:
    """What `annualreport new` wrote."""

    path: Path
    """The new report's folder."""
    report_file: Path
    """The report file inside it."""
    missing: int
    """How many indicator values are to be filled in."""
    title_updated: bool
    """Whether the old year was found in the title and replaced."""
    previous_year: int
    """The year of the report it was made from."""


def new_report(year: int, source: str | Path, target: str | Path, *, force: bool = False) -> NewReport:
    """Write next year's report folder ``target`` from the report at ``source``.

    The report file keeps its structure, comments and key order (YAML round trip); the year and the
    year in the title are updated; the date, a 公文's 发文字号 and 印发日期 are cleared; every indicator's value moves to ``previous``
    and is cleared, as is its target; ``previous:`` names the old report by a relative path; CSV
    files and a local style are copied. The folder appears whole or not at all: it is built beside
    ``target`` and renamed into place. An existing non-empty ``target`` is replaced only with ``force``.
    """
    old = load(source)
    found = find_report(source)
    target = Path(target)
    where = str(target)
    if target.exists() and not (target.is_dir() and not any(target.iterdir())) and not force:
        raise InputError([Problem(where, None, None, "", text("new_exists", path=target))])
    if target.exists() and not target.is_dir():
        raise InputError([Problem(where, None, None, "", text("new_exists", path=target))])
    if year <= old.year:
        raise InputError([Problem(where, None, None, "", text("new_year_order", year=year, previous_year=old.year))])

    target.parent.mkdir(parents=True, exist_ok=True)
    # The previous report is named relative to the new folder; a sibling temp folder resolves it alike.
    previous = Path(os.path.relpath(Path(source).resolve(), target.resolve())).as_posix()
    content = read_text(found.path, found.display)
    is_json = found.path.suffix.lower() == ".json"

    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        data, dump = _round_trip(content, is_json)
        title_updated = _next_year(data, old.year, year, previous)
        style = _local_style(old, found.base_dir, target)
        if style is not None and style[1] is not None:
            data["style"] = style[1]
        report_file = building / ("report.json" if is_json else "report.yaml")
        note = "" if is_json else DRAFT_NOTE.format(
            year=year, source=Path(source).as_posix(), previous_year=old.year, placeholder=PLACEHOLDER
        )
        report_file.write_text(note + dump(data), encoding="utf-8")
        _copy_files(old, found.base_dir, building, style[0] if style else None)
        fresh = load(building)  # the draft must be valid as written (placeholders are fine)
        missing = sum(1 for i in fresh.indicators.values() if i.value is None)
        move_folder_into_place(building, target, replace=True)  # a non-empty target: only with --force, checked above
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return NewReport(target, target / report_file.name, missing, title_updated, old.year)


def next_year_text(year: int, source: str | Path) -> str:
    """Next year's report file as text, made as :func:`new_report` makes it, for a report with no folder to
    go to (the service's ``/api/new``): ``previous:`` is left out (the values it would give are already in
    each indicator's ``previous``), and nothing is written."""
    old = load(source)
    found = find_report(source)
    if year <= old.year:
        raise InputError([Problem(found.display, None, None, "", text("new_year_order", year=year, previous_year=old.year))])
    is_json = found.path.suffix.lower() == ".json"
    data, dump = _round_trip(read_text(found.path, found.display), is_json)
    _next_year(data, old.year, year, None)
    return dump(data)


# --------------------------------------------------------------------------- the report file


def _round_trip(content: str, is_json: bool) -> tuple[Any, Any]:
    """Parse keeping comments, key order, quotes and the file's indentation; return data and a dumper."""
    if is_json:
        data = json.loads(content)
        return data, lambda d: json.dumps(d, ensure_ascii=False, indent=2) + "\n"
    _, sequence_indent, offset = load_yaml_guess_indent(content)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never re-wrap a paragraph
    yaml.indent(mapping=_mapping_indent(content), sequence=sequence_indent or 2, offset=offset or 0)
    data = yaml.load(content)

    def dump(value: Any) -> str:
        stream = io.StringIO()
        yaml.dump(value, stream)
        return stream.getvalue()

    return data, dump


_NESTED_KEY = re.compile(r"^( +)[^\s#-][^:]*:")


def _mapping_indent(content: str) -> int:
    """Indentation of the first nested mapping key (ruamel guesses only the sequence indent)."""
    for line in content.splitlines():
        found = _NESTED_KEY.match(line)
        if found:
            return len(found.group(1))
    return 2


def _next_year(data: Any, old_year: int, year: int, previous: str | None) -> bool:
    """Update year, title, date and previous (None: no ``previous:``); move every indicator value to
    previous. True if the title changed."""
    data["year"] = year
    title_updated = False
    title = data.get("title")
    if isinstance(title, str) and str(old_year) in title:
        data["title"] = title.replace(str(old_year), str(year))
        title_updated = True
    elif isinstance(title, list):
        for index, line in enumerate(title):
            if isinstance(line, str) and str(old_year) in line:
                title[index] = line.replace(str(old_year), str(year))
                title_updated = True
    if data.get("date") is not None:
        data["date"] = None
    _next_gongwen(data)
    if previous is None:
        data.pop("previous", None)
    else:
        _set_after(data, "previous", previous, after="year")
    catalogue = data.get("indicators") or {}
    for indicator in catalogue.values():
        value = indicator.get("value")
        if value is None:
            indicator.pop("previous", None)
        else:
            _set_after(indicator, "previous", value, after="value")
        indicator["value"] = None
        if "target" in indicator:
            indicator["target"] = None
    return title_updated


def _next_gongwen(data: Any) -> None:
    """A 公文's numbers belong to one issue: last year's 发文字号 is cleared (a comment keeps it, to see the
    机关代字 and the sequence), as is an 印发日期 of its own (the date's, by default)."""
    header = data.get("header")
    if isinstance(header, dict) and header.get("document_number"):
        old = header["document_number"]
        header["document_number"] = None
        if isinstance(header, CommentedMap):
            _eol_comment(header, "document_number", f"上年为 {old}，请填本年的发文字号")
    imprint = data.get("imprint")
    if isinstance(imprint, dict) and imprint.get("printed_on") is not None:
        imprint["printed_on"] = None


def _eol_comment(mapping: CommentedMap, key: str, comment: str) -> None:
    """``# comment`` at the end of ``key``'s line. ruamel keeps the comment lines under a key in the same token as
    its end-of-line comment, so they are kept after it (``yaml_add_eol_comment`` would drop them)."""
    token = mapping.ca.items.get(key, [None, None, None, None])[2]
    if token is None:
        mapping.yaml_add_eol_comment(comment, key)
    elif token.value.startswith("\n"):  # no end-of-line comment yet: only the lines under the key
        token.value = f" # {comment}" + token.value


def _set_after(mapping: Any, key: str, value: Any, *, after: str) -> None:
    """Set ``mapping[key]``; a new key goes right after ``after`` (ruamel keeps the order when written)."""
    if key in mapping or not isinstance(mapping, CommentedMap) or after not in mapping:
        mapping[key] = value
        return
    mapping.insert(list(mapping).index(after) + 1, key, value)


# --------------------------------------------------------------------------- files beside the report


def _local_style(report: model.Report, base_dir: Path, target: Path) -> tuple[Path, str | None] | None:
    """The style file to copy (inside the report's folder) and, for one outside it, the new ``style:``
    value that still finds it from the new folder; None for a built-in style."""
    name = report.style
    if not name.endswith(".toml"):
        local = base_dir / "styles" / f"{name}.toml"
        return (local, None) if local.is_file() else None
    path = Path(name)
    if path.is_absolute():
        return None
    resolved = (base_dir / path).resolve()
    if resolved.is_relative_to(base_dir.resolve()):
        return resolved, None
    return resolved, Path(os.path.relpath(resolved, target.resolve())).as_posix()


def _copy_files(report: model.Report, base_dir: Path, building: Path, style: Path | None) -> None:
    """Copy every CSV a table reads, every figure's image and the local style file, keeping their
    paths inside the folder."""
    base = base_dir.resolve()
    files = {model.csv_path(base, name) for name in _csv_names(report)}
    files |= {model.figure_path(base, name) for name in _image_names(report)}
    if style is not None and style.is_relative_to(base):
        files.add(style)
    for path in sorted(files):
        destination = building / path.relative_to(base)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)


def _csv_names(report: model.Report) -> list[str]:
    return [
        visit.element.table.csv
        for visit in walk(report)
        if isinstance(visit.element, model.TableBlock) and visit.element.table.csv
    ]


def _image_names(report: model.Report) -> list[str]:
    return [
        visit.element.figure.image
        for visit in walk(report)
        if isinstance(visit.element, model.FigureBlock)
    ]
