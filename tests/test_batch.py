"""`annualreport render DIR DIR …` and `render --all`: many reports in worker processes, every good one
written, the bad ones summed up with their problems, exit 1 when any failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from annualreport import batch
from annualreport.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main

from .conftest import EXAMPLE_2018

EXAMPLE = (EXAMPLE_2018 / "report.yaml").read_text(encoding="utf-8")


def reports(folder: Path, names: list[str], bad: str | None = None) -> Path:
    """Copies of examples/2018 under ``folder``, each with its own title; ``bad`` has a year that is not one."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).mkdir()
        text = EXAMPLE.replace("title: 2018年度工作总结", f"title: {name}镇2018年度工作总结")
        if name == bad:
            text = text.replace("year: 2018", "year: twenty")
        (folder / name / "report.yaml").write_text(text, encoding="utf-8")
    return folder


def test_one_bad_report_among_good_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = reports(tmp_path / "reports", ["a", "b", "c"], bad="b")
    out = tmp_path / "out"
    assert main(["render", "--all", str(folder), "-j", "2", "--docx", "-o", str(out), "--lang", "en"]) == EXIT_INPUT
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "c.docx"]  # the good ones are written
    said = capsys.readouterr()
    lines = said.out.splitlines()  # not a terminal: one line per report, in the order they finished
    assert [line.split("] ", 1)[0] for line in lines] == ["[1/3", "[2/3", "[3/3"]
    assert {line.split("] ", 1)[1] for line in lines} == {f"ok {folder / 'a'}", f"FAILED {folder / 'b'}", f"ok {folder / 'c'}"}
    errors = said.err.splitlines()
    at = errors.index(f"failed: {folder / 'b'}")
    assert errors[at + 1] == f"  {folder / 'b' / 'report.yaml'}:9:1: year: expected a whole number, got “twenty”"
    assert errors[-1].startswith("3 reports: 2 rendered, 1 failed, in ")


def test_several_sources_both_formats_in_one_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = reports(tmp_path / "reports", ["x", "y"])
    out = tmp_path / "out"
    args = ["render", str(folder / "x"), str(folder / "y"), "-j", "1", "-o", str(out), "--lang", "zh"]
    assert main(args) == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["x.docx", "x.pdf", "y.docx", "y.pdf"]
    assert (out / "x.pdf").read_bytes().startswith(b"%PDF-")
    said = capsys.readouterr().out.splitlines()
    assert said[:2] == [f"[1/2] 完成 {folder / 'x'}", f"[2/2] 完成 {folder / 'y'}"]
    assert said[2].startswith("共 2 份报告：2 份已生成，0 份失败")


def test_json_lists_every_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    import json

    folder = reports(tmp_path / "reports", ["a", "b"], bad="a")
    assert main(["render", "--all", str(folder), "-j", "1", "--docx", "--json", "-o", str(tmp_path / "out")]) == EXIT_INPUT
    listed = json.loads(capsys.readouterr().out)
    assert [entry["src"] for entry in listed] == [str(folder / "a"), str(folder / "b")]
    assert listed[0]["written"] == [] and "year" in listed[0]["problems"][0]
    assert listed[1]["written"] == [str(tmp_path / "out" / "b.docx")] and listed[1]["problems"] == []


@pytest.mark.parametrize(
    "args",
    [["-", "x"], ["a", "b", "-o", "-"], ["--all", "x", "-o", "-"], ["x", "-j", "0"]],
)
def test_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]):
    assert main(["render", *args]) == EXIT_USAGE
    assert "usage:" in capsys.readouterr().err


def test_all_of_a_folder_without_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["render", "--all", str(tmp_path), "--lang", "en"]) == EXIT_INPUT
    assert f"no subfolder of {tmp_path} holds a report.yaml" in capsys.readouterr().err


def test_two_reports_that_would_write_the_same_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    reports(tmp_path / "one", ["2018"])
    reports(tmp_path / "two", ["2018"])
    args = ["render", str(tmp_path / "one" / "2018"), str(tmp_path / "two" / "2018"), "-o", str(tmp_path / "out"), "--lang", "en"]
    assert main(args) == EXIT_INPUT
    assert "would write the same files (2018.*)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_report_folders_are_found_sorted(tmp_path: Path):
    reports(tmp_path, ["b", "a"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.yaml").write_text("x", encoding="utf-8")
    assert batch.report_folders(tmp_path) == [str(tmp_path / "a"), str(tmp_path / "b")]


def test_a_report_that_cannot_be_written_is_a_failure_not_a_crash(tmp_path: Path):
    folder = reports(tmp_path / "reports", ["a"])
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    outcome = batch.render_one(batch.Job(str(folder / "a"), str(blocker), ("docx",)))
    assert not outcome.ok and outcome.written == ()
    assert "cannot write" in outcome.problems[0]


def test_on_a_terminal_a_progress_line_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    import io
    import sys

    from annualreport import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "_REFRESH", 0.0)
    folder = reports(tmp_path / "reports", ["a", "b"])
    assert main(["render", "--all", str(folder), "-j", "1", "--docx", "-o", str(tmp_path / "out"), "--lang", "en"]) == EXIT_OK
    shown = terminal.getvalue()
    assert "\rannualreport: rendering 2 reports: [" + "#" * 24 + "] 2/2" in shown
    assert "rendering 2 reports: done in" in shown
    assert "[1/2]" not in capsys.readouterr().out  # no per-report lines on a terminal
