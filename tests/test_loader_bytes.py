"""Reports that are not files: loader.load_bytes and loader.load_stdin (SRC ``-`` on the command line)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annualreport import InputError
from annualreport.loader import STDIN_NAME, load_bytes, load_stdin

from .conftest import EXAMPLE_2018, REPO

FULL = REPO / "tests" / "fixtures" / "full"


def problems(data: bytes, **options) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_bytes(data, **options)
    return [str(p) for p in caught.value.problems]


def test_bytes_load_like_the_file():
    report = load_bytes((EXAMPLE_2018 / "report.yaml").read_bytes())
    assert report.year == 2018 and report.indicators["livestock"].unit == "万头（只）"


def test_problems_are_located_in_the_given_name():
    assert problems(b"title: t\nyear: 1900\n") == [f"{STDIN_NAME}:2:1: year: must be at least 1949, got 1900"]
    assert problems(b"title: t\nyear: 1900\n", name="pipe") == ["pipe:2:1: year: must be at least 1949, got 1900"]


def test_reference_positions_come_from_the_bytes():
    """Unknown references are located by reading the source text again: from the bytes, not a file."""
    data = "title: t\nyear: 2019\ncontent:\n  - 产值{nope}。\n".encode()
    assert problems(data) == [f"{STDIN_NAME}:4:7: content.0: unknown indicator 'nope'"]


def test_gb18030_and_bom():
    text = "title: 工作总结\nyear: 2019\n"
    assert load_bytes(text.encode("gb18030")).title == ["工作总结"]
    assert load_bytes(text.encode("utf-8-sig")).title == ["工作总结"]
    assert problems(b"\x00\x01\xff\xfe") == [f"{STDIN_NAME}: the file is not text in UTF-8 or GBK; save it as UTF-8"]
    assert problems(b"  \n") == [f"{STDIN_NAME}: the file is empty"]


def test_json_and_yaml_flow_mappings():
    assert load_bytes(json.dumps({"title": "t", "year": 2019}, indent="\t").encode()).year == 2019
    assert load_bytes(b"{title: t, year: 2019}").year == 2019  # YAML, though it opens with {
    # Not YAML either: worded as JSON's error, since it opens with {
    expected = f"{STDIN_NAME}:1:15: JSON syntax error: Expecting ',' delimiter"
    assert problems(b'{"title": "t" "year": 2019}') == [expected]
    assert problems(b"title: [t\n")[0].startswith(f"{STDIN_NAME}:2:1: YAML syntax error:")


def test_relative_paths_against_base_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = (FULL / "report.yaml").read_bytes()  # csv: villages.csv
    assert load_bytes(data, base_dir=FULL).source_dir == FULL
    monkeypatch.chdir(FULL)
    assert load_bytes(data).source_dir == FULL  # default: the current directory
    monkeypatch.chdir(tmp_path)
    assert problems(data)[-1].endswith("csv: CSV file 'villages.csv' does not exist")


def test_previous_relative_to_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "2018").mkdir()
    (tmp_path / "2018" / "report.yaml").write_bytes((EXAMPLE_2018 / "report.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    text = "title: t\nyear: 2019\nprevious: ./2018\nindicators:\n  livestock: {label: x, value: 21, unit: 万头（只）}\n"
    data = text.encode()
    report = load_bytes(data)
    assert str(report.indicators["livestock"].previous) == "20.6"  # from 2018/report.yaml
    assert problems(data.replace(b"./2018", b"./2017")) == [
        f"{STDIN_NAME}:3:1: previous: the previous year's report './2017' does not exist"
    ]


def test_load_stdin_reads_the_binary_stream(monkeypatch: pytest.MonkeyPatch):
    data = "title: 工作总结\nyear: 2019\n".encode("gb18030")
    assert load_stdin(stream=io.BytesIO(data)).title == ["工作总结"]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert load_stdin().year == 2019
    with pytest.raises(InputError) as caught:
        load_stdin(stream=io.BytesIO(b"year: 2019\n"), strict=True)
    assert [str(p) for p in caught.value.problems] == [f"{STDIN_NAME}:1:1: title: field required"]
