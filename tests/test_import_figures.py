"""``annualreport import --indicators``: figures lifted into the catalogue, the rendered text unchanged."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import annualreport as ar
from annualreport.importer import import_file, rendered_text, source_text
from annualreport.importer.figures import lift_figures
from annualreport.importer.reader import read_source

from .conftest import EXAMPLE_2018, REPO

FIXTURES = REPO / "tests" / "fixtures" / "import"


def lifted(paragraph: str) -> tuple[str, dict[str, Any]]:
    data: dict[str, Any] = {"title": "t", "year": 2018, "content": [paragraph]}
    lift_figures(data)
    return data["content"][0], data.get("indicators", {})


@pytest.mark.parametrize(
    ("text", "reference", "indicator"),
    [
        ("建成养殖小区6处。", "建成养殖小区{建成养殖小区}。", {"value": "6", "unit": "处"}),
        ("棚舍8.50万平方米", "棚舍{棚舍}", {"value": "8.50", "unit": "万平方米"}),
        ("培训8800余人次", "培训{培训}", {"value": "8800", "unit": "人次", "qualifier": "余"}),
        ("劳务输出2万余人次", "劳务输出{劳务输出}", {"value": "2", "unit": "万人次", "qualifier": "余"}),
        ("投资60余万元", "投资{投资}", {"value": "60", "unit": "万元", "qualifier": "余", "qualifier_position": "after_digits"}),
        ("增收1500元以上", "增收{增收}", {"value": "1500", "unit": "元", "qualifier": "以上"}),
        ("服务约300人", "服务{服务}", {"value": "300", "unit": "人", "qualifier": "约"}),
        ("报销比例达到81.9%", "报销比例达到{报销比例}", {"value": "81.9", "unit": "%"}),
    ],
)
def test_a_figure_becomes_an_indicator_with_its_value_as_written(text: str, reference: str, indicator: dict[str, str]):
    paragraph, catalogue = lifted(text)
    assert paragraph == reference
    [(key, found)] = catalogue.items()
    assert found == {"label": key, **indicator}


@pytest.mark.parametrize(
    "text",
    [
        "2018年12月31日",  # dates: no unit of ours
        "名列第3名",  # an ordinal
        "共1,200人",  # grouped below five digits: the renderers would not print it so
        "比例30余%",  # no qualifier inside a percentage
        "约2万余人",  # two qualifiers
        "增长12.5％",  # full-width percent sign
        "G111国道",
    ],
)
def test_what_would_not_render_alike_stays_text(text: str):
    assert lifted(text) == (text, {})


def test_labels_come_from_the_clause_and_keys_are_unique_and_stable():
    text = "累计识别贫困户1187户3498人，共有41支代表队5200余名群众参与，“文化村庄”12个、“文化村庄”3个。"
    paragraph, catalogue = lifted(text)
    assert list(catalogue) == ["识别贫困户", "识别贫困户_2", "代表队", "代表队_2", "文化村庄", "文化村庄_2"]
    assert [c["label"] for c in catalogue.values()] == ["识别贫困户", "识别贫困户", "代表队", "代表队", "文化村庄", "文化村庄"]
    assert paragraph.startswith("累计识别贫困户{识别贫困户}{识别贫困户_2}，共有{代表队}代表队{代表队_2}群众")
    assert lifted(text) == (paragraph, catalogue)


def test_escaped_braces_are_left_alone():
    assert lifted("原文{{共5处}}保留，新建3处")[0] == "原文{{共5处}}保留，新建{新建}"


def test_the_2018_report_imports_with_its_figures_and_renders_as_before(tmp_path: Path):
    word = tmp_path / "2018.docx"
    word.write_bytes(ar.render_docx(ar.load(EXAMPLE_2018)))
    plain, with_figures = import_file(word), import_file(word, indicators=True)
    assert with_figures.figures >= 80
    assert len(with_figures.notes) == 1 and "a Word chart" in with_figures.notes[0]  # the chart, not re-created
    assert rendered_text(with_figures.report) == rendered_text(plain.report) == source_text(read_source(word))
    indicators = with_figures.report.indicators
    assert len(indicators) == with_figures.figures
    assert indicators["牛羊存栏"].value == Decimal("20.6") and indicators["牛羊存栏"].unit == "万头（只）"
    assert indicators["技能培训"].qualifier == "余" and indicators["征占土地"].value == Decimal("4441")
    assert import_file(word, indicators=True).yaml == with_figures.yaml  # the same keys every time
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "report.yaml").write_text(with_figures.yaml, encoding="utf-8")
    assert ar.load(folder).model_dump() == with_figures.report.model_dump()


@pytest.mark.parametrize("path", sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md")), ids=lambda p: p.name)
def test_text_fixtures_render_alike_with_figures_lifted(path: Path):
    result = import_file(path, indicators=True)
    assert rendered_text(result.report) == source_text(read_source(path))
    assert not any("differs" in note for note in result.notes)


def test_cli_import_indicators(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "annualreport.cli", "--lang", "en", "import", str(FIXTURES / "plain.txt"), "-o",
         str(tmp_path / "x"), "--indicators"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    count = ar.import_report(FIXTURES / "plain.txt", indicators=True).indicators
    assert f"{len(count)} figures lifted into indicators" in done.stdout and len(count) > 0
    assert "indicators:" in (tmp_path / "x" / "report.yaml").read_text(encoding="utf-8")
