"""Benchmark the PDF renderer on big inputs: a report 100x examples/2018, and single paragraphs of 10k to 1M characters.

Every measurement runs in a fresh Python process (so ``ru_maxrss``, the peak resident memory of that
process, is the peak of one render) under a time limit; a run that hits the limit is reported as
"> LIMIT". Figures are medians (min-max, n) over ``--runs`` processes (default 3).

* **100x report**: examples/2018 with its sections repeated 100 times (800 level-1 sections, ~600
  pages). Timed: ``render_pdf`` of the built document (building it is timed separately). Memory: the
  process's peak RSS after the render (Python, ReportLab, the fonts and the document included).
* **paragraph N** (hanzi): one body paragraph of N characters of ordinary Chinese text, the whole
  report rendered to PDF in-process (build + render).
* **digits N**: one paragraph that is a single unbroken number of N digits (no break opportunity:
  it must be cut by characters).

``--against REV`` also measures the whole ``src`` tree as of git REV, interleaved with the current
tree in one run. Run with the project's virtual environment:

    .venv/bin/python benchmarks/bench_big.py                     # everything, 3 runs each
    .venv/bin/python benchmarks/bench_big.py --against d03266c --timeout 200
    .venv/bin/python benchmarks/bench_big.py --only report --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "2018"

_REPORT = r"""
import hashlib, json, re, resource, sys, time
t0 = time.perf_counter()
import annualreport as ar
from annualreport.render.pdf import render_pdf
report = ar.load(sys.argv[1])
report = report.model_copy(update={"sections": list(report.sections) * int(sys.argv[2])})
t1 = time.perf_counter()
document = ar.build(report)
t2 = time.perf_counter()
data = render_pdf(document)
t3 = time.perf_counter()
pages = len(re.findall(rb"/Type /Page(?![A-Za-z])", data))
print(json.dumps({"build": t2 - t1, "render": t3 - t2, "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "bytes": len(data), "pages": pages, "sha256": hashlib.sha256(data).hexdigest()}))
"""

_PARAGRAPH = r"""
import hashlib, json, resource, sys, time
import annualreport as ar
from annualreport.model import Report
from annualreport.render.pdf import render_pdf
kind, n = sys.argv[1], int(sys.argv[2])
HANZI = "全力打造四大主导产业基地和一个核心示范区，养殖产业基地建设建成养殖小区发展养殖专业村。"
text = (HANZI * (n // len(HANZI) + 1))[:n] if kind == "paragraph" else ("1234567890" * (n // 10 + 1))[:n]
# Past the paragraph_chars limit (20,000 by default, limits.py): what is measured is the layout.
report = Report.model_validate({"title": "测试", "year": 2018, "content": [text]}, context={"loader": True})
style = ar.load_style()
render_pdf(ar.build_document(Report.model_validate({"title": "测试", "year": 2018, "content": ["预热"]}), style))
t = time.perf_counter()
data = render_pdf(ar.build_document(report, style))
elapsed = time.perf_counter() - t
print(json.dumps({"render": elapsed, "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "bytes": len(data),
                  "sha256": hashlib.sha256(data).hexdigest()}))
"""

CASES: dict[str, tuple[str, list[str]]] = {
    "report 100x": (_REPORT, [str(EXAMPLE), "100"]),
    "paragraph 10k": (_PARAGRAPH, ["paragraph", "10000"]),
    "paragraph 80k": (_PARAGRAPH, ["paragraph", "80000"]),
    "paragraph 1M": (_PARAGRAPH, ["paragraph", "1000000"]),
    "digits 10k": (_PARAGRAPH, ["digits", "10000"]),
    "digits 80k": (_PARAGRAPH, ["digits", "80000"]),
    "digits 1M": (_PARAGRAPH, ["digits", "1000000"]),
}


def _baseline(rev: str, workdir: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive.stdout, check=True)
    return workdir / "src"


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH", "")])])
    return env


def run_once(script: str, args: Sequence[str], src: Path, timeout: float) -> dict[str, float] | None:
    """One fresh process; its JSON result, or None when it ran out of time."""
    t = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", script, *args], env=_env(src), cwd=REPO, capture_output=True,
                              timeout=timeout, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:]
        return {"error": tail[0] if tail else f"exit {proc.returncode}", "wall": time.perf_counter() - t}  # type: ignore[dict-item]
    return json.loads(proc.stdout)


def _fmt(values: Sequence[float], unit: str, scale: float = 1.0) -> str:
    v = [x * scale for x in values]
    return f"{statistics.median(v):8.2f} {unit} ({min(v):.2f}-{max(v):.2f}, n={len(v)})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per case and tree (default 3)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is given up (default 120)")
    parser.add_argument("--only", action="append", default=[], help="cases whose name contains this (repeatable)")
    parser.add_argument("--against", metavar="REV", help="also measure the whole src tree as of git REV")
    parser.add_argument("--json", metavar="FILE", help="also write the raw results as JSON")
    args = parser.parse_args(argv)
    cases = {k: v for k, v in CASES.items() if not args.only or any(o in k for o in args.only)}
    results: dict[str, dict[str, list[dict[str, float] | None]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-big-") as tmp:
        trees = [("current", REPO / "src")]
        if args.against:
            trees.insert(0, (f"baseline {args.against}", _baseline(args.against, Path(tmp))))
        for name, (script, case_args) in cases.items():
            timed_out: set[str] = set()
            for _ in range(args.runs):
                for label, src in trees:  # interleaved: load drift hits both trees alike
                    if label in timed_out:  # one time-out is the answer: do not spend the limit again
                        continue
                    result = run_once(script, case_args, src, args.timeout)
                    results.setdefault(name, {}).setdefault(label, []).append(result)
                    if result is None:
                        timed_out.add(label)
                    print(f"  {name} [{label}]: {result if result is not None else f'> {args.timeout:g} s'}",
                          file=sys.stderr, flush=True)  # fmt: skip
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(cases)} cases, {args.runs} fresh processes each, limit {args.timeout:g} s; load average now {load:.2f}")
    for name, per_tree in results.items():
        print(f"\n{name}")
        for label, runs in per_tree.items():
            done = [r for r in runs if r is not None and "error" not in r]
            errors = [r for r in runs if r is not None and "error" in r]
            if errors:
                print(f"  {label:<18} error: {errors[0]['error']}")
            elif len(done) < len(runs):
                print(f"  {label:<18} > {args.timeout:g} s (given up)")
            else:
                line = f"  {label:<18} render {_fmt([r['render'] for r in done], 's')}"
                line += f"  peak RSS {_fmt([r['maxrss'] for r in done], 'MB', 1 / 1024)}"
                if "pages" in done[0]:
                    line += f"  build {statistics.median(r['build'] for r in done):.2f} s, {int(done[0]['pages'])} pages"
                print(line)
        hashes = {label: {r["sha256"] for r in runs if r is not None and "sha256" in r} for label, runs in per_tree.items()}
        if len(hashes) == 2 and all(len(h) == 1 for h in hashes.values()):
            print(f"  same PDF bytes in both trees: {len(set.union(*hashes.values())) == 1}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
