"""Benchmark the Word renderer on examples/2018.

Measures, each as the median (min–max) of several runs after warm-up:

* ``render_docx(document)`` in-process, the document built once (the renderer's own cost), the package prepared
  once per process (styles, page set-up, footers: see render/docx/base.py);
* the same with the prepared package made afresh each time (what the first render in a process pays);
* load + build + ``render_docx`` in-process (the library call ``annualreport.render_docx("examples/2018")``),
  and the loading of report.yaml alone, for scale;
* a cold command line, ``annualreport render examples/2018 --docx -o TMP``, a new Python process each time;

and checks that the command line did not import ReportLab and that two renders give the same bytes.

Run with the project's virtual environment: ``.venv/bin/python benchmarks/bench_docx.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "2018"

_CLI = """
import sys, time
start = time.perf_counter()
from annualreport.cli import main
status = main(["render", sys.argv[1], "--docx", "-o", sys.argv[2]])
elapsed = time.perf_counter() - start
print(status, "reportlab" in sys.modules, elapsed)
"""


def timed(function: Callable[[], object], runs: int, warmup: int) -> list[float]:
    """Seconds per call of ``function``: ``warmup`` untimed calls, then ``runs`` timed ones."""
    for _ in range(warmup):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> dict[str, float]:
    """Median, min and max in milliseconds."""
    return {
        "median_ms": round(statistics.median(times) * 1000, 2),
        "min_ms": round(min(times) * 1000, 2),
        "max_ms": round(max(times) * 1000, 2),
        "runs": len(times),
    }


def cli_runs(runs: int) -> tuple[list[float], list[float], bool]:
    """Wall time of whole processes, time inside them from import to exit, and whether any imported ReportLab."""
    walls, insides, reportlab = [], [], False
    with tempfile.TemporaryDirectory() as out:
        for index in range(runs + 1):  # the first run fills the OS file cache and is not counted
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-c", _CLI, str(EXAMPLE), out], capture_output=True, text=True,
                                    check=True)  # fmt: skip
            wall = time.perf_counter() - start
            status, imported, inside = result.stdout.split()[-3:]
            if status != "0":
                raise SystemExit(f"annualreport render failed: {result.stderr}")
            reportlab = reportlab or imported == "True"
            if index:
                walls.append(wall)
                insides.append(float(inside))
    return walls, insides, reportlab


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed in-process runs (default 30)")
    parser.add_argument("--cli-runs", type=int, default=10, help="timed command-line runs (default 10)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    import annualreport
    from annualreport.loader import load
    from annualreport.render.docx import base, render_docx

    document = annualreport.build(EXAMPLE)
    results = {
        "render_docx(document)": summary(timed(lambda: render_docx(document), args.runs, warmup=5)),
        "load + build + render_docx": summary(
            timed(lambda: annualreport.render_docx(EXAMPLE), args.runs, warmup=5)
        ),
        "load (report.yaml only)": summary(timed(lambda: load(EXAMPLE), args.runs, warmup=5)),
        # last: it leaves the cache holding a package prepared in the last run, and garbage behind
        "render_docx(document), package prepared afresh": summary(
            timed(lambda: (base.clear_cache(), render_docx(document)), args.runs, warmup=2)
        ),
    }
    walls, insides, reportlab = cli_runs(args.cli_runs)
    results["annualreport render --docx (process wall)"] = summary(walls)
    results["annualreport render --docx (import to exit)"] = summary(insides)
    facts = {
        "docx_bytes": len(render_docx(document) or b""),
        "identical_bytes_across_runs": render_docx(document) == render_docx(annualreport.build(EXAMPLE)),
        "cli_imported_reportlab": reportlab,
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps({"timings": results, **facts}, ensure_ascii=False, indent=1))
        return
    width = max(map(len, results))
    for name, figures in results.items():
        print(f"{name:<{width}}  median {figures['median_ms']:8.2f} ms   "
              f"(min {figures['min_ms']:.2f}, max {figures['max_ms']:.2f}, {figures['runs']} runs)")  # fmt: skip
    for name, value in facts.items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
