"""The command line: exit codes, one line per problem, no traceback, nothing written on failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annualreport.cli import main

from .conftest import EXAMPLE_2018


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annualreport.cli", *args], capture_output=True, text=True, env=env)


def test_validate_example(capsys: pytest.CaptureFixture[str]):
    assert main(["validate", str(EXAMPLE_2018)]) == 0
    assert capsys.readouterr().out == f"{EXAMPLE_2018}: valid\n"


def test_validate_bad_input_one_line_each_no_traceback(tmp_path: Path):
    (tmp_path / "report.yaml").write_text("title: t\nyeer: 2018\n", encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{tmp_path}/report.yaml:1:1: year: field required",
        f"{tmp_path}/report.yaml:2:1: yeer: unknown key 'yeer'; did you mean 'year'?",
    ]


def test_lang_option_switches_to_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "report.yaml").write_text("", encoding="utf-8")
    assert main(["validate", "--lang", "zh", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"{tmp_path}/report.yaml: 文件为空\n"
    assert main(["--lang", "zh", "validate", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"{tmp_path}/report.yaml: 文件为空\n"


def test_render_invalid_input_writes_nothing_and_keeps_old_files(tmp_path: Path):
    src = tmp_path / "2019"
    src.mkdir()
    (src / "report.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "2019.docx").write_bytes(b"old")
    assert main(["render", str(src), "--docx", "-o", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["2019.docx"]
    assert (out / "2019.docx").read_bytes() == b"old"


def test_schema_to_stdout_and_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert '"title": "Report"' in printed
    assert main(["schema", "-o", str(tmp_path / "s.json")]) == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == printed


@pytest.mark.parametrize("command", [[], ["validate"], ["render"], ["schema"]])
def test_help_everywhere(command: list[str]):
    result = run(*command, "--help")
    assert result.returncode == 0 and "usage: annualreport" in result.stdout


def test_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    import annualreport.loader

    def broken(src):
        raise RuntimeError("boom")

    monkeypatch.setattr(annualreport.loader, "load", broken)
    assert main(["validate", str(EXAMPLE_2018)]) == 2
    assert capsys.readouterr().err == "annualreport: internal error: RuntimeError('boom') (set ANNUALREPORT_DEBUG=1 for the traceback; please report it)\n"


@pytest.mark.parametrize("command", [["validate", str(EXAMPLE_2018)], ["schema"]])
def test_validate_and_schema_do_not_import_renderers(command: list[str]):
    code = (
        "import sys\nfrom annualreport.cli import main\n"
        f"rc = main({command!r})\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'reportlab'))\n"
        "print('IMPORTED', heavy, file=sys.stderr)\nsys.exit(rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "IMPORTED []" in result.stderr


def test_unwritable_output_is_one_line_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    assert main(["render", str(EXAMPLE_2018), "--docx", "-o", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{blocker}/2018.docx: cannot write (") and err.count("\n") == 1
    assert blocker.read_text(encoding="utf-8").startswith("a file")
