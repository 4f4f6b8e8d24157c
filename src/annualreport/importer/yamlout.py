"""The recognised data as a report.yaml to edit: block style, Chinese as written, one paragraph per item, never
broken inside a paragraph (ruamel.yaml, as ``annualreport new`` writes), comments where recognition was unsure."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

KEY_ORDER = ("header", "title", "subtitle", "speaker", "front_lines", "recipient", "issuer", "issuers", "year", "date", "note",
             "imprint", "indicators", "content", "sections", "attachments")  # fmt: skip

HEADER = (
    "由 annualreport import 从 {source} 生成：结构为自动识别，文字与原文逐字相同。\n"
    "请核对各段的归类（annualreport import --explain 逐段列出），然后：annualreport validate <本文件夹>\n"
)


def to_yaml(data: dict[str, Any], *, source: str, comments: dict[int, str], notes: list[str]) -> str:
    """``data`` as YAML text; ``comments`` by id() of a section dict, ``notes`` at the top."""
    top = CommentedMap()
    for key in KEY_ORDER:
        if key in data:
            top[key] = _convert(data[key], comments, key)
    for key, value in data.items():
        if key not in top:
            top[key] = _convert(value, comments)
    header = HEADER.format(source=source)
    if notes:
        header += "待核对：\n" + "".join(f"  {note}\n" for note in notes[:50])
        if len(notes) > 50:
            header += f"  …（另有 {len(notes) - 50} 处）\n"
    top.yaml_set_start_comment(header.rstrip("\n"))
    yaml = YAML(typ="rt")
    yaml.width = 1 << 16  # never fold a paragraph
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(top, stream)
    return stream.getvalue()


def _convert(value: Any, comments: dict[int, str], key: str | None = None) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for name, item in value.items():
            if isinstance(item, list) and not item:
                continue  # empty content / sections
            out[name] = _convert(item, comments, name)
            if key == "indicators":  # one indicator a line: {label: 牛羊存栏, value: '20.6', unit: 万头（只）}
                out[name].fa.set_flow_style()
        if id(value) in comments:
            at = next((k for k in ("title", "caption", "image") if k in out), None)
            if at is not None:
                out.yaml_add_eol_comment(comments[id(value)], at)
        return out
    if isinstance(value, list):
        if key in ("header", "rows"):  # rows of cells: a short row reads best on one line, [指标, 单位, 本年]
            rows = CommentedSeq()
            for row in value:
                cells = CommentedSeq(_convert(cell, comments) for cell in row)
                texts = [c if isinstance(c, str) else c["text"] for c in row]
                if all("\n" not in c for c in texts) and sum(len(c) + 4 for c in texts) <= 100:
                    cells.fa.set_flow_style()
                    for cell in cells:
                        if isinstance(cell, CommentedMap):
                            cell.fa.set_flow_style()
                rows.append(cells)
            return rows
        return CommentedSeq(_convert(item, comments) for item in value)
    return value
