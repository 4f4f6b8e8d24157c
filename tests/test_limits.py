"""limits.Limits: every limit documented, enforced at load time, and exceeded as a located message that
names it and its value. Each case sets the limit low so that its input stays a few lines long."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

import annualreport as ar
from annualreport.limits import DEFAULT_LIMITS, Limits, iter_limits
from annualreport.loader import STDIN_NAME, load_bytes

from .conftest import REPO

DOC = REPO / "docs" / "limits.md"

HEAD = "title: t\nyear: 2018\n"


def problems(text: str, limits: Limits, base_dir: Path | None = None, name: str = STDIN_NAME) -> list[str]:
    with pytest.raises(ar.InputError) as caught:
        load_bytes(textwrap.dedent(text).encode("utf-8"), limits=limits, base_dir=base_dir, name=name)
    return [str(p) for p in caught.value.problems]


# --------------------------------------------------------------------------- the dataclass and its doc


def test_every_limit_is_in_the_doc_with_its_default():
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\| `([a-z_]+)` \| ([^|]+) \|", line)
        if found:
            rows[found.group(1)] = found.group(2)
    assert list(rows) == [name for name, _, _ in iter_limits()]
    for name, value, description in iter_limits():
        assert f"{value:,}" in rows[name] or f"{value // 1024 // 1024} MiB" in rows[name], name
        assert description, f"Limits.{name} has no docstring"


def test_limits_are_frozen_and_checked():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LIMITS.blocks = 5  # type: ignore[misc]
    for bad in ({"blocks": 0}, {"depth": -1}, {"nodes": 1.5}, {"title_chars": True}, {"sections_per_level": 1000},
                {"csv_field_chars": 131_073}, {"number_chars": 4301}, {"indicator_places": 101}):  # fmt: skip
        with pytest.raises(ValueError, match="Limits"):
            Limits(**bad)
    assert ar.Limits is Limits


def test_example_passes_limits_a_tenth_of_the_defaults():
    """The size limits are far above a real report: a tenth of each still takes examples/2018."""
    sizes = ("source_bytes", "nodes", "blocks", "table_rows", "paragraph_chars", "csv_bytes", "style_bytes")
    tenth = Limits(**{name: value // 10 for name, value, _ in iter_limits() if name in sizes})
    assert ar.load(REPO / "examples" / "2018", limits=tenth).year == 2018


# --------------------------------------------------------------------------- while parsing


@pytest.mark.parametrize(
    ("limits", "text", "expected"),
    [
        (Limits(source_bytes=20), HEAD + "content: [正文]\n",
         "<stdin>: the file is larger than 20 bytes (limit source_bytes = 20)"),
        (Limits(depth=3), HEAD + "content: [[[x]]]\n",
         "<stdin>:3:12: nested more than 3 levels deep (limit depth = 3)"),
        (Limits(nodes=6), HEAD + "content: [a, b, c]\n",
         "<stdin>:3:10: more than 6 values (mappings, lists, scalars; aliases expanded) (limit nodes = 6)"),
        (Limits(alias_nodes=3), HEAD + "content: &c [a, b]\nsections: [{content: *c}, {content: *c}]\n",
         "<stdin>:4:37: YAML aliases add more than 3 values once expanded (an alias bomb?); refused "
         "(limit alias_nodes = 3)"),
        (Limits(number_chars=4), "title: t\nyear: 20180\n",
         "<stdin>:2:7: a number 5 characters long, more than 4; quote it if it is text (limit number_chars = 4)"),
        (Limits(depth=2), '{"title": "t", "year": 2018, "content": [[1]]}',
         "<stdin>:1:42: nested more than 2 levels deep (limit depth = 2)"),
        (Limits(number_chars=3), '{"title": "t", "year": 2018}',
         "<stdin>:1:24: a number 4 characters long, more than 3; quote it if it is text (limit number_chars = 3)"),
    ],
    ids=["source_bytes", "depth", "nodes", "alias_nodes", "number_chars", "json depth", "json number_chars"],
)  # fmt: skip
def test_parsing_stops_at_the_limit(limits: Limits, text: str, expected: str):
    assert problems(text, limits) == [expected]


def test_standard_input_is_read_no_further_than_the_limit():
    import io

    from annualreport.loader import load_stdin

    stream = io.BytesIO(b"title: t\nyear: 2018\n" + b"#" * 10_000)
    with pytest.raises(ar.InputError) as caught:
        load_stdin(stream=stream, limits=Limits(source_bytes=100))
    assert str(caught.value) == "<stdin>: the file is larger than 100 bytes (limit source_bytes = 100)"
    assert stream.tell() == 101


def test_files_are_measured_before_they_are_read(tmp_path: Path):
    (tmp_path / "report.yaml").write_text(HEAD + "content: [" + "x, " * 100 + "x]\n", encoding="utf-8")
    with pytest.raises(ar.InputError) as caught:
        ar.load(tmp_path, limits=Limits(source_bytes=100))
    assert str(caught.value).endswith(": the file is larger than 100 bytes (limit source_bytes = 100)")


# --------------------------------------------------------------------------- the validated report


@pytest.mark.parametrize(
    ("limits", "text", "expected"),
    [
        (Limits(blocks=2), HEAD + "content: [a, b]\nsections:\n  - content: [c]\n",
         "<stdin>:5:15: sections.0.content.0: the report has more than 2 content blocks (limit blocks = 2)"),
        (Limits(sections_per_level=2), HEAD + "sections: [{title: 一}, {title: 二}, {numbered: false}, {title: 三}]\n",
         "<stdin>:3:55: sections.3: more than 2 numbered sections or points at one level "
         "(limit sections_per_level = 2)"),
        (Limits(sections_per_level=2), HEAD + "content: [{item: 一}, 段落, {item: 二}, {item: 三}]\n",
         "<stdin>:3:37: content.3: more than 2 numbered sections or points at one level "
         "(limit sections_per_level = 2)"),
        (Limits(table_rows=2), HEAD + "content:\n  - table: {header: [[甲]], rows: [[a], [b]]}\n",
         "<stdin>:4:28: content.0.table.rows: the table has 3 rows, more than 2 (limit table_rows = 2)"),
        (Limits(table_columns=2), HEAD + "content:\n  - table: {rows: [[a, b], [{text: c, colspan: 3}]]}\n",
         "<stdin>:4:39: content.0.table.rows.1.0.colspan: the table is 3 columns wide, more than 2 "
         "(limit table_columns = 2)"),
        (Limits(paragraph_chars=4), HEAD + "content: [一二三四五]\n",
         "<stdin>:3:11: content.0: the text is 5 characters long, more than 4 (limit paragraph_chars = 4)"),
        (Limits(paragraph_chars=4), HEAD + "content:\n  - table: {rows: [[一二三四五]]}\n",
         "<stdin>:4:21: content.0.table.rows.0.0: the text is 5 characters long, more than 4 "
         "(limit paragraph_chars = 4)"),
        (Limits(title_chars=3), "title: [一二, 三四五六]\nyear: 2018\n",
         "<stdin>:1:13: title.1: 4 characters long, more than the 3 of a title, heading, caption, issuer or label "
         "(limit title_chars = 3)"),
        (Limits(title_chars=3), HEAD + "sections: [{title: 一二三四}]\n",
         "<stdin>:3:13: sections.0.title: 4 characters long, more than the 3 of a title, heading, caption, issuer "
         "or label (limit title_chars = 3)"),
        (Limits(title_chars=3), HEAD + "issuer: 某某人民政府\n",
         "<stdin>:3:1: issuer: 6 characters long, more than the 3 of a title, heading, caption, issuer or label "
         "(limit title_chars = 3)"),
        (Limits(title_chars=3), HEAD + "indicators: {a: {label: 牛羊存栏, value: 1}}\n",
         "<stdin>:3:18: indicators.a.label: 4 characters long, more than the 3 of a title, heading, caption, "
         "issuer or label (limit title_chars = 3)"),
        (Limits(key_chars=10), HEAD + "indicators: {livestock_1: {label: 甲}}\n",
         "<stdin>:3:14: indicators.livestock_1: a key 11 characters long, more than 10 (limit key_chars = 10)"),
    ],
    ids=["blocks", "sections", "points", "table_rows", "table_columns", "paragraph", "cell", "title line",
         "heading", "issuer", "label", "key"],
)  # fmt: skip
def test_report_limits_point_at_the_first_thing_past_them(limits: Limits, text: str, expected: str):
    assert problems(text, limits) == [expected]


@pytest.mark.parametrize(
    ("limits", "indicator", "expected"),
    [
        (DEFAULT_LIMITS, "value: 1e30",
         "the number 1E+30 has more than 15 digits before the point (limit indicator_integer_digits = 15)"),
        (DEFAULT_LIMITS, 'value: "1E+20", places: 12',
         "the number 1E+20 has more than 15 digits before the point (limit indicator_integer_digits = 15)"),
        (DEFAULT_LIMITS, "value: 1e-999999999",
         "the number 1E-999999999 has more than 12 digits after the point (limit indicator_places = 12)"),
        (Limits(indicator_digits=3), "value: 12.34",
         "the number 12.34 has more than 3 significant digits (limit indicator_digits = 3)"),
        (Limits(indicator_places=1), "value: 1, places: 2", "places 2 is more than 1 (limit indicator_places = 1)"),
    ],
    ids=["1e30", "1E+20 at 12 places", "1e-999999999", "digits", "places"],
)  # fmt: skip
def test_indicator_numbers(limits: Limits, indicator: str, expected: str):
    (line,) = problems(HEAD + f"indicators:\n  a: {{label: 甲, {indicator}}}\n", limits)
    assert line.startswith("<stdin>:4:") and line.endswith(expected)


def test_csv_limits_point_at_the_csv_key(tmp_path: Path):
    (tmp_path / "t.csv").write_text("甲,乙\n丙,丁丁丁丁丁\n", encoding="utf-8")
    text = HEAD + "content:\n  - table: {csv: t.csv}\n"
    assert problems(text, Limits(csv_bytes=10), tmp_path) == [
        "<stdin>:4:13: content.0.table.csv: the CSV file 't.csv' is larger than 10 bytes (limit csv_bytes = 10)"
    ]
    assert problems(text, Limits(csv_field_chars=4), tmp_path) == [
        "<stdin>:4:13: content.0.table.csv: line 2 of the CSV file 't.csv' has a field longer than 4 characters "
        "(limit csv_field_chars = 4)"
    ]
    assert problems(text, Limits(table_rows=1), tmp_path) == [
        "<stdin>:4:13: content.0.table.csv: the table has 2+ rows, more than 1 (limit table_rows = 1)"
    ]


def test_style_file_limit(tmp_path: Path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "big.toml").write_text('name = "big"\n' + "# padding\n" * 20, encoding="utf-8")
    (line,) = problems(HEAD + "style: big\n", Limits(style_bytes=100), tmp_path)
    assert line == f"{tmp_path / 'styles' / 'big.toml'}: the style file is larger than 100 bytes (limit style_bytes = 100)"


def test_previous_report_is_held_to_the_same_limits(tmp_path: Path):
    (tmp_path / "2017").mkdir()
    (tmp_path / "2017" / "report.yaml").write_text("title: t\nyear: 2017\ncontent: [一二三四五]\n", encoding="utf-8")
    (line,) = problems("title: t\nyear: 2018\nprevious: '2017'\n", Limits(paragraph_chars=4), tmp_path)
    assert line == (
        f"{tmp_path / '2017' / 'report.yaml'}:3:11: content.0: the text is 5 characters long, more than 4 "
        "(limit paragraph_chars = 4)"
    )


# --------------------------------------------------------------------------- a report built in code


def test_a_report_validated_in_code_is_held_to_the_default_limits():
    data = {"title": "t", "year": 2018, "content": [{"table": {"rows": [[{"text": "a", "rowspan": 3}], ["b"]]}}]}
    with pytest.raises(ValidationError, match=r"content\.0\.table\.rows\.0\.0\.rowspan: rowspan 3 runs past"):
        ar.Report.model_validate(data)
    with pytest.raises(ValidationError, match=r"limit blocks = 1"):
        ar.Report.model_validate({"title": "t", "year": 2018, "content": ["a", "b"]}, context={"limits": Limits(blocks=1)})
    with pytest.raises(ValidationError, match=r"content\.0: character 2 is the control character U\+001B"):
        ar.Report.model_validate({"title": "t", "year": 2018, "content": ["a\x1b"]})
    assert ar.Report.model_validate({"title": "t", "year": 2018, "content": ["a\tb\n"]}).content == ["a\tb\n"]
