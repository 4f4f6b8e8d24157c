"""`annualreport new`: next year's report from this year's, filled in, rendered to both formats."""

from __future__ import annotations

import io
import json
import re
import shutil
import textwrap
import zipfile
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from ruamel.yaml import YAML

import annualreport as ar
from annualreport import document as doc
from annualreport.cli import main
from annualreport.errors import InputError
from annualreport.messages import using_language
from annualreport.nextyear import new_report, next_year_text

from .conftest import EXAMPLE_2018, REPO

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning:pdfminer"),
    # A machine without the Chinese fonts still renders (with a warning); the text checks hold either way.
    pytest.mark.filterwarnings("ignore:.*font.*:UserWarning"),
]


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(c["text"] for page in pdf.pages for c in page.chars)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def fill(report_file: Path, change: Decimal) -> None:
    """What the office does next year: type each value in (here: last year's plus ``change``) and a target."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1 << 16
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(report_file.read_text(encoding="utf-8"))
    for indicator in data["indicators"].values():
        indicator["value"] = str(Decimal(str(indicator["previous"])) + change)
        if "target" in indicator:
            indicator["target"] = str(Decimal(str(indicator["previous"])) * 2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    report_file.write_text(stream.getvalue(), encoding="utf-8")


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    result = new_report(2019, EXAMPLE_2018, tmp_path / "reports" / "2019")
    assert (result.path, result.missing, result.title_updated, result.previous_year) == (
        tmp_path / "reports" / "2019", 48, True, 2018
    )
    return result.path


def test_new_keeps_structure_comments_and_moves_values_to_previous(draft: Path):
    written = (draft / "report.yaml").read_text(encoding="utf-8")
    original = (EXAMPLE_2018 / "report.yaml").read_text(encoding="utf-8")
    assert written.startswith("# 草稿：由 `annualreport new 2019 --from ")
    for comment in [line for line in original.splitlines() if line.lstrip().startswith("#")]:
        assert comment in written  # every comment of last year's file survives
    assert "title: 2019年度工作总结\nyear: 2019\nprevious: " in written
    assert "  sheds: {label: 棚舍, value: null, previous: 8.5, unit: 万平方米}" in written
    assert "  park_investment: {label: 现代农业园区功能区投资, value: null, previous: 700, target: null, unit: 万元}" in written
    assert "牛羊存栏达到{livestock}" in written  # the narrative is kept as a draft

    old, new = ar.load(EXAMPLE_2018), ar.load(draft)
    assert (new.year, new.title, new.style, new.date) == (2019, ["2019年度工作总结"], old.style, None)
    assert (draft / new.previous).resolve() == EXAMPLE_2018.resolve()  # relative to the new folder
    assert list(new.indicators) == list(old.indicators)
    for key, indicator in new.indicators.items():
        assert (indicator.value, indicator.target) == (None, None)
        assert str(indicator.previous) == str(old.indicators[key].value)  # exactly: 17.15 stays 17.15
        assert (indicator.label, indicator.unit, indicator.qualifier) == (
            old.indicators[key].label, old.indicators[key].unit, old.indicators[key].qualifier
        )
    assert [s.title for s in new.sections] == [s.title for s in old.sections]


def test_draft_is_valid_strict_lists_every_missing_value(draft: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["validate", str(draft)]) == 0
    assert "48 indicator values still to fill" in capsys.readouterr().out
    assert main(["validate", "--strict", str(draft)]) == 1
    lines = capsys.readouterr().err.splitlines()
    # every value, three {x.target} references now without a target, the completion chart's three bars
    assert len(lines) == 48 + 3 + 3
    assert sum("its bar in the completion chart is empty" in line for line in lines) == 3
    assert lines[0] == f"{draft}/report.yaml:21:29: indicators.farm_zones.value: no value yet (shown as 【待填】)"
    assert all(re.match(rf"{re.escape(str(draft))}/report.yaml:\d+:\d+: ", line) for line in lines)


def test_draft_renders_with_visible_placeholders_in_both_formats(draft: Path):
    document = ar.build(draft)
    text = "".join(document.text_lines())
    assert "建成养殖小区【待填】处" in text and "牛羊存栏达到【待填】万头（只）" in text
    [table] = [n for n in document.nodes if isinstance(n, doc.Table)]
    assert [c.text for c in table.header_rows[0]] == ["基地", "指标", "单位", "本年", "上年", "增减", "增幅"]
    assert [c.text for c in table.body_rows[0]][1:] == ["养殖小区", "处", "【待填】", "6", "【待填】", "【待填】"]
    docx = ar.render_docx(document)
    pdf = ar.render_pdf(document)
    assert docx is not None and pdf is not None
    assert "建成养殖小区【待填】处" in docx_text(docx)
    assert "【待填】" in pdf_text(pdf)


def test_round_trip_new_fill_render_both_formats(draft: Path):
    fill(draft / "report.yaml", Decimal(1))
    assert main(["validate", "--strict", str(draft)]) == 0
    report = ar.load(draft, strict=True)
    assert report.indicators["facility_area"].value == Decimal(7001)
    assert str(report.indicators["restructuring"].value) == "18.15"

    document = ar.build(report)
    text = "".join(document.text_lines())
    assert "【待填】" not in text
    assert "设施农业总面积达到7001亩" in text and "牛羊存栏达到21.6万头（只）" in text
    assert "计划投资1400万元，现已完成投资701万元" in text
    [table] = [n for n in document.nodes if isinstance(n, doc.Table)]
    livestock = [c.text for c in table.body_rows[5]]  # the group cell above spans this row
    assert livestock == ["牛羊存栏", "万头（只）", "21.6", "20.6", "+1.0", "+4.9%"]

    docx = ar.render_docx(report)
    pdf = ar.render_pdf(report)
    assert docx is not None and pdf is not None
    assert "设施农业总面积达到7001亩" in docx_text(docx) and "+4.9%" in docx_text(docx)
    assert "7001" in pdf_text(pdf) and "+4.9%" in pdf_text(pdf)


def test_existing_folder_is_refused_unless_forced(tmp_path: Path):
    target = tmp_path / "2019"
    target.mkdir()
    new_report(2019, EXAMPLE_2018, target)  # an empty folder is fine
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ar.InputError) as caught:
        new_report(2019, EXAMPLE_2018, target)
    assert str(caught.value) == f"{target}: {target} exists and is not empty; add --force to replace it"
    assert (target / "notes.txt").exists()
    new_report(2019, EXAMPLE_2018, target, force=True)
    assert sorted(p.name for p in target.iterdir()) == ["report.yaml"]
    assert leftovers(tmp_path) == []


def test_failure_writes_nothing(tmp_path: Path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "report.yaml").write_text("title: t\nyear: 2018\ncontent: ['{nope}']\n", encoding="utf-8")
    with pytest.raises(ar.InputError):
        new_report(2019, bad, tmp_path / "2019")
    with pytest.raises(ar.InputError) as caught:
        new_report(2018, EXAMPLE_2018, tmp_path / "2019")
    assert str(caught.value).endswith("the new year 2018 must come after 2018")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad"]


def test_csv_files_and_local_style_are_copied(tmp_path: Path):
    old = tmp_path / "2018"
    (old / "data").mkdir(parents=True)
    (old / "styles").mkdir()
    (old / "data" / "t.csv").write_text("甲,1\n", encoding="utf-8")
    (old / "unused.csv").write_text("x\n", encoding="utf-8")
    style = Path(ar.__file__).parent / "styles" / "gbt9704.toml"
    (old / "styles" / "house.toml").write_text(style.read_text(encoding="utf-8"), encoding="utf-8")
    (old / "report.yaml").write_text(
        textwrap.dedent(
            """\
            title: [2018年, 工作总结]   # two lines
            year: 2018
            date: 2019-01-15
            style: house
            content:
              - table: {csv: data/t.csv}
            """
        ),
        encoding="utf-8",
    )
    result = new_report(2019, old, tmp_path / "2019")
    files = sorted(str(p.relative_to(result.path)) for p in result.path.rglob("*") if p.is_file())
    assert files == ["data/t.csv", "report.yaml", "styles/house.toml"]
    written = (result.path / "report.yaml").read_text(encoding="utf-8")
    assert "title: [2019年, 工作总结]   # two lines\nyear: 2019\nprevious: ../2018\ndate:\n" in written
    assert result.missing == 0 and ar.load(result.path).style == "house"


def test_style_file_outside_the_folder_is_still_found(tmp_path: Path):
    style = Path(ar.__file__).parent / "styles" / "gbt9704.toml"
    (tmp_path / "shared.toml").write_text(style.read_text(encoding="utf-8"), encoding="utf-8")
    old = tmp_path / "a" / "2018"
    old.mkdir(parents=True)
    (old / "report.yaml").write_text("title: 2018年度工作总结\nyear: 2018\nstyle: ../../shared.toml\n", encoding="utf-8")
    result = new_report(2019, old, tmp_path / "b" / "c" / "2019")
    assert ar.load(result.path).style == "../../../shared.toml"
    assert ar.build(result.path).style.name == ar.load_style().name


def test_json_report(tmp_path: Path):
    old = tmp_path / "2018.json"
    old.write_text(
        json.dumps({"title": "2018年度工作总结", "year": 2018, "indicators": {"a": {"label": "甲", "value": 6, "unit": "处"}},
                    "content": ["建成{a}"]}, ensure_ascii=False),
        encoding="utf-8",
    )  # fmt: skip
    result = new_report(2019, old, tmp_path / "2019")
    assert result.report_file.name == "report.json"
    data = json.loads(result.report_file.read_text(encoding="utf-8"))
    assert data["previous"] == "../2018.json" and data["indicators"]["a"] == {"label": "甲", "value": None, "previous": 6, "unit": "处"}
    assert "".join(ar.build(result.path).text_lines()).endswith("建成【待填】处")


def test_cli_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    target = tmp_path / "reports" / "2019"
    assert main(["new", "2019", "--from", str(EXAMPLE_2018), "-o", str(target)]) == 0
    assert capsys.readouterr().out == (
        f"wrote {target}: the 2019 report as a draft, 48 indicator values to fill (validate --strict lists them)\n"
    )
    assert main(["new", "2019", "--from", str(EXAMPLE_2018), "-o", str(target)]) == 1
    assert capsys.readouterr().err == f"{target}: {target} exists and is not empty; add --force to replace it\n"
    untitled = tmp_path / "untitled"
    untitled.mkdir()
    (untitled / "report.yaml").write_text("title: 工作总结\nyear: 2018\n", encoding="utf-8")
    assert main(["--lang", "zh", "new", "2019", "--from", str(untitled), "-o", str(tmp_path / "u2019")]) == 0
    captured = capsys.readouterr()
    assert captured.err == "注意：标题中没有“2018”，未改动标题\n"
    assert captured.out.startswith(f"已生成 {tmp_path / 'u2019'}：2019 年报告草稿，0 个指标待填")


def test_a_gongwens_document_number_and_printing_date_are_cleared(tmp_path: Path):
    """Next year's 公文 gets a number of its own: last year's 发文字号 is cleared, kept in a comment on its line
    (the comment lines under it stay), and an 印发日期 of its own is cleared like the date."""
    source = tmp_path / "gongwen"
    shutil.copytree(REPO / "examples" / "2018-gongwen", source)
    text = (source / "report.yaml").read_text(encoding="utf-8")
    (source / "report.yaml").write_text(text.replace("  printed_by: 大沁他拉镇党政综合办公室\n",
                                                     "  printed_by: 大沁他拉镇党政综合办公室\n  printed_on: 2019-01-20\n"),
                                        encoding="utf-8")  # fmt: skip
    assert ar.load(source).imprint.printed_on is not None
    new_report(2019, source, tmp_path / "2019")
    written = (tmp_path / "2019" / "report.yaml").read_text(encoding="utf-8")
    assert "  document_number:  # 上年为 奈大政发〔2019〕3号，请填本年的发文字号\n  # 签发人：" in written
    draft = ar.load(tmp_path / "2019")
    assert draft.header.document_number is None and draft.header.signers == ["王建国"]
    assert draft.imprint.printed_on is None and draft.imprint.printed_by == "大沁他拉镇党政综合办公室"
    assert "document_number:  # 上年为 奈大政发〔2019〕3号" in next_year_text(2019, source)  # the service's /api/new
    with using_language("en"), pytest.raises(InputError) as caught:  # --strict: what is still to fill in
        ar.load(tmp_path / "2019", strict=True)
    problems = {p.field: p for p in caught.value.problems}
    assert "the 版头 has no 发文字号" in problems["header.document_number"].message
    assert problems["header.document_number"].line == written.splitlines().index(
        "  document_number:  # 上年为 奈大政发〔2019〕3号，请填本年的发文字号") + 1
    assert "needs its date" in problems["date"].message
