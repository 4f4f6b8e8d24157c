"""Styles as input: found only where they may be, read safely, every problem at its FILE:LINE:COL."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from annualreport import InputError
from annualreport.style import BUILTIN_STYLES, Style, StyleNotFound, find_style, load_style, toml_positions

GBT9704 = (BUILTIN_STYLES / "gbt9704.toml").read_text(encoding="utf-8")


def test_positions_of_tables_and_keys():
    text = (
        'name = "x"\n'
        "[page]\n"
        "width_mm = 210  # comment\n"
        "  'margin top' = 1\n"
        "[roles.body]\n"
        'font = "a"\n'
        "notes = '''\n"
        "size_pt = 99\n"
        "'''\n"
        "fonts = [\n"
        '  "x", # ]\n'
        "]\n"
        "size_pt = 16\n"
        'heading1 = { font = "b", size_pt = 16 }\n'
        "signature.sealed = true\n"
    )
    positions = toml_positions(text)
    assert positions[("name",)] == (1, 1)
    assert positions[("page",)] == (2, 1)
    assert positions[("page", "width_mm")] == (3, 1)
    assert positions[("page", "margin top")] == (4, 3)
    assert positions[("roles", "body", "size_pt")] == (13, 1)  # not the line inside the multi-line string
    assert positions[("roles", "body", "heading1", "size_pt")] == (14, 26)
    assert positions[("roles", "body", "signature", "sealed")] == (15, 1)
    assert ("roles", "body", "x") not in positions


def test_the_builtin_style_loads_and_is_cached_until_edited(tmp_path: Path):
    assert load_style() is load_style()
    (tmp_path / "styles").mkdir()
    mine = tmp_path / "styles" / "mine.toml"
    mine.write_text(GBT9704, encoding="utf-8")
    first = load_style("mine", tmp_path)
    assert load_style("mine", tmp_path) is first
    mine.write_text(GBT9704.replace('name = "gbt9704"', 'name = "mine!"'), encoding="utf-8")
    assert load_style("mine", tmp_path).name == "mine!"


def test_styles_stay_inside_their_folders(tmp_path: Path):
    (tmp_path / "report").mkdir()
    (tmp_path / "outside.toml").write_text(GBT9704, encoding="utf-8")
    for name in ("../../outside", "../gbt9704", "../../../../../../etc/passwd"):  # a name stays in styles/
        with pytest.raises(StyleNotFound, match="leaves the folder it must stay in"):
            find_style(name, tmp_path / "report")
    for name in ("../outside.toml", str(tmp_path / "outside.toml")):  # a path, anywhere but outside root
        assert find_style(name, tmp_path / "report") == tmp_path / "report" / name
        assert find_style(name, tmp_path / "report", root=tmp_path) == tmp_path / "report" / name
        with pytest.raises(StyleNotFound, match="leaves the folder it must stay in"):
            find_style(name, tmp_path / "report", root=tmp_path / "report")


def test_a_style_that_is_not_a_file(tmp_path: Path):
    (tmp_path / "styles" / "dir.toml").mkdir(parents=True)
    with pytest.raises(InputError) as caught:
        load_style("dir", tmp_path)
    assert str(caught.value) == f"{(tmp_path / 'styles' / 'dir.toml').resolve()}: not a regular file (a folder, a pipe or a device); refused"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('format = "— {n} —"', 'format = "— {n!r} —"', "page_number.format: {n!r} in '— {n!r} —' is not accepted: only {n} may appear"),
        ('format = "— {n} —"', 'format = "— {n:>99999} —"', "page_number.format: {n:>99999} in"),
        ('level2 = "（{cn}）"', 'level2 = "（{cn）"', "numbering.level2: unmatched brace in '（{cn）'"),
        ("indent_chars = 2\nkeep_with_next = true", "indent_chars = 28\nkeep_with_next = true",
         "roles.heading1.indent_chars: must be less than the 28 characters of a line"),
        ("below_block_mm = 7", "below_block_mm = 70", "page_number.below_block_mm: must be at most the bottom margin, 35.0 mm"),
        ("size_pt = 22", "size_pt = 2000", "roles.title.size_pt: must be at most 200.0, got 2000"),
        ('font = "songti"', 'font = "nosuch"', "roles.page_number.font: font 'nosuch' is not defined under [fonts]"),
        ("blank_lines_before = 1", "blank_lines_before = 100", "signature.blank_lines_before: must be at most the 22 lines of a page"),
        ('name = "gbt9704"', 'name = "gbt9704\\u0007"', "name: character 8 is the control character U+0007"),
    ],
)  # fmt: skip
def test_style_values_are_checked(tmp_path: Path, old: str, new: str, expected: str):
    assert old in GBT9704
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "mine.toml").write_text(GBT9704.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_style("mine", tmp_path)
    (problem,) = caught.value.problems
    assert f"{problem.field}: {problem.message}".startswith(expected)
    assert (problem.line, problem.column) == (GBT9704[: GBT9704.index(old)].count("\n") + 1, 1)  # the key's line


def test_a_style_built_in_code_is_checked_too():
    import tomllib

    data = tomllib.loads(GBT9704)
    data["page"]["margin_left_mm"] = 300
    with pytest.raises(ValidationError, match="page.margin_left_mm: margins of 300.0 \\+ 26.0 mm leave no text block"):
        Style.model_validate(data)
    data["page"]["margin_left_mm"] = math.inf
    with pytest.raises(ValidationError, match="finite"):
        Style.model_validate(data)
