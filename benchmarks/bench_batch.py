"""A year-end batch: N copies of examples/2018, each with its own title, rendered to .docx and .pdf by
`annualreport render --all DIR -j J` in one command; wall time, reports per second, files written.

    .venv/bin/python benchmarks/bench_batch.py                    # 1000 reports, -j 2, one run
    .venv/bin/python benchmarks/bench_batch.py --reports 100 --runs 3 --jobs 2
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = (REPO / "examples" / "2018" / "report.yaml").read_text(encoding="utf-8")


def make_reports(folder: Path, count: int) -> None:
    for index in range(count):
        report = folder / f"town{index:04d}"
        report.mkdir(parents=True)
        text = EXAMPLE.replace("title: 2018年度工作总结", f"title: 第{index + 1}镇2018年度工作总结")
        (report / "report.yaml").write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory(prefix="annualreport-bench-batch-") as work:
        reports = Path(work) / "reports"
        make_reports(reports, args.reports)
        for run in range(args.runs):
            out = Path(work) / f"out{run}"
            command = [sys.executable, "-m", "annualreport.cli", "render", "--all", str(reports),
                       "-j", str(args.jobs), "-o", str(out)]  # fmt: skip
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            written = sorted(p.suffix for p in out.iterdir())
            assert result.returncode == 0, result.stderr[-2000:]
            assert written.count(".pdf") == written.count(".docx") == args.reports, "every report in both formats"
            times.append(elapsed)
            print(f"run {run + 1}: {args.reports} reports, both formats, -j {args.jobs}: {elapsed:.1f} s "
                  f"({args.reports / elapsed:.1f} reports/s); load average {os.getloadavg()}", flush=True)  # fmt: skip
    summary = {"reports": args.reports, "jobs": args.jobs, "runs": times, "median_s": statistics.median(times)}
    print(json.dumps(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
