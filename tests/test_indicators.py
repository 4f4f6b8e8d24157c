"""Indicators: formatted values and references, their errors, indicator tables, the previous year, --strict."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import annualreport as ar
from annualreport import document as doc
from annualreport import indicators
from annualreport.cli import main
from annualreport.messages import using_language
from annualreport.model import Report

from .conftest import EXAMPLE_2018, squash


def report(indicator_map: dict[str, Any], *content: Any, **fields: Any) -> Report:
    return Report.model_validate({"title": "t", "year": 2018, "indicators": indicator_map, "content": list(content), **fields})


def expand(indicator: dict[str, Any], reference: str = "{x}", **fields: Any) -> str:
    return indicators.Resolver(report({"x": {"label": "甲", **indicator}}, **fields)).expand(reference)


def write(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def problems(src: Path, **options: Any) -> list[str]:
    with pytest.raises(ar.InputError) as caught:
        ar.load(src, **options)
    return [str(p) for p in caught.value.problems]


def tables(document: doc.Document) -> list[doc.Table]:
    return [n for n in document.nodes if isinstance(n, doc.Table)]


def grid(table: doc.Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.header_rows + table.body_rows]


# --------------------------------------------------------------------------- values in text


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        ({"value": 0, "unit": "个"}, "0个"),
        ({"value": 7, "unit": "处"}, "7处"),
        ({"value": 8800, "unit": "人次", "qualifier": "余"}, "8800余人次"),
        ({"value": 7000, "unit": "亩"}, "7000亩"),
        ({"value": 20600, "unit": "元"}, "20600元"),  # no grouping by default, GB/T 15835 allows it
        ({"value": 20600, "unit": "元", "display": "compact"}, "2.06万元"),
        ({"value": 206000, "unit": "头（只）", "display": "compact"}, "20.6万头（只）"),
        ({"value": 206000, "unit": "头（只）", "grouping": True}, "206,000头（只）"),
        ({"value": 2.2, "unit": "万亩"}, "2.2万亩"),
        ({"value": 2, "unit": "万人次", "qualifier": "余"}, "2万余人次"),
        ({"value": 2736, "unit": "万元", "display": "compact"}, "2736万元"),
        ({"value": 22000, "unit": "万元", "display": "compact"}, "2.2亿元"),
        ({"value": 1.5, "unit": "亿元"}, "1.5亿元"),
        ({"value": 150000000, "unit": "元", "display": "compact"}, "1.5亿元"),
        ({"value": 1500, "unit": "元", "qualifier": "以上"}, "1500元以上"),
        ({"value": 300, "unit": "人", "qualifier": "约"}, "约300人"),
        ({"value": 100, "unit": "%"}, "100%"),
        ({"value": 81.9, "unit": "%"}, "81.9%"),
        ({"value": 81.9, "display": "percent"}, "81.9%"),
        ({"value": -35, "unit": "人"}, "-35人"),
        ({"value": "8.50", "unit": "万平方米"}, "8.50万平方米"),  # Decimal precision kept
        ({"value": 17.15, "unit": "万亩"}, "17.15万亩"),  # a float goes through str(): no 17.149999…
        ({"value": "2.345", "unit": "万元", "places": 2}, "2.35万元"),  # half up
        ({"value": "123456789012345.1234", "unit": "元"}, "123456789012345.1234元"),
    ],
)
def test_value_in_text(indicator: dict[str, Any], expected: str):
    assert expand(indicator) == expected


def test_other_locales_format_through_babel():
    assert expand({"value": "1234567.5", "grouping": True}, locale="de_DE") == "1.234.567,5"
    assert expand({"value": 206000, "unit": "头", "display": "compact"}, locale="en_US") == "206K头"
    assert expand({"value": 81.9, "unit": "%"}, locale="de_DE") == "81,9\xa0%"


@pytest.mark.parametrize(
    ("indicator", "reference", "expected"),
    [
        ({"value": 20.6, "previous": 18.2, "unit": "万头（只）"}, "{x.previous}", "18.2万头（只）"),
        ({"value": 20.6, "previous": 18.2, "unit": "万头（只）"}, "{x.change}", "增加2.4万头（只）"),
        ({"value": 18.2, "previous": 20.6, "unit": "万头（只）"}, "{x.change}", "减少2.4万头（只）"),
        ({"value": 20.6, "previous": 18.2, "unit": "万头（只）"}, "{x.growth}", "增长13.2%"),
        ({"value": 18.2, "previous": 20.6, "unit": "万头（只）"}, "{x.growth}", "下降11.7%"),
        ({"value": 7000, "previous": 7000, "unit": "亩"}, "比上年{x.change}", "比上年持平"),
        ({"value": 81.9, "previous": 79.4, "unit": "%"}, "{x.change}", "提高2.5个百分点"),
        ({"value": 79.4, "previous": 81.9, "unit": "%"}, "{x.change}", "下降2.5个百分点"),
        ({"value": 5, "previous": 0, "unit": "个"}, "{x.growth}", "—"),
        ({"value": 4365, "target": 4441, "unit": "亩"}, "{x.target}，完成{x.completion}", "4441亩，完成98.3%"),
        ({"value": 8800, "qualifier": "余", "previous": 8000, "unit": "人次"}, "{x}，上年{x.previous}", "8800余人次，上年8000人次"),
    ],
)
def test_reference_attributes(indicator: dict[str, Any], reference: str, expected: str):
    assert expand(indicator, reference) == expected


def test_braces_are_escaped_by_doubling():
    assert expand({"value": 6, "unit": "处"}, "{{x}} 是 {x}，{{{x}}}，}}{{") == "{x} 是 6处，{6处}，}{"


@pytest.mark.parametrize(
    ("indicator", "reference", "expected"),
    [
        ({"unit": "万头（只）"}, "{x}", "【待填】万头（只）"),
        ({"unit": "人次", "qualifier": "余"}, "{x}", "【待填】余人次"),
        ({"unit": "元", "qualifier": "以上"}, "{x}", "【待填】元以上"),
        ({"unit": "%"}, "{x}", "【待填】%"),
        ({"unit": "亩", "previous": 7000}, "{x.previous}→{x}", "7000亩→【待填】亩"),
        ({"unit": "亩", "previous": 7000}, "{x.change}，{x.growth}", "【待填】，【待填】"),
        ({"unit": "亩", "value": 7000}, "{x.growth}，{x.completion}，{x.target}", "【待填】，【待填】，【待填】亩"),
    ],
)
def test_missing_values_show_a_placeholder(indicator: dict[str, Any], reference: str, expected: str):
    assert expand(indicator, reference) == expected


def test_references_expand_in_every_kind_of_text():
    data = report(
        {"n": {"label": "甲", "value": 6, "unit": "处"}},
        "段落{n}",
        {"lead": "引领{n}", "text": "正文{n}"},
        {"item": "条目{n}", "text": "文字{n}"},
        {"table": {"caption": "表{n}", "header": [["{n}"]], "rows": [[{"text": "格{n}"}]], "note": "注{n}"}},
        title=["标题{n}"],
        subtitle=["副题{n}"],
        note="附注{n}",
        sections=[{"title": "节{n}"}],
        attachments=[{"title": "附件{n}", "content": ["附件正文{n}"]}],
    )
    text = "".join(ar.build_document(data, ar.load_style()).text_lines())
    assert "{" not in text and text.count("6处") == 16  # the attachment title twice: 附件说明 and its page


def test_document_metadata_title_is_expanded():
    data = report({"y": {"label": "年", "value": 2018}}, title=["{y}年度工作总结"])
    assert ar.build_document(data, ar.load_style()).metadata.title == "2018年度工作总结"


# --------------------------------------------------------------------------- located errors


def test_unknown_key_names_file_line_column_and_nearest_key(tmp_path: Path):
    path = write(
        tmp_path,
        """\
        title: t
        year: 2018
        indicators:
          livestock: {label: 牛羊存栏, value: 20.6, unit: 万头（只）}
        content:
          - 牛羊存栏达到{livestok}，另有{nothing_like_it}。
          - lead: 养殖
            text: "存栏{livestock.prev}"
          - >-
            折行的段落，
            第二行引用{livestok}
        """,
    )
    assert problems(path) == [
        f"{path}:6:11: content.0: unknown indicator 'livestok'; did you mean 'livestock'?",
        f"{path}:6:24: content.0: unknown indicator 'nothing_like_it'",
        f"{path}:8:14: content.1.text: unknown indicator attribute 'prev'; known: previous, target, change, growth, "
        "completion; did you mean 'previous'?",
        f"{path}:11:10: content.2: unknown indicator 'livestok'; did you mean 'livestock'?",
    ]


def test_brace_errors(tmp_path: Path):
    path = write(tmp_path, "title: t\nyear: 2018\ncontent:\n  - 左{括号\n  - 右}括号\n  - '{ 空格 }'\n")
    assert problems(path) == [
        f"{path}:4:6: content.0: unmatched '{{'; write {{{{ or }}}} for a literal brace",
        f"{path}:5:6: content.1: unmatched '}}'; write {{{{ or }}}} for a literal brace",
        f"{path}:6:6: content.2: '{{ 空格 }}' is not an indicator reference ({{key}} or {{key.attribute}}); "
        "write {{ and }} for literal braces",
    ]


def test_reference_errors_in_chinese(tmp_path: Path):
    path = write(tmp_path, "title: '{livestok}'\nyear: 2018\nindicators:\n  livestock: {label: 牛羊存栏}\n")
    with using_language("zh"):
        assert problems(path) == [f"{path}:1:9: title: 未定义的指标“livestok”，是否应为“livestock”？"]


def test_indicator_model_errors(tmp_path: Path):
    path = write(
        tmp_path,
        """\
        title: t
        year: 2018
        locale: xx_YY
        indicators:
          a: {label: 甲, value: 20.6万, unit: 头}
          b: {label: 乙, value: 3, qualifier: 好几}
          c: {label: 丙, value: 30, unit: "%", qualifier: 余}
          d: {label: 丁, value: 30, display: percent, unit: 亩}
          e: {label: 戊, value: true}
          f: {label: 己, value: .inf}
          g: {label: 辛, value: 123456789012345.123456789012}
          bad key: {label: 庚}
        """,
    )
    lines = problems(path)
    assert lines[0] == f"{path}:3:1: locale: unknown locale 'xx_YY' (e.g. zh_CN, zh_TW, en_US)"
    assert lines[1] == (
        f"{path}:5:17: indicators.a.value: '20.6万' is not a number: write the digits only and put '万' in unit "
        "or qualifier (value: 20.6, unit: 万头（只）)"
    )
    assert lines[2].startswith(f"{path}:6:27: indicators.b.qualifier: unknown qualifier '好几'; known: 约、近、超、余")
    assert lines[3] == f"{path}:7:3: indicators.c: a percentage cannot take '余' (no 30余%); use 约 or 以上/左右"
    assert lines[4] == f"{path}:8:3: indicators.d: a percentage's unit must be % or empty, not '亩'"
    assert lines[5] == f"{path}:9:17: indicators.e.value: expected a number, got true"
    assert lines[6].startswith(f"{path}:10:17: indicators.f.value: ")
    assert lines[7] == (
        f"{path}:11:17: indicators.g.value: the number 123456789012345.123456789012 has more than 24 significant "
        "digits (limit indicator_digits = 24)"
    )
    assert lines[8].startswith(f"{path}:12:3: indicators.bad key")
    assert "indicator key 'bad key' is invalid" in lines[8]


def test_yaml_numbers_are_read_exactly_as_written(tmp_path: Path):
    write(tmp_path, "title: t\nyear: 2018\nindicators:\n  a: {label: 甲, value: 8.50, previous: 17.150, target: 1e3}\n")
    indicator = ar.load(tmp_path).indicators["a"]
    assert (str(indicator.value), str(indicator.previous), indicator.target) == ("8.50", "17.150", Decimal(1000))


def test_build_refuses_bad_references_in_a_report_made_in_code():
    data = report({"a": {"label": "甲", "value": 1}}, "{b}")
    with pytest.raises(ar.InputError) as caught:
        ar.build_document(data, ar.load_style())
    assert str(caught.value) == "report: content.0: unknown indicator 'b'"


# --------------------------------------------------------------------------- indicator tables


CATALOGUE = {
    "area": {"label": "设施农业总面积", "value": 7000, "unit": "亩"},
    "livestock": {"label": "牛羊存栏", "value": 20.6, "unit": "万头（只）", "display": "compact"},
    "labour": {"label": "劳务输出", "value": 2, "unit": "万人次", "qualifier": "余"},
    "rate": {"label": "报销比例", "value": 81.9, "unit": "%"},
}


def table_of(catalogue: dict[str, Any], spec: dict[str, Any], *content: Any) -> doc.Table:
    data = report(catalogue, *content, {"indicator_table": spec})
    [table] = tables(ar.build_document(data, ar.load_style()))
    return table


def test_table_without_previous_values():
    table = table_of(CATALOGUE, {"caption": "表1", "rows": ["area", "livestock", "labour", "rate"]})
    assert grid(table) == [
        ["指标", "单位", "本年"],
        ["设施农业总面积", "亩", "7000"],
        ["牛羊存栏", "万头（只）", "20.6"],
        ["劳务输出", "人次", "2万余"],  # 余 follows 万, so 万 moves into the number
        ["报销比例", "%", "81.9"],
    ]
    assert [c.align for c in table.body_rows[0]] == ["left", "center", "right"]
    assert table.caption == "表1" and abs(sum(table.widths) - 1) < 1e-9


def test_table_with_previous_values_targets_and_negative_changes():
    catalogue = {
        "area": {**CATALOGUE["area"], "previous": 6500, "target": 8000},
        "livestock": {**CATALOGUE["livestock"], "previous": 22.1},
        "rate": {**CATALOGUE["rate"], "previous": 79.4},
        "new": {"label": "新指标", "value": 3, "unit": "个"},
    }
    table = table_of(catalogue, {"rows": ["area", "livestock", "rate", "new"]})
    assert grid(table) == [
        ["指标", "单位", "本年", "上年", "增减", "增幅", "计划", "完成率"],
        ["设施农业总面积", "亩", "7000", "6500", "+500", "+7.7%", "8000", "87.5%"],
        ["牛羊存栏", "万头（只）", "20.6", "22.1", "-1.5", "-6.8%", "—", "—"],
        ["报销比例", "%", "81.9", "79.4", "+2.5个百分点", "—", "—", "—"],
        ["新指标", "个", "3", "—", "—", "—", "—", "—"],
    ]


def test_table_groups_section_rows_and_totals():
    catalogue = {
        "a": {"label": "甲", "value": "8.5", "previous": 8, "unit": "万亩"},
        "b": {"label": "乙", "value": "8.65", "previous": 9, "unit": "万亩"},
        "c": {"label": "丙", "value": 1, "unit": "万亩"},
    }
    grouped = table_of(
        catalogue,
        {"group_header": "基地", "rows": [{"group": "种植", "keys": ["a", "b"]}, "c"], "total": "合计"},
    )
    assert grid(grouped) == [
        ["基地", "指标", "单位", "本年", "上年", "增减", "增幅"],
        ["种植", "甲", "万亩", "8.5", "8", "+0.5", "+6.3%"],
        ["乙", "万亩", "8.65", "9", "-0.35", "-3.9%"],
        ["丙", "万亩", "1", "—", "—", "—"],
        ["合计", "万亩", "18.15", "—", "—", "—"],  # 丙 has no previous value, so neither has the total
    ]
    assert (grouped.body_rows[0][0].rowspan, grouped.body_rows[2][0].colspan) == (2, 2)

    section = table_of(catalogue, {"rows": "section", "total": "合计"}, "先说{b}，再说{a}和{b.growth}。")
    assert grid(section)[1:] == [
        ["乙", "万亩", "8.65", "9", "-0.35", "-3.9%"],
        ["甲", "万亩", "8.5", "8", "+0.5", "+6.3%"],
        ["合计", "万亩", "17.15", "17", "+0.15", "+0.9%"],
    ]


def test_section_table_lists_only_its_own_section():
    data = Report.model_validate({
        "title": "t", "year": 2018, "indicators": CATALOGUE,
        "sections": [
            {"title": "一", "content": ["{area}"]},
            {"title": "二", "content": ["{livestock}", {"indicator_table": {"rows": "section"}}],
             "sections": [{"title": "子", "content": ["{rate}"]}]},
        ],
    })  # fmt: skip
    [table] = tables(ar.build_document(data, ar.load_style()))
    assert [row[0] for row in grid(table)[1:]] == ["牛羊存栏", "报销比例"]


def test_table_with_missing_values_shows_placeholders():
    catalogue = {"a": {"label": "甲", "previous": 7000, "unit": "亩", "target": 9000}, "b": {"label": "乙", "unit": "个"}}
    assert grid(table_of(catalogue, {"rows": ["a", "b"]}))[1:] == [
        ["甲", "亩", "【待填】", "7000", "【待填】", "【待填】", "9000", "【待填】"],
        ["乙", "个", "【待填】", "—", "—", "—", "—", "—"],
    ]


def test_indicator_table_errors(tmp_path: Path):
    path = write(
        tmp_path,
        """\
        title: t
        year: 2018
        indicators:
          area: {label: 面积, value: 1, unit: 亩}
          rate: {label: 比例, value: 2, unit: "%"}
          people: {label: 人数, value: 3, unit: 人, qualifier: 余}
        content:
          - indicator_table:
              rows: [area, aera, {group: 组, keys: [rate, area]}]
              total: 合计
          - indicator_table: {rows: section}
          - indicator_table: {rows: [people, area], total: 合计}
        """,
    )
    assert problems(path) == [
        f"{path}:9:20: content.0.indicator_table.rows.1: unknown indicator 'aera'; did you mean 'area'?",
        f"{path}:9:50: content.0.indicator_table.rows.2.keys.1: indicator 'area' is listed twice in the table",
        f"{path}:10:7: content.0.indicator_table.total: the percentage indicator 'rate' cannot be totalled",
        f"{path}:10:7: content.0.indicator_table.total: a totals row needs one unit in every row; found '亩' and '%'",
        f"{path}:11:23: content.1.indicator_table.rows: rows: section lists the indicators the section's text "
        "refers to, and it refers to none",
        f"{path}:12:45: content.2.indicator_table.total: indicator 'people' carries the qualifier '余' and cannot "
        "be totalled",
        f"{path}:12:45: content.2.indicator_table.total: a totals row needs one unit in every row; found '人' and '亩'",
    ]


def test_example_2018_figures_are_indicators_and_the_text_is_unchanged(seed_text: str):
    report_2018 = ar.load(EXAMPLE_2018)
    assert len(report_2018.indicators) >= 40
    assert {"livestock", "facility_area", "medical_reimbursed", "reimbursement_rate"} <= set(report_2018.indicators)
    resolver = indicators.Resolver(report_2018)
    forms = [resolver.reference(k) for k in ("facility_area", "livestock", "medical_reimbursed", "reimbursement_rate")]
    assert forms == ["7000亩", "20.6万头（只）", "2736万元", "81.9%"]
    for key in report_2018.indicators:
        assert squash(resolver.reference(key)) in squash(seed_text), key
    raw = (EXAMPLE_2018 / "report.yaml").read_text(encoding="utf-8")
    assert "牛羊存栏达到{livestock}" in raw and "indicator_table:" in raw


# --------------------------------------------------------------------------- previous year


def two_years(tmp_path: Path, unit_2018: str = "万头（只）", previous: str = "../2017") -> Path:
    write(
        tmp_path / "2017",
        """\
        title: 2017年度工作总结
        year: 2017
        indicators:
          livestock: {label: 牛羊存栏, value: 18.2, unit: 万头（只）}
          area: {label: 面积, value: 6500, unit: 亩}
          gone: {label: 取消的指标, value: 1}
        """,
    )
    write(
        tmp_path / "2018",
        f"""\
        title: 2018年度工作总结
        year: 2018
        previous: {previous}
        indicators:
          livestock: {{label: 牛羊存栏, value: 20.6, unit: {unit_2018}}}
          area: {{label: 面积, value: 7000, previous: 6400, unit: 亩}}
          new: {{label: 新指标, value: 3, unit: 个}}
        content:
          - 存栏{{livestock}}，比上年{{livestock.change}}。
          - indicator_table: {{rows: [livestock, area, new]}}
        """,
    )
    return tmp_path / "2018"


@pytest.mark.parametrize("previous", ["../2017", "../2017/report.yaml"])
def test_previous_report_fills_last_years_values_by_key(tmp_path: Path, previous: str):
    document = ar.build(two_years(tmp_path, previous=previous))
    assert document.nodes[1].text == "存栏20.6万头（只），比上年增加2.4万头（只）。"
    assert grid(tables(document)[0])[1:] == [
        ["牛羊存栏", "万头（只）", "20.6", "18.2", "+2.4", "+13.2%"],
        ["面积", "亩", "7000", "6400", "+600", "+9.4%"],  # written inline: a revised figure wins
        ["新指标", "个", "3", "—", "—", "—"],
    ]


def test_unit_that_differs_between_the_years_names_both(tmp_path: Path):
    src = two_years(tmp_path, unit_2018="万头")
    assert problems(src) == [
        f"{src}/report.yaml:5:41: indicators.livestock.unit: unit '万头' differs from '万头（只）' in the previous "
        f"year's report {tmp_path}/2017/report.yaml:4 (use a new key when the unit changes)"
    ]


def test_previous_report_problems(tmp_path: Path):
    src = two_years(tmp_path, previous="../2016")
    assert problems(src) == [f"{src}/report.yaml:3:1: previous: the previous year's report '../2016' does not exist"]
    src = two_years(tmp_path, previous=".")
    assert problems(src) == [f"{src}/report.yaml:3:1: previous: previous names this report itself"]
    src = two_years(tmp_path)
    (tmp_path / "2017" / "report.yaml").write_text("title: x\nyear: 2019\n", encoding="utf-8")
    assert problems(src) == [
        f"{src}/report.yaml:3:1: previous: the previous report {tmp_path}/2017/report.yaml covers 2019, "
        "which is not before this report's 2018"
    ]
    (tmp_path / "2017" / "report.yaml").write_text("title: x\nyeer: 2017\n", encoding="utf-8")
    assert problems(src)[0] == f"{tmp_path}/2017/report.yaml:1:1: year: field required"


# --------------------------------------------------------------------------- validate --strict


def test_strict_lists_every_missing_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(
        tmp_path,
        """\
        title: t
        year: 2019
        indicators:
          a: {label: 甲, value: null, previous: 6, unit: 处}
          b:
            label: 乙
            unit: 亩
          c: {label: 丙, value: 5, unit: 亩}
        content:
          - 甲{a}，乙{b}，丙{c}，计划{c.target}，{c.growth}。
        """,
    )
    assert ar.load(path).indicators["a"].value is None  # a draft is valid
    expected = [
        f"{path}:4:17: indicators.a.value: no value yet (shown as 【待填】)",
        f"{path}:5:3: indicators.b.value: no value yet (shown as 【待填】)",
        f"{path}:10:22: content.0: {{c.target}} needs a target and indicator 'c' has none (shown as 【待填】)",
        f"{path}:10:33: content.0: {{c.growth}} needs a previous-year value and indicator 'c' has none "
        "(shown as 【待填】)",
    ]
    assert problems(path, strict=True) == expected
    assert main(["validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"{tmp_path}: valid; 2 indicator values still to fill (validate --strict lists them)\n"
    assert main(["validate", "--strict", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines() == expected


def test_strict_passes_a_complete_report(capsys: pytest.CaptureFixture[str]):
    assert main(["validate", "--strict", str(EXAMPLE_2018)]) == 0
    assert capsys.readouterr().out == f"{EXAMPLE_2018}: valid\n"


# --------------------------------------------------------------------------- the author's qualifier placement


def test_qualifier_position_keeps_the_authors_wording_in_text_and_tables():
    before_word = {"label": "投资", "value": 60, "unit": "万元", "qualifier": "余", "qualifier_position": "after_digits"}
    after_word = {**before_word, "qualifier_position": "after_number"}
    assert expand(before_word) == "60余万元"
    assert expand(after_word) == "60万余元"
    assert expand({**before_word, "value": None}) == "【待填】余万元"
    catalogue = {"a": before_word, "b": after_word, "c": {**before_word, "qualifier": "以上", "qualifier_position": "auto"}}
    table = table_of(catalogue, {"rows": ["a", "b", "c"]})
    assert grid(table)[1:] == [["投资", "元", "60余万"], ["投资", "元", "60万余"], ["投资", "万元", "60以上"]]


def test_percent_refuses_a_qualifier_placed_inside_the_number():
    with pytest.raises(ValidationError, match="30余%"):
        report({"x": {"label": "甲", "value": 30, "unit": "%", "qualifier": "约", "qualifier_position": "after_digits"}})
