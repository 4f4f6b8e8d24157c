"""Ordinal enumerations (一是/二是, 第一，, 首先，, （1）): model, build, both renderers, the style's ordinal role."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx as python_docx
import jsonschema
import pdfplumber
import pytest
from pydantic import ValidationError

import annualreport as ar
from annualreport import document as doc
from annualreport.model import Enumeration, Report
from annualreport.schema import report_schema

ITEMS = ["产业结构调整任务依然艰巨；", "基础设施建设仍然滞后；", "群众增收渠道较窄。"]


def report(*content: Any, **fields: Any) -> Report:
    return Report.model_validate({"title": "2018年度工作总结", "year": 2018, "content": list(content), **fields})


def paragraphs(data: Report, style: str = "gbt9704", base: Path | None = None) -> list[doc.Paragraph]:
    built = ar.build_document(data, ar.load_style(style, base))
    return [n for n in built.nodes if isinstance(n, doc.Paragraph)]


@pytest.mark.parametrize(
    ("ordinal", "count", "expected"),
    [
        ("一是", 3, ["一是", "二是", "三是"]),
        ("一是", 12, ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是", "十一是", "十二是"]),
        ("第一", 2, ["第一，", "第二，"]),
        ("首先", 2, ["首先，", "其次，"]),
        ("首先", 3, ["首先，", "其次，", "最后，"]),
        ("首先", 4, ["首先，", "其次，", "再次，", "最后，"]),
        ("（1）", 3, ["（1）", "（2）", "（3）"]),
    ],
)
def test_ordinals_by_position(ordinal: str, count: int, expected: list[str]):
    assert Enumeration(ordinal=ordinal, items=["x"] * count).ordinals() == expected


def test_the_authors_separator_wins():
    assert Enumeration(ordinal="第一", separator="、", items=["a", "b"]).ordinals() == ["第一、", "第二、"]
    assert Enumeration(ordinal="一是", separator="：", items=["a"]).ordinals() == ["一是："]


def test_in_order_words_refuse_a_fifth_item_with_its_place(tmp_path: Path):
    (tmp_path / "report.yaml").write_text(
        "title: t\nyear: 2018\ncontent:\n  - enumeration:\n      ordinal: 首先\n      items: [a, b, c, d, e]\n",
        encoding="utf-8",
    )
    with pytest.raises(ar.InputError) as caught:
        ar.load(tmp_path)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (4, "content.0.enumeration") and "4" in problem.message
    with pytest.raises(ValidationError):
        Enumeration(items=[])


def test_one_paragraph_with_intro_and_references():
    data = report(
        {"enumeration": {"intro": "存在的问题：", "items": ["投资{invest}不足；", *ITEMS[1:]]}},
        indicators={"invest": {"label": "投资", "value": 60, "unit": "万元", "qualifier": "余",
                               "qualifier_position": "after_digits"}},
    )  # fmt: skip
    [paragraph] = paragraphs(data)
    assert paragraph.text == "存在的问题：一是投资60余万元不足；二是基础设施建设仍然滞后；三是群众增收渠道较窄。"
    assert [(s.text, s.role) for s in paragraph.spans][:3] == [("存在的问题：", None), ("一是", None), ("投资60余万元不足；", None)]
    assert paragraph.outline_level is None and paragraph.role == "body"


def test_one_paragraph_per_item():
    data = report({"enumeration": {"ordinal": "第一", "paragraphs": True, "intro": "为此：", "items": ITEMS}})
    assert [p.text for p in paragraphs(data)] == [
        "为此：第一，产业结构调整任务依然艰巨；", "第二，基础设施建设仍然滞后；", "第三，群众增收渠道较窄。"
    ]  # fmt: skip


def test_style_sets_the_ordinals_in_its_role(tmp_path: Path):
    style = (Path(ar.__file__).parent / "styles" / "gbt9704.toml").read_text(encoding="utf-8")
    assert 'ordinal_role = "body"' in style
    (tmp_path / "kai.toml").write_text(style.replace('ordinal_role = "body"', 'ordinal_role = "lead"'), encoding="utf-8")
    [paragraph] = paragraphs(report({"enumeration": {"items": ITEMS}}), str(tmp_path / "kai.toml"))
    assert [s.role for s in paragraph.spans] == ["lead", None, "lead", None, "lead", None]


def _kai_report(tmp_path: Path) -> Path:
    style = (Path(ar.__file__).parent / "styles" / "gbt9704.toml").read_text(encoding="utf-8")
    (tmp_path / "kai.toml").write_text(style.replace('ordinal_role = "body"', 'ordinal_role = "lead"'), encoding="utf-8")
    (tmp_path / "report.yaml").write_text(
        "title: 2018年度工作总结\nyear: 2018\nstyle: kai.toml\ncontent:\n"
        "  - enumeration:\n      intro: 存在的问题：\n      items: [" + ", ".join(ITEMS) + "]\n",
        encoding="utf-8",
    )
    return tmp_path


def test_both_formats_draw_the_ordinals_in_the_lead_font(tmp_path: Path):
    source = _kai_report(tmp_path)
    with pdfplumber.open(io.BytesIO(ar.render_pdf(source))) as pdf:
        chars = pdf.pages[0].chars
    text = "".join(c["text"] for c in chars)
    start = text.index("存在的问题：一是")
    fonts = {c["text"]: c["fontname"] for c in chars[start : start + 10]}
    assert fonts["一"] != fonts["存"] and fonts["是"] == fonts["一"]  # 一是 in 楷体, the intro in the body font
    word = python_docx.Document(io.BytesIO(ar.render_docx(source)))
    [paragraph] = [p for p in word.paragraphs if p.text.startswith("存在的问题")]
    assert paragraph.text == "存在的问题：一是" + ITEMS[0] + "二是" + ITEMS[1] + "三是" + ITEMS[2]
    runs = {run.text: run.style.name if run.style is not None else None for run in paragraph.runs}
    assert runs["一是"] == runs["二是"] == "段首语" and runs["存在的问题："] != "段首语"


def test_schema_takes_what_the_model_takes():
    validator = jsonschema.Draft7Validator(report_schema())
    good = {"title": "t", "year": 2018, "content": [{"enumeration": {"ordinal": "第一", "items": ["a"], "paragraphs": True}}]}
    bad = {"title": "t", "year": 2018, "content": [{"enumeration": {"ordinal": "其一", "items": ["a"]}}]}
    assert not list(validator.iter_errors(good)) and Report.model_validate(good)
    assert list(validator.iter_errors(bad))
    with pytest.raises(ValidationError):
        Report.model_validate(bad)


# --------------------------------------------------------------------------- import


def test_import_recognises_enumerations_and_renders_the_same_text(tmp_path: Path):
    from annualreport.importer import import_file, rendered_text, source_text
    from annualreport.importer.reader import read_source

    path = tmp_path / "r.txt"
    path.write_text(
        "2018年度工作总结\n"
        "存在的问题：一是产业结构调整任务依然艰巨；二是基础设施建设仍然滞后；三是群众增收渠道较窄。\n"
        "统一是前提，二是不算列举。\n"
        "第一，加强组织领导。\n第二，强化督导检查。\n第三，严格考核问责。\n"
        "具体包括（1）养殖小区；（2）专业村。\n",
        encoding="utf-8",
    )
    result = import_file(path)
    enumerations = [b.enumeration for b in result.report.content if hasattr(b, "enumeration")]
    assert [(e.ordinal, e.intro, e.items, e.paragraphs) for e in enumerations] == [
        ("一是", "存在的问题：", ITEMS, False),
        ("第一", "", ["加强组织领导。", "强化督导检查。", "严格考核问责。"], True),
        ("（1）", "具体包括", ["养殖小区；", "专业村。"], False),
    ]
    assert "统一是前提，二是不算列举。" in result.report.content
    assert rendered_text(result.report) == source_text(read_source(path))
    roles = [e.role for e in result.explained]
    assert roles.count("enumeration") == 2 and roles.count("enumeration (an item a paragraph)") == 3


def test_enumerations_round_trip_through_word(tmp_path: Path):
    from annualreport.importer import import_file

    data = report(
        {"enumeration": {"intro": "存在的问题：", "items": ITEMS}},
        {"enumeration": {"ordinal": "第一", "paragraphs": True, "items": ["加强组织领导。", "强化督导检查。"]}},
    )
    path = tmp_path / "r.docx"
    path.write_bytes(ar.render_docx(data))
    back = import_file(path).report
    assert [b.model_dump() for b in back.content] == [b.model_dump() for b in data.content]
