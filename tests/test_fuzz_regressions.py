"""Crashes the fuzzer (test_fuzz.py, make fuzz) found, each minimised to a small report, run through the
command line in a subprocess bounded in time and memory (test_hardening_input.cli).

Each was a crash (exit 3) before the layout side of issue 15 landed; now each renders.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annualreport.cli import EXIT_INPUT, EXIT_OK

from .test_hardening_input import cli

pytest.importorskip("resource")


def write(folder: Path, report: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.yaml").write_text(report, encoding="utf-8")
    return folder


def test_unbroken_cell_taller_than_a_page_renders(tmp_path: Path) -> None:
    """Fuzz seed (derandomized), shrunk: one body row, a cell of 512 characters with few break
    opportunities beside an empty cell; the row is 645 pt, the text block 638 pt."""
    cell = "000<<<<⺀" * 64
    write(tmp_path / "r", f"title: 标题\nyear: 2000\ncontent:\n- table:\n    rows:\n    - ['', '{cell}']\n")
    validate, render = cli(["validate", "r"], ["render", "r", "--pdf", "-o", "out"], cwd=tmp_path)
    assert validate[0] == EXIT_OK, validate[1]
    assert render[0] == EXIT_OK, render[1]


@pytest.mark.parametrize("widths", [[100, 1], [56, 1, 0.001, 1]], ids=["100:1", "fuzz-seed-1"])
def test_narrow_column_renders(tmp_path: Path, widths: list[float]) -> None:
    """make fuzz, seed 1, reports 1-3 (the issue's own repro is the first): any relative widths render."""
    columns = ", ".join(f"{{width: {w}}}" for w in widths)
    cells = ", ".join("甲" for _ in widths)
    write(tmp_path / "r", f"title: 标题\nyear: 2000\ncontent:\n- table:\n    columns: [{columns}]\n    rows: [[{cells}]]\n")
    validate, render = cli(["validate", "r"], ["render", "r", "--pdf", "-o", "out"], cwd=tmp_path)
    assert validate[0] == EXIT_OK, validate[1]
    assert render[0] == EXIT_OK, render[1]


def test_declared_columns_count_against_table_columns(tmp_path: Path) -> None:
    """make fuzz, seed 2: ``columns:`` listing 28 columns passed validate with one cell per row (only the
    cells were counted against table_columns = 24), and a tiny width among them then broke the PDF.
    Declared columns are grid columns: refused at the ``columns:`` key, naming the limit."""
    columns = ", ".join("{}" for _ in range(200))
    write(tmp_path / "r", f"title: 标题\nyear: 2000\ncontent:\n- table:\n    columns: [{columns}]\n    rows: [[甲]]\n")
    validate, render = cli(["validate", "r"], ["render", "r", "-o", "out"], cwd=tmp_path)
    expected = "r/report.yaml:5:5: content.0.table.columns: the table is 200 columns wide, more than 24 (limit table_columns = 24)\n"
    assert validate[:2] == (EXIT_INPUT, expected)
    assert render[:2] == (EXIT_INPUT, expected)
    assert not (tmp_path / "out").exists()


def test_tall_row_under_a_rowspan_renders(tmp_path: Path) -> None:
    """The suite's derandomized run, shrunk by hypothesis: the same too-tall cell as above, in a table where
    a rowspan covers the tall row, surfaces as a TypeError, not a LayoutError."""
    cell = "000<<<<⺀" * 64
    rows = f"[['', {{text: '', rowspan: 3}}], ['', ''], ['{cell}', 0], ['', '']]"
    write(tmp_path / "r", f"title: 标题\nyear: 2000\ncontent:\n- table:\n    rows: {rows}\n")
    validate, render = cli(["validate", "r"], ["render", "r", "--pdf", "-o", "out"], cwd=tmp_path)
    assert validate[0] == EXIT_OK, validate[1]
    assert render[0] == EXIT_OK, render[1]
