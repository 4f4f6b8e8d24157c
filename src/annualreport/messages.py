"""User-facing messages in Chinese and English, chosen by --lang or the locale."""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

Language = Literal["zh", "en"]

_language: contextvars.ContextVar[Language | None] = contextvars.ContextVar("annualreport_language", default=None)


def language_from_environment() -> Language:
    """Chinese when the POSIX locale variables name a Chinese locale, English otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def current_language() -> Language:
    """The language messages are produced in right now."""
    return _language.get() or language_from_environment()


@contextmanager
def using_language(language: Language | None) -> Iterator[None]:
    """Produce messages in ``language`` inside the block (None: from the environment)."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


# key -> (Chinese, English); str.format placeholders.
CATALOGUE: dict[str, tuple[str, str]] = {
    # loader
    "not_found": ("找不到文件或文件夹：{path}", "no such file or folder: {path}"),
    "no_report_in_folder": (
        "文件夹中没有 report.yaml（也没有 report.yml 或 report.json）",
        "the folder holds no report.yaml (nor report.yml or report.json)",
    ),
    "bad_suffix": (
        "不支持的文件类型“{suffix}”，应为 .yaml、.yml 或 .json",
        "unsupported file type {suffix!r}; expected .yaml, .yml or .json",
    ),
    "empty_file": ("文件为空", "the file is empty"),
    "not_text": (
        "文件不是 UTF-8 或 GBK 编码的文本，请另存为 UTF-8",
        "the file is not text in UTF-8 or GBK; save it as UTF-8",
    ),
    "yaml_syntax": ("YAML 语法错误：{detail}", "YAML syntax error: {detail}"),
    "json_syntax": ("JSON 语法错误：{detail}", "JSON syntax error: {detail}"),
    "duplicate_key": ("重复的键“{key}”", "duplicate key {key!r}"),
    "alias_bomb": (
        "YAML 别名展开后超过 {limit} 个节点，已拒绝（疑似“别名炸弹”）",
        "YAML aliases expand to more than {limit} nodes; refused (an alias bomb?)",
    ),
    "top_not_mapping": ("报告的顶层应为映射（键: 值）", "the report's top level must be a mapping (key: value)"),
    "unreadable": ("无法读取：{detail}", "cannot read: {detail}"),
    # model
    "csv_and_rows": ("不能同时给出 csv 和 rows", "give either csv or rows, not both"),
    "csv_escapes": ("CSV 路径“{path}”超出了报告所在文件夹，已拒绝", "CSV path {path!r} leaves the report's folder; refused"),
    "csv_missing": ("找不到 CSV 文件“{path}”", "CSV file {path!r} does not exist"),
    "csv_encoding": ("CSV 文件“{path}”不是 UTF-8 或 GBK 编码", "CSV file {path!r} is not UTF-8 or GBK text"),
    "table_columns": (
        "表格定义了 {columns} 列，但有一行占 {cells} 列",
        "the table defines {columns} columns but a row spans {cells}",
    ),
    "table_empty": ("表格既无表头也无表体", "the table has neither header nor rows"),
    "title_empty": ("标题不能为空", "the title must not be empty"),
    "too_deep": (
        "标题最多 {depth} 级（一、（一）1.（1）），{path} 超出",
        "headings go {depth} levels deep at most (一、（一）1.（1）); {path} is deeper",
    ),
    # pydantic error types
    "missing": ("缺少必填字段", "field required"),
    "extra_forbidden": ("未知的键“{key}”", "unknown key {key!r}"),
    "did_you_mean": ("，是否应为“{suggestion}”？", "; did you mean {suggestion!r}?"),
    "string_type": ("应为文字，实际是 {actual}", "expected text, got {actual}"),
    "int_type": ("应为整数，实际是 {actual}", "expected a whole number, got {actual}"),
    "int_parsing": ("应为整数，实际是 {actual}", "expected a whole number, got {actual}"),
    "int_from_float": ("应为整数，实际是 {actual}", "expected a whole number, got {actual}"),
    "float_type": ("应为数字，实际是 {actual}", "expected a number, got {actual}"),
    "float_parsing": ("应为数字，实际是 {actual}", "expected a number, got {actual}"),
    "decimal_type": ("应为数字，实际是 {actual}", "expected a number, got {actual}"),
    "decimal_parsing": ("应为数字，实际是 {actual}", "expected a number, got {actual}"),
    "bool_type": ("应为 true 或 false，实际是 {actual}", "expected true or false, got {actual}"),
    "bool_parsing": ("应为 true 或 false，实际是 {actual}", "expected true or false, got {actual}"),
    "list_type": ("应为列表，实际是 {actual}", "expected a list, got {actual}"),
    "dict_type": ("应为映射（键: 值），实际是 {actual}", "expected a mapping (key: value), got {actual}"),
    "model_type": ("应为映射（键: 值），实际是 {actual}", "expected a mapping (key: value), got {actual}"),
    "model_attributes_type": ("应为映射（键: 值），实际是 {actual}", "expected a mapping (key: value), got {actual}"),
    "date_type": ("应为日期 YYYY-MM-DD，实际是 {actual}", "expected a date YYYY-MM-DD, got {actual}"),
    "date_parsing": ("应为日期 YYYY-MM-DD，实际是 {actual}", "expected a date YYYY-MM-DD, got {actual}"),
    "date_from_datetime_parsing": ("应为日期 YYYY-MM-DD，实际是 {actual}", "expected a date YYYY-MM-DD, got {actual}"),
    "date_from_datetime_inexact": ("应为日期 YYYY-MM-DD，实际是 {actual}", "expected a date YYYY-MM-DD, got {actual}"),
    "literal_error": ("应为 {expected} 之一，实际是 {actual}", "expected one of {expected}, got {actual}"),
    "greater_than_equal": ("应不小于 {ge}，实际是 {actual}", "must be at least {ge}, got {actual}"),
    "greater_than": ("应大于 {gt}，实际是 {actual}", "must be greater than {gt}, got {actual}"),
    "less_than_equal": ("应不大于 {le}，实际是 {actual}", "must be at most {le}, got {actual}"),
    "union_tag_invalid": ("无法识别的内容块", "unrecognised content block"),
    # style
    "style_not_found": ("找不到版式“{name}”（已查找：{places}）", "style {name!r} not found (looked in: {places})"),
    "toml_syntax": ("TOML 语法错误：{detail}", "TOML syntax error: {detail}"),
    "unknown_font_key": ("字体“{key}”未在 [fonts] 中定义", "font {key!r} is not defined under [fonts]"),
    # cli
    "valid": ("{path}：校验通过", "{path}: valid"),
    "wrote": ("已写入 {path}", "wrote {path}"),
    "interrupted": ("已中断，未写入任何文件", "interrupted; nothing written"),
    "internal_error": (
        "内部错误：{detail}（设置 ANNUALREPORT_DEBUG=1 可查看详细信息；请报告此问题）",
        "internal error: {detail} (set ANNUALREPORT_DEBUG=1 for the traceback; please report it)",
    ),
}


def text(message_key: str, /, **values: Any) -> str:
    """The message ``message_key`` in the current language, with ``values`` filled in."""
    zh, en = CATALOGUE[message_key]
    return (zh if current_language() == "zh" else en).format(**values)


def describe_value(value: Any) -> str:
    """A short rendering of a bad input value for a message."""
    if value is None:
        return "null" if current_language() == "en" else "空值（null）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping" if current_language() == "en" else "映射"
    if isinstance(value, list):
        return "a list" if current_language() == "en" else "列表"
    shown = repr(value) if not isinstance(value, str) else f"“{value}”"
    return shown if len(shown) <= 40 else shown[:37] + "…"
