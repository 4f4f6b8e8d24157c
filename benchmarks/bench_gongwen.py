"""Benchmark a 公文's renders on examples/2018-gongwen: what placing the 版记 and sharing one layout cost.

The .docx puts the 版记 where the PDF's layout does (``Imprint.own_page``), so a 公文's .docx lays its pages out
once; ``render_formats`` lays them out once for every format that reads them. Measures, as median (min-max) of
``--runs`` runs (default 9), in one process, CPU time (``time.process_time``: these machines are shared):

* the Word room alone on a built Document whose 版记 is not placed (what the .docx cost before placing);
* ``annualreport.render_docx`` of the same Document (one layout for the placement, then the Word room);
* the three formats rendered one by one, each laying the pages out itself (what ``render_formats`` did before);
* ``batch.render_formats`` of the report to .docx, .pdf and .ofd (one layout shared).

Prints a table, or JSON with ``--json``. Run with the project's virtual environment:
``.venv/bin/python benchmarks/bench_gongwen.py``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "2018-gongwen"


def cpu(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import annualreport as ar
    from annualreport.batch import render_formats
    from annualreport.render.docx import render_docx
    from annualreport.render.pdf import imprint_placed, measured_document, render_pdf

    report = ar.load(EXAMPLE)
    document = ar.build(report)

    def one_by_one() -> None:
        measured = measured_document(ar.build(report))
        render_docx(imprint_placed(measured))
        render_pdf(measured)
        ar.render_ofd(measured)

    cases: dict[str, Callable[[], object]] = {
        "docx, 版记 not placed (Word room only)": lambda: render_docx(document),
        "ar.render_docx (placed: one layout)": lambda: ar.render_docx(document),
        "docx+pdf+ofd, a layout each": one_by_one,
        "render_formats docx+pdf+ofd (one layout)": lambda: render_formats(report, ("docx", "pdf", "ofd")),
    }
    for action in cases.values():  # warm-up: fonts resolved and converted, caches filled
        action()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):  # interleaved, so that a noisy stretch of the machine touches every case
        for name, action in cases.items():
            times[name].append(cpu(action))
    results = {name: summary(values) for name, values in times.items()}
    if args.json:
        print(json.dumps({"machine": platform.machine(), "python": platform.python_version(), "cpu_seconds": results}, indent=2))
        return 0
    print(f"examples/2018-gongwen, CPU ms, median (min-max) of {args.runs} runs, Python {platform.python_version()}")
    for name, r in results.items():
        print(f"  {name:<44} {r['median'] * 1000:7.1f}  ({r['min'] * 1000:.1f}-{r['max'] * 1000:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
