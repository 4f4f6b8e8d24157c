"""Issue 15, the input side: the hardening campaign's repros as regression tests.

Each bad input is refused by ``validate`` with a located message (FILE:LINE:COL: field: message), and
``render`` refuses it the same way (exit 1, never 3: an internal error), in a subprocess bounded in time
(a timeout) and in memory (RLIMIT_AS), so that a hang or a runaway allocation fails the test instead of
the machine. Inputs are small and inline; the layout side of the issue (cells taller than a page,
narrow columns, long issuers) is tested with the layout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from annualreport.cli import EXIT_INPUT, EXIT_OK, main

from .conftest import EXAMPLE_2018

resource = pytest.importorskip("resource")  # POSIX: memory bounds

MEMORY = 768 * 1024 * 1024
"""Address space each subprocess may use: ten times what validate and render --docx of the example take."""

TIMEOUT = 60
"""Seconds for one subprocess, both commands: a hang fails, a slow machine does not."""

DRIVER = r"""
import contextlib, io, json, resource, sys, time
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from annualreport.cli import main
results = []
for argv in json.loads(sys.argv[2]):
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    results.append([status, err.getvalue(), time.perf_counter() - started])
print(json.dumps(results))
"""


def cli(
    *commands: list[str], cwd: Path, env: dict[str, str] | None = None, memory: int = MEMORY, timeout: float = TIMEOUT
) -> list[tuple[int, str, float]]:
    """Run each command line through cli.main in one subprocess under the memory and time bounds;
    (exit status, standard error, seconds) of each."""
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(memory), json.dumps(list(commands))],
        capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return [tuple(r) for r in json.loads(result.stdout)]  # type: ignore[misc]


def write(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


def refused_alike(folder: Path, src: str = "report.yaml", *, env: dict[str, str] | None = None, memory: int = MEMORY) -> str:
    """validate and render --docx both exit 1 with the same problems; the problems, without the folder."""
    (validate, validated, _), (render, rendered, _) = cli(
        ["validate", src], ["render", src, "--docx", "-o", "out"], cwd=folder, env=env, memory=memory
    )
    assert (validate, render) == (EXIT_INPUT, EXIT_INPUT), validated + rendered
    assert validated == rendered and "internal error" not in validated
    assert not (folder / "out").exists()
    return validated.replace(f"{folder}{os.sep}", "")


HEAD = "title: t\nyear: 2018\n"

REPROS: dict[str, tuple[dict[str, str | bytes], str]] = {
    # indicator values: decimal.InvalidOperation, or gigabytes of zeros
    "value 1e30": (
        {"report.yaml": HEAD + "indicators: {a: {label: 甲, value: 1e30}}\ncontent: ['{a}']\n"},
        "report.yaml:3:28: indicators.a.value: the number 1E+30 has more than 15 digits before the point "
        "(limit indicator_integer_digits = 15)\n",
    ),
    "value 1E+20 at 12 places": (
        {"report.yaml": HEAD + "indicators: {a: {label: 甲, value: '1E+20', places: 12}}\ncontent: ['{a}']\n"},
        "report.yaml:3:28: indicators.a.value: the number 1E+20 has more than 15 digits before the point "
        "(limit indicator_integer_digits = 15)\n",
    ),
    "19 digits at 10 places": (
        {"report.yaml": HEAD + "indicators: {a: {label: 甲, value: 1234567890123456789, places: 10}}\n"},
        "report.yaml:3:28: indicators.a.value: the number 1234567890123456789 has more than 15 digits before "
        "the point (limit indicator_integer_digits = 15)\n",
    ),
    "value 1e-999999999": (
        {"report.yaml": HEAD + "indicators: {a: {label: 甲, value: 1e-999999999}}\ncontent: ['{a}']\n"},
        "report.yaml:3:28: indicators.a.value: the number 1E-999999999 has more than 12 digits after the point "
        "(limit indicator_places = 12)\n",
    ),
    # table spans: IndexError, MemoryError
    "rowspan past the last row": (
        {"report.yaml": HEAD + "content:\n  - table: {rows: [[{text: a, rowspan: 3}, b], [c]]}\n"},
        "report.yaml:4:31: content.0.table.rows.0.0.rowspan: rowspan 3 runs past the table's last row: 2 rows "
        "from this one to the end\n",
    ),
    "rowspan 100000000": (
        {"report.yaml": HEAD + "content:\n  - table: {rows: [[{text: a, rowspan: 100000000}, b]]}\n"},
        "report.yaml:4:31: content.0.table.rows.0.0.rowspan: rowspan 100000000 runs past the table's last row: "
        "1 rows from this one to the end\n",
    ),
    "colspan past the columns": (
        {"report.yaml": HEAD + "content:\n  - table: {columns: [{}, {}], rows: [[a, {text: b, colspan: 2}]]}\n"},
        "report.yaml:4:53: content.0.table.rows.0.1.colspan: the table defines 2 columns but a row spans 3\n",
    ),
    "colspan 100000000": (
        {"report.yaml": HEAD + "content:\n  - table: {rows: [[{text: a, colspan: 100000000}]]}\n"},
        "report.yaml:4:31: content.0.table.rows.0.0.colspan: the table is 100000000 columns wide, more than 24 "
        "(limit table_columns = 24)\n",
    ),
    "rows of no cells": (
        {"report.yaml": HEAD + "content:\n  - table: {rows: [[], []]}\n"},
        "report.yaml:4:5: content.0.table: the table has no cells\n",
    ),
    "width inf, 0, negative": (
        {"report.yaml": HEAD + "content:\n  - table: {columns: [{width: .inf}, {width: 0}, {width: -1}], rows: [[a, b, c]]}\n"},
        "report.yaml:4:24: content.0.table.columns.0.width: must be a finite number (not inf or nan), got inf\n"
        "report.yaml:4:39: content.0.table.columns.1.width: must be greater than 0.0, got 0\n"
        "report.yaml:4:51: content.0.table.columns.2.width: must be greater than 0.0, got -1\n",
    ),
    # dates, numbering, sizes
    "date 2108-01-01": (
        {"report.yaml": HEAD + "date: 2108-01-01\n"},
        "report.yaml:3:1: date: the date 2108-01-01 is outside 1980-01-01 to 2107-12-31, the range a .docx can "
        "record\n",
    ),
    "1000 sections at one level": (
        {"report.yaml": HEAD + "sections:\n" + "  - title: 节\n" * 1000},
        "report.yaml:1003:5: sections.999: more than 999 numbered sections or points at one level "
        "(limit sections_per_level = 999)\n",
    ),
    "1200-character unbroken title": (
        {"report.yaml": "title: " + "题" * 1200 + "\nyear: 2018\n"},
        "report.yaml:1:1: title: 1200 characters long, more than the 200 of a title, heading, caption, issuer "
        "or label (limit title_chars = 200)\n",
    ),
    "80k-character paragraph": (
        {"report.yaml": HEAD + "content:\n  - " + "段" * 80_000 + "\n"},
        "report.yaml:4:5: content.0: the text is 80000 characters long, more than 20000 (limit paragraph_chars = "
        "20000)\n",
    ),
    # files and parsers
    "CSV field over 131,072 characters": (
        {"report.yaml": HEAD + "content:\n  - table: {csv: t.csv}\n", "t.csv": "a," + "x" * 140_000 + "\n"},
        "report.yaml:4:13: content.0.table.csv: line 1 of the CSV file 't.csv' has a field longer than 20000 "
        "characters (limit csv_field_chars = 20000)\n",
    ),
    "JSON integer of 5000 digits": (
        {"report.json": '{"title": "t", "year": ' + "1" * 5000 + "}"},
        "report.json:1:24: a number 5000 characters long, more than 100; quote it if it is text "
        "(limit number_chars = 100)\n",
    ),
    "JSON nested 100k deep": (
        {"report.json": '{"title": "t", "year": 2018, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"},
        "report.json:1:66: nested more than 32 levels deep (limit depth = 32)\n",
    ),
    "YAML nested 100k deep": (
        {"report.yaml": HEAD + "x: " + "[" * 100_000 + "]" * 100_000 + "\n"},
        "report.yaml:3:1003: nested more than 32 levels deep (limit depth = 32)\n",
    ),
    "14 KB of aliases": (
        {"report.yaml": HEAD + "sections:\n  - content: &c [" + ", ".join(["段落文字"] * 400) + "]\n"
         + "  - {content: *c}\n" * 399},  # fmt: skip
        "report.yaml:29:15: YAML aliases add more than 10000 values once expanded (an alias bomb?); refused "
        "(limit alias_nodes = 10000)\n",
    ),
    # consistency
    "style nosuchstyle": (
        {"report.yaml": HEAD + "style: nosuchstyle\n"},
        "report.yaml:3:1: style: style 'nosuchstyle' not found (looked in: {styles}, {builtin})\n",
    ),
    "control character": (
        {"report.yaml": HEAD + 'content: ["正文\\x07"]\n'},
        "report.yaml:3:11: content.0: character 3 is the control character U+0007: text may hold tab and line "
        "feed only\n",
    ),
    "non-character": (
        {"report.yaml": HEAD + "content: [正文\ufdd0]\n"},
        "report.yaml:3:13: content.0: character 3 is U+FDD0, a Unicode non-character, which text may not hold\n",
    ),
    "non-character libyaml refuses": (
        {"report.yaml": HEAD + "content: [正文\uffff]\n"},
        "report.yaml:3:13: character 13 is U+FFFF, a Unicode non-character, which text may not hold\n",
    ),
    "C1 control character": (
        {"report.yaml": HEAD + 'content: ["正文\\x9b"]\n'},
        "report.yaml:3:11: content.0: character 3 is the control character U+009B: text may hold tab and line "
        "feed only\n",
    ),
    "lone surrogate in JSON": (
        {"report.json": '{"title": "\\ud83d", "year": 2018}'},
        "report.json:1:2: title: character 1 is U+D83D, a lone surrogate, not a character\n",
    ),
    "YAML python tag": (
        {"report.yaml": "title: !!python/object/apply:os.system [echo hi]\nyear: 2018\n"},
        "report.yaml:1:8: the YAML tag !!python/object/apply:os.system is not accepted (only !!str, which marks "
        "text)\n",
    ),
    "merge key": (
        {"report.yaml": HEAD + "<<: 5\n"},
        "report.yaml:3:1: YAML merge keys (<<) are not accepted: write the keys out\n",
    ),
}


PER_CASE = 10
"""Seconds one repro may take, validate and render together (the 80k paragraph took 30, the aliases 45)."""


@pytest.fixture(scope="module")
def repros(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, float]]:
    """Every repro (REPROS, STYLE_EDITS) refused by validate and render --docx in one subprocess under
    the memory bound: case -> (the problems, without the folder; seconds). A case that does not exit 1
    alike from both fails here, naming itself."""
    root = tmp_path_factory.mktemp("repros")
    commands, folders = [], {}
    for index, (case, (files, _)) in enumerate({**REPROS, **{k: (_style_files(k), "") for k in STYLE_EDITS}}.items()):
        folder = root / f"case{index}"
        write(folder, files)
        src = folder / next(name for name in files if name.startswith("report."))
        commands += [["validate", str(src)], ["render", str(src), "--docx", "-o", str(folder / "out")]]
        folders[case] = folder
    results = cli(*commands, cwd=root, timeout=TIMEOUT * 4)
    found = {}
    for (case, folder), validated, rendered in zip(folders.items(), results[::2], results[1::2]):
        assert (validated[0], rendered[0]) == (EXIT_INPUT, EXIT_INPUT), f"{case}: {validated[1]}{rendered[1]}"
        assert validated[1] == rendered[1], case
        assert not (folder / "out").exists(), case
        shown = validated[1].replace(f"{folder.resolve()}{os.sep}", "").replace(f"{folder}{os.sep}", "")
        found[case] = (shown, validated[2] + rendered[2])
    return found


@pytest.mark.parametrize("case", list(REPROS))
def test_repro_is_refused_alike_by_validate_and_render(case: str, repros: dict[str, tuple[str, float]]):
    shown, seconds = repros[case]
    expected = REPROS[case][1].format(styles=Path("styles") / "nosuchstyle.toml", builtin=_builtin("nosuchstyle"))
    assert shown == expected and "internal error" not in shown
    assert seconds < PER_CASE


def _builtin(name: str) -> Path:
    from annualreport.style import BUILTIN_STYLES

    return BUILTIN_STYLES / f"{name}.toml"


# --------------------------------------------------------------------------- styles


STYLE_EDITS = {
    "not UTF-8": ({"name = ": "name = \"\xb4\xf3\" # "}, "mine.toml:5:9: the style file is not UTF-8 text (byte 0xB4)"),
    "{x}": (
        {'level1 = "{cn}、"': 'level1 = "{x}、"'},
        "mine.toml:172:1: numbering.level1: {x} in '{x}、' is not accepted: only {cn} {n} may appear",
    ),
    "{cn.__class__}": (
        {'level1 = "{cn}、"': 'level1 = "{cn.__class__}、"'},
        "mine.toml:172:1: numbering.level1: {cn.__class__} in '{cn.__class__}、' is not accepted: only {cn} {n} "
        "may appear",
    ),
    "empty font list": (
        {'heiti = ["黑体"': 'heiti = [] #'},
        "mine.toml:23:1: fonts.heiti: font 'heiti' must list at least one font name",
    ),
    "margins wider than the page": (
        {"margin_left_mm = 28": "margin_left_mm = 200"},
        "mine.toml:12:1: page.margin_left_mm: margins of 200.0 + 26.0 mm leave no text block on a page 210.0 mm wide",
    ),
    "negative margin": (
        {"margin_right_mm = 26": "margin_right_mm = -26"},
        "mine.toml:13:1: page.margin_right_mm: must be at least 0.0, got -26",
    ),
    "nan and inf sizes": (
        {"size_pt = 22": "size_pt = nan", "size_pt = 16": "size_pt = inf"},
        "mine.toml:32:1: roles.title.size_pt: must be a finite number (not inf or nan), got nan\n"
        "mine.toml:39:1: roles.subtitle.size_pt: must be a finite number (not inf or nan), got inf",
    ),
    "huge padding": (
        {"cell_padding_pt = 2.5": "cell_padding_pt = 1e9"},
        "mine.toml:193:1: table.cell_padding_pt: must be at most 20.0, got 1000000000.0",
    ),
    "TOML syntax": (
        {"lines_per_page = 22 ": "lines_per_page = [22 "},
        "mine.toml:15:1: TOML syntax error: Unclosed array",
    ),
}


def _style_files(case: str) -> dict[str, str | bytes]:
    """A report with ``style: mine`` and styles/mine.toml: the built-in style with STYLE_EDITS[case]."""
    from annualreport.style import BUILTIN_STYLES

    edits, _ = STYLE_EDITS[case]
    content = (BUILTIN_STYLES / "gbt9704.toml").read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in content
        content = content.replace(old, new, 1)
    raw = content.encode("utf-8").replace("\xb4\xf3".encode("utf-8"), b"\xb4\xf3")  # "not UTF-8": raw bytes
    return {"report.yaml": HEAD + "style: mine\n", "styles/mine.toml": raw}


@pytest.mark.parametrize("case", list(STYLE_EDITS))
def test_style_errors_are_refused_at_their_line(case: str, repros: dict[str, tuple[str, float]]):
    shown, seconds = repros[case]
    assert shown == "".join(f"styles{os.sep}{line}\n" for line in STYLE_EDITS[case][1].splitlines())
    assert seconds < PER_CASE


def test_style_name_leaving_the_styles_folder(tmp_path: Path):
    write(tmp_path, {"report/report.yaml": HEAD + "style: ../../outside\n", "outside.toml": "name = 'x'\n"})
    assert refused_alike(tmp_path / "report") == (
        "report.yaml:3:1: style: style '../../outside' leaves the folder it must stay in (styles/, the built-in "
        "styles, or the root given); refused\n"
    )


def test_root_keeps_every_named_file_inside_it(tmp_path: Path):
    """What the service will pass: a report may name no file outside its upload folder."""
    from annualreport import InputError, load

    write(tmp_path, {
        "up/report.yaml": HEAD.replace("2018", "2019") + "previous: ../2018\nstyle: ../s.toml\n",
        "2018/report.yaml": HEAD,
        "s.toml": (Path(_builtin("gbt9704"))).read_text(encoding="utf-8"),
    })  # fmt: skip
    assert load(tmp_path / "up").previous == "../2018"  # the command line's default: anywhere
    with pytest.raises(InputError) as caught:
        load(tmp_path / "up", root=tmp_path / "up")
    assert [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in caught.value.problems] == [
        "3:1: previous: the previous report '../2018' lies outside the folder reports may name; refused",
        "4:1: style: style '../s.toml' leaves the folder it must stay in (styles/, the built-in styles, or the "
        "root given); refused",
    ]


# --------------------------------------------------------------------------- files that are not files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_previous_and_csv_at_a_fifo_do_not_hang(tmp_path: Path):
    os.mkfifo(tmp_path / "2017.yaml")
    os.mkfifo(tmp_path / "t.csv")
    write(tmp_path, {"report.yaml": HEAD + "content:\n  - table: {csv: t.csv}\n"})
    assert refused_alike(tmp_path) == (
        "report.yaml:4:13: content.0.table.csv: the CSV file 't.csv' is not a regular file (a folder, a pipe or "
        "a device); refused\n"
    )
    write(tmp_path, {"report.yaml": "title: t\nyear: 2018\nprevious: 2017.yaml\n"})
    assert refused_alike(tmp_path) == (
        "report.yaml:3:1: previous: 2017.yaml: not a regular file (a folder, a pipe or a device); refused\n"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_previous_at_dev_zero_does_not_eat_memory(tmp_path: Path):
    (tmp_path / "2017.yaml").symlink_to("/dev/zero")
    write(tmp_path, {"report.yaml": "title: t\nyear: 2018\nprevious: 2017.yaml\n"})
    # 256 MB: reading /dev/zero would exhaust it at once; the refusal reads nothing
    assert refused_alike(tmp_path, memory=256 * 1024 * 1024) == (
        "report.yaml:3:1: previous: 2017.yaml: not a regular file (a folder, a pipe or a device); refused\n"
    )


def test_a_report_file_at_a_fifo_does_not_hang(tmp_path: Path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "report.yaml")
    (status, message, _), = cli(["validate", "report.yaml"], cwd=tmp_path)
    assert (status, message) == (EXIT_INPUT, "report.yaml: not a regular file (a folder, a pipe or a device); refused\n")


# --------------------------------------------------------------------------- accepted now


def test_json_with_surrogate_pair_escapes_is_json(tmp_path: Path):
    write(tmp_path, {"report.json": '{"title": "\\ud83d\\ude00 年度工作总结", "year": 2018, "content": ["a\\u0009b"]}'})
    (status, message, _), = cli(["validate", "report.json"], cwd=tmp_path)
    assert (status, message) == (EXIT_OK, "")
    write(tmp_path, {"bad.json": '{"title": "t",\n "year": 2018,}'})
    (status, message, _), = cli(["validate", "bad.json"], cwd=tmp_path)
    assert (status, message) == (EXIT_INPUT, "bad.json:2:15: JSON syntax error: Expecting property name enclosed in double quotes\n")


def test_source_date_epoch_is_checked_by_validate_too(tmp_path: Path):
    write(tmp_path, {"report.yaml": HEAD})
    env = dict(os.environ, SOURCE_DATE_EPOCH="abc")
    results = cli(["validate", "report.yaml"], ["render", "report.yaml", "--pdf", "-o", "out"], cwd=tmp_path, env=env)
    expected = "$SOURCE_DATE_EPOCH: must be a whole number of seconds since 1970 (not 'abc')\n"
    assert [(status, message) for status, message, _ in results] == [(EXIT_INPUT, expected)] * 2


# --------------------------------------------------------------------------- output


def test_render_writes_every_file_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    from annualreport import batch

    out = tmp_path / "out"
    (out / "2018.pdf").mkdir(parents=True)  # a folder where the PDF should go
    (out / "2018.docx").write_bytes(b"the old docx")

    def rendered(report: object, formats: tuple[str, ...], **options: object) -> batch.Rendered:
        return batch.Rendered(tuple((kind, f"new {kind}".encode()) for kind in formats), ())

    monkeypatch.setattr(batch, "render_formats", rendered)
    assert main(["render", str(EXAMPLE_2018), "-o", str(out)]) == EXIT_INPUT
    assert capsys.readouterr().err == f"{out / '2018.pdf'}: cannot write (Is a directory)\n"
    assert (out / "2018.docx").read_bytes() == b"the old docx"
    assert sorted(p.name for p in out.iterdir()) == ["2018.docx", "2018.pdf"]  # no temporary file left


def test_schema_and_new_into_a_place_that_cannot_be_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    assert main(["schema", "-o", str(blocker / "report.schema.json")]) == EXIT_INPUT
    assert capsys.readouterr().err == f"{blocker / 'report.schema.json'}: cannot write (File exists)\n"
    assert main(["new", "2019", "--from", str(EXAMPLE_2018), "-o", str(blocker / "2019")]) == EXIT_INPUT
    assert capsys.readouterr().err == f"{blocker}: cannot write (File exists)\n"


def test_new_into_a_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """As root, chmod cannot make a folder read-only: the operating system's refusal is simulated."""
    import tempfile

    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert main(["new", "2019", "--from", str(EXAMPLE_2018), "-o", str(tmp_path / "2019")]) == EXIT_INPUT
    assert capsys.readouterr().err == f"{tmp_path}: cannot write (Permission denied)\n"
    assert main(["schema", "-o", str(tmp_path / "s.json")]) == EXIT_INPUT
    assert capsys.readouterr().err == f"{tmp_path / 's.json'}: cannot write (Permission denied)\n"


def test_stale_temporary_files_of_a_killed_render_are_removed(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".2018.docx.abcd1234.tmp"
    fresh = out / ".2018.docx.efgh5678.tmp"  # another render, writing right now
    other = out / ".notes.txt.abcd1234.tmp"  # not ours
    for path in (stale, fresh, other):
        path.write_bytes(b"half a file")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    (status, message, _), = cli(["render", str(EXAMPLE_2018), "--docx", "-o", str(out)], cwd=tmp_path)
    assert (status, message) == (EXIT_OK, "")
    assert sorted(p.name for p in out.iterdir()) == [".2018.docx.efgh5678.tmp", ".notes.txt.abcd1234.tmp", "2018.docx"]


def test_a_killed_render_leaves_no_file_half_written(tmp_path: Path):
    """SIGKILL between writing the temporary file and renaming it: the target is untouched, and what is
    left is ours to remove (remove_stale removes it once it is old)."""
    from annualreport import output

    out = tmp_path / "out"
    out.mkdir()
    (out / "2018.docx").write_bytes(b"the old docx")
    code = (
        "import os, signal\n"
        "from annualreport import output\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"output.write_all([({str(out / '2018.docx')!r}, b'new')])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=TIMEOUT)
    assert result.returncode == -9
    assert (out / "2018.docx").read_bytes() == b"the old docx"
    left = sorted(p.name for p in out.iterdir() if p.name != "2018.docx")
    assert len(left) == 2 and all(name.startswith(".2018.docx.") and name.endswith(".tmp") for name in left)
    assert output.remove_stale(out / "2018.docx") == []  # seconds old: maybe another writer's, kept
    assert sorted(p.name for p in output.remove_stale(out / "2018.docx", age=-1)) == left
    assert [p.name for p in out.iterdir()] == ["2018.docx"]


# --------------------------------------------------------------------------- the parsers' own words in Chinese


@pytest.mark.parametrize(
    ("source", "name", "zh", "en"),
    [
        (b"title: a: b\nyear: 2018\n", "r.yaml", "r.yaml:1:9: YAML 语法错误：此处不能有“: ”（冒号加空格）；文字中含“: ”时请给整段文字加引号",
         "r.yaml:1:9: YAML syntax error: mapping values are not allowed in this context"),
        (b"a:\n  - x\n b: 1\n", "r.yaml", "r.yaml:3:2: YAML 语法错误：读取“键: 值”时，没有找到应有的键（缩进是否一致？）",
         "r.yaml:3:2: YAML syntax error: while parsing a block mapping did not find expected key"),
        (b"\ta: 1\n", "r.yaml", "r.yaml:1:1: YAML 语法错误：读取下一项时，此处的字符不能开始一项（缩进中有 Tab？YAML 只能用空格缩进）",
         "r.yaml:1:1: YAML syntax error: while scanning for the next token found character that cannot start any token"),
        (b'{"title": "t",\n "year": 2018,}', "r.json", "r.json:2:15: JSON 语法错误：此处应有用双引号括起的键",
         "r.json:2:15: JSON syntax error: Expecting property name enclosed in double quotes"),
    ],
)  # fmt: skip
def test_syntax_errors_speak_the_users_language(source: bytes, name: str, zh: str, en: str):
    """libyaml and json write English; a 文秘 reading Chinese messages gets the parser's words in Chinese too."""
    from annualreport import InputError, messages
    from annualreport.loader import load_bytes

    for language, expected in (("zh", zh), ("en", en)):
        with messages.using_language(language), pytest.raises(InputError) as caught:
            load_bytes(source, name=name)
        assert [str(p) for p in caught.value.problems] == [expected]


def test_a_parser_phrase_without_a_translation_stays_as_the_parser_wrote_it():
    from annualreport import messages

    with messages.using_language("zh"):
        assert messages.parser_detail("while parsing a block mapping", "some new libyaml wording") == (
            "读取“键: 值”时，some new libyaml wording"
        )
