"""Loading reports: every bad input gives located, one-line problems and nothing else."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from annualreport import InputError, load
from annualreport.messages import using_language

from .conftest import EXAMPLE_2018


def write(tmp_path: Path, text: str, name: str = "report.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


def test_example_2018_loads():
    report = load(EXAMPLE_2018)
    assert report.title == ["2018年度工作总结"]
    assert report.issuer == "大沁他拉镇人民政府"
    assert len(report.sections) == 8
    assert report.source_dir == EXAMPLE_2018


def test_folder_and_file_and_json_forms(tmp_path: Path):
    write(tmp_path, "title: 报告\nyear: 2018\n")
    assert load(tmp_path).title == ["报告"]
    json_file = tmp_path / "r.json"
    json_file.write_text('{"title": ["第一行", "第二行"], "year": 2019}', encoding="utf-8")
    assert load(json_file).title == ["第一行", "第二行"]


def test_folder_without_report(tmp_path: Path):
    assert problems(tmp_path) == [f"{tmp_path}: the folder holds no report.yaml (nor report.yml or report.json)"]


def test_missing_path(tmp_path: Path):
    assert problems(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: no such file or folder: {tmp_path / 'nope.yaml'}"]


def test_wrong_suffix(tmp_path: Path):
    path = write(tmp_path, "title: x\n", "report.txt")
    assert problems(path) == [f"{path}: unsupported file type '.txt'; expected .yaml, .yml or .json"]


def test_malformed_yaml_names_line_and_column(tmp_path: Path):
    path = write(tmp_path, "title: 报告\nyear: 2018\nsections:\n  - title: [unclosed\n")
    [line] = problems(path)
    assert line.startswith(f"{path}:5:1: YAML syntax error")


def test_malformed_json_names_line_and_column(tmp_path: Path):
    path = tmp_path / "r.json"
    path.write_text('{"title": "x",\n "year": }', encoding="utf-8")
    assert problems(path) == [f"{path}:2:10: JSON syntax error: Expecting value"]


def test_empty_file(tmp_path: Path):
    path = write(tmp_path, "\n\n")
    assert problems(path) == [f"{path}: the file is empty"]
    comments_only = write(tmp_path, "# nothing yet\n", "c.yaml")
    assert problems(comments_only) == [f"{comments_only}: the file is empty"]


def test_gbk_file_is_read_correctly(tmp_path: Path):
    path = tmp_path / "report.yaml"
    path.write_bytes("title: 大沁他拉镇工作总结\nyear: 2018\n".encode("gbk"))
    assert load(path).title == ["大沁他拉镇工作总结"]


def test_binary_file_is_refused_plainly(tmp_path: Path):
    path = tmp_path / "report.yaml"
    path.write_bytes(b"\x00\x01\xff\xfe" * 50)
    assert problems(path) == [f"{path}: the file is not text in UTF-8 or GBK; save it as UTF-8"]


def test_top_level_must_be_mapping(tmp_path: Path):
    path = write(tmp_path, "- a\n- b\n")
    assert problems(path) == [f"{path}:1:1: the report's top level must be a mapping (key: value)"]


def test_duplicate_key(tmp_path: Path):
    path = write(tmp_path, "title: a\nyear: 2018\ntitle: b\n")
    assert problems(path) == [f"{path}:3:1: duplicate key 'title'"]


def test_every_problem_at_once_with_lines_and_fields(tmp_path: Path):
    path = write(
        tmp_path,
        """\
        title: 报告
        yeer: 2018
        issuer: [a, b]
        sections:
          - title: 一
            contnt: []
          - title: 二
            content:
              - lead: 引领语
              - item: 1
              - 5
        """,
    )
    assert problems(path) == [
        f"{path}:1:1: year: field required",
        f"{path}:2:1: yeer: unknown key 'yeer'; did you mean 'year'?",
        f"{path}:3:1: issuer: expected text, got a list",
        f"{path}:6:5: sections.0.contnt: unknown key 'contnt'; did you mean 'content'?",
        f"{path}:9:9: sections.1.content.0.text: field required",
        f"{path}:10:9: sections.1.content.1.item: expected text, got 1",
        f"{path}:11:9: sections.1.content.2: expected text, got 5",
    ]


def test_wrong_types(tmp_path: Path):
    path = write(tmp_path, "title: 报告\nyear: 二〇一八\ndate: 2018-13-45\nsections: 7\n")
    lines = problems(path)
    assert lines[0] == f"{path}:2:1: year: expected a whole number, got “二〇一八”"
    assert lines[1].startswith(f"{path}:3:1: date: expected a date YYYY-MM-DD")
    assert lines[2] == f"{path}:4:1: sections: expected a list, got 7"


def test_unknown_key_in_table_suggests_nearest(tmp_path: Path):
    path = write(
        tmp_path,
        """\
        title: 报告
        year: 2018
        content:
          - table:
              captoin: 表1
              rows: [[a, b]]
        """,
    )
    assert problems(path) == [f"{path}:5:7: content.0.table.captoin: unknown key 'captoin'; did you mean 'caption'?"]


def test_unknown_key_in_cell_suggests_nearest(tmp_path: Path):
    path = write(tmp_path, "title: t\nyear: 2018\ncontent:\n  - table:\n      rows: [[{text: a, rowspn: 2}]]\n")
    [line] = problems(path)
    assert "content.0.table.rows.0.0.rowspn: unknown key 'rowspn'; did you mean 'rowspan'?" in line
    assert line.startswith(f"{path}:5:")


def test_sections_deeper_than_four_levels(tmp_path: Path):
    deep = "sections:\n" + "".join("  " * (2 * i) + "  - title: x\n" + "  " * (2 * i) + "    sections:\n" for i in range(4))
    deep += "  " * 8 + "  - title: too deep\n"
    path = write(tmp_path, "title: t\nyear: 2018\n" + deep)
    [line] = problems(path)
    assert "sections.0.sections.0.sections.0.sections.0.sections.0 is deeper" in line


def test_csv_rows_and_header(tmp_path: Path):
    (tmp_path / "data.csv").write_text("指标,数值\n牛羊存栏,20.6\n设施农业,7000\n", encoding="utf-8")
    write(tmp_path, "title: t\nyear: 2018\ncontent:\n  - table:\n      csv: data.csv\n      csv_header_rows: 1\n")
    table = load(tmp_path).content[0].table  # type: ignore[union-attr]
    assert table.header == [["指标", "数值"]]
    assert table.rows == [["牛羊存栏", "20.6"], ["设施农业", "7000"]]


def test_csv_missing(tmp_path: Path):
    path = write(tmp_path, "title: t\nyear: 2018\ncontent:\n  - table:\n      csv: none.csv\n")
    assert problems(path) == [f"{path}:5:7: content.0.table.csv: CSV file 'none.csv' does not exist"]


def test_csv_escaping_the_folder_is_refused(tmp_path: Path):
    (tmp_path / "secret.csv").write_text("a,b\n", encoding="utf-8")
    inner = tmp_path / "report"
    inner.mkdir()
    path = write(inner, "title: t\nyear: 2018\ncontent:\n  - table:\n      csv: ../secret.csv\n")
    assert problems(path) == [f"{path}:5:7: content.0.table.csv: CSV path '../secret.csv' leaves the report's folder; refused"]


def test_alias_bomb_is_refused_quickly(tmp_path: Path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path, "\n".join(lines) + "\ntitle: x\nyear: 2018\n")
    started = time.perf_counter()
    # Refused at the first alias that takes the expansion past the limit: line 5 (e: *d ×9), its 8th column.
    assert problems(path) == [
        f"{path}:5:8: YAML aliases add more than 10000 values once expanded (an alias bomb?); refused "
        "(limit alias_nodes = 10000)"
    ]
    # Not a timing assertion on speed: a generous bound that only an exponential expansion would break.
    assert time.perf_counter() - started < 30


def test_chinese_messages(tmp_path: Path):
    path = write(tmp_path, "title: 报告\nyeer: 2018\n")
    with using_language("zh"):
        lines = problems(path)
    assert lines == [f"{path}:1:1: year: 缺少必填字段", f"{path}:2:1: yeer: 未知的键“yeer”，是否应为“year”？"]


def test_chinese_from_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    path = write(tmp_path, "\n")
    assert problems(path) == [f"{path}: 文件为空"]
