"""The fuzz tests' worker: loads, validates and renders one generated report at a time, in its own process,
under a memory bound (RLIMIT_AS), so that a runaway allocation or a crash of the interpreter fails one
example instead of the test session, and the parent can kill it when an example takes too long.

Protocol: one JSON object per line on standard input, one JSON answer per line on standard output.

Request ``{"kind": "library", "dir": FOLDER, "name": FILE}``: ``annualreport.load(FOLDER/FILE)``, then, if
it loaded, ``build`` and ``render_docx`` and ``render_pdf`` of it. Answer ``{"outcome": "ok" | "input_error"
| "crash", "problems": [...], "crash": TRACEBACK, "warnings": [...], "seconds": ..., "docx": BYTES, "pdf":
BYTES}``. Warnings: FontWarning (a random character no font draws) and LayoutWarning (where it exists: a
cell set smaller to fit a page) are expected and counted; any other warning is a crash, as
``filterwarnings = error`` makes it in the rest of the suite.

Request ``{"kind": "cli", "argv": [...], "cwd": FOLDER}``: ``annualreport.cli.main(argv)``, answer
``{"status": N, "stdout": ..., "stderr": ...}``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import sys
import time
import traceback
import warnings
import zipfile
from pathlib import Path


def _problem(p: object) -> dict[str, object]:
    return {k: getattr(p, k) for k in ("file", "line", "column", "field", "message")}


def library(request: dict[str, object]) -> dict[str, object]:
    import annualreport as ar
    from annualreport.render.pdf.fonts.embed import FontWarning

    from annualreport import errors

    # harden-layout adds LayoutWarning: a cell set smaller to fit a page, a promised outcome, expected too.
    expected = (FontWarning, *([errors.LayoutWarning] if hasattr(errors, "LayoutWarning") else []))
    path = Path(str(request["dir"])) / str(request["name"])
    answer: dict[str, object] = {"outcome": "ok", "problems": [], "warnings": [], "font_warnings": 0}
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            report = ar.load(path)
        except ar.InputError as error:
            answer["outcome"] = "input_error"
            answer["problems"] = [_problem(p) for p in error.problems]
        except BaseException:  # noqa: BLE001 - anything else is what the fuzzer looks for
            answer.update(outcome="crash", stage="load", crash=traceback.format_exc(limit=-12))
        else:
            stage = "build"
            try:
                document = ar.build(report)
                stage = "docx"
                docx = ar.render_docx(document)
                assert docx is not None
                with zipfile.ZipFile(io.BytesIO(docx)) as archive:  # a whole zip, every member readable
                    bad = archive.testzip()
                    assert bad is None, f"docx member {bad} is corrupt"
                stage = "pdf"
                pdf = ar.render_pdf(document)
                assert pdf is not None
                assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"), "not a whole PDF"
                answer.update(docx=len(docx), pdf=len(pdf))
            except BaseException:  # noqa: BLE001
                answer.update(outcome="crash", stage=stage, crash=traceback.format_exc(limit=-12))
    for w in caught:
        if issubclass(w.category, expected):
            answer["font_warnings"] = int(answer["font_warnings"]) + 1  # type: ignore[call-overload]
        else:
            answer["warnings"].append(f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})")  # type: ignore[union-attr]
    answer["seconds"] = time.perf_counter() - started
    return answer


def cli(request: dict[str, object]) -> dict[str, object]:
    from annualreport.cli import main

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(str(request["cwd"]))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the CLI prints warnings itself (cli._show_warning)
            status = main([str(a) for a in request["argv"]])  # type: ignore[attr-defined]
    except BaseException:  # noqa: BLE001
        status, err = -1, io.StringIO(traceback.format_exc())
    finally:
        os.chdir(cwd)
    # stdout whole: with --json it is parsed (a report with many problems prints more than a few KB of JSON,
    # and a cut copy failed to parse); stderr is only read by eye.
    return {"status": status, "stdout": out.getvalue(), "stderr": err.getvalue()[-4000:]}


WARM_TEXT = "汉字䡘㐀ßđĢĳ ΑΩω Жж 한글 かなカナ 𠮷𡒄 😀 ①② ∑√ \u0e01\u0e02 \u05d0 \u0627 \U00051191\U000f0000"
"""Characters of many scripts: every fallback font the style may reach for is found and, if it is CFF,
converted to TrueType now (a minute per font on a cold cache), not inside a timed case. (Without 䡘, CJK
Extension A, the first heading holding one converted Noto Sans CJK inside a case: make fuzz seed 1.)"""


def warm_up() -> dict[str, object]:
    return {"seconds": sum(_warm(text)["seconds"] for text in ("汉字文字", WARM_TEXT))}


def _warm(t: str) -> dict[str, float]:
    """Render one report with ``t`` in every kind of text: plain 汉字 picks each role's first font (the
    lead's FandolKai is converted only then), other scripts the fallbacks."""
    import annualreport as ar
    from annualreport.model import Report

    level = {"title": t, "content": [t, {"lead": t, "text": t}, {"item": t, "text": t},
                                     {"table": {"caption": t, "header": [[t, t]], "rows": [[t, t]], "note": t}}]}
    section = dict(level, sections=[dict(level, sections=[dict(level, sections=[level])])])
    report = Report.model_validate({
        "title": t, "subtitle": t, "speaker": t, "recipient": t, "issuer": t, "year": 2018, "date": "2019-01-01",
        "note": t, "indicators": {"k": {"label": t, "value": 1, "unit": t}},
        "content": [{"indicator_table": {"rows": ["k"], "caption": t}}], "sections": [section],
        "attachments": [{"title": t, "content": [t]}],
    })  # fmt: skip
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = ar.build(report)
        ar.render_docx(document)
        ar.render_pdf(document)
    return {"seconds": time.perf_counter() - started}


def main() -> None:
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import annualreport  # noqa: F401 - imported before the first request, not timed with it

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        kind = request["kind"]
        answer = cli(request) if kind == "cli" else warm_up() if kind == "warmup" else library(request)
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
