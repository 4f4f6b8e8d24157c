"""The HTTP API (server/): every endpoint's status and body, the limits (413, 503 with Retry-After), errors
without tracebacks, Content-Disposition, Accept-Language, and hostile bundles that must never read a file
of the server's."""

from __future__ import annotations

import base64
import io
import json
import logging
import stat
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

import annualreport as ar

from annualreport.schema import report_schema_text
from annualreport.server import api, samples
from annualreport.server.app import create_app
from annualreport.server.settings import Settings

from .conftest import EXAMPLE_2018, REPO

EXAMPLE = (EXAMPLE_2018 / "report.yaml").read_bytes()
YAML = {"content-type": "application/yaml"}
ZIP = {"content-type": "application/zip"}
SMALL = "title: 测试年度工作总结\nyear: 2018\ncontent:\n  - 正文一段。\n"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as started:  # lifespan: the fonts resolved once, here
        yield started


@pytest.fixture()
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the service makes its per-request temporary folders in (checked empty afterwards)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def zipped(entries: dict[str, bytes | str] | list[tuple[str, bytes | str]], *, modes: dict[str, int] | None = None) -> bytes:
    """A zip of ``entries`` (a list of pairs may name an entry twice), with Unix modes where given."""
    import warnings

    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name: that is the point of one test
        for name, data in entries.items() if isinstance(entries, dict) else entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if modes and name in modes:
                info.external_attr = modes[name] << 16
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return stream.getvalue()


def problems(response) -> list[dict]:
    assert response.status_code == 422, response.text
    return response.json()["problems"]


# --------------------------------------------------------------------------- plain endpoints


def test_health(client: TestClient):
    answer = client.get("/api/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok" and answer.json()["renders_running"] == 0


def test_a_worker_with_requests_waiting_sends_the_next_one_elsewhere(client: TestClient, monkeypatch: pytest.MonkeyPatch):
    """Kept-alive connections stay with the worker that accepted them: when requests wait for this worker's
    render slot, the answer closes its connection so the client's next request is accepted afresh."""
    assert client.get("/api/health").headers.get("connection") != "close"
    monkeypatch.setattr(client.app.state.queue, "queued", 1)  # type: ignore[attr-defined]
    assert client.get("/api/health").headers["connection"] == "close"


def test_schema_is_the_commands(client: TestClient):
    answer = client.get("/api/schema")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/schema+json")
    assert answer.text == report_schema_text()


def test_example_is_examples_2018(client: TestClient):
    answer = client.get("/api/example/2018")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/yaml")
    assert answer.content == EXAMPLE
    # the packaged copy an installed package serves is the repository's example, byte for byte
    assert (Path(samples.__file__).parent / "examples" / "2018" / "report.yaml").read_bytes() == EXAMPLE


def test_the_gongwen_example_is_examples_2018_gongwen(client: TestClient):
    source = (REPO / "examples" / "2018-gongwen" / "report.yaml").read_bytes()
    answer = client.get("/api/example/2018-gongwen")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/yaml")
    assert answer.content == source
    assert (Path(samples.__file__).parent / "examples" / "2018-gongwen" / "report.yaml").read_bytes() == source
    assert client.post("/api/validate", content=answer.content, headers=YAML).status_code == 200


def test_skeleton_is_a_valid_report(client: TestClient):
    skeleton = client.get("/api/skeleton")
    assert skeleton.status_code == 200 and skeleton.headers["content-type"].startswith("text/yaml")
    answer = client.post("/api/validate", content=skeleton.content, headers=YAML)
    assert answer.status_code == 200, answer.text
    assert answer.json()["missing"] == 1  # its one indicator, to fill in


def test_openapi_documents_every_endpoint(client: TestClient):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/validate", "/api/render", "/api/preview", "/api/new", "/api/example/2018",
                 "/api/example/2018-gongwen", "/api/skeleton", "/api/schema", "/api/health", "/api/import"):  # fmt: skip
        assert path in paths
    assert set(paths["/api/render"]["post"]["requestBody"]["content"]) == {"application/yaml", "application/json", "application/zip"}


# --------------------------------------------------------------------------- validate


def test_validate_yaml_json_and_zip(client: TestClient):
    answer = client.post("/api/validate", content=EXAMPLE, headers=YAML)
    assert answer.status_code == 200
    assert answer.json() == {"valid": True, "warnings": [], "missing": 0}
    as_json = json.dumps({"title": "t", "year": 2018, "content": ["正文。"]}, ensure_ascii=False).encode()
    assert client.post("/api/validate", content=as_json, headers={"content-type": "application/json"}).status_code == 200
    bundle = zipped({"2018/report.yaml": EXAMPLE})
    assert client.post("/api/validate", content=bundle, headers=ZIP).status_code == 200


def test_validate_problems_are_located_and_1_based(client: TestClient):
    bad = EXAMPLE.replace(b"year: 2018", b"year: x")
    found = problems(client.post("/api/validate", content=bad, headers={**YAML, "accept-language": "en"}))
    assert found == [{"file": "report.yaml", "line": 9, "column": 1, "field": "year",
                      "message": "expected a whole number, got “x”"}]  # fmt: skip


def test_strict_refuses_values_to_fill_in(client: TestClient):
    skeleton = client.get("/api/skeleton").content
    found = problems(client.post("/api/validate?strict=true", content=skeleton, headers=YAML))
    assert [p["field"] for p in found] == ["indicators.output.value"]


@pytest.mark.parametrize(
    ("header", "language"),
    [(None, "zh"), ("en", "en"), ("en-US,en;q=0.9", "en"), ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
     ("en;q=0.5,zh;q=0.8", "zh"), ("fr", "zh"), ("fr,en;q=0.5", "en")],  # fmt: skip
)
def test_accept_language_picks_the_messages(client: TestClient, header: str | None, language: str):
    headers = {**YAML, **({"accept-language": header} if header else {})}
    message = problems(client.post("/api/validate", content=b"title: t\nyear: x\n", headers=headers))[0]["message"]
    expected = {"zh": "应为整数，实际是 “x”", "en": "expected a whole number, got “x”"}[language]
    assert message == expected


def test_yaml_syntax_error_is_a_problem(client: TestClient):
    found = problems(client.post("/api/validate", content=b"title: [unclosed\nyear: 2018\n", headers=YAML))
    assert found[0]["file"] == "report.yaml" and found[0]["line"] is not None


# --------------------------------------------------------------------------- render


def test_render_pdf_with_a_chinese_file_name(client: TestClient):
    answer = client.post("/api/render?format=pdf", content=EXAMPLE, headers=YAML)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="report-2018.pdf"; ')
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and " " not in encoded
    assert unquote(encoded) == "2018年度工作总结.pdf"
    again = client.post("/api/render?format=pdf", content=EXAMPLE, headers=YAML)
    assert again.content == answer.content  # the same input, the same bytes


def test_render_docx_and_zip(client: TestClient):
    docx = client.post("/api/render?format=docx", content=EXAMPLE, headers=YAML)
    assert docx.status_code == 200
    assert docx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.content)).namelist()
    both = client.post("/api/render?format=zip", content=EXAMPLE, headers=YAML)
    assert both.status_code == 200 and both.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(both.content))
    assert sorted(archive.namelist()) == ["2018年度工作总结.docx", "2018年度工作总结.pdf"]
    assert archive.read("2018年度工作总结.pdf").startswith(b"%PDF-")


def test_render_ofd_is_the_same_as_the_command_lines(client: TestClient):
    from annualreport import load, render_ofd

    answer = client.post("/api/render?format=ofd", content=EXAMPLE, headers=YAML)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/ofd"
    assert unquote(answer.headers["content-disposition"].split("filename*=UTF-8''", 1)[1]) == "2018年度工作总结.ofd"
    package = zipfile.ZipFile(io.BytesIO(answer.content))
    assert "OFD.xml" in package.namelist() and "Doc_0/Document.xml" in package.namelist()
    assert answer.content == render_ofd(load(EXAMPLE_2018))  # not some other OFD: the library's own bytes


def test_render_refuses_an_unknown_format_and_a_bad_report(client: TestClient):
    found = problems(client.post("/api/render?format=odt", content=EXAMPLE, headers=YAML))
    assert found[0]["field"] == "format" and found[0]["file"] is None
    assert problems(client.post("/api/render", content=b"year: 2018\n", headers=YAML))[0]["field"] == "title"


@pytest.mark.parametrize(
    ("title", "stem"),
    [("年度/工作:总结", "年度工作总结"), ('a"b', "ab"), ("", "report-2018"), ("..", "report-2018")],
)
def test_file_stem_drops_what_no_file_system_takes(title: str, stem: str):
    assert api.file_stem([title], 2018) == stem


def test_content_disposition_quotes_everything():
    header = api.content_disposition('总结 "a";b.pdf', 'x"y;z.pdf')
    assert header == "attachment; filename=\"x_y_z.pdf\"; filename*=UTF-8''%E6%80%BB%E7%BB%93%20%22a%22%3Bb.pdf"


# --------------------------------------------------------------------------- preview and new


def test_preview_pages_are_pngs_at_the_dpi(client: TestClient):
    answer = client.post("/api/preview?dpi=72", content=SMALL.encode(), headers=YAML)
    assert answer.status_code == 200
    body = answer.json()
    assert body["problems"] == [] and len(body["pages"]) == 1
    page = body["pages"][0]
    assert base64.b64decode(page["png"]).startswith(b"\x89PNG\r\n\x1a\n")
    assert page["width"] in (595, 596) and page["height"] in (841, 842)  # A4, 595.3 × 841.9 points, at 72 dpi


@pytest.mark.parametrize("dpi", [59, 151, "x"])
def test_preview_dpi_out_of_range(client: TestClient, dpi: object):
    assert problems(client.post(f"/api/preview?dpi={dpi}", content=SMALL.encode(), headers=YAML))[0]["field"] == "dpi"


def test_new_is_next_years_report(client: TestClient):
    answer = client.post("/api/new", content=EXAMPLE, headers=YAML)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/yaml")
    assert "\nyear: 2019\n" in answer.text and "title: 2019年度工作总结" in answer.text
    assert "previous:" not in answer.text.split("indicators:")[0]  # no folder for previous: to name
    assert "farm_zones: {label: 养殖小区, value: null, previous: 6, unit: 处}" in answer.text
    assert "# 大沁他拉镇2018年度工作总结" in answer.text  # comments kept
    again = client.post("/api/validate", content=answer.content, headers=YAML)
    assert again.status_code == 200 and again.json()["missing"] > 0


# --------------------------------------------------------------------------- limits and errors


def test_body_over_the_limit_is_413(sandbox: Path):
    with TestClient(create_app(Settings(max_body_bytes=1000, warm_up=False))) as small:
        answer = small.post("/api/validate", content=EXAMPLE, headers=YAML)
        assert answer.status_code == 413
        assert answer.json()["request_id"] == answer.headers["x-request-id"]
        streamed = small.post("/api/validate", content=iter([EXAMPLE[:600], EXAMPLE[600:1200]]), headers=YAML)
        assert streamed.status_code == 413  # no Content-Length: counted as it streams in
        assert small.post("/api/validate", content=SMALL.encode(), headers=YAML).status_code == 200
    assert list(sandbox.iterdir()) == []


def blocked(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """_validate replaced by one that says it started and waits to be released."""
    started, release = threading.Event(), threading.Event()

    def waiting(*args: object) -> dict:
        started.set()
        release.wait(30)
        return {"valid": True, "warnings": [], "missing": 0}

    monkeypatch.setattr(api, "_validate", waiting)
    return started, release


def test_a_full_queue_is_503_with_retry_after(monkeypatch: pytest.MonkeyPatch):
    started, release = blocked(monkeypatch)
    with TestClient(create_app(Settings(max_waiting=0, warm_up=False, retry_after=7))) as busy:
        first: list = []
        thread = threading.Thread(target=lambda: first.append(busy.post("/api/validate", content=b"x", headers=YAML)))
        thread.start()
        try:
            assert started.wait(30)
            answer = busy.post("/api/validate", content=b"x", headers=YAML)
            assert answer.status_code == 503 and answer.headers["retry-after"] == "7"
            assert set(answer.json()) == {"error", "request_id"}
            assert busy.get("/api/health").json()["renders_running"] == 1
        finally:
            release.set()
            thread.join(30)
        assert first[0].status_code == 200


def test_a_render_past_the_time_limit_is_503(monkeypatch: pytest.MonkeyPatch):
    started, release = blocked(monkeypatch)
    try:
        with TestClient(create_app(Settings(render_timeout=0.05, warm_up=False))) as slow:
            answer = slow.post("/api/validate", content=b"x", headers={**YAML, "accept-language": "en"})
            assert answer.status_code == 503
            assert "longer than the limit" in answer.json()["error"]
    finally:
        release.set()


def test_an_internal_error_shows_no_traceback(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    def broken(*args: object) -> dict:
        raise RuntimeError("secret detail /etc/shadow")

    monkeypatch.setattr(api, "_validate", broken)
    with TestClient(create_app(Settings(warm_up=False)), raise_server_exceptions=False) as failing:
        with caplog.at_level(logging.ERROR, logger="annualreport.server"):
            answer = failing.post("/api/validate", content=b"x", headers=YAML)
    assert answer.status_code == 500
    request_id = answer.json()["request_id"]
    assert request_id and request_id in answer.json()["error"]
    assert "secret" not in answer.text and "Traceback" not in answer.text and "RuntimeError" not in answer.text
    logged = [r for r in caplog.records if request_id in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the traceback is in the server's log


def test_cors_is_off_unless_an_origin_is_given():
    origin = {"origin": "http://oa.example"}
    with TestClient(create_app(Settings(warm_up=False))) as closed:
        assert "access-control-allow-origin" not in closed.get("/api/health", headers=origin).headers
    with TestClient(create_app(Settings(warm_up=False, cors_origins=("http://oa.example",)))) as open_:
        assert open_.get("/api/health", headers=origin).headers["access-control-allow-origin"] == "http://oa.example"
        assert "access-control-allow-origin" not in open_.get("/api/health", headers={"origin": "http://evil.example"}).headers


def test_settings_travel_to_workers_through_the_environment():
    settings = Settings(max_body_bytes=5, render_timeout=1.5, cors_origins=("http://a", "http://b"), warm_up=False)
    assert Settings.from_environment(settings.to_environment()) == settings


# --------------------------------------------------------------------------- bundles


CSV_REPORT = """\
title: 带表格的总结
year: 2019
previous: ../2018
style: styles/local.toml
content:
  - 正文。
  - table:
      csv: data/t.csv
      csv_header_rows: 1
"""


def test_a_bundle_with_csv_style_and_previous_renders(client: TestClient, sandbox: Path):
    style = (Path(__file__).resolve().parents[1] / "src" / "annualreport" / "styles" / "gbt9704.toml").read_text(encoding="utf-8")
    bundle = zipped({
        "2019/report.yaml": CSV_REPORT,
        "2019/data/t.csv": "指标,数值\n棚舍,8.5\n",
        "2019/styles/local.toml": style,
        "2018/report.yaml": EXAMPLE,
    })  # fmt: skip
    # two top-level folders: the report is not found at the top or in one folder
    assert "report.yaml" in problems(client.post("/api/validate", content=bundle, headers=ZIP))[0]["message"]
    nested = zipped({
        "2019/report.yaml": CSV_REPORT.replace("previous: ../2018", "previous: last"),
        "2019/data/t.csv": "指标,数值\n棚舍,8.5\n",
        "2019/styles/local.toml": style,
        "2019/last/report.yaml": EXAMPLE,
    })  # fmt: skip
    answer = client.post("/api/render?format=pdf", content=nested, headers=ZIP)
    assert answer.status_code == 200, answer.text
    assert list(sandbox.iterdir()) == []  # the bundle's folder is gone


def test_bundle_problems_name_files_inside_the_zip(client: TestClient, sandbox: Path):
    bundle = zipped({"2018/report.yaml": EXAMPLE.replace(b"year: 2018", b"year: x")})
    found = problems(client.post("/api/validate", content=bundle, headers=ZIP))
    assert found[0]["file"] == "2018/report.yaml" and found[0]["line"] == 9
    assert list(sandbox.iterdir()) == []


@pytest.mark.parametrize(
    ("entries", "modes", "message"),
    [
        ({"../evil/report.yaml": SMALL}, None, "would leave the report folder"),
        ({"report.yaml": SMALL, "a/../../evil.csv": "x"}, None, "would leave the report folder"),
        ({"/tmp/evil/report.yaml": SMALL}, None, "would leave the report folder"),
        ({"C:/evil/report.yaml": SMALL}, None, "would leave the report folder"),
        ({"report.yaml": SMALL, "a\\..\\..\\evil.csv": "x"}, None, "would leave the report folder"),
        ({"report.yaml": SMALL, "link.csv": "/etc/passwd"}, {"link.csv": stat.S_IFLNK | 0o777}, "symbolic link"),
        ({"report.yaml": SMALL, "fifo": ""}, {"fifo": stat.S_IFIFO | 0o644}, "symbolic link or a special file"),
        ({"notes.txt": "x"}, None, "holds no report.yaml"),
        ({"report.yaml": SMALL, "a" * 300 + ".csv": "x"}, None, "cannot unpack this entry"),
        ({"report.yaml": SMALL, "d": "x", "d/e.csv": "y"}, None, "cannot unpack this entry"),
        ([("report.yaml", SMALL), ("report.yaml", "title: other\n")], None, "holds this entry twice"),
    ],
)
def test_hostile_zips_are_refused(client: TestClient, sandbox: Path, entries: dict, modes: dict | None, message: str):
    answer = client.post("/api/validate", content=zipped(entries, modes=modes), headers={**ZIP, "accept-language": "en"})
    found = problems(answer)
    assert message in found[0]["message"]
    assert list(sandbox.iterdir()) == []  # nothing left, nothing written beside the sandbox


def test_a_zip_bomb_is_refused_before_it_fills_the_disk(sandbox: Path):
    bomb = zipped({"report.yaml": SMALL, "zeros.csv": b"\0" * (50 * 1024 * 1024)})
    assert len(bomb) < 200_000
    with TestClient(create_app(Settings(max_bundle_bytes=10 * 1024 * 1024, warm_up=False))) as small:
        found = problems(small.post("/api/validate", content=bomb, headers={**ZIP, "accept-language": "en"}))
        assert "unpacks to more than the limit" in found[0]["message"]
        many = zipped({"report.yaml": SMALL, **{f"f{i}.csv": "x" for i in range(1001)}})
        found = problems(small.post("/api/validate", content=many, headers={**ZIP, "accept-language": "en"}))
        assert "entries, more than the limit of 1000" in found[0]["message"]
    assert list(sandbox.iterdir()) == []


def test_a_zip_that_is_not_one(client: TestClient):
    found = problems(client.post("/api/validate", content=b"PK\x03\x04 not really", headers={**ZIP, "accept-language": "en"}))
    assert found == [{"file": "report.zip", "line": None, "column": None, "field": "", "message": "not a zip archive, or a damaged one"}]


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    """A file of the server's that no request may read: a CSV, a style, a report."""
    folder = tmp_path / "server-files"
    folder.mkdir()
    (folder / "secret.csv").write_text("机密,SECRET-CSV\n", encoding="utf-8")
    (folder / "secret.toml").write_text("# SECRET-TOML\n", encoding="utf-8")
    (folder / "report.yaml").write_text("title: SECRET-REPORT\nyear: 2017\n", encoding="utf-8")
    return folder


def escaping_reports(secret: Path) -> list[str]:
    relative = "../" * 12 + str(secret).lstrip("/")
    return [
        f"title: t\nyear: 2018\ncontent:\n  - table:\n      csv: {secret / 'secret.csv'}\n",
        f"title: t\nyear: 2018\ncontent:\n  - table:\n      csv: {relative}/secret.csv\n",
        f"title: t\nyear: 2018\nstyle: {secret / 'secret.toml'}\ncontent: [x]\n",
        f"title: t\nyear: 2018\nstyle: {relative}/secret.toml\ncontent: [x]\n",
        f"title: t\nyear: 2018\nprevious: {secret}\ncontent: [x]\n",
        f"title: t\nyear: 2018\nprevious: {relative}\ncontent: [x]\n",
        f"title: t\nyear: 2018\nseal: {secret / 'secret.csv'}\nissuer: x\ncontent: [x]\n",
    ]


@pytest.mark.parametrize("index", range(7))
@pytest.mark.parametrize("as_zip", [False, True], ids=["yaml", "zip"])
def test_a_request_never_reads_a_server_file(client: TestClient, secret: Path, sandbox: Path, index: int, as_zip: bool):
    report = escaping_reports(secret)[index]
    body = zipped({"report.yaml": report}) if as_zip else report.encode()
    for endpoint in ("/api/validate", "/api/render?format=pdf"):
        answer = client.post(endpoint, content=body, headers=ZIP if as_zip else YAML)
        found = problems(answer)
        assert found and found[0]["field"] in ("content.0.table.csv", "style", "previous", "seal")
        assert "SECRET" not in answer.text
        assert str(sandbox) not in answer.text and "annualreport-request-" not in answer.text
    assert list(sandbox.iterdir()) == []


# --------------------------------------------------------------------------- annualreport serve


def test_serve_help_in_both_languages(capsys: pytest.CaptureFixture[str]):
    from annualreport.cli import main

    assert main(["serve", "--help", "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "--workers" in english and "127.0.0.1" in english and "--cors-origin" in english
    assert main(["serve", "--help", "--lang", "zh"]) == 0
    assert "工作进程数" in capsys.readouterr().out


@pytest.mark.parametrize("module", ["fastapi", "uvicorn", "pypdfium2"])
def test_serve_without_the_extra_says_what_to_install(module: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    import sys

    from annualreport.cli import EXIT_INPUT, main

    monkeypatch.setitem(sys.modules, module, None)  # import raises ImportError
    assert main(["serve", "--lang", "en"]) == EXIT_INPUT
    error = capsys.readouterr().err
    assert error == f"annualreport: annualreport serve needs the optional extra: pip install 'annualreport[server]' ({module} is missing)\n"


def test_serve_answers_over_http(tmp_path: Path):
    """The real thing: `annualreport serve` in a process of its own, on a free port of 127.0.0.1."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "annualreport.cli", "serve", "--port", str(port), "--max-body", "100000"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):  # up to a minute for start-up (the fonts are resolved before it listens)
            try:
                if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        answer = httpx.post(f"{base}/api/render?format=pdf", content=EXAMPLE, headers=YAML, timeout=60)
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF-")
        assert httpx.post(f"{base}/api/validate", content=b"x" * 100_001, headers=YAML, timeout=60).status_code == 413
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode("utf-8", "replace")
    assert f"Uvicorn running on http://127.0.0.1:{port}" in output


# --------------------------------------------------------------------------- import

DOCX = {"content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def test_import_answers_the_folder_the_command_line_writes(client: TestClient, tmp_path: Path):
    """A .docx with a picture: the zip holds report.yaml — the same text ``annualreport import`` writes for a file
    of that name — and the picture beside it; the zip is a report folder the service checks and renders."""
    from annualreport.importer import import_file

    from .test_import_pictures import word_with_pictures
    from .tools.draw_figure import park_plan, png_bytes

    source = word_with_pictures(tmp_path / "去年的报告.docx", [("text", "全镇上下认真贯彻落实上级各项决策部署。"),
                                                          ("picture", (png_bytes(park_plan()), 120)),
                                                          ("text", "图1　园区规划")])  # fmt: skip
    answer = client.post("/api/import", params={"name": source.name}, content=source.read_bytes(), headers=DOCX)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    folder = dict(import_file(source).folder_files())
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        assert sorted(archive.namelist()) == sorted(folder) == ["figures/figure-1.png", "report.yaml"]
        assert all(archive.read(name) == data for name, data in folder.items())
    assert folder["report.yaml"].decode("utf-8").startswith("# 由 annualreport import 从 去年的报告.docx 生成")
    assert client.post("/api/validate", content=answer.content, headers=ZIP).status_code == 200
    pdf = client.post("/api/render", params={"format": "pdf"}, content=answer.content, headers=ZIP)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_import_of_our_own_gongwen_docx_gives_back_its_elements(client: TestClient):
    docx = ar.render_docx(ar.load(REPO / "examples" / "2018-gongwen"))
    answer = client.post("/api/import", content=docx, headers={"content-type": "application/octet-stream"})  # known by its bytes
    assert answer.status_code == 200, answer.text
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        text = archive.read("report.yaml").decode("utf-8")
    assert "document_number: 奈大政发〔2019〕3号" in text and "printed_by: 大沁他拉镇党政综合办公室" in text


def test_import_of_plain_text(client: TestClient):
    from annualreport.loader import load_bytes

    body = "2018年度工作总结\n一、产业发展\n全镇上下认真贯彻落实。\n大沁他拉镇人民政府\n2019年1月15日\n".encode("gb18030")
    answer = client.post("/api/import", content=body, headers={"content-type": "text/plain"})
    assert answer.status_code == 200, answer.text
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        report = load_bytes(archive.read("report.yaml"), name="report.yaml")
    assert report.issuer == "大沁他拉镇人民政府" and report.sections[0].title == "产业发展"


@pytest.mark.parametrize(
    ("body", "content_type", "name", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "application/msword", "旧报告.doc", "save it as .docx"),
        (b"%PDF-1.4\n", "application/pdf", None, "only a Word document"),
        (b"PK\x03\x04 not a document", "application/octet-stream", "坏的.docx", "damaged"),
        (b"", "text/plain", None, ""),
    ],
    ids=["doc", "pdf", "damaged-docx", "empty"],
)
def test_import_refuses_what_it_cannot_read_with_one_located_problem(client: TestClient, body: bytes, content_type: str,
                                                                     name: str | None, says: str):  # fmt: skip
    params = {"name": name} if name else {}
    answer = client.post("/api/import", params=params, content=body, headers={"content-type": content_type, "accept-language": "en"})
    assert answer.status_code == 422
    [problem] = answer.json()["problems"]
    assert says in problem["message"]
    assert problem["file"] == (name or problem["file"]) and "annualreport-import-" not in answer.text  # no server path
    assert "Traceback" not in answer.text
