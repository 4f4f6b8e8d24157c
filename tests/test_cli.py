"""The command line keeps its promises: exit codes (0 done, 1 bad input, 2 usage, 3 internal), one line
per problem and never a traceback, nothing written on failure, Chinese help and usage errors, SRC ``-``
from standard input, ``-o -`` to standard output, ``--json`` for programs.

Each promise is checked through ``main([...])`` and, where the process matters (exit status, locale,
pipes), through ``python -m annualreport.cli`` in a subprocess.
"""

from __future__ import annotations

import argparse
import gettext
import inspect
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annualreport.cli import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, main
from annualreport.messages import ARGPARSE_ZH

from .conftest import EXAMPLE_2018, REPO

EXAMPLE_YAML = EXAMPLE_2018 / "report.yaml"
FULL = REPO / "tests" / "fixtures" / "full"
BAD_YAML = "title: t\nyeer: 2018\n"


def environment(**changes: str | None) -> dict[str, str]:
    """This process's environment (English messages, see conftest) with ``changes``; None removes."""
    env = dict(os.environ)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(
    *args: str, env: dict | None = None, input: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """``python -m annualreport.cli ARGS``; stdout as bytes (it may carry a document), stderr as text."""
    result = subprocess.run(
        [sys.executable, "-m", "annualreport.cli", *args], capture_output=True, env=env, input=input, cwd=cwd
    )
    result.stderr = result.stderr.decode("utf-8")
    return result


def out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode("utf-8")


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch):
    """Put bytes on standard input for main([...])."""

    def put(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    return put


# --------------------------------------------------------------------------- validate, exit status 0 and 1


def test_validate_example(capsys: pytest.CaptureFixture[str]):
    assert main(["validate", str(EXAMPLE_2018)]) == EXIT_OK
    assert capsys.readouterr().out == f"{EXAMPLE_2018}: valid\n"


def test_validate_bad_input_one_line_each_no_traceback(tmp_path: Path):
    (tmp_path / "report.yaml").write_text(BAD_YAML, encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.returncode == EXIT_INPUT
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{tmp_path}/report.yaml:1:1: year: field required",
        f"{tmp_path}/report.yaml:2:1: yeer: unknown key 'yeer'; did you mean 'year'?",
    ]
    assert result.stdout == b""


def test_lang_option_switches_to_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "report.yaml").write_text("", encoding="utf-8")
    assert main(["validate", "--lang", "zh", str(tmp_path)]) == EXIT_INPUT
    assert capsys.readouterr().err == f"{tmp_path}/report.yaml: 文件为空\n"
    assert main(["--lang", "zh", "validate", str(tmp_path)]) == EXIT_INPUT
    assert capsys.readouterr().err == f"{tmp_path}/report.yaml: 文件为空\n"


def test_render_invalid_input_writes_nothing_and_keeps_old_files(tmp_path: Path):
    src = tmp_path / "2019"
    src.mkdir()
    (src / "report.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "2019.docx").write_bytes(b"old")
    assert main(["render", str(src), "--docx", "-o", str(out_dir)]) == EXIT_INPUT
    assert sorted(p.name for p in out_dir.iterdir()) == ["2019.docx"]
    assert (out_dir / "2019.docx").read_bytes() == b"old"


def test_unwritable_output_is_one_line_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    assert main(["render", str(EXAMPLE_2018), "--docx", "-o", str(blocker)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"{blocker}/2018.docx: cannot write (") and err.count("\n") == 1
    assert blocker.read_text(encoding="utf-8").startswith("a file")


# --------------------------------------------------------------------------- schema


def test_schema_to_stdout_and_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["schema"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert json.loads(printed)["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert main(["schema", "-o", str(tmp_path / "s.json")]) == EXIT_OK
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == printed
    assert main(["schema", "-o", "-"]) == EXIT_OK
    assert capsys.readouterr().out == printed


@pytest.mark.parametrize("command", [["validate", str(EXAMPLE_2018)], ["schema"], ["validate", "--json", "-"]])
def test_validate_and_schema_do_not_import_renderers(command: list[str]):
    code = (
        "import sys\nfrom annualreport.cli import main\n"
        f"rc = main({command!r})\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'reportlab'))\n"
        "print('IMPORTED', heavy, file=sys.stderr)\nsys.exit(rc)\n"
    )
    report = EXAMPLE_YAML.read_text("utf-8")  # for validate -
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, input=report)
    assert result.returncode == 0, result.stderr
    assert "IMPORTED []" in result.stderr


# --------------------------------------------------------------------------- help, in English and Chinese


@pytest.mark.parametrize("command", [[], ["validate"], ["render"], ["schema"], ["fonts"], ["new"]])
def test_help_everywhere(command: list[str]):
    result = run(*command, "--help")
    assert result.returncode == EXIT_OK and out(result).startswith(" ".join(["usage: annualreport", *command]))
    assert "show this help message and exit" in out(result)


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]):
    assert main(["--help"]) == EXIT_OK
    help_text = capsys.readouterr().out
    assert "Render annual work reports" in help_text
    for line in ("  0  done", "  1  bad input", "  2  usage error", "  3  internal error"):
        assert line in help_text
    assert "ANNUALREPORT_DEBUG=1" in help_text


@pytest.mark.parametrize(
    "env",
    [{"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, {"LC_MESSAGES": "zh_TW.UTF-8"}],
    ids=["LANG", "LC_ALL", "LC_MESSAGES"],
)
def test_help_in_chinese_under_a_chinese_locale(env: dict[str, str]):
    result = run("--help", env=environment(**env))
    assert result.returncode == EXIT_OK, result.stderr
    text = out(result)
    assert text.startswith("用法：annualreport [-h]")
    assert "将 YAML/JSON 格式的年度工作总结按 GB/T 9704-2012" in text  # the description
    assert "显示本帮助信息并退出" in text and "退出状态：" in text and "  3  内部错误" in text
    assert "usage:" not in text and "show this help" not in text


@pytest.mark.parametrize(
    "args",
    [["render", "--help", "--lang", "zh"], ["render", "--lang=zh", "--help"], ["--lang", "zh", "render", "--help"]],
    ids=["after --help", "with =", "before the command"],
)
def test_lang_zh_reaches_the_subcommand_help_wherever_it_stands(args: list[str], capsys: pytest.CaptureFixture[str]):
    assert main(args) == EXIT_OK
    text = capsys.readouterr().out
    assert text.startswith("用法：annualreport render")
    assert "位置参数" in text and "选项" in text
    assert "输出文件夹（缺省 build）；- 表示把文档写到标准输出" in text  # our help, from messages.py
    assert "显示本帮助信息并退出" in text  # argparse's -h help, through gettext


def test_lang_en_overrides_a_chinese_locale():
    result = run("validate", "--help", "--lang", "en", env=environment(LANG="zh_CN.UTF-8"))
    assert out(result).startswith("usage: annualreport validate") and "用法" not in out(result)


def test_usage_errors_in_chinese_exit_2():
    result = run("render", env=environment(LANG="zh_CN.UTF-8"))
    assert result.returncode == EXIT_USAGE
    assert result.stderr.startswith("用法：annualreport render")
    assert result.stderr.splitlines()[-1] == "annualreport render：错误：缺少必需的参数：SRC"
    result = run("--lang", "zh", "rendr", "x")
    assert result.returncode == EXIT_USAGE
    assert "annualreport：错误：参数 COMMAND：无效的选择：'rendr'" in result.stderr
    assert result.stdout == b""


def test_usage_errors_in_english_exit_2(capsys: pytest.CaptureFixture[str]):
    assert main(["render"]) == EXIT_USAGE
    assert capsys.readouterr().err.endswith("annualreport render: error: the following arguments are required: SRC\n")
    assert main(["validate", "--nope", "x"]) == EXIT_USAGE
    assert "error: unrecognized arguments: --nope" in capsys.readouterr().err
    assert main(["--lang", "fr", "schema"]) == EXIT_USAGE
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_argparse_is_left_as_it_was(capsys: pytest.CaptureFixture[str]):
    before = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    assert main(["--lang", "zh", "render"]) == EXIT_USAGE
    assert (argparse._, argparse.ngettext) == before  # type: ignore[attr-defined]
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"


def test_translated_argparse_strings_are_argparse_s():
    """The message ids still exist in this Python's argparse (a rename would silently fall back to English)."""
    source = inspect.getsource(argparse)
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]  # the hook cli._argparse_language uses
    core = ["usage: ", "positional arguments", "options", "show this help message and exit",
            "%(prog)s: error: %(message)s\n", "the following arguments are required: %s",
            "invalid choice: %(value)r (choose from %(choices)s)", "unrecognized arguments: %s",
            "argument %(argument_name)s: %(message)s"]  # fmt: skip
    for message_id in core:
        assert message_id in ARGPARSE_ZH
        assert repr(message_id)[1:-1] in source or message_id in source, message_id


def test_help_lines_fit_by_display_width():
    result = run("render", "--help", env=environment(LANG="zh_CN.UTF-8", COLUMNS="80"))
    import unicodedata

    for line in out(result).splitlines()[4:]:  # below the usage lines
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        assert width <= 80, line


# --------------------------------------------------------------------------- internal errors: exit 3


def test_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    import annualreport.loader

    def broken(src, strict=False):
        raise RuntimeError("boom")

    monkeypatch.setattr(annualreport.loader, "load", broken)
    assert main(["validate", str(EXAMPLE_2018)]) == EXIT_INTERNAL
    assert capsys.readouterr().err == (
        "annualreport: internal error: RuntimeError('boom')"
        " (set ANNUALREPORT_DEBUG=1 for the traceback; please report it)\n"
    )
    monkeypatch.setenv("ANNUALREPORT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        main(["validate", str(EXAMPLE_2018)])


@pytest.mark.parametrize("debug", [None, "1"])
def test_internal_error_exit_status_in_a_process(debug: str | None):
    code = (
        "import sys, annualreport.loader\nfrom annualreport.cli import main\n"
        "def broken(src, strict=False):\n    raise RuntimeError('boom')\n"
        "annualreport.loader.load = broken\n"
        f"sys.exit(main(['--lang', 'zh', 'validate', {str(EXAMPLE_2018)!r}]))\n"
    )
    env = environment(ANNUALREPORT_DEBUG=debug)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if debug:
        assert result.returncode == 1 and "Traceback" in result.stderr  # Python's own exit for an uncaught error
    else:
        assert result.returncode == EXIT_INTERNAL
        assert result.stderr.splitlines() == [
            "annualreport: 内部错误：RuntimeError('boom')（设置 ANNUALREPORT_DEBUG=1 可查看详细信息；请报告此问题）"
        ]


# --------------------------------------------------------------------------- -o -: the document on standard output


@pytest.mark.parametrize("option", ["-o", "--outdir"])
def test_pdf_to_standard_output(option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary):
    monkeypatch.chdir(tmp_path)
    assert main(["render", str(EXAMPLE_2018), "--pdf", option, "-"]) == EXIT_OK
    captured = capsysbinary.readouterr()
    assert captured.out.startswith(b"%PDF-") and captured.out.rstrip().endswith(b"%%EOF")
    # The notice leaves stdout to the PDF (as does the progress of a first font conversion, if this render is one).
    err = [line for line in captured.err.decode().splitlines() if not line.startswith("annualreport: converting")]
    assert err == ["wrote the PDF to standard output"]
    assert list(tmp_path.iterdir()) == []  # no build/ folder


def test_docx_to_standard_output_in_a_process(tmp_path: Path):
    result = run("render", str(EXAMPLE_2018), "--docx", "-o", "-", cwd=tmp_path)
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(result.stdout)) as package:
        assert "word/document.xml" in package.namelist()
        assert "大沁他拉镇" in package.read("word/document.xml").decode("utf-8")
    assert result.stderr == "wrote the DOCX to standard output\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--docx", "--pdf"], "-o - writes the document to standard output, one format only: add --docx, --pdf or --ofd"),
        ([], "-o - writes the document to standard output, one format only"),
        (["--pdf", "--json"], "--json and -o - both need standard output"),
    ],
    ids=["two formats", "no format (both)", "with --json"],
)
def test_standard_output_takes_one_document(args: list[str], message: str, tmp_path: Path):
    result = run("render", str(EXAMPLE_2018), *args, "-o", "-", cwd=tmp_path)
    assert result.returncode == EXIT_USAGE
    assert result.stdout == b""
    assert result.stderr.startswith("usage: annualreport render")
    assert f"annualreport render: error: {message}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_two_formats_to_standard_output_in_chinese(capsys: pytest.CaptureFixture[str]):
    assert main(["render", str(EXAMPLE_2018), "-o", "-", "--lang", "zh"]) == EXIT_USAGE
    assert "错误：-o - 把文档写到标准输出，只能写一种格式" in capsys.readouterr().err


def test_no_binary_document_to_a_terminal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["render", str(EXAMPLE_2018), "--pdf", "-o", "-"]) == EXIT_USAGE
    assert "standard output is a terminal" in capsys.readouterr().err


def test_reader_going_away_is_not_a_traceback():
    with subprocess.Popen(
        [sys.executable, "-m", "annualreport.cli", "render", str(EXAMPLE_2018), "--pdf", "-o", "-"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as process:  # fmt: skip
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(5) == b"%PDF-"
        process.stdout.close()  # like `| head -c 5`, long before the PDF's end
        err = process.stderr.read().decode()
        assert process.wait(timeout=120) == EXIT_OK
    assert "Traceback" not in err and "Exception ignored" not in err and "internal error" not in err
    assert "wrote the PDF" not in err  # the write was cut short, and noticed (a pipe takes part of a write silently)


# --------------------------------------------------------------------------- SRC -: the report from standard input


def test_validate_standard_input(stdin, capsys: pytest.CaptureFixture[str]):
    stdin(EXAMPLE_YAML.read_bytes())
    assert main(["validate", "-"]) == EXIT_OK
    assert capsys.readouterr().out == "<stdin>: valid\n"


def test_standard_input_problems_are_located(stdin, capsys: pytest.CaptureFixture[str]):
    stdin(BAD_YAML.encode())
    assert main(["validate", "-"]) == EXIT_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "<stdin>:1:1: year: field required",
        "<stdin>:2:1: yeer: unknown key 'yeer'; did you mean 'year'?",
    ]


def test_standard_input_in_gb18030_and_as_json(stdin, capsys: pytest.CaptureFixture[str]):
    stdin("title: 某镇2019年度工作总结\nyear: 2019\nissuer: 某镇人民政府\n".encode("gb18030"))
    assert main(["validate", "-"]) == EXIT_OK
    stdin(json.dumps({"title": "工作总结", "year": 2019, "content": ["正文。"]}, ensure_ascii=False).encode())
    assert main(["validate", "-"]) == EXIT_OK
    assert capsys.readouterr().out == "<stdin>: valid\n<stdin>: valid\n"
    stdin(b'{"title": "t",\n "year": 2019\n "content": []}')
    assert main(["validate", "-"]) == EXIT_INPUT
    assert capsys.readouterr().err == "<stdin>:3:2: JSON syntax error: Expecting ',' delimiter\n"
    stdin(b"")
    assert main(["validate", "-"]) == EXIT_INPUT
    assert capsys.readouterr().err == "<stdin>: the file is empty\n"


def test_standard_input_paths_are_relative_to_the_current_folder(
    stdin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    report = (FULL / "report.yaml").read_bytes()  # csv: villages.csv
    monkeypatch.chdir(FULL)
    stdin(report)
    assert main(["validate", "-"]) == EXIT_OK
    monkeypatch.chdir(tmp_path)
    stdin(report)
    assert main(["validate", "-"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.startswith("<stdin>:") and err.rstrip().endswith("csv: CSV file 'villages.csv' does not exist")


def test_render_standard_input_names_files_after_the_year(stdin, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    stdin(EXAMPLE_YAML.read_bytes())
    assert main(["render", "-", "--docx", "-o", str(tmp_path / "out")]) == EXIT_OK
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["2018.docx"]
    assert capsys.readouterr().out == f"wrote {tmp_path / 'out' / '2018.docx'}\n"


def test_render_from_standard_input_to_standard_output_in_a_process(tmp_path: Path):
    result = run("render", "-", "--pdf", "-o", "-", input=EXAMPLE_YAML.read_bytes(), cwd=tmp_path)
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout.startswith(b"%PDF-")
    result = run("validate", "-", input=BAD_YAML.encode())
    assert result.returncode == EXIT_INPUT and result.stderr.startswith("<stdin>:1:1: year: field required\n")


def test_fonts_for_a_report_on_standard_input(stdin, capsys: pytest.CaptureFixture[str]):
    stdin(EXAMPLE_YAML.read_bytes())
    assert main(["fonts", "-"]) == EXIT_OK
    assert "fangsong" in capsys.readouterr().out


# --------------------------------------------------------------------------- --json


FIELDS = ["file", "line", "column", "field", "message"]


def test_validate_json_lists_located_problems(tmp_path: Path):
    (tmp_path / "report.yaml").write_text(BAD_YAML, encoding="utf-8")
    result = run("validate", "--json", str(tmp_path))
    assert result.returncode == EXIT_INPUT
    problems = json.loads(out(result))
    assert [list(p) for p in problems] == [FIELDS, FIELDS]
    assert problems == [
        {"file": f"{tmp_path}/report.yaml", "line": 1, "column": 1, "field": "year", "message": "field required"},
        {"file": f"{tmp_path}/report.yaml", "line": 2, "column": 1, "field": "yeer",
         "message": "unknown key 'yeer'; did you mean 'year'?"},
    ]  # fmt: skip
    assert result.stderr == ""


def test_validate_json_in_chinese_from_standard_input():
    result = run("validate", "--json", "--lang", "zh", "-", input="title: t\nyear: 二〇一九\n".encode())
    assert result.returncode == EXIT_INPUT
    assert json.loads(out(result)) == [
        {"file": "<stdin>", "line": 2, "column": 1, "field": "year", "message": "应为整数，实际是 “二〇一九”"}
    ]


def test_validate_json_on_success_prints_an_empty_list(capsys: pytest.CaptureFixture[str]):
    assert main(["validate", "--json", str(EXAMPLE_2018)]) == EXIT_OK
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert captured.err == f"{EXAMPLE_2018}: valid\n"  # people still get the line, on standard error


def test_validate_json_whole_file_problem_has_no_position(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["validate", "--json", str(tmp_path / "missing")]) == EXIT_INPUT
    assert json.loads(capsys.readouterr().out) == [
        {"file": str(tmp_path / "missing"), "line": None, "column": None, "field": "",
         "message": f"no such file or folder: {tmp_path / 'missing'}"}
    ]  # fmt: skip


def test_render_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "report.yaml").write_text(BAD_YAML, encoding="utf-8")
    assert main(["render", "--json", str(bad), "-o", str(tmp_path / "out")]) == EXIT_INPUT
    problems = json.loads(capsys.readouterr().out)
    assert [(p["line"], p["field"]) for p in problems] == [(1, "year"), (2, "yeer")]
    assert not (tmp_path / "out").exists()
    assert main(["render", "--json", str(EXAMPLE_2018), "--docx", "-o", str(tmp_path / "out")]) == EXIT_OK
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert captured.err == f"wrote {tmp_path / 'out' / '2018.docx'}\n"


def test_render_json_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    blocker = tmp_path / "out"
    blocker.write_text("", encoding="utf-8")
    assert main(["render", "--json", str(EXAMPLE_2018), "--docx", "-o", str(blocker)]) == EXIT_INPUT
    (problem,) = json.loads(capsys.readouterr().out)
    assert problem["file"] == f"{blocker}/2018.docx" and problem["message"].startswith("cannot write (")


def test_readme_documents_the_exit_statuses():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    statuses = [(EXIT_OK, "done"), (EXIT_INPUT, "bad input"), (EXIT_USAGE, "usage error"), (EXIT_INTERNAL, "internal error")]
    for status, meaning in statuses:
        assert f"| {status} | {meaning}" in readme
