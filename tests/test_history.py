"""History over years: the ``previous:`` chain followed report to report (tests/fixtures/history: three
synthetic reports, test data), series by year for charts and indicator tables, gaps, cycles, `new`."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import annualreport as ar
from annualreport import document as doc, loader
from annualreport.nextyear import new_report

from .conftest import REPO

HISTORY = REPO / "tests" / "fixtures" / "history"


def test_the_chain_gives_every_year_and_leaves_gaps():
    report = ar.load(HISTORY / "2018")
    assert report.history == {
        2016: {"cattle": Decimal("1.2"), "sheep": Decimal("8.5")},
        2017: {"cattle": Decimal("1.45"), "orchard": Decimal("3000")},  # sheep has no 2017 figure
        2018: {"cattle": Decimal("1.6"), "sheep": Decimal("9.1"), "orchard": Decimal("3500")},
    }


def test_charts_and_tables_by_year():
    document = ar.build(HISTORY / "2018")
    cattle, sheep = [n.chart for n in document.nodes if isinstance(n, doc.Chart)]
    assert cattle.categories == ("2015年", "2016年", "2017年", "2018年") and cattle.shape == "line"
    assert cattle.series[0].values == (None, 1.2, 1.45, 1.6)  # 2015 is before the chain: a gap
    assert cattle.series[0].labels == ("", "1.2", "1.45", "1.6")
    assert sheep.series[0].values == (8.5, None, 9.1) and sheep.shape == "bars"  # a gap, never zero
    [table] = [n for n in document.nodes if isinstance(n, doc.Table)]
    assert [c.text for c in table.header_rows[0]] == ["指标", "单位", "2016年", "2017年", "2018年"]
    assert [[c.text for c in row] for row in table.body_rows] == [
        ["肉牛存栏", "万头", "1.2", "1.45", "1.6"],
        ["肉羊存栏", "万只", "8.5", "—", "9.1"],
        ["果园面积", "亩", "—", "3000", "3500"],
    ]


def test_each_file_is_read_once(monkeypatch: pytest.MonkeyPatch):
    read: list[Path] = []
    original = loader.read_data

    def counting(source: loader.Source) -> object:
        read.append(source.path.resolve())
        return original(source)

    monkeypatch.setattr(loader, "read_data", counting)
    ar.load(HISTORY / "2018")
    assert sorted(read) == sorted((HISTORY / str(y) / "report.yaml").resolve() for y in (2016, 2017, 2018))


def test_a_cycle_is_an_error_naming_the_files(tmp_path: Path):
    shutil.copytree(HISTORY, tmp_path / "history")
    first = tmp_path / "history" / "2016" / "report.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace("year: 2016\n", "year: 2016\nprevious: ../2018\n"),
                     encoding="utf-8")  # fmt: skip
    with pytest.raises(ar.InputError) as caught:
        ar.load(tmp_path / "history" / "2018")
    [problem] = caught.value.problems
    assert problem.field == "previous" and problem.line == 4
    assert "goes round in a circle" in problem.message
    for year in (2018, 2017, 2016):
        assert f"{year}/report.yaml" in problem.message
    assert problem.message.rstrip().endswith("2018/report.yaml")


def test_new_keeps_the_chain(tmp_path: Path):
    shutil.copytree(HISTORY, tmp_path / "history")
    new_report(2019, tmp_path / "history" / "2018", tmp_path / "history" / "2019")
    report = ar.load(tmp_path / "history" / "2019")
    assert sorted(report.history) == [2016, 2017, 2018]  # 2019's values are still to fill
    assert report.history[2016]["cattle"] == Decimal("1.2")
    assert report.history[2018]["cattle"] == Decimal("1.6")


def test_a_report_without_previous_has_this_year_and_last(tmp_path: Path):
    (tmp_path / "report.yaml").write_text(
        "title: t\nyear: 2018\nindicators:\n  a: {label: 甲, value: 2, previous: 1, unit: 个}\n", encoding="utf-8"
    )
    assert ar.load(tmp_path).history == {2017: {"a": Decimal(1)}, 2018: {"a": Decimal(2)}}
