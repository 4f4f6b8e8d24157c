"""The README's examples run: its report validates and renders, its Python block executes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import annualreport as ar

from .conftest import EXAMPLE_2018, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def block(language: str) -> str:
    found = re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)
    assert found, f"README has no {language} block"
    return found[0]


def test_readme_report_validates_and_builds(tmp_path: Path):
    (tmp_path / "report.yaml").write_text(block("yaml"), encoding="utf-8")
    report = ar.load(tmp_path)
    text = "\n".join(ar.build(report).text_lines())
    assert "一、产业特色优势更加凸显" in text and "1.完善机构，确保成效。建立“一体两翼”作战体系。" in text
    assert "养殖产业基地建设\u3000牛羊存栏达到22.1万头（只）。" in text


def test_readme_python_block_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    code = block("python").replace('"examples/2018"', repr(str(EXAMPLE_2018)))
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "build" / "2018.docx").stat().st_size > 0


def test_readme_has_a_curl_example_for_every_endpoint():
    """Every route under /api appears in a curl line of the README with its method, and every curl line names
    a route that exists."""
    from annualreport.server.app import create_app
    from annualreport.server.settings import Settings

    paths = create_app(Settings(warm_up=False)).openapi()["paths"]
    routes = {(method.upper(), path) for path, methods in paths.items() if path.startswith("/api/") for method in methods}
    section = README.split("## HTTP service", 1)[1].split("\n## ", 1)[0]
    shown = set()
    for line in section.splitlines():
        for found in re.finditer(r"curl (?:-s )?(-X POST )?'?http://127\.0\.0\.1:8000(/api/[a-z0-9/-]+)", line):
            shown.add(("POST" if found.group(1) else "GET", found.group(2)))
    assert shown == routes


def test_readme_java_client_renders_and_reports_problems(tmp_path: Path):
    """The README's Java (JDK 11+ HttpClient, run as a single source file by ``java``) against a running
    service, its address the test server's: a report comes back as a PDF written to 2019.pdf, a report with
    an error as the 422 with its located problem on stderr — what an OA integrator copies first."""
    import shutil
    import subprocess

    from annualreport.server.app import create_app
    from annualreport.server.settings import Settings

    from .browser import serve
    from .conftest import missing

    java = shutil.which("java")
    if java is None or shutil.which("javac") is None:  # the source launcher needs the JDK's compiler
        missing("a JDK (java and javac) is not installed")
    source = block("java")
    assert source.count('"http://127.0.0.1:8000/api/render?format=pdf"') == 1
    report = tmp_path / "reports" / "2019" / "report.yaml"
    report.parent.mkdir(parents=True)
    with serve(create_app(Settings(warm_up=False))) as base:
        (tmp_path / "RenderReport.java").write_text(source.replace("http://127.0.0.1:8000", base), encoding="utf-8")
        report.write_bytes((EXAMPLE_2018 / "report.yaml").read_bytes())
        run = subprocess.run([java, "RenderReport.java"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0 and run.stderr == "", run.stderr
        pdf = (tmp_path / "2019.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 100_000
        (tmp_path / "2019.pdf").unlink()
        report.write_text("title: 报告\nyear: 二〇一九\n", encoding="utf-8")
        run = subprocess.run([java, "RenderReport.java"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and not (tmp_path / "2019.pdf").exists()
    status, _, body = run.stderr.strip().partition(" ")
    assert status == "422" and '"line":2' in body.replace(" ", "") and '"field":"year"' in body.replace(" ", "")
